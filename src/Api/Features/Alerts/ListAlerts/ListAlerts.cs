using System.Text;
using System.Text.Json;
using CaseTracker.Api.Identity;
using Hangfire;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Alerts;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Notifications;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

public sealed record AlertView(
    Guid Id, string Kind, Guid? CaseId, string? CaseNumber, string AgencyCode, DateOnly? DueOn, DateTimeOffset RaisedAt, IReadOnlyList<string> Recipients,
    string? Details, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt);

public sealed record AlertList(IReadOnlyList<AlertView> Items, int Total, int Page, int PageSize);

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
    /// SQL: the alert is addressed to user @me, as <see cref="View"/> works out the recipients (a case's alert to its
    /// handler and the agency's supervisors; an agency's alert to the supervisors it names). A supervisor's test
    /// reads the alert alone; a handler's needs the case (<see cref="From"/>) for its assigned handler.
    /// </summary>
    public static string AddressedTo(SqlDialect d, bool asSupervisor) => asSupervisor
        ? $"(a.case_id IS NOT NULL OR a.recipients LIKE {d.Concat("'%\"supervisors:'", "a.agency_code", "'\"%'")})"
        : "c.assigned_user_id = @me";

    /// <summary>A case's alert goes to its assigned handler (as assigned now) and the agency's supervisors.</summary>
    public AlertView View() => new(Guid.Parse(Id), Kind, CaseId is null ? null : Guid.Parse(CaseId), CaseNumber, AgencyCode, DueOn, RaisedAt,
        CaseId is null
            ? JsonSerializer.Deserialize<string[]>(Recipients)!
            : AssignedUserId is null ? [$"supervisors:{AgencyCode}"] : [$"user:{AssignedUserId}", $"supervisors:{AgencyCode}"],
        Details, AcknowledgedAt, AcknowledgedBy, ResolvedAt);
}

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

public sealed record AcknowledgeAlertCommand(Guid Id) : ICommand<AlertView>;

internal sealed class AcknowledgeAlertHandler(DbSession session, ISender sender, CurrentUser user, RegisterClock clock) : ICommandHandler<AcknowledgeAlertCommand, AlertView>
{
    public async ValueTask<AlertView> Handle(AcknowledgeAlertCommand command, CancellationToken cancellationToken)
    {
        var alert = await sender.Send(new GetAlertQuery(command.Id), cancellationToken);
        if (alert.ResolvedAt is { } resolved)
            throw new DomainRuleException($"The alert was resolved on {resolved:yyyy-MM-dd}; there is nothing to acknowledge.");
        await session.Execute("UPDATE alerts SET acknowledged_at = @now, acknowledged_by = @by WHERE id = @id AND acknowledged_at IS NULL",
            new { now = clock.Now, by = user.Actor.Name, id = command.Id.ToString() }, cancellationToken);
        return await sender.Send(new GetAlertQuery(command.Id), cancellationToken);
    }
}

public static class AlertEndpoints
{
    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Policies.Read);
        group.MapGet("/", async (string? agency, bool? subtree, string? status, string? kind, bool? mine, int? page, int? pageSize, ISender sender,
                    CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ListAlertsQuery
                {
                    Agency = agency, Subtree = subtree ?? false, Status = status, Kind = kind, Mine = mine ?? false, Page = page ?? 1, PageSize = pageSize ?? 50,
                }, ct)))
            .WithName("ListAlerts")
            .WithSummary("Alerts of the agencies the caller sees (agency, subtree, status, kind, mine), due date first, paged (pageSize up to 200).");
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new GetAlertQuery(id), ct)))
            .WithName("GetAlert");
        group.MapPost("/{id:guid}/acknowledgement", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new AcknowledgeAlertCommand(id), ct)))
            .WithName("AcknowledgeAlert");
        app.MapPut("/api/agencies/{code}/settings", async (string code, AgencySettingsRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new SetAgencySettingsCommand
                {
                    AgencyCode = code, CloseLapsedCases = body.CloseLapsedCases, WebhookUrl = body.WebhookUrl, WebhookSecret = body.WebhookSecret,
                    AlertEmail = body.AlertEmail,
                }, ct)))
            .RequireAuthorization(Policies.Administer)
            .WithTags("Agencies")
            .WithName("SetAgencySettings")
            .WithSummary("Alert settings of an agency: close lapsed supplement/fee cases automatically (or only warn), the webhook that receives its alerts, and the address that receives them by email.");
    }
}

/// <summary>The Hangfire jobs of the deadline watch: thin, they send the scan command.</summary>
public sealed class DeadlineJobs(ISender sender, RegisterClock clock, DbSession session, Hangfire.IBackgroundJobClient jobs, SmtpMailer mailer)
{
    public const string Scan = "deadline-scan";
    public const string Digest = "deadline-digest";

    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task RunScan(CancellationToken cancellationToken) => await sender.Send(new ScanDeadlinesCommand(), cancellationToken);

    /// <summary>
    /// 08:00 on working days only (a 调休 Saturday included, a holiday Monday not): scan, then send each agency
    /// with a webhook, or an alert address and a mail server, its digest. Returns the agencies a digest was queued for.
    /// </summary>
    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task<IReadOnlyList<string>> RunDigest(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        if (!clock.Calendar.IsWorkingDay(today)) return [];
        await sender.Send(new ScanDeadlinesCommand(), cancellationToken);
        var targets = await DeliveryTargets.Read(session, mailer, cancellationToken);
        foreach (var agency in targets.Webhook) jobs.Enqueue<WebhookJobs>(j => j.DeliverDigest(agency, today, CancellationToken.None));
        foreach (var agency in targets.Email) jobs.Enqueue<EmailJobs>(j => j.SendDigest(agency, today, CancellationToken.None));
        var queued = targets.Webhook.Union(targets.Email).ToList();
        return queued;
    }
}
