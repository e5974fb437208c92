using CaseTracker.Api.Desk;
using CaseTracker.Api.Desk.Shared;
using CaseTracker.Api.Features.Cases.ListCases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Applicants;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Cases.Exports;
using CaseTracker.Infrastructure.Persistence;
using Mediator;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Features.Cases.ExportCases;

/// <summary>Every case the list's filters select (not one page), in the list's order, to be written as CSV or XLSX.</summary>
public sealed record ExportCasesQuery : IQuery<CaseExport>, IValidatable
{
    /// <summary>The filters and the order of <c>GET /api/cases</c>; its page and page size are ignored.</summary>
    public required ListCasesQuery Filter { get; init; }

    public void Validate(Validator v) => Filter.Validate(v);
}

/// <summary>The selected cases, read from the register one row at a time while the file is written.</summary>
public sealed record CaseExport(IAsyncEnumerable<ExportedCase> Cases);

/// <summary>
/// One exported case: its details, and the facts the register import reads that the case list does not show (issue 16 item
/// 6: export → import round trip): the receipt confirmation date, and how the case closed (送达 with its date and method,
/// 当场答复, 撤回, or 视为放弃 with their dates). Dates are China dates.
/// </summary>
public sealed record ExportedCase(CaseDetails Case, DateOnly? ConfirmedOn, string? ClosingKind, DateOnly? ClosingOn, DeliveryMethod? DeliveryMethod)
{
    public DateOnly? DeliveredOn => ClosingKind == nameof(Delivered) ? ClosingOn : null;
    public bool AnsweredOnTheSpot => ClosingKind == nameof(Domain.Cases.AnsweredOnTheSpot);
    public DateOnly? WithdrawnOn => ClosingKind == nameof(Withdrawn) ? ClosingOn : null;
    public DateOnly? AbandonedOn => ClosingKind == nameof(Abandoned) ? ClosingOn : null;
}

/// <summary>A case row with the closing step and the receipt confirmation of its history (not voided).</summary>
internal sealed class ExportRow : CaseRow
{
    public string? ClosingKind { get; init; }
    public DateOnly? ClosingOn { get; init; }
    public string? ClosingPayload { get; init; }
    public DateOnly? ConfirmedOn { get; init; }
}

/// <summary>
/// The export of the case list: the same agencies (403 outside the caller's scope, checked before anything is sent), the
/// same WHERE and ORDER BY as the paged list, streamed (the rows are never all in memory). Each case is read with its
/// closing step and receipt confirmation from the history in the same statement (one row per case: a case closes once and
/// is confirmed once; voided steps are left out).
/// </summary>
internal sealed class ExportCasesHandler(DbSession session, AgencyAccess access, RegisterClock clock, CaseReader reader, CurrentUser user,
    CaseTracker.Infrastructure.PersonalData.PersonalDataProtector personalData, IdNumberSearchLog searchLog) : IQueryHandler<ExportCasesQuery, CaseExport>
{
    public async ValueTask<CaseExport> Handle(ExportCasesQuery query, CancellationToken cancellationToken)
    {
        var (agencies, where, parameters) = await CaseListFilter.Build(query.Filter, session, access, clock, user, personalData, cancellationToken);
        // An export filtered by an ID number is logged with its count before anything is sent (the rows are streamed).
        if (IdNumberSearchLog.IsSearchByIdNumber(query.Filter))
            await searchLog.RecordIfSearched(query.Filter,
                agencies.Count == 0 ? 0 : await session.ExecuteScalar<int>($"SELECT COUNT(*) FROM cases WHERE {where}", parameters, cancellationToken),
                IdNumberSearchLog.ExportReason, cancellationToken);
        return new CaseExport(agencies.Count == 0 ? Empty() : Rows($"""
            SELECT c.*, x.kind AS closing_kind, x.acting_on AS closing_on, x.payload AS closing_payload, r.acting_on AS confirmed_on
            FROM (SELECT {CaseRow.Columns} FROM cases WHERE {where}) c
            LEFT JOIN case_history x ON x.case_id = c.id AND x.voided_by_seq IS NULL
                AND x.kind IN ('Delivered', 'AnsweredOnTheSpot', 'Withdrawn', 'Abandoned')
            LEFT JOIN case_history r ON r.case_id = c.id AND r.voided_by_seq IS NULL AND r.kind = 'ReceiptConfirmed'
            ORDER BY {CaseListOrder.Sql(query.Filter.Sort, query.Filter.Desc)}
            """, parameters, cancellationToken));
    }

    private async IAsyncEnumerable<ExportedCase> Rows(string sql, object parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in session.Stream<ExportRow>(sql, parameters, cancellationToken))
        {
            DeliveryMethod? method = row.ClosingKind is nameof(Delivered) or nameof(AnsweredOnTheSpot) && row.ClosingPayload is { } payload
                ? CaseEventSerializer.Deserialize(row.ClosingKind, payload) switch
                {
                    Delivered d => d.Method,
                    AnsweredOnTheSpot a => a.Method,
                    _ => null,
                }
                : null;
            yield return new ExportedCase(reader.ToDetails(row), row.ConfirmedOn, row.ClosingKind, row.ClosingOn, method);
        }
    }

    private static async IAsyncEnumerable<ExportedCase> Empty()
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>
/// The columns of the exported case list (案件列表导出), headed in Chinese: dates are China dates, codes by their Chinese
/// names. The columns the register import reads carry its own Chinese names (渠道, 申请人类型, 申请人, 申请内容, 获取信息方式,
/// 提交日期, 收到日期, 确认收到日期, 答复结果, 答复日期, 送达方式, 送达日期, 撤回日期, 终止日期; RegisterColumns), so an exported
/// file imports as it is (issue 16 item 6): the same cases, with new case numbers, into the agency the import names
/// (<c>?agency=CODE</c>). The original case number and agency (原案件编号, 原机关), the status, handler, due date and flags,
/// and the applicant's ID number and phone — masked (security.md "Personal data": an export never carries them in full;
/// <see cref="PersonalDataMask"/>) under 证件号码（脱敏）and 联系电话（脱敏）— are for the reader only: the import leaves them
/// out (one warning), so the round trip carries no personal data beyond the applicant's name.
/// </summary>
public sealed class CaseListColumns(IStringLocalizer<DeskText> text)
{
    public IReadOnlyList<ListColumn> Columns { get; } =
    [
        new(text["Export_OriginalCaseNumber"], 18), new(text["Export_OriginalAgency"], 10), new(text["Col_Channel"], 10),
        new(text["Col_ApplicantKind"], 14), new(text["Col_Applicant"], 16), new(text["Export_IdNumberMasked"], 22), new(text["Export_PhoneMasked"], 15),
        new(text["Col_Description"], 50), new(text["Export_DeliveryForm"], 10), new(text["Col_SubmittedOn"], 12), new(text["Col_ReceivedOn"], 12),
        new(text["Export_ConfirmedOn"], 12), new(text["Col_Status"], 12), new(text["Col_Handler"], 12), new(text["Col_DueOn"], 12),
        new(text["Col_DaysLeft"], 10), new(text["Col_Overdue"], 8), new(text["Col_Extended"], 8), new(text["Col_Outcome"], 24),
        new(text["Col_DecidedOn"], 12), new(text["Export_DeliveryMethod"], 10), new(text["Export_DeliveredOn"], 12), new(text["Export_WithdrawnOn"], 12),
        new(text["Export_AbandonedOn"], 12), new(text["Export_ClosedOn"], 12),
    ];

    /// <summary>
    /// One case as a row of <see cref="Columns"/>: text, dates, whole numbers or null (nothing to show). A receipt date set by
    /// a confirmation is written as 确认收到日期 only; a withdrawal's outcome and date are left out of 答复结果 and 答复日期 (its 撤回日期 says it); an answer
    /// given on the spot has 送达方式 当场答复.
    /// </summary>
    public object?[] Row(ExportedCase e)
    {
        var c = e.Case;
        return
        [
            c.CaseNumber, c.AgencyCode, text.Channel(c.Channel, c.LetterMail), text.Name(c.Applicant.Kind), c.Applicant.Name,
            PersonalDataMask.IdNumber(c.Applicant.IdNumber), PersonalDataMask.Phone(c.Applicant.Phone), c.Description,
            c.DeliveryForm is { } form ? text.Name(form) : null, c.SubmittedOn, e.ConfirmedOn is null ? c.ReceivedOn : null, e.ConfirmedOn,
            text.Name(c.Status), c.AssignedTo?.Name, c.DueOn, c.WorkingDaysLeft,
            c.Overdue ? text["Yes"].Value : text["No"].Value, c.Extended ? text["Yes"].Value : text["No"].Value,
            string.IsNullOrEmpty(c.Outcome) || e.WithdrawnOn is not null ? null : OutcomeName(c),
            e.WithdrawnOn is not null ? null : c.DecidedOn,
            e.AnsweredOnTheSpot ? text["Export_OnTheSpot"].Value : e.DeliveredOn is not null && e.DeliveryMethod is { } method ? text.Name(method) : null,
            e.DeliveredOn, e.WithdrawnOn, e.AbandonedOn, c.ClosedOn,
        ];
    }

    // The report's label, or where two outcomes share it a name the import reads back as this one (ImportCases.RegisterValues).
    private string OutcomeName(CaseDetails c)
    {
        var label = text.Outcome(c.Regime, c.Outcome);
        return c.Regime is { } regime ? ImportCases.RegisterValues.OutcomeName(regime, c.Outcome!, label) : label;
    }

    /// <summary>The worksheet's name.</summary>
    public string SheetName => text["Cases_Heading"];
}
