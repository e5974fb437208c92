using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Identity;

/// <summary>
/// The agency tree, read once and kept for a few seconds: every request checks scoping against it, and
/// agencies change rarely. A local change drops the copy at once; other instances see it within the TTL.
/// </summary>
public sealed class AgencyDirectory(RegisterClock clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(5);

    private (IReadOnlyList<AgencyAccess.AgencyNode> Agencies, DateTimeOffset ReadAt)? cached;

    public async Task<IReadOnlyList<AgencyAccess.AgencyNode>> All(DbSession session, CancellationToken cancellationToken)
    {
        var snapshot = cached;
        if (snapshot is { } s && clock.Now - s.ReadAt < TimeToLive && clock.Now >= s.ReadAt) return s.Agencies;
        var agencies = await session.Query<AgencyAccess.AgencyNode>("SELECT code, name, parent_code FROM agencies ORDER BY code", null, cancellationToken);
        cached = (agencies, clock.Now);
        return agencies;
    }

    public void Invalidate() => cached = null;
}
