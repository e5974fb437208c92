using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;

namespace CaseTracker.Api.Features.Cases;

/// <summary>
/// The write path every case step shares: load the aggregate, check the caller may see it and the
/// version they expect, run the domain method, save (one history event with the due date before/after), and bring the
/// case's alerts in line at once (a closed case's resolved, a moved due date's replaced).
/// </summary>
public sealed class CaseSteps(ICaseRepository cases, AgencyAccess access, RegisterClock clock, CurrentUser user, CaseReader reader, CaseAlertsFollower alerts,
    Infrastructure.Cases.CaseArchiveStore archives)
{
    public async Task<Case> Load(Guid id, int? expectedVersion, CancellationToken cancellationToken)
    {
        var @case = await access.VisibleCase(id, await cases.Find(new CaseId(id), cancellationToken), c => c.AgencyCode, cancellationToken);
        if (expectedVersion is { } expected && expected != @case.Version)
            throw new ConcurrencyConflictException(
                $"Case {@case.CaseNumber} is at version {@case.Version}, not {expected}: someone changed it since you read it; reload and try again.");
        // 归档 (issue 19): an archived case takes no step, correction or assignment; its case file is the record.
        if (await archives.Find(id, cancellationToken) is { } archival)
            throw new DomainRuleException(
                $"Case {@case.CaseNumber} was archived (归档) on {archival.ArchivedOn:yyyy-MM-dd}: its case file is the record, and no step or correction can be recorded any more.");
        return @case;
    }

    public async Task<CaseDetails> Apply(Guid id, int? expectedVersion, Action<Case, ClockContext> step, CancellationToken cancellationToken)
    {
        var @case = await Load(id, expectedVersion, cancellationToken);
        var context = clock.Context();
        var before = @case.Clock(context.Calendar, context.Settings);
        step(@case, context);
        var after = @case.Clock(context.Calendar, context.Settings);
        await cases.Save(@case, before.DueOn, after, user.Actor, clock.Now, cancellationToken);
        await alerts.Follow(@case, after, cancellationToken);
        return (await reader.Find(id, cancellationToken))!;
    }

    /// <summary>
    /// The write path of a correction (issue 16): as <see cref="Apply"/>, but the domain method returns a correction, stored as one
    /// history entry with the reason, who, the fields before → after and the due date before → after.
    /// </summary>
    public async Task<CaseDetails> Correct(Guid id, int? expectedVersion, Func<Case, ClockContext, CaseCorrection> correct, CancellationToken cancellationToken)
    {
        var @case = await Load(id, expectedVersion, cancellationToken);
        var context = clock.Context();
        var before = @case.Clock(context.Calendar, context.Settings);
        correct(@case, context);
        var after = @case.Clock(context.Calendar, context.Settings);
        await cases.SaveCorrection(@case, before.DueOn, after, user.Actor, clock.Now, cancellationToken);
        await alerts.Follow(@case, after, cancellationToken, reopen: true);
        return (await reader.Find(id, cancellationToken))!;
    }
}
