using System.Text;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ListCases;

public sealed record CaseList(IReadOnlyList<CaseDetails> Items, int Total, int Page, int PageSize);

public sealed record ListCasesQuery : IQuery<CaseList>, IValidatable
{
    public string? Agency { get; init; }
    public bool Subtree { get; init; }
    public string? Status { get; init; }
    public string? Channel { get; init; }
    public bool? Overdue { get; init; }
    public int? DueWithin { get; init; }
    public string? Q { get; init; }

    /// <summary>The applicant's ID number in full: compared by its keyed hash, never in plain text (security.md "Personal data").</summary>
    public string? IdNumber { get; init; }
    public bool? Open { get; init; }
    public DateOnly? ReceivedFrom { get; init; }
    public DateOnly? ReceivedTo { get; init; }
    public DateOnly? ClosedFrom { get; init; }
    public DateOnly? ClosedTo { get; init; }
    public bool? Extended { get; init; }
    public bool? ClosedLate { get; init; }
    public string? AssignedTo { get; init; }
    public bool Mine { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public void Validate(Validator v)
    {
        v.Code("agency", Agency, required: false).Range("dueWithin", DueWithin, 0, 366).Range("page", Page, 1, 1_000_000).Range("pageSize", PageSize, 1, 200)
            .Text("q", Q, Validator.ShortText, required: false).Text("idNumber", IdNumber, 40, required: false).Text("assignedTo", AssignedTo, 100, required: false);
        if (Status is not null && !Enum.GetNames<CaseStatus>().Contains(Status, StringComparer.Ordinal))
            v.Error("status", $"status must be one of {string.Join(", ", Enum.GetNames<CaseStatus>())}.");
        if (Channel is not null && !Enum.GetNames<Channel>().Contains(Channel, StringComparer.Ordinal))
            v.Error("channel", $"channel must be one of {string.Join(", ", Enum.GetNames<Channel>())}.");
    }
}

/// <summary>The register list with filters and paging, straight from the projection; overdue is computed against today.</summary>
internal sealed class ListCasesHandler(DbSession session, AgencyAccess access, RegisterClock clock, CaseReader reader, CurrentUser user,
    CaseTracker.Infrastructure.PersonalData.PersonalDataProtector personalData) : IQueryHandler<ListCasesQuery, CaseList>
{
    public async ValueTask<CaseList> Handle(ListCasesQuery query, CancellationToken cancellationToken)
    {
        var agencies = await access.Scope(query.Agency, query.Subtree, cancellationToken);
        var where = new StringBuilder(session.Dialect.InList("agency_code", "agencies"));
        var parameters = new DynamicParameters();
        parameters.Add("agencies", agencies.ToArray());
        var today = clock.Today;
        parameters.Add("today", today);
        if (query.Status is not null)
        {
            where.Append(" AND status = @status");
            parameters.Add("status", query.Status);
        }

        if (query.Channel is not null)
        {
            where.Append(" AND channel = @channel");
            parameters.Add("channel", query.Channel);
        }

        if (query.Open == true) where.Append(" AND status <> 'Closed'");
        if (query.Open == false) where.Append(" AND status = 'Closed'");
        void Range(string column, string name, DateOnly? value, string op)
        {
            if (value is null) return;
            where.Append($" AND {column} {op} @{name}");
            parameters.Add(name, value);
        }

        Range("received_on", "receivedFrom", query.ReceivedFrom, ">=");
        Range("received_on", "receivedTo", query.ReceivedTo, "<=");
        Range("closed_on", "closedFrom", query.ClosedFrom, ">=");
        Range("closed_on", "closedTo", query.ClosedTo, "<=");
        if (query.Extended is { } extended)
        {
            where.Append(" AND extended = @extended");
            parameters.Add("extended", extended);
        }

        if (query.ClosedLate is { } late)
        {
            where.Append(" AND closed_late = @closedLate");
            parameters.Add("closedLate", late);
        }

        if (query.Mine)
        {
            where.Append(" AND assigned_user_id = @me");
            parameters.Add("me", user.UserId);
        }

        if (query.AssignedTo is not null)
        {
            where.Append(query.AssignedTo == "none" ? " AND assigned_user_id IS NULL" : " AND assigned_user_id = @assignedTo");
            parameters.Add("assignedTo", query.AssignedTo);
        }

        if (query.Overdue == true) where.Append(" AND status <> 'Closed' AND due_on < @today");
        if (query.Overdue == false) where.Append(" AND (status = 'Closed' OR due_on IS NULL OR due_on >= @today)");
        if (query.DueWithin is { } days)
        {
            where.Append(" AND status <> 'Closed' AND due_on <= @dueLimit");
            parameters.Add("dueLimit", clock.Calendar.AddWorkingDays(today, days));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var d = session.Dialect;
            where.Append($" AND ({d.Contains("case_number")} OR {d.Contains("applicant_name")} OR {d.Contains("description")})");
            parameters.Add("q", "%" + SqlDialect.EscapeLike(query.Q.Trim()) + "%");
        }

        if (personalData.IdHash(query.IdNumber) is { } idHash)
        {
            where.Append(" AND applicant_id_hash = @idHash");
            parameters.Add("idHash", idHash);
        }

        parameters.Add("offset", (query.Page - 1) * query.PageSize);
        parameters.Add("limit", query.PageSize);
        var total = agencies.Count == 0 ? 0 : await session.ExecuteScalar<int>($"SELECT COUNT(*) FROM cases WHERE {where}", parameters, cancellationToken);
        var rows = agencies.Count == 0
            ? []
            : await session.Query<CaseRow>(session.Dialect.Page($"""
                SELECT {CaseRow.Columns} FROM cases WHERE {where}
                ORDER BY CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on, case_number
                """), parameters, cancellationToken);
        return new CaseList(rows.Select(reader.ToDetails).ToList(), total, query.Page, query.PageSize);
    }
}

public static class ListCasesEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/",
            async (string? agency, bool? subtree, string? status, string? channel, bool? overdue, int? dueWithin, string? q, string? idNumber, bool? open, DateOnly? receivedFrom,
                DateOnly? receivedTo, DateOnly? closedFrom, DateOnly? closedTo, bool? extended, bool? closedLate, string? assignedTo, bool? mine, int? page, int? pageSize,
                ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListCasesQuery
            {
                Agency = agency, Subtree = subtree ?? false, Status = status, Channel = channel, Overdue = overdue, DueWithin = dueWithin, Q = q, IdNumber = idNumber, Open = open,
                ReceivedFrom = receivedFrom, ReceivedTo = receivedTo, ClosedFrom = closedFrom, ClosedTo = closedTo, Extended = extended,
                ClosedLate = closedLate, AssignedTo = assignedTo, Mine = mine ?? false, Page = page ?? 1, PageSize = pageSize ?? 50,
            }, ct)))
        .RequireAuthorization(Policies.Read)
        .WithName("ListCases")
        .WithSummary("Cases the caller may see, filtered (agency, subtree, status, channel, open, overdue, dueWithin working days, received/closed ranges, extended, closedLate, assignedTo, mine = assigned to me, q, idNumber by keyed hash) and paged.");
}
