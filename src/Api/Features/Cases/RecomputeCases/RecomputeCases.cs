using System.Text.Json;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Cases.RecomputeCases;

/// <summary>What a recompute found: whether it ran (the fingerprint had changed), the cases checked and those changed.</summary>
public sealed record CasesRecomputed(bool Ran, string? FingerprintBefore, string Fingerprint, int Checked, int Changed);

/// <summary>
/// Brings every stored case (open or closed) in line with the clock's current rules and settings when their
/// <see cref="ClockSettings.Fingerprint"/> differs from the one the register was last computed under: a case whose
/// status, regime, due date, provisional mark or "closed late" changes is saved with a <c>RulesRecomputed</c> note in its
/// history (old and new due date, why) and its alerts follow. Run at start-up where migrations run; does nothing when
/// the fingerprint is unchanged, so it is safe to run twice.
/// </summary>
public sealed record RecomputeCasesCommand : ICommand<CasesRecomputed>;

internal sealed class RecomputeCasesHandler(
    DbSession session, ICaseRepository cases, RegisterClock clock, CurrentUser user, CaseAlertsFollower alerts, AppliedRulesStore applied)
    : ICommandHandler<RecomputeCasesCommand, CasesRecomputed>
{
    private const string RuleSet = "clock";
    private const int BatchSize = 2000;

    private sealed class StoredProjection
    {
        public string Id { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Regime { get; init; }
        public DateOnly? DueOn { get; init; }
        public bool DueOnProvisional { get; init; }
        public bool ClosedLate { get; init; }

        public bool Matches(ClockReading reading)
            => Status == reading.Status.ToString() && Regime == reading.Regime?.ToString() && DueOn == reading.DueOn
               && DueOnProvisional == reading.DueOnProvisional && ClosedLate == reading.ClosedLate;
    }

    public async ValueTask<CasesRecomputed> Handle(RecomputeCasesCommand command, CancellationToken cancellationToken)
    {
        var fingerprint = clock.Settings.Fingerprint;
        var before = await applied.Read(RuleSet, cancellationToken);
        if (before == fingerprint) return new CasesRecomputed(false, before, fingerprint, 0, 0);

        var why = JsonSerializer.Serialize(new
        {
            reason = "The statutory rules or clock settings applied by CaseTracker changed; the case was recomputed under them.",
            before,
            after = fingerprint,
        }, ApiJson.Options);
        var (checkedCount, changedCount, after) = (0, 0, "");
        while (true)
        {
            var batch = (await session.Query<StoredProjection>(session.Dialect.Page("""
                SELECT id, status, regime, due_on, due_on_provisional, closed_late FROM cases WHERE id > @after ORDER BY id
                """), new { after, limit = BatchSize, offset = 0 }, cancellationToken)).ToList();
            if (batch.Count == 0) break;
            var stored = batch.ToDictionary(b => b.Id, StringComparer.Ordinal);
            var last = batch[^1].Id;
            var changed = new List<StoredProjection>();
            await foreach (var (id, events) in session.EventsByCase("""
                SELECT case_id, kind, payload FROM case_history WHERE case_id > @after AND case_id <= @last AND voided_by_seq IS NULL ORDER BY case_id, seq
                """, new { after, last }, cancellationToken))
            {
                if (stored.TryGetValue(id, out var row) && !row.Matches(StatutoryClock.Compute(events, clock.Calendar, clock.Settings)))
                    changed.Add(row);
            }

            foreach (var row in changed)
            {
                var @case = (await cases.Find(new CaseId(Guid.Parse(row.Id)), cancellationToken))!;
                var fresh = @case.Clock(clock.Calendar, clock.Settings);
                await cases.SaveNote(@case, row.DueOn, fresh, new CaseNote("RulesRecomputed", clock.Today, why), user.Actor, clock.Now, cancellationToken);
                await alerts.Follow(@case, fresh, cancellationToken);
            }

            checkedCount += batch.Count;
            changedCount += changed.Count;
            after = last;
        }

        await applied.Record(RuleSet, fingerprint, clock.Now, cancellationToken);
        return new CasesRecomputed(true, before, fingerprint, checkedCount, changedCount);
    }
}
