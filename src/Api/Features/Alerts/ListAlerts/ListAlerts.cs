using System.Text;
using CaseTracker.Api.Features.Alerts.GetAlert;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Alerts.ListAlerts;

public sealed record AlertList(IReadOnlyList<AlertView> Items, int Total, int Page, int PageSize);

public sealed record ListAlertsQuery : IQuery<AlertList>, IValidatable
{
    public string? Agency { get; init; }
    public bool Subtree { get; init; }
    public string? Status { get; init; }
    public string? Kind { get; init; }
    public bool Mine { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public void Validate(Validator v)
    {
        v.Code("agency", Agency, required: false).Range("page", Page, 1, 1_000_000).Range("pageSize", PageSize, 1, 200);
        if (Status is not null and not ("open" or "acknowledged" or "resolved")) v.Error("status", "status must be open, acknowledged or resolved.");
        if (Kind is not null && !Enum.TryParse<AlertKind>(Kind, ignoreCase: false, out _) || Kind is { } k && k.Any(char.IsDigit))
            v.Error("kind", $"kind must be one of {string.Join(", ", Enum.GetNames<AlertKind>())}.");
    }
}

/// <summary>
/// Alerts of the agencies the caller sees, due date first, a page at a time (a large register holds hundreds of
/// thousands); <c>mine</c>: addressed to the caller (as the case's handler, or as a supervisor of the agency).
/// </summary>
internal sealed class ListAlertsHandler(DbSession session, AgencyAccess access, CurrentUser user) : IQueryHandler<ListAlertsQuery, AlertList>
{
    public async ValueTask<AlertList> Handle(ListAlertsQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(query.Agency, query.Subtree, cancellationToken);
        if (agencies.Count == 0) return new AlertList([], 0, query.Page, query.PageSize);
        var where = new StringBuilder(session.Dialect.InList("a.agency_code", "agencies"));
        where.Append(query.Status switch
        {
            "open" => " AND a.resolved_at IS NULL AND a.acknowledged_at IS NULL",
            "acknowledged" => " AND a.resolved_at IS NULL AND a.acknowledged_at IS NOT NULL",
            "resolved" => " AND a.resolved_at IS NOT NULL",
            _ => "",
        });
        if (query.Kind is not null) where.Append(" AND a.kind = @kind");
        var supervises = Roles.SeesSubordinates(user.Roles);
        if (query.Mine) where.Append(" AND ").Append(AlertRow.AddressedTo(session.Dialect, supervises));

        // Count and page on the alerts alone (their case only when a handler's "mine" needs it), then read the page's
        // rows with their cases: a page costs 50 case lookups, not one for every alert of the register.
        var from = query.Mine && !supervises ? AlertRow.From : "alerts a";
        const string Order = "ORDER BY a.due_on, a.raised_at, a.id";
        var p = new { agencies = agencies.ToArray(), kind = query.Kind, me = user.UserId, offset = (query.Page - 1) * query.PageSize, limit = query.PageSize };
        var total = await session.ExecuteScalar<int>($"SELECT COUNT(*) FROM {from} WHERE {where}", p, cancellationToken);
        var ids = await session.Query<string>(session.Dialect.Page($"SELECT a.id FROM {from} WHERE {where} {Order}"), p, cancellationToken);
        var rows = ids.Count == 0 ? [] : await session.Query<AlertRow>(
            $"SELECT {AlertRow.Columns} FROM {AlertRow.From} WHERE {session.Dialect.InList("a.id", "ids")} {Order}", new { ids = ids.ToArray() }, cancellationToken);
        return new AlertList(rows.Select(r => r.View()).ToList(), total, query.Page, query.PageSize);
    }
}

public static class ListAlertsEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapGet("/", async (string? agency, bool? subtree, string? status, string? kind, bool? mine, int? page, int? pageSize, ISender sender,
                    CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ListAlertsQuery
                {
                    Agency = agency, Subtree = subtree ?? false, Status = status, Kind = kind, Mine = mine ?? false, Page = page ?? 1, PageSize = pageSize ?? 50,
                }, ct)))
            .WithName("ListAlerts")
            .WithSummary("Alerts of the agencies the caller sees (agency, subtree, status, kind, mine), due date first, paged (pageSize up to 200).");
}
