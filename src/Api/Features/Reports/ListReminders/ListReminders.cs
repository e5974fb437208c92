using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Reports.ListReminders;

public sealed record ReminderView(string AgencyCode, int Year, string Kind, DateOnly DueOn, DateTimeOffset RaisedAt);

public sealed record ListRemindersQuery : IQuery<IReadOnlyList<ReminderView>>;

/// <summary>The reminders recorded for the agencies the caller sees, the nearest deadline first.</summary>
internal sealed class ListRemindersHandler(DbSession session, AgencyAccess access) : IQueryHandler<ListRemindersQuery, IReadOnlyList<ReminderView>>
{
    private sealed class Row
    {
        public string AgencyCode { get; init; } = "";
        public int Year { get; init; }
        public string Kind { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public DateTimeOffset RaisedAt { get; init; }
    }

    public async ValueTask<IReadOnlyList<ReminderView>> Handle(ListRemindersQuery query, CancellationToken cancellationToken)
    {
        var visible = (await access.Visible(cancellationToken)).ToArray();
        if (visible.Length == 0) return [];
        var rows = await session.Query<Row>(
            $"SELECT agency_code, year, kind, due_on, raised_at FROM report_reminders WHERE {session.Dialect.InList("agency_code", "agencies")} ORDER BY due_on, agency_code",
            new { agencies = visible }, cancellationToken);
        return rows.Select(r => new ReminderView(r.AgencyCode, r.Year, r.Kind, r.DueOn, r.RaisedAt)).ToList();
    }
}

public static class ListRemindersEndpoint
{
    public static void Map(RouteGroupBuilder reports)
        => reports.MapGet("/reminders", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListRemindersQuery(), ct)))
            .WithName("ListReportReminders")
            .WithSummary("Reminders recorded as the 31 January / 31 March publication deadlines approach with the report unpublished.");
}
