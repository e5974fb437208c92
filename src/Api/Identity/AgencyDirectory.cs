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
        var agencies = (await session.Query<Row>("SELECT code, name, parent_code, active FROM agencies ORDER BY code", null, cancellationToken))
            .Select(r => new AgencyAccess.AgencyNode(r.Code, r.Name, r.ParentCode) { Active = r.Active }).ToList();
        cached = (agencies, clock.Now);
        return agencies;
    }

    public void Invalidate() => cached = null;

    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string? ParentCode { get; init; }
        public bool Active { get; init; }
    }
}
