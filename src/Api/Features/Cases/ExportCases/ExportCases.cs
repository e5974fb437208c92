using CaseTracker.Api.Desk;
using CaseTracker.Api.Desk.Shared;
using CaseTracker.Api.Features.Cases.ListCases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Applicants;
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
public sealed record CaseExport(IAsyncEnumerable<CaseDetails> Cases);

/// <summary>
/// The export of the case list: the same agencies (403 outside the caller's scope, checked before anything is sent), the
/// same WHERE and ORDER BY as the paged list, streamed (the rows are never all in memory).
/// </summary>
internal sealed class ExportCasesHandler(DbSession session, AgencyAccess access, RegisterClock clock, CaseReader reader, CurrentUser user,
    CaseTracker.Infrastructure.PersonalData.PersonalDataProtector personalData) : IQueryHandler<ExportCasesQuery, CaseExport>
{
    public async ValueTask<CaseExport> Handle(ExportCasesQuery query, CancellationToken cancellationToken)
    {
        var (agencies, where, parameters) = await CaseListFilter.Build(query.Filter, session, access, clock, user, personalData, cancellationToken);
        return new CaseExport(agencies.Count == 0 ? Empty() : Rows($"""
            SELECT {CaseRow.Columns} FROM cases WHERE {where}
            ORDER BY {CaseListOrder.Sql(query.Filter.Sort, query.Filter.Desc)}
            """, parameters, cancellationToken));
    }

    private async IAsyncEnumerable<CaseDetails> Rows(string sql, object parameters, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in session.Stream<CaseRow>(sql, parameters, cancellationToken))
            yield return reader.ToDetails(row);
    }

    private static async IAsyncEnumerable<CaseDetails> Empty()
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>
/// The columns of the exported case list (案件列表导出), headed in Chinese as on the desk: dates are China dates, codes by
/// their Chinese names, and the applicant's ID number and phone masked (security.md "Personal data": an export never
/// carries them in full; <see cref="PersonalDataMask"/>).
/// </summary>
public sealed class CaseListColumns(IStringLocalizer<DeskText> text)
{
    public IReadOnlyList<ListColumn> Columns { get; } =
    [
        new(text["Col_CaseNumber"], 18), new(text["Col_Agency"], 10), new(text["Col_Channel"], 10), new(text["Col_ApplicantKind"], 14),
        new(text["Col_Applicant"], 16), new(text["Col_IdNumber"], 22), new(text["Col_Phone"], 15), new(text["Col_Description"], 50),
        new(text["Col_SubmittedOn"], 12), new(text["Col_ReceivedOn"], 12), new(text["Col_Status"], 12), new(text["Col_Handler"], 12),
        new(text["Col_DueOn"], 12), new(text["Col_DaysLeft"], 10), new(text["Col_Overdue"], 8), new(text["Col_Extended"], 8),
        new(text["Col_Outcome"], 24), new(text["Col_DecidedOn"], 12), new(text["Col_ClosedOn"], 12),
    ];

    /// <summary>One case as a row of <see cref="Columns"/>: text, dates, whole numbers or null (nothing to show).</summary>
    public object?[] Row(CaseDetails c) =>
    [
        c.CaseNumber, c.AgencyCode, text.Channel(c.Channel, c.LetterMail), text.Name(c.Applicant.Kind), c.Applicant.Name,
        PersonalDataMask.IdNumber(c.Applicant.IdNumber), PersonalDataMask.Phone(c.Applicant.Phone), c.Description,
        c.SubmittedOn, c.ReceivedOn, text.Name(c.Status), c.AssignedTo?.Name, c.DueOn, c.WorkingDaysLeft,
        c.Overdue ? text["Yes"].Value : text["No"].Value, c.Extended ? text["Yes"].Value : text["No"].Value,
        string.IsNullOrEmpty(c.Outcome) ? null : text.Outcome(c.Regime, c.Outcome), c.DecidedOn, c.ClosedOn,
    ];

    /// <summary>The worksheet's name.</summary>
    public string SheetName => text["Cases_Heading"];
}
