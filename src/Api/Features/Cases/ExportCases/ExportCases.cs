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

/// <summary>
/// The selected cases, read from the register one row at a time while the file is written, and how many consultations the widest
/// of them has (at least the template's three: <see cref="ImportCases.RegisterColumns.Consultations"/>), so that the file has a
/// numbered column group for each (issue 20: consultation4… as the import reads them).
/// </summary>
public sealed record CaseExport(IAsyncEnumerable<ExportedCase> Cases, int Consultations = ImportCases.RegisterColumns.Consultations);

/// <summary>
/// One exported case: its details, and the steps of its history (not voided, in their order) that the register import reads
/// and the case list does not show (issue 16 item 6, issue 20 item 2: export → import round trip): the receipt confirmation,
/// 补正 and supplement, consultations with their replies and consents, extension, deferral, fee notice, reduction and payment,
/// and how the case closed (送达 with its date and method, 当场答复, 撤回, or 视为放弃). Dates are China dates.
/// </summary>
public sealed record ExportedCase(CaseDetails Case, IReadOnlyList<CaseEvent> Steps)
{
    private CaseEvent? Closing => Steps.LastOrDefault(e => e is Delivered or Domain.Cases.AnsweredOnTheSpot or Withdrawn or Abandoned);

    public DateOnly? ConfirmedOn => Steps.OfType<ReceiptConfirmed>().LastOrDefault()?.ConfirmedOn;
    public DateOnly? DeliveredOn => (Closing as Delivered)?.DeliveredOn;
    public DeliveryMethod? DeliveryMethod => Closing switch { Delivered d => d.Method, Domain.Cases.AnsweredOnTheSpot a => a.Method, _ => null };
    public bool AnsweredOnTheSpot => Closing is Domain.Cases.AnsweredOnTheSpot;
    public DateOnly? WithdrawnOn => (Closing as Withdrawn)?.WithdrawnOn;
    public DateOnly? AbandonedOn => (Closing as Abandoned)?.ClosedOn;
}

/// <summary>A case row with one step of its history (not voided; null kind: a case without any exported step).</summary>
internal sealed class ExportRow : CaseRow
{
    public string? StepKind { get; init; }
    public string? StepPayload { get; init; }
}

/// <summary>
/// The export of the case list: the same agencies (403 outside the caller's scope, checked before anything is sent), the
/// same WHERE and ORDER BY as the paged list, streamed (the rows are never all in memory). Each case is read with the steps
/// of its history the import reads back in the same statement (one row per step, in the case's order; voided steps left out),
/// and the rows of one case are gathered before the case is written.
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
        if (agencies.Count == 0) return new CaseExport(Empty());
        // The widest case's consultations (not voided), counted before anything is written: the header needs a group for each.
        var widest = await session.ExecuteScalar<int?>($"""
            SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM case_history h
              WHERE h.kind = 'ConsultationSent' AND h.voided_by_seq IS NULL AND h.case_id IN (SELECT id FROM cases WHERE {where})
              GROUP BY h.case_id) t
            """, parameters, cancellationToken);
        return new CaseExport(Rows($"""
            SELECT c.*, h.kind AS step_kind, h.payload AS step_payload
            FROM (SELECT {CaseRow.Columns} FROM cases WHERE {where}) c
            LEFT JOIN case_history h ON h.case_id = c.id AND h.voided_by_seq IS NULL AND h.kind IN ({StepKinds})
            ORDER BY {CaseListOrder.Sql(query.Filter.Sort, query.Filter.Desc)}, h.seq
            """, parameters, cancellationToken), Math.Max(ImportCases.RegisterColumns.Consultations, widest ?? 0));
    }

    // The steps the import reads back (RegisterColumns): each a kind of CaseEvent.
    private static readonly string StepKinds = string.Join(", ", new[]
    {
        nameof(ReceiptConfirmed), nameof(SupplementRequested), nameof(SupplementReceived), nameof(ConsultationSent), nameof(ConsultationReplied),
        nameof(ExtensionApproved), nameof(DeferralApproved), nameof(FeeNoticeIssued), nameof(FeeReduced), nameof(FeePaid),
        nameof(Delivered), nameof(AnsweredOnTheSpot), nameof(Withdrawn), nameof(Abandoned),
    }.Select(k => $"'{k}'"));

    private async IAsyncEnumerable<ExportedCase> Rows(string sql, object parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The case number breaks every tie of the list's order, so the rows of one case come together, in seq order.
        ExportRow? current = null;
        var steps = new List<CaseEvent>();
        await foreach (var row in session.Stream<ExportRow>(sql, parameters, cancellationToken))
        {
            if (current is not null && row.Id != current.Id)
            {
                yield return new ExportedCase(reader.ToDetails(current), steps);
                steps = [];
            }

            current = row;
            if (row.StepKind is { } kind && row.StepPayload is { } payload) steps.Add(CaseEventSerializer.Deserialize(kind, payload));
        }

        if (current is not null) yield return new ExportedCase(reader.ToDetails(current), steps);
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
public sealed class CaseListColumns(IStringLocalizer<DeskText> text, int consultations = ImportCases.RegisterColumns.Consultations)
{
    /// <summary>The columns, with a numbered group for each of <c>consultations</c> (at least the template's three).</summary>
    public IReadOnlyList<ListColumn> Columns { get; } =
    [
        new(text["Export_OriginalCaseNumber"], 18), new(text["Export_OriginalAgency"], 10), new(text["Col_Channel"], 10),
        new(text["Col_ApplicantKind"], 14), new(text["Col_Applicant"], 16), new(text["Export_IdNumberMasked"], 22), new(text["Export_PhoneMasked"], 15),
        new(text["Col_Description"], 50), new(text["Export_DeliveryForm"], 10), new(text["Col_SubmittedOn"], 12), new(text["Col_ReceivedOn"], 12),
        new(text["Export_ConfirmedOn"], 12), new(text["Col_Status"], 12), new(text["Col_Handler"], 12), new(text["Col_DueOn"], 12),
        new(text["Col_DaysLeft"], 10), new(text["Col_Overdue"], 8), new(text["Col_Extended"], 8), new(text["Col_Outcome"], 24),
        new(text["Col_DecidedOn"], 12), new(text["Export_DeliveryMethod"], 10), new(text["Export_DeliveredOn"], 12), new(text["Export_WithdrawnOn"], 12),
        new(text["Export_AbandonedOn"], 12), new(text["Export_ClosedOn"], 12),
        .. StepFields(Math.Max(consultations, ImportCases.RegisterColumns.Consultations))
            .Select(f => new ListColumn(ImportCases.RegisterColumns.ChineseName(f), f.EndsWith("Reason", StringComparison.Ordinal) || f == ImportCases.RegisterColumns.SupplementItems ? 24 : 12)),
    ];

    private readonly int consultationGroups = Math.Max(consultations, ImportCases.RegisterColumns.Consultations);

    /// <summary>The steps' columns, under the import's own Chinese names (issue 20 item 2), after the case's own columns.</summary>
    private static IReadOnlyList<string> StepFields(int consultations) =>
    [
        ImportCases.RegisterColumns.SupplementRequestedOn, ImportCases.RegisterColumns.SupplementItems, ImportCases.RegisterColumns.SupplementSupplyBy,
        ImportCases.RegisterColumns.SupplementReceivedOn,
        .. Enumerable.Range(1, consultations).SelectMany(n =>
        {
            var c = ImportCases.RegisterColumns.Consultation(n);
            return new[] { c.Kind, c.Party, c.SentOn, c.RepliedOn, c.Consents };
        }),
        ImportCases.RegisterColumns.ExtensionApprovedOn, ImportCases.RegisterColumns.ExtensionWorkingDays, ImportCases.RegisterColumns.ExtensionReason,
        ImportCases.RegisterColumns.ExtensionApplicantNotifiedOn, ImportCases.RegisterColumns.ExtensionApprover,
        ImportCases.RegisterColumns.DeferralApprovedOn, ImportCases.RegisterColumns.DeferralDueOn, ImportCases.RegisterColumns.DeferralReason,
        ImportCases.RegisterColumns.DeferralApprover,
        ImportCases.RegisterColumns.FeeMethod, ImportCases.RegisterColumns.FeeIssuedOn, ImportCases.RegisterColumns.FeePages,
        ImportCases.RegisterColumns.FeeRequestOfMonth, ImportCases.RegisterColumns.FeeSearchYuan, ImportCases.RegisterColumns.FeeCopyYuan,
        ImportCases.RegisterColumns.FeePostYuan, ImportCases.RegisterColumns.FeeAmountYuan, ImportCases.RegisterColumns.FeeReducedOn,
        ImportCases.RegisterColumns.FeeReducedToYuan, ImportCases.RegisterColumns.FeeReductionReason, ImportCases.RegisterColumns.FeePaidOn,
    ];

    /// <summary>
    /// One case as a row of <see cref="Columns"/>: text, dates, whole numbers or null (nothing to show). A receipt date set by
    /// a confirmation is written as 确认收到日期 only; a withdrawal's outcome and date are left out of 答复结果 and 答复日期 (its 撤回日期 says it), a lapsed case's date out of 答复日期 (its 终止日期 says it); an answer
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
            e.WithdrawnOn is not null || e.AbandonedOn is not null ? null : c.DecidedOn, // a lapsed case's date is its 终止日期
            e.AnsweredOnTheSpot ? text["Export_OnTheSpot"].Value : e.DeliveredOn is not null && e.DeliveryMethod is { } method ? text.Name(method) : null,
            e.DeliveredOn, e.WithdrawnOn, e.AbandonedOn, c.ClosedOn,
            .. StepCells(e.Steps, consultationGroups),
        ];
    }

    /// <summary>
    /// The steps' cells in the order of <see cref="StepFields"/>: 补正; the first <paramref name="consultations"/>
    /// consultations (kind 第三方/其他机关, party, sent, replied, 同意/不同意); extension; deferral; fee (按件/按量/成本费用, pages or the
    /// request's number in the month, 检索费/复制费/邮寄费, amount, the last reduction, payment). A step the case lacks is empty.
    /// </summary>
    private static IEnumerable<object?> StepCells(IReadOnlyList<CaseEvent> steps, int consultations)
    {
        var supplement = steps.OfType<SupplementRequested>().LastOrDefault();
        var supplied = steps.OfType<SupplementReceived>().LastOrDefault();
        object?[] cells = [supplement?.RequestedOn, supplement?.Items, supplement?.SupplyBy, supplied?.ReceivedOn];
        foreach (var cell in cells) yield return cell;

        var sent = steps.OfType<ConsultationSent>().ToList();
        for (var n = 0; n < consultations; n++)
        {
            var consultation = n < sent.Count ? sent[n] : null;
            var reply = consultation is null ? null : steps.OfType<ConsultationReplied>().FirstOrDefault(r => r.ConsultationId == consultation.ConsultationId);
            yield return consultation is null ? null : consultation.ConsultationKind == ConsultationKind.ThirdParty ? "第三方" : "其他机关";
            yield return consultation?.Party;
            yield return consultation?.SentOn;
            yield return reply?.ReceivedOn;
            yield return reply?.Consents switch { true => "同意", false => "不同意", null => null };
        }

        var extension = steps.OfType<ExtensionApproved>().LastOrDefault();
        cells = [extension?.ApprovedOn, extension?.WorkingDays, extension?.Reason, extension?.ApplicantNotifiedOn, extension?.Approver];
        foreach (var cell in cells) yield return cell;
        var deferral = steps.OfType<DeferralApproved>().LastOrDefault();
        cells = [deferral?.ApprovedOn, deferral?.DueOn, deferral?.Reason, deferral?.Approver];
        foreach (var cell in cells) yield return cell;

        var fee = steps.OfType<FeeNoticeIssued>().LastOrDefault();
        var reduced = steps.OfType<FeeReduced>().LastOrDefault();
        decimal? Item(CostFeeKind kind) => fee?.Items?.FirstOrDefault(i => i.Kind == kind)?.AmountYuan;
        cells =
        [
            fee?.Method switch { FeeMethod.PerRequest => "按件", FeeMethod.PerPage => "按量", FeeMethod.Cost => "成本费用", _ => null },
            fee?.IssuedOn, fee?.Pages, fee?.Method == FeeMethod.PerRequest ? fee.OrdinalInMonth : null,
            Item(CostFeeKind.Search), Item(CostFeeKind.Copy), Item(CostFeeKind.Post), fee?.AmountYuan,
            reduced?.ReducedOn, reduced?.ToYuan, reduced?.Reason, steps.OfType<FeePaid>().LastOrDefault()?.PaidOn,
        ];
        foreach (var cell in cells) yield return cell;
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
