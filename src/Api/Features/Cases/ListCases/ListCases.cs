using System.Text;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Applicants;
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

    /// <summary>
    /// The keyed hash (HMAC-SHA256, 64 lower-case hex digits) of a full ID number, as the desk puts it in its links instead of the
    /// number itself: a hash in an address, a history or a proxy log discloses nothing without the register's hash key.
    /// </summary>
    public string? IdHash { get; init; }
    public bool? Open { get; init; }
    public DateOnly? ReceivedFrom { get; init; }
    public DateOnly? ReceivedTo { get; init; }
    public DateOnly? ClosedFrom { get; init; }
    public DateOnly? ClosedTo { get; init; }
    public bool? Extended { get; init; }
    public bool? ClosedLate { get; init; }

    /// <summary>
    /// One of the six outcome groups of table 三 (<see cref="CaseTracker.Domain.Outcomes.OutcomeGroups"/>: disclosed, partially_disclosed,
    /// withheld, unable, not_processed, other), Regime 2008 outcomes through the report's crosswalk; <c>other</c> also takes a closed case
    /// without a catalogued outcome, as the 督办 chart and the trends count it.
    /// </summary>
    public string? OutcomeGroup { get; init; }
    public string? AssignedTo { get; init; }
    public bool Mine { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    /// <summary>The order of the list: <c>dueOn</c> (the default, nearest due date first, cases without one last), <c>receivedOn</c> or <c>number</c>.</summary>
    public string? Sort { get; init; }

    /// <summary>Reverses <see cref="Sort"/> (latest due date, latest receipt date, highest case number first); cases without the date stay last.</summary>
    public bool Desc { get; init; }

    public void Validate(Validator v)
    {
        v.Code("agency", Agency, required: false).Range("dueWithin", DueWithin, 0, 366).Range("page", Page, 1, 1_000_000).Range("pageSize", PageSize, 1, 200)
            .Text("q", Q, Validator.ShortText, required: false).Text("idNumber", IdNumber, 40, required: false).Text("assignedTo", AssignedTo, 100, required: false);
        if (Status is not null && !Enum.GetNames<CaseStatus>().Contains(Status, StringComparer.Ordinal))
            v.Error("status", $"status must be one of {string.Join(", ", Enum.GetNames<CaseStatus>())}.");
        if (Channel is not null && !Enum.GetNames<Channel>().Contains(Channel, StringComparer.Ordinal))
            v.Error("channel", $"channel must be one of {string.Join(", ", Enum.GetNames<Channel>())}.");
        if (OutcomeGroup is not null && !CaseTracker.Domain.Outcomes.OutcomeGroups.IsKey(OutcomeGroup))
            v.Error("outcomeGroup", $"outcomeGroup must be one of {string.Join(", ", CaseTracker.Domain.Outcomes.OutcomeGroups.Keys)}.");
        if (Sort is not null && !CaseListOrder.Keys.Contains(Sort, StringComparer.Ordinal))
            v.Error("sort", $"sort must be one of {string.Join(", ", CaseListOrder.Keys)}.");
        if (!string.IsNullOrWhiteSpace(IdNumber) && CaseListFilter.LooksLikePartOfAnIdNumber(IdNumber))
            v.Error("idNumber", "idNumber must be a whole ID number: it is compared by its keyed hash, so a part of one finds nothing.");
        // A whole number no one can have (a mistyped digit, Excel's scientific notation) is refused with registration's sentence,
        // not answered with an empty list that would read as "this person has no request" (trial G finding 1).
        else if (!string.IsNullOrWhiteSpace(IdNumber) && IdDocument.SearchProblem(IdNumber, RegisterClock.ChinaToday()) is { } idProblem)
            v.Error("idNumber", idProblem);
        if (IdHash is not null && !CaseListFilter.IsIdHash(IdHash))
            v.Error("idHash", "idHash must be the 64 hexadecimal digits of an ID number's keyed hash, as the desk's links carry it.");
    }
}

/// <summary>The orders the case list offers (案件列表排序): by due date (the default), receipt date or case number, each either way.</summary>
public static class CaseListOrder
{
    public const string DueOn = "dueOn";
    public const string ReceivedOn = "receivedOn";
    public const string Number = "number";

    public static IReadOnlyList<string> Keys { get; } = [DueOn, ReceivedOn, Number];

    /// <summary>The ORDER BY of a validated sort key: rows without the date last either way, the case number breaking ties.</summary>
    public static string Sql(string? sort, bool desc)
    {
        var direction = desc ? " DESC" : "";
        return (sort ?? DueOn) switch
        {
            ReceivedOn => $"CASE WHEN received_on IS NULL THEN 1 ELSE 0 END, received_on{direction}, case_number{direction}",
            Number => $"case_number{direction}",
            _ => $"CASE WHEN due_on IS NULL THEN 1 ELSE 0 END, due_on{direction}, case_number{direction}",
        };
    }
}

/// <summary>The register list with filters and paging, straight from the projection; overdue is computed against today.</summary>
internal sealed class ListCasesHandler(DbSession session, AgencyAccess access, RegisterClock clock, CaseReader reader, CurrentUser user,
    CaseTracker.Infrastructure.PersonalData.PersonalDataProtector personalData, IdNumberSearchLog searchLog) : IQueryHandler<ListCasesQuery, CaseList>
{
    public async ValueTask<CaseList> Handle(ListCasesQuery query, CancellationToken cancellationToken)
    {
        var (agencies, where, parameters) = await CaseListFilter.Build(query, session, access, clock, user, personalData, cancellationToken);
        parameters.Add("offset", (query.Page - 1) * query.PageSize);
        parameters.Add("limit", query.PageSize);
        var total = agencies.Count == 0 ? 0 : await session.ExecuteScalar<int>($"SELECT COUNT(*) FROM cases WHERE {where}", parameters, cancellationToken);
        await searchLog.RecordIfSearched(query, total, IdNumberSearchLog.ListReason, cancellationToken);
        var rows = agencies.Count == 0
            ? []
            : await session.Query<CaseRow>(session.Dialect.Page($"""
                SELECT {CaseRow.Columns} FROM cases WHERE {where}
                ORDER BY {CaseListOrder.Sql(query.Sort, query.Desc)}
                """), parameters, cancellationToken);
        return new CaseList(rows.Select(reader.ToDetails).ToList(), total, query.Page, query.PageSize);
    }
}

/// <summary>
/// A search of the register by a full ID number — the <c>idNumber</c> or <c>idHash</c> filter, or a keyword shaped like a whole ID
/// number (<see cref="CaseListFilter.LooksLikeFullIdNumber"/>) — written to the personal-data access log (security.md "Personal
/// data": every access to personal data is logged; which cases an ID number has is itself personal data): who, when, for which
/// agency (the filter's, else the user's own), and how many cases it found. The number and its hash are never written.
/// </summary>
public sealed class IdNumberSearchLog(CaseTracker.Infrastructure.PersonalData.PersonalDataLog log, CurrentUser user, RegisterClock clock)
{
    /// <summary>The log's reason for a search through the list (GET /api/cases, POST /api/cases/search, the desk's 案件列表).</summary>
    public const string ListReason = "按证件号码查询案件列表";

    /// <summary>The log's reason for an export (CSV/XLSX) of the list filtered by an ID number.</summary>
    public const string ExportReason = "按证件号码导出案件列表";

    /// <summary>True when the list is filtered by a full ID number, its keyed hash, or a keyword shaped like a whole ID number.</summary>
    public static bool IsSearchByIdNumber(ListCasesQuery query)
        => !string.IsNullOrWhiteSpace(query.IdNumber) || !string.IsNullOrEmpty(query.IdHash) || CaseListFilter.LooksLikeFullIdNumber(query.Q);

    /// <summary>Writes one <c>SearchedByIdNumber</c> row with <paramref name="found"/> cases when the query searches by ID number; else nothing.</summary>
    public async Task RecordIfSearched(ListCasesQuery query, int found, string reason, CancellationToken cancellationToken)
    {
        if (!IsSearchByIdNumber(query)) return;
        await log.Record(new CaseTracker.Infrastructure.PersonalData.PersonalDataLogEntry
        {
            Id = Guid.CreateVersion7(),
            Action = CaseTracker.Infrastructure.PersonalData.PersonalDataAction.SearchedByIdNumber,
            CaseId = null,
            CaseNumber = "",
            AgencyCode = string.IsNullOrWhiteSpace(query.Agency) ? user.AgencyCode : query.Agency,
            UserId = user.UserId,
            UserName = user.Name,
            Reason = reason,
            At = clock.Now,
            ResultCount = found,
        }, cancellationToken);
    }
}

/// <summary>The WHERE clause of the case list's filters, shared by the paged list and its export so both select the same cases.</summary>
internal static class CaseListFilter
{
    /// <summary>The agencies the caller may see for the query (refused with 403 outside the caller's scope), the WHERE text and its parameters.</summary>
    public static async Task<(IReadOnlyList<string> Agencies, StringBuilder Where, DynamicParameters Parameters)> Build(ListCasesQuery query, DbSession session,
        AgencyAccess access, RegisterClock clock, CurrentUser user, CaseTracker.Infrastructure.PersonalData.PersonalDataProtector personalData,
        CancellationToken cancellationToken)
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

        if (query.OutcomeGroup is { } group) OutcomeGroupFilter(session.Dialect, group, where, parameters);

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
            // The ID number is stored sealed and masked, so a full one typed into the keyword box is also compared by its keyed hash.
            var qHash = LooksLikeFullIdNumber(query.Q) ? personalData.IdHash(query.Q) : null;
            where.Append($" AND ({d.Contains("case_number")} OR {d.Contains("applicant_name")} OR {d.Contains("description")}{(qHash is null ? "" : " OR applicant_key = @qKey")})");
            parameters.Add("q", "%" + SqlDialect.EscapeLike(query.Q.Trim()) + "%");
            if (qHash is not null) parameters.Add("qKey", CaseRepository.ApplicantKey("", qHash));
        }

        if (personalData.IdHash(query.IdNumber) is { } idHash)
        {
            // Through ix_cases_applicant_month (agency_code, applicant_key, …): the key of an applicant with an ID number is 'idh:' and
            // its keyed hash (CaseRepository.ApplicantKey), and the hash has no index of its own (migration 0039).
            where.Append(" AND applicant_key = @idKey AND applicant_id_hash = @idHash");
            parameters.Add("idKey", CaseRepository.ApplicantKey("", idHash));
            parameters.Add("idHash", idHash);
        }

        if (query.IdHash is { } givenHash)
        {
            where.Append(" AND applicant_key = @givenIdKey AND applicant_id_hash = @givenIdHash");
            parameters.Add("givenIdKey", CaseRepository.ApplicantKey("", givenHash.ToLowerInvariant()));
            parameters.Add("givenIdHash", givenHash.ToLowerInvariant());
        }

        return (agencies, where, parameters);
    }

    /// <summary>
    /// The cases whose outcome counts in the group (table 三's rows, Regime 2008 crosswalked); for <c>other</c> also every closed case
    /// whose outcome is missing or outside the catalogue, so the list holds exactly what <see cref="CaseTracker.Domain.Outcomes.OutcomeGroups.Of"/> counts there.
    /// </summary>
    private static void OutcomeGroupFilter(SqlDialect d, string group, StringBuilder where, DynamicParameters parameters)
    {
        string[] Codes(Regime regime, bool inGroup) => CaseTracker.Domain.Outcomes.OutcomeGroups.Keys
            .Where(g => (g == group) == inGroup)
            .SelectMany(CaseTracker.Domain.Outcomes.OutcomeGroups.Codes).Where(c => c.Regime == regime).Select(c => c.Code).Distinct().ToArray();
        if (group != CaseTracker.Domain.Outcomes.OutcomeGroups.Other)
        {
            where.Append($" AND ((regime = 'Regime2019' AND {d.InList("outcome", "og2019")}) OR (regime = 'Regime2008' AND {d.InList("outcome", "og2008")}))");
            parameters.Add("og2019", Codes(Regime.Regime2019, inGroup: true));
            parameters.Add("og2008", Codes(Regime.Regime2008, inGroup: true));
            return;
        }

        where.Append($" AND (status = 'Closed' OR outcome IS NOT NULL)"
            + $" AND NOT (COALESCE(regime, '') = 'Regime2019' AND {d.InList("COALESCE(outcome, '')", "og2019")})"
            + $" AND NOT (COALESCE(regime, '') = 'Regime2008' AND {d.InList("COALESCE(outcome, '')", "og2008")})");
        parameters.Add("og2019", Codes(Regime.Regime2019, inGroup: false));
        parameters.Add("og2008", Codes(Regime.Regime2008, inGroup: false));
    }

    /// <summary>
    /// True when a keyword is shaped like a whole ID number — 15 or 18 letters and digits (a 居民身份证 in its 1984 or 1999 form,
    /// a 统一社会信用代码, security.md "Personal data") — so the list also looks it up by its keyed hash; a part of one cannot be.
    /// </summary>
    public static bool LooksLikeFullIdNumber(string? q)
        => q?.Normalize(NormalizationForm.FormKC).Trim() is { Length: 15 or 18 } t && t.All(char.IsAsciiLetterOrDigit);

    /// <summary>
    /// True when an <c>idNumber</c> filter is evidently a fragment: fewer than 5 characters, or digits (an X last) of a length no
    /// whole document has — not 8 or 10 (台湾居民来往大陆通行证), 15 or 18 (居民身份证). Passports and other documents are taken as typed.
    /// </summary>
    public static bool LooksLikePartOfAnIdNumber(string idNumber)
    {
        var t = idNumber.Normalize(NormalizationForm.FormKC).Trim();
        if (t.Length < 5) return true;
        var digits = t.Length > 0 && t[..^1].All(char.IsAsciiDigit) && (char.IsAsciiDigit(t[^1]) || t[^1] is 'x' or 'X');
        return digits && t.Length is not (8 or 10 or 15 or 18);
    }

    /// <summary>True for 64 hexadecimal digits, the shape of <see cref="CaseTracker.Infrastructure.PersonalData.PersonalDataProtector.IdHash"/>.</summary>
    public static bool IsIdHash(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);
}

/// <summary>
/// <c>GET /api/cases</c>: the paged list as JSON, or the whole filtered list as CSV or XLSX, chosen by <c>Accept</c> or, for a
/// link that cannot set headers (the desk's 导出 links), by <c>format=csv|xlsx|json</c>, which wins over Accept.
/// </summary>
public static class ListCasesEndpoint
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] Offered = [Json, Csv, Xlsx];
    private static readonly string[] Formats = ["json", "csv", "xlsx"];

    public const string Description = """
        Order: `sort=dueOn` (the default: nearest due date first, cases without a due date last), `sort=receivedOn` (receipt date) or
        `sort=number` (case number); `desc=true` reverses it (cases without the date stay last). Another `sort` is refused with 400.

        Export: `Accept: text/csv` or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` (or `format=csv|xlsx`,
        which wins over Accept) sends every case the filters select, not one page, in the chosen order, streamed as it is read;
        `page` and `pageSize` are ignored. Columns headed in Chinese (案件编号, 机关, 渠道, 申请人类型, 申请人, 证件号码, 联系电话, 申请内容,
        提交日期, 收到日期, 状态, 承办人, 答复期限, 剩余工作日, 是否逾期, 是否延期, 答复结果, 答复日期, 办结日期); codes by their Chinese names;
        the ID number and the phone masked (`5301**********1234`, `139****1111`). CSV: UTF-8 with a byte-order mark, RFC 4180, CRLF, dates
        `yyyy-MM-dd`, text starting with = + - @ prefixed by an apostrophe. XLSX: one worksheet 案件列表, header row frozen with an autofilter,
        dates as date cells formatted `yyyy-mm-dd`. File name `cases-<agency>-<today>.csv|xlsx`. An Accept that allows none of JSON, CSV and
        XLSX: 406 with problem details.

        ID number: a full ID number should not travel in a query string (addresses are kept in browser history, proxy and server
        logs, Referer headers). Prefer `POST /api/cases/search` with the filters in a JSON body, or `idHash=<64 hex digits>` (the keyed
        hash the desk's links carry). `idNumber=` still works for existing clients; a part of a number is refused with 400.
        """;

    /// <summary>The query parameters of <c>GET /api/cases</c> (any other is refused with 400, names compared without case).</summary>
    public static readonly string[] QueryParameters =
    [
        "agency", "subtree", "status", "channel", "overdue", "dueWithin", "q", "idNumber", "idHash", "open", "receivedFrom", "receivedTo",
        "closedFrom", "closedTo", "extended", "closedLate", "outcomeGroup", "assignedTo", "mine", "page", "pageSize", "sort", "desc", "format",
    ];

    public static void Map(RouteGroupBuilder group) => group.MapGet("/",
            async (string? agency, bool? subtree, string? status, string? channel, bool? overdue, int? dueWithin, string? q, string? idNumber, string? idHash, bool? open, DateOnly? receivedFrom,
                DateOnly? receivedTo, DateOnly? closedFrom, DateOnly? closedTo, bool? extended, bool? closedLate, string? outcomeGroup, string? assignedTo, bool? mine, int? page, int? pageSize,
                string? sort, bool? desc, string? format, HttpContext http, ISender sender, CurrentUser user, RegisterClock clock,
                Microsoft.Extensions.Localization.IStringLocalizer<Desk.DeskText> text, CancellationToken ct) =>
            {
                // A misspelt filter (idNo=, assignedto=…) must not list every case as if it had been applied (trial G finding 2).
                var unknown = http.Request.Query.Keys.Where(k => !QueryParameters.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
                if (unknown.Count > 0)
                    throw new ValidationException(unknown.ToDictionary(k => k,
                        k => new[] { $"There is no query parameter {k}; the accepted parameters are {string.Join(", ", QueryParameters)}." }, StringComparer.Ordinal));
                int? chosen;
                if (format is not null)
                {
                    var index = Array.IndexOf(Formats, format.Trim().ToLowerInvariant());
                    if (index < 0) throw new ValidationException(new Dictionary<string, string[]> { ["format"] = ["format must be csv, xlsx or json."] });
                    chosen = index;
                }
                else chosen = ContentNegotiation.Negotiate(http.Request.Headers.Accept, Offered);

                if (chosen is not { } representation)
                    return TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "Not acceptable",
                        detail: $"The case list is available as {Json}, {Csv} or {Xlsx}; the request accepts only \"{http.Request.Headers.Accept}\".");
                http.Response.Headers.Vary = "Accept";
                var query = new ListCasesQuery
                {
                    Agency = agency, Subtree = subtree ?? false, Status = status, Channel = channel, Overdue = overdue, DueWithin = dueWithin, Q = q, IdNumber = idNumber, IdHash = idHash, Open = open,
                    ReceivedFrom = receivedFrom, ReceivedTo = receivedTo, ClosedFrom = closedFrom, ClosedTo = closedTo, Extended = extended,
                    ClosedLate = closedLate, OutcomeGroup = outcomeGroup, AssignedTo = assignedTo, Mine = mine ?? false, Page = page ?? 1, PageSize = pageSize ?? 50, Sort = sort, Desc = desc ?? false,
                };
                if (representation == 0) return (IResult)TypedResults.Ok(await sender.Send(query, ct));

                // Sent before anything is written: a refused filter or agency is still a problem, never a half-written file.
                var export = await sender.Send(new ExportCases.ExportCasesQuery { Filter = query with { Page = 1, PageSize = 50 } }, ct);
                var columns = new ExportCases.CaseListColumns(text, export.Consultations);
                var rows = Rows(export.Cases, columns);
                var name = $"cases-{agency ?? user.AgencyCode}-{clock.Today:yyyy-MM-dd}";
                return representation == 1
                    ? TypedResults.Stream(stream => Infrastructure.Cases.Exports.ListExport.WriteCsv(stream, columns.Columns, rows, ct),
                        "text/csv; charset=utf-8; header=present", name + ".csv")
                    : TypedResults.Stream(stream => Infrastructure.Cases.Exports.ListExport.WriteXlsx(stream, columns.SheetName, columns.Columns, rows, ct), Xlsx, name + ".xlsx");
            })
        .RequireAuthorization(Policies.Read)
        .WithName("ListCases")
        .WithSummary("Cases the caller may see, filtered (agency, subtree, status, channel, open, overdue, dueWithin working days, received/closed ranges, extended, closedLate, outcomeGroup (table 三's groups), assignedTo, mine = assigned to me, q, idNumber or idHash by keyed hash), sorted (sort, desc) and paged; by Accept (or format) the whole filtered list as CSV or XLSX.")
        .WithDescription(Description)
        .Produces<CaseList>(StatusCodes.Status200OK, Json, Csv, Xlsx)
        .ProducesProblem(StatusCodes.Status406NotAcceptable)
        .WithMetadata(new Reports.GetAnnualReport.ProblemDetailsForAnyAcceptMetadata());

    /// <summary>
    /// <c>POST /api/cases/search</c>: the same list as <c>GET /api/cases</c> (JSON only) with the filters in the body, so a full ID
    /// number (<c>idNumber</c>) never appears in an address or a log (security.md "Personal data").
    /// </summary>
    public static void MapSearch(RouteGroupBuilder group) => group.MapPost("/search",
            async (ListCasesQuery query, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(query, ct)))
        .RequireAuthorization(Policies.Read)
        .WithName("SearchCases")
        .WithSummary("The case list with its filters in a JSON body (the fields of GET /api/cases), so a full ID number never travels in a query string.")
        .Produces<CaseList>(StatusCodes.Status200OK, Json);

    private static async IAsyncEnumerable<object?[]> Rows(IAsyncEnumerable<ExportCases.ExportedCase> cases, ExportCases.CaseListColumns columns)
    {
        await foreach (var c in cases) yield return columns.Row(c);
    }
}
