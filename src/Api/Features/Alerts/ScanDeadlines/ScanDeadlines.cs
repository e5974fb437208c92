using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Mediator;

namespace CaseTracker.Api.Features.Alerts.ScanDeadlines;

public sealed record ScanResult(DateOnly Today, int Raised, int Resolved, int StillOpen, int CasesClosedAsLapsed);

/// <summary>
/// The deadline scan (every 15 minutes and at start-up): works out from the register which alerts should
/// exist today, raises the missing ones (once per case, kind and due date), and resolves those whose
/// condition is gone (due date moved, case closed). Safe to run twice: the database is the source of truth.
/// </summary>
public sealed record ScanDeadlinesCommand : ICommand<ScanResult>, IRetryOnConflict;

/// <summary>
/// The rules are <see cref="CaseAlerts"/> and <see cref="AgencyAlerts"/>; the statements the <see cref="AlertStore"/>'s.
/// Due dates and 补正 windows are decided set-based in SQL from the bands and windows the rules give; the cases waiting on
/// someone else, the receipts and the agencies' alerts are worked out here a case at a time.
/// </summary>
internal sealed class ScanDeadlinesHandler(
    DbSession session, AlertStore store, AgencySettingsStore settings, ICaseRepository cases, RegisterClock clock, AlertOptions options,
    IBackgroundJobClient jobs, IEnumerable<ISqlObserver> observers, SmtpMailer mailer, DeliveryOutbox outbox)
    : ICommandHandler<ScanDeadlinesCommand, ScanResult>
{
    private sealed record Lapsed(WaitingCase Case, LapsedCase Rule);

    public async ValueTask<ScanResult> Handle(ScanDeadlinesCommand command, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var calendar = clock.Calendar;
        var now = clock.Now;
        var rules = options.Rules;
        var scan = AlertStore.NewScanPrefix();
        await store.PrepareForScan(cancellationToken);

        // The cases waiting on someone (read and worked out here, a case at a time) are read on a second connection
        // while this one raises the due-date and 补正-window alerts set-based: the two overlap instead of queueing.
        // Nothing of the scan's own writes is needed there; on SQLite no other writer can commit meanwhile (the
        // write gate is held), so both see the same register.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var reader = new DbSession(session.Dialect, observers);
        var waiting = ReadWaitingCases(new AlertStore(reader), today, rules, stop.Token);
        int dueRaised, dueResolved, windowRaised, windowResolved;
        try
        {
            (dueRaised, dueResolved) = await store.ScanDueDates(today, CaseAlerts.DueSoonBands(today, calendar, rules), now, $"{scan}8001-", cancellationToken);
            (windowRaised, windowResolved) = await store.ScanSupplementWindows(
                today, CaseAlerts.SupplementWindowsClosingSoon(today, calendar, clock.Settings, rules), now, $"{scan}8002-", cancellationToken);
        }
        catch
        {
            await stop.CancelAsync();
            try
            {
                await waiting;
            }
            catch (Exception)
            {
                // Stopped or failed as well: the first failure is the one to report.
            }

            throw;
        }

        var (desired, lapsedCases) = await waiting;
        void Want(AlertToRaise a) => desired.TryAdd(a.Key, a);
        var closed = new List<string>();
        var closes = await settings.CloseLapsedCasesByAgency(cancellationToken);
        foreach (var (c, lapsed) in lapsedCases)
        {
            if (!closes.GetValueOrDefault(c.AgencyCode))
            {
                Want(AlertToRaise.OfCase(lapsed.Alert, c.AgencyCode, c.AssignedUserId));
                continue;
            }

            var @case = (await cases.Find(new CaseId(c.CaseId), cancellationToken))!;
            var before = @case.Clock(calendar, clock.Settings).DueOn;
            @case.CloseAsAbandoned(today, lapsed.Outcome, clock.Context());
            await cases.Save(@case, before, @case.Clock(calendar, clock.Settings), Actor.System, now, cancellationToken);
            closed.Add(c.CaseId.ToString());
        }

        // The due-date and 补正-window alerts were worked out above, before these cases closed: resolve theirs now.
        var resolved = await store.ResolveSetBasedAlertsOf(closed, now, cancellationToken);

        var roots = await store.RootAgencies(cancellationToken);
        foreach (var root in roots)
            if (AgencyAlerts.CalendarMissing(root, today, calendar) is { } missing)
                Want(AlertToRaise.OfAgency(missing));

        foreach (var r in await store.UnpublishedReports(cancellationToken))
            Want(AlertToRaise.OfAgency(AgencyAlerts.AnnualReportDue(r.AgencyCode, r.Year, r.Kind, r.DueOn)));

        var (raised, reconciled) = await store.Reconcile(desired, $"{scan}8003-", now, cancellationToken);
        resolved += reconciled;
        var stillOpen = await store.CountOpen(cancellationToken);

        // Every alert raised by this scan goes into the delivery outbox for its agency's webhook and alert address, in the
        // scan's transaction (looked up through the agencies that have one, so a register without them reads no alert here);
        // the outbox is drained once the scan has committed.
        var targets = await settings.DeliveryTargets(mailer, cancellationToken);
        var toHook = await store.RaisedBy(scan, targets.Webhook, cancellationToken);
        var toMail = await store.RaisedBy(scan, targets.Email, cancellationToken);
        if (toHook.Count + toMail.Count > 0)
        {
            await outbox.QueueAlerts(toHook, DeliveryChannel.Webhook, scan, now, cancellationToken);
            await outbox.QueueAlerts(toMail, DeliveryChannel.Email, scan, now, cancellationToken);
            session.OnCommit(() => jobs.Enqueue<OutboxJobs>(j => j.Drain(CancellationToken.None)));
        }

        return new ScanResult(today, raised + dueRaised + windowRaised, resolved + dueResolved + windowResolved, stillOpen, closed.Count);
    }

    /// <summary>
    /// Receipts not confirmed in time, consultations without a reply, supplements and fees past their deadline:
    /// the alerts these cases should have, and the cases whose supplement or fee deadline passed.
    /// </summary>
    private async Task<(Dictionary<string, AlertToRaise> Desired, List<Lapsed> Lapsed)> ReadWaitingCases(
        AlertStore reader, DateOnly today, AlertSettings rules, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the caller goes on to the set-based statements at once
        var calendar = clock.Calendar;
        var desired = new Dictionary<string, AlertToRaise>();
        void Want(AlertToRaise a) => desired.TryAdd(a.Key, a);

        await foreach (var c in reader.UnconfirmedCases(cancellationToken))
        {
            if (CaseAlerts.ReceiptUnconfirmed(Guid.Parse(c.Id), c.SubmittedOn, today, calendar) is { } alert)
                Want(AlertToRaise.OfCase(alert, c.AgencyCode, c.AssignedUserId));
        }

        var lapsedCases = new List<Lapsed>();
        await foreach (var c in reader.WaitingCases(cancellationToken))
        {
            foreach (var alert in CaseAlerts.ConsultationsOverdue(c.CaseId, c.Regime ?? Regime.Regime2019, c.Events, today, calendar, clock.Settings))
                Want(AlertToRaise.OfCase(alert, c.AgencyCode, c.AssignedUserId));
            if (CaseAlerts.Lapsed(c.CaseId, c.Status, c.Events, today, calendar, clock.Settings) is { } lapsed)
                lapsedCases.Add(new(c, lapsed));
        }

        return (desired, lapsedCases);
    }
}
