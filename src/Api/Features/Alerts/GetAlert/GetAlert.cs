using CaseTracker.Domain;
using System.Text.Json;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Alerts.GetAlert;

public sealed record AlertView(
    Guid Id, string Kind, Guid? CaseId, string? CaseNumber, string AgencyCode, DateOnly? DueOn, DateTimeOffset RaisedAt, IReadOnlyList<string> Recipients,
    string? Details, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt)
{
    /// <summary>The kind in Chinese (收到未确认, 即将到期…), for the desk and the mail.</summary>
    public string KindZh => ChineseText.Instance.Term(Kind);

    /// <summary>
    /// The details in Chinese, for the desk and the mail (issue 13); <see cref="Details"/> keeps the English the API has
    /// always returned. A kind without details (DueToday, Overdue) gets its sentence.
    /// </summary>
    public string? DetailsZh => Details is null ? MailText.Find("Details." + Kind) : ChineseText.Instance.Zh(Details);
}

/// <summary>An alert as read with its case (number, assigned handler), for <see cref="AlertView"/>.</summary>
internal sealed class AlertRow
{
    public const string Columns = """
        a.id, a.kind, a.case_id, c.case_number, c.assigned_user_id, a.agency_code, a.due_on, a.raised_at, a.recipients, a.details, a.acknowledged_at,
        a.acknowledged_by, a.resolved_at
        """;

    public const string From = "alerts a LEFT JOIN cases c ON c.id = a.case_id";

    public string Id { get; init; } = "";
    public string Kind { get; init; } = "";
    public string? CaseId { get; init; }
    public string? CaseNumber { get; init; }
    public string? AssignedUserId { get; init; }
    public string AgencyCode { get; init; } = "";
    public DateOnly? DueOn { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
    public string Recipients { get; init; } = "[]";
    public string? Details { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>
    /// SQL: the alert is addressed to user @me, as <see cref="View"/> works out the recipients (<see cref="AlertRecipients"/>:
    /// a case's alert to its handler and the agency's supervisors; an agency's alert to the supervisors it names). A
    /// supervisor's test reads the alert alone; a handler's needs the case (<see cref="From"/>) for its assigned handler.
    /// </summary>
    public static string AddressedTo(SqlDialect d, bool asSupervisor) => asSupervisor
        ? $"(a.case_id IS NOT NULL OR a.recipients LIKE {d.Concat($"'%\"{AlertRecipients.SupervisorsPrefix}'", "a.agency_code", "'\"%'")})"
        : "c.assigned_user_id = @me";

    /// <summary>A case's alert goes to its assigned handler (as assigned now) and the agency's supervisors.</summary>
    public AlertView View() => new(Guid.Parse(Id), Kind, CaseId is null ? null : Guid.Parse(CaseId), CaseNumber, AgencyCode, DueOn, RaisedAt,
        CaseId is null ? JsonSerializer.Deserialize<string[]>(Recipients)! : CaseAlert.Recipients(AgencyCode, AssignedUserId),
        Details, AcknowledgedAt, AcknowledgedBy, ResolvedAt);
}

/// <summary>One alert of an agency the caller sees (<paramref name="System"/>: read by a delivery job); else 404.</summary>
public sealed record GetAlertQuery(Guid Id, bool System = false) : IQuery<AlertView>;

internal sealed class GetAlertHandler(DbSession session, AgencyAccess access) : IQueryHandler<GetAlertQuery, AlertView>
{
    public async ValueTask<AlertView> Handle(GetAlertQuery query, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<AlertRow>($"SELECT {AlertRow.Columns} FROM {AlertRow.From} WHERE a.id = @id",
            new { id = query.Id.ToString() }, cancellationToken);
        if (row is null || !(await access.Visible(cancellationToken)).Contains(row.AgencyCode))
            throw new NotFoundException("alert", $"There is no alert {query.Id}.");
        return row.View();
    }
}

/// <summary>
/// The alerts a delivery carries (read by the outbox drain, not by a user: no agency check), in no particular order; an id
/// with no alert is left out.
/// </summary>
public sealed record GetAlertsForDeliveryQuery(IReadOnlyList<Guid> Ids) : IQuery<IReadOnlyList<AlertView>>;

internal sealed class GetAlertsForDeliveryHandler(DbSession session) : IQueryHandler<GetAlertsForDeliveryQuery, IReadOnlyList<AlertView>>
{
    public async ValueTask<IReadOnlyList<AlertView>> Handle(GetAlertsForDeliveryQuery query, CancellationToken cancellationToken)
    {
        var views = new List<AlertView>();
        foreach (var chunk in query.Ids.Select(i => i.ToString()).Chunk(1000))
            views.AddRange((await session.Query<AlertRow>($"SELECT {AlertRow.Columns} FROM {AlertRow.From} WHERE {session.Dialect.InList("a.id", "ids")}",
                new { ids = chunk }, cancellationToken)).Select(r => r.View()));
        return views;
    }
}

public static class GetAlertEndpoint
{
    public static void Map(RouteGroupBuilder group)
        => group.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetAlertQuery(id), ct)))
            .WithName("GetAlert");
}
