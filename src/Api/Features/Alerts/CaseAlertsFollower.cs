using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;

namespace CaseTracker.Api.Features.Alerts;

/// <summary>
/// Alerts follow the case at once: after a command saved a case, inside its transaction, the case's alerts become
/// those <see cref="CaseAlerts"/> says it should have today (the ones that no longer hold resolved, the new ones
/// raised), instead of waiting for the next deadline scan. New alerts go into the delivery outbox in the same transaction,
/// as the scan's own, and the outbox is drained once the command has committed.
/// </summary>
public sealed class CaseAlertsFollower(
    AlertStore store, AgencySettingsStore settings, DbSession session, RegisterClock clock, AlertOptions options, IBackgroundJobClient jobs, SmtpMailer mailer,
    DeliveryOutbox outbox)
{
    /// <summary>
    /// Brings the alerts of one case, as just saved with <paramref name="reading"/>, in line with the rules; under
    /// <paramref name="calendar"/> when the command changes the calendar itself (a holiday notice loaded), else the current one;
    /// <paramref name="reopen"/> after a correction (issue 16), so a resolved alert the case should have again comes back.
    /// </summary>
    public async Task Follow(Case @case, ClockReading reading, CancellationToken cancellationToken, WorkingCalendar? calendar = null, bool reopen = false)
    {
        var desired = Desired(@case, reading, calendar);
        if (desired.Any(IsLapse) && await settings.ClosesLapsedCases(@case.AgencyCode, cancellationToken))
            desired = desired.Where(a => !IsLapse(a)).ToList();
        var raised = await store.Follow(@case.Id.Value, @case.AgencyCode, desired, clock.Now, cancellationToken, reopen);
        await QueueDeliveries(raised.Select(id => (id, @case.AgencyCode)).ToList(), cancellationToken);
    }

    /// <summary>
    /// The alerts of a case just registered, as <see cref="Follow"/> would raise them: a new case has no alert yet, so none is
    /// read, resolved or reopened — one statement fewer inside the registration's transaction, which on the embedded default
    /// holds the one write gate (bench/README.md, "Intake with personal data encrypted at rest"). Nothing is written when the
    /// rules want no alert (the usual case of a request registered on time).
    /// </summary>
    public async Task RaiseForNewCase(Case @case, ClockReading reading, CancellationToken cancellationToken)
    {
        var desired = Desired(@case, reading);
        if (desired.Count == 0) return;
        if (desired.Any(IsLapse) && await settings.ClosesLapsedCases(@case.AgencyCode, cancellationToken))
            desired = desired.Where(a => !IsLapse(a)).ToList();
        var raised = await store.RaiseForNewCases(desired.Select(a => (a, @case.AgencyCode)).ToList(), clock.Now, cancellationToken);
        await QueueDeliveries(raised.Select(id => (id, @case.AgencyCode)).ToList(), cancellationToken);
    }

    /// <summary>
    /// The alerts of cases that were just added (an import): worked out in memory and inserted many a statement,
    /// so a large import pays one pass, not a query per case.
    /// </summary>
    public async Task RaiseForNewCases(IReadOnlyList<(Case Case, ClockReading Reading)> cases, CancellationToken cancellationToken)
    {
        var alerts = cases.SelectMany(c => Desired(c.Case, c.Reading).Select(a => (Alert: a, c.Case.AgencyCode))).ToList();
        if (alerts.Any(a => IsLapse(a.Alert)))
        {
            var closing = await settings.AgenciesClosingLapsedCases(cancellationToken);
            alerts = alerts.Where(a => !IsLapse(a.Alert) || !closing.Contains(a.AgencyCode)).ToList();
        }

        var raised = await store.RaiseForNewCases(alerts, clock.Now, cancellationToken);
        await QueueDeliveries(raised.Select((id, i) => (id, alerts[i].AgencyCode)).ToList(), cancellationToken);
    }

    private IReadOnlyList<CaseAlert> Desired(Case @case, ClockReading reading, WorkingCalendar? calendar = null)
        => CaseAlerts.For(CaseAlertFacts.Of(@case, reading), clock.Today, calendar ?? clock.Calendar, clock.Settings, options.Rules);

    /// <summary>A lapsed supplement or fee of an agency that closes such cases is the scan's to close, not to raise.</summary>
    private static bool IsLapse(CaseAlert alert) => alert.Kind is AlertKind.SupplementLapsed or AlertKind.FeeLapsed;

    /// <summary>
    /// Each alert raised goes into the outbox for its agency's webhook and alert address, in the command's transaction (a
    /// rollback takes them with the alerts; a crash after commit loses none); the drain runs after commit (no network call
    /// inside the transaction).
    /// </summary>
    private async Task QueueDeliveries(IReadOnlyList<(Guid Id, string AgencyCode)> raised, CancellationToken cancellationToken)
    {
        if (raised.Count == 0) return;
        var targets = await settings.DeliveryTargets(mailer, cancellationToken);
        var source = Guid.CreateVersion7().ToString();
        var toHook = raised.Where(r => targets.Webhook.Contains(r.AgencyCode)).Select(r => (r.Id.ToString(), r.AgencyCode)).ToList();
        var toMail = raised.Where(r => targets.Email.Contains(r.AgencyCode)).Select(r => (r.Id.ToString(), r.AgencyCode)).ToList();
        if (toHook.Count + toMail.Count == 0) return;
        await outbox.QueueAlerts(toHook, DeliveryChannel.Webhook, source, clock.Now, cancellationToken);
        await outbox.QueueAlerts(toMail, DeliveryChannel.Email, source, clock.Now, cancellationToken);
        session.OnCommit(() => jobs.Enqueue<OutboxJobs>(j => j.Drain(CancellationToken.None)));
    }
}
