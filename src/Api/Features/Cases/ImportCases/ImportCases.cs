using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Cases;
using Mediator;

namespace CaseTracker.Api.Features.Cases.ImportCases;

public sealed record ImportedCase(int Row, Guid Id, string CaseNumber);

public sealed record ImportResult(int Imported, IReadOnlyList<ImportedCase> Cases);

/// <summary>
/// Bulk load of an existing register (issue 5): the CSV text of a spreadsheet register, one case a row, each
/// replayed through the case aggregate so that every rule of law.md applies to imported history as to live
/// entry. All or nothing: one bad row and nothing is written, and every bad row is reported.
/// </summary>
public sealed record ImportCasesCommand : ICommand<ImportResult>, IIdempotent
{
    public const int MaxRows = 50_000;
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary><see cref="MaxRows"/> as a clerk reads it.</summary>
    public static string MaxRowsText => MaxRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public required string Csv { get; init; }
    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// Reads the rows, checks the agencies and kept numbers, replays each row, and only then numbers and stores the cases; every
/// error of every row is collected first, and any error writes nothing (400 keyed as <see cref="ImportErrors"/>).
/// </summary>
internal sealed class ImportCasesHandler(ICaseRepository cases, AgencyAccess access, RegisterClock clock, CurrentUser user, CaseAlertsFollower alerts)
    : ICommandHandler<ImportCasesCommand, ImportResult>
{
    /// <summary>A row replayed through the aggregate: the case (numbered later if the row keeps no number) and its history.</summary>
    private sealed record Replayed(ImportRow Row, CaseWithHistory History)
    {
        public Case Case => History.Case;
    }

    public async ValueTask<ImportResult> Handle(ImportCasesCommand command, CancellationToken cancellationToken)
    {
        var table = RegisterCsv.Parse(command.Csv, ImportCasesCommand.MaxRows);
        if (table.TooManyRows)
            throw ImportErrors.FileError($"The file has more than {ImportCasesCommand.MaxRowsText} rows; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.");
        if (table.Header.Count == 0 || table.Header.All(string.IsNullOrWhiteSpace))
            throw ImportErrors.FileError($"The file is empty: its first row must name the columns ({string.Join(", ", RegisterColumns.Required)}, …).");

        var errors = new ImportErrors();
        var columns = RegisterRows.ReadHeader(table, errors);
        if (errors.Any) throw errors.Exception();
        if (table.Records.Count == 0 && table.Defects.Count == 0) throw ImportErrors.FileError("The file has a header but no rows to import.");
        foreach (var defect in table.Defects) errors.Row(defect.Row, null, defect.Message);

        var rows = new List<ImportRow>();
        var importer = user.Name;
        foreach (var record in table.Records)
        {
            if (RegisterRows.Read(record, table.Header.Count, columns, errors, importer) is { } row) rows.Add(row);
        }

        await CheckAgencies(table, columns, errors, cancellationToken);
        await CheckCaseNumbers(rows, errors, cancellationToken);
        var context = clock.Context();
        var replayed = rows.Select(r => Replay(r, context, errors)).OfType<Replayed>().ToList();
        if (errors.Any) throw errors.Exception();

        var numbered = await Number(replayed, errors, cancellationToken);
        if (errors.Any) throw errors.Exception();

        await cases.AddWithHistory(numbered.Select(n => n.Replayed.History with { Case = n.Case }).ToList(), user.Actor, clock.Now,
            cancellationToken);
        await alerts.RaiseForNewCases(numbered.Select(n => (n.Case, n.Replayed.History.Reading)).ToList(), cancellationToken);
        var imported = numbered.Select(n => new ImportedCase(n.Replayed.Row.Row, n.Case.Id.Value, n.Case.CaseNumber)).ToList();
        return new ImportResult(imported.Count, imported);
    }

    private async Task CheckAgencies(CsvTable table, IReadOnlyDictionary<string, int> columns, ImportErrors errors, CancellationToken cancellationToken)
    {
        var refusals = new Dictionary<string, string?>(StringComparer.Ordinal);
        var column = columns[RegisterColumns.AgencyCode];
        foreach (var record in table.Records)
        {
            if (column >= record.Fields.Count) continue;
            var code = record.Fields[column].Trim();
            if (code.Length == 0 || !RegisterCells.CodePattern().IsMatch(code)) continue;
            if (!refusals.TryGetValue(code, out var refusal))
            {
                try
                {
                    await access.EnsureTakesNewCases(code, cancellationToken);
                    refusal = null;
                }
                catch (Exception e) when (e is ForbiddenException or InvalidInputException or DomainRuleException)
                {
                    refusal = e.Message;
                }

                refusals[code] = refusal;
            }

            if (refusal is not null) errors.Row(record.Row, RegisterColumns.AgencyCode, refusal);
        }
    }

    private static (string Agency, int Year) SequenceOf(string caseNumber)
    {
        var number = CaseNumber.Parse(caseNumber);
        return (number.AgencyCode, number.Year);
    }

    private async Task CheckCaseNumbers(IReadOnlyList<ImportRow> rows, ImportErrors errors, CancellationToken cancellationToken)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.CaseNumber is not null))
        {
            if (!first.TryAdd(row.CaseNumber!, row.Row))
                errors.Row(row.Row, RegisterColumns.CaseNumber, $"Case number {row.CaseNumber} is also given on row {first[row.CaseNumber!]}; a case number is used once.");
        }

        if (first.Count == 0) return;
        // Lock the sequences the kept numbers belong to first, so no live registration takes one of them between this check and the insert.
        foreach (var (agency, year) in first.Keys.Select(SequenceOf).Distinct().Order())
            await cases.LockSequence(agency, year, cancellationToken);
        var existing = (await cases.ExistingCaseNumbers(first.Keys, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.CaseNumber is not null && existing.Contains(r.CaseNumber)))
            errors.Row(row.Row, RegisterColumns.CaseNumber, $"Case number {row.CaseNumber} is already in the register.");
    }

    /// <summary>Runs the row's history through the aggregate (<see cref="PastCase.Replay"/>); a refused step is an error of its column.</summary>
    private static Replayed? Replay(ImportRow row, ClockContext context, ImportErrors errors)
    {
        try
        {
            return new Replayed(row, row.Case.Replay(CaseId.New(), row.CaseNumber ?? "", context));
        }
        catch (PastStepRefusedException e)
        {
            errors.Row(row.Row, RegisterColumns.ForRefusal(e.Step, e.Refusal as InvalidInputException), e.Message);
            return null;
        }
    }

    /// <summary>
    /// Keeps the numbers the file gives and takes the next free numbers of each (agency, year) sequence, in row order,
    /// for the rows without one (<see cref="CaseNumber"/>): a kept number is skipped, never given twice, and never
    /// moves the sequence, so a high kept number (…-99999) does not block live registration.
    /// </summary>
    private async Task<List<(Case Case, Replayed Replayed)>> Number(IReadOnlyList<Replayed> replayed, ImportErrors errors, CancellationToken cancellationToken)
    {
        var kept = replayed.Where(r => r.Row.CaseNumber is not null).Select(r => r.Row.CaseNumber!).ToHashSet(StringComparer.Ordinal);
        var result = new List<(Case, Replayed)>(replayed.Count);
        foreach (var group in replayed.Where(r => r.Row.CaseNumber is null).GroupBy(r => (r.Case.AgencyCode, r.Case.SubmittedOn.Year)).OrderBy(g => g.Key))
        {
            var (agency, year) = group.Key;
            var rows = group.ToList();
            var numbers = await cases.TakeNumbers(agency, year, rows.Count, kept, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                if (i >= numbers.Count)
                {
                    errors.Row(r.Row.Row, RegisterColumns.CaseNumber, CaseNumber.UsedUp(agency, year).Message);
                    continue;
                }

                result.Add((Case.Rehydrate(r.Case.Id, new CaseNumber(agency, year, numbers[i]).ToString(), r.Row.Case.Registration, r.Case.Events, r.Case.Version), r));
            }
        }

        result.AddRange(replayed.Where(r => r.Row.CaseNumber is not null).Select(r => (r.Case, r)));
        result.Sort((a, b) => a.Item2.Row.Row.CompareTo(b.Item2.Row.Row));
        return result;
    }
}
