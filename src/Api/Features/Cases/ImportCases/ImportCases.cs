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

public sealed record ImportResult(int Imported, IReadOnlyList<ImportedCase> Cases)
{
    /// <summary>What the import read but left out (columns not imported), once each.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// The dry run of an import (<c>?dryRun=true</c>, issue 17 item 5): how the file was read (format, encoding, sheet, the
/// spreadsheet row of the header), the mapping used (each column and its field, null = not imported), the warnings, every
/// error by row, and what would be imported, counted by receipt year, channel and outcome. Nothing is written.
/// </summary>
public sealed record ImportPreview
{
    public required string Format { get; init; }
    public string? Encoding { get; init; }
    public string? Sheet { get; init; }
    public IReadOnlyList<string> Sheets { get; init; } = [];
    public int HeaderRow { get; init; }
    public required IReadOnlyList<MappedColumn> Mapping { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public required IReadOnlyList<ImportError> Errors { get; init; }
    public bool DeliveredOnFromDecision { get; init; }
    public string? Agency { get; init; }
    public int Rows { get; init; }
    public int WouldImport { get; init; }
    public IReadOnlyDictionary<string, int> ByYear { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ByChannel { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ByOutcome { get; init; } = new Dictionary<string, int>();
    /// <summary>True when the real import of this file would succeed.</summary>
    public bool Valid => Errors.Count == 0;
}

/// <summary>An import's answer: the preview of a dry run, or the result of the real import.</summary>
public sealed record ImportAnswer(ImportPreview? Preview, ImportResult? Result);

/// <summary>
/// Bulk load of an existing register (issues 5 and 17): an office's workbook or CSV, one case a row, each
/// replayed through the case aggregate so that every rule of law.md applies to imported history as to live
/// entry. All or nothing: one bad row and nothing is written, and every bad row is reported.
/// </summary>
public sealed record ImportCasesCommand : ICommand<ImportAnswer>, IIdempotent
{
    public const int MaxRows = 50_000;
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary><see cref="MaxRows"/> as a clerk reads it.</summary>
    public static string MaxRowsText => MaxRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The file's bytes: an .xlsx workbook, or CSV in UTF-8 (BOM or not), UTF-16 (BOM) or GB18030/GBK.</summary>
    public required byte[] File { get; init; }

    /// <summary>The worksheet to read (null: the first).</summary>
    public string? Sheet { get; init; }

    /// <summary>The agency of rows that name none (<c>?agency=CODE</c>).</summary>
    public string? Agency { get; init; }

    /// <summary>Preview only: nothing is written (<c>?dryRun=true</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>送达日期 = 答复日期 when a delivery method is given without its date (<c>?deliveredOnFromDecision=true</c>; off by default).</summary>
    public bool DeliveredOnFromDecision { get; init; }

    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// Reads the rows, checks the agencies and kept numbers, replays each row, and only then numbers and stores the cases; every
/// error of every row is collected first, and any error writes nothing (400 keyed as <see cref="ImportErrors"/>).
/// </summary>
internal sealed class ImportCasesHandler(ICaseRepository cases, AgencyAccess access, RegisterClock clock, CurrentUser user, CaseAlertsFollower alerts,
    Infrastructure.Agencies.ImportMappingStore mappings)
    : ICommandHandler<ImportCasesCommand, ImportAnswer>
{
    /// <summary>A row replayed through the aggregate: the case (numbered later if the row keeps no number) and its history.</summary>
    private sealed record Replayed(ImportRow Row, CaseWithHistory History)
    {
        public Case Case => History.Case;
    }

    /// <summary>How many rows above the header (a title, a blank line) are looked through for it.</summary>
    private const int HeaderSearch = 10;

    public async ValueTask<ImportAnswer> Handle(ImportCasesCommand command, CancellationToken cancellationToken)
    {
        if (command.Agency is not null) await access.EnsureCanActIn(command.Agency, cancellationToken);
        var file = RegisterFileReader.Read(command.File, command.Sheet, ImportCasesCommand.MaxRows + HeaderSearch);
        var saved = (await mappings.Get(command.Agency ?? user.AgencyCode, cancellationToken))
            .GroupBy(m => RegisterColumns.Normalize(m.SourceColumn)).ToDictionary(g => g.Key, g => g.First().Field, StringComparer.Ordinal);

        // The header is the row among the first few that names the most fields (an office's sheet has a title row above it).
        var lines = file.Table.Lines;
        var headerIndex = 0;
        var best = 0;
        for (var i = 0; i < Math.Min(HeaderSearch, lines.Count); i++)
        {
            var known = RegisterRows.KnownColumns(lines[i].Fields, saved);
            if (known > best) (best, headerIndex) = (known, i);
        }

        var table = file.Table.WithHeaderAt(headerIndex, ImportCasesCommand.MaxRows);
        if (table.TooManyRows)
            throw ImportErrors.FileError($"The file has more than {ImportCasesCommand.MaxRowsText} rows; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.");
        if (table.Header.Count == 0 || table.Header.All(string.IsNullOrWhiteSpace))
            throw ImportErrors.FileError($"The file is empty: its first row must name the columns ({string.Join(", ", RegisterColumns.Required)}, …).");

        var errors = new ImportErrors();
        var warnings = new List<string>();
        var columns = RegisterRows.ReadHeader(table, saved, command.Agency is not null, errors, warnings);
        if (table.Records.Count == 0 && table.Defects.Count == 0) errors.File("The file has a header but no rows to import.");
        if (errors.Any) return Answer(command, file, table, columns, warnings, errors, [], 0);
        foreach (var defect in table.Defects) errors.Row(defect.Row, null, defect.Message);

        var rows = new List<ImportRow>();
        var importer = user.Name;
        var options = new ImportOptions(command.Agency, command.DeliveredOnFromDecision, CheckWidth: file.Format == "csv");
        foreach (var record in table.Records)
        {
            if (RegisterRows.Read(record, table.Header.Count, columns, options, errors, importer) is { } row) rows.Add(row);
        }

        await CheckAgencies(rows, columns, errors, cancellationToken);
        if (!command.DryRun) await CheckCaseNumbers(rows, columns, errors, cancellationToken);
        else CheckCaseNumbersInFile(rows, columns, errors);
        var context = clock.Context();
        var replayed = rows.Select(r => Replay(r, context, columns, errors)).OfType<Replayed>().ToList();
        if (command.DryRun || errors.Any) return Answer(command, file, table, columns, warnings, errors, replayed, table.Records.Count);

        var numbered = await Number(replayed, columns, errors, cancellationToken);
        if (errors.Any) throw errors.Exception();

        await cases.AddWithHistory(numbered.Select(n => n.Replayed.History with { Case = n.Case, Note = NoteOf(n.Replayed.Row) }).ToList(), user.Actor, clock.Now,
            cancellationToken);
        await alerts.RaiseForNewCases(numbered.Select(n => (n.Case, n.Replayed.History.Reading)).ToList(), cancellationToken);
        var imported = numbered.Select(n => new ImportedCase(n.Replayed.Row.Row, n.Case.Id.Value, n.Case.CaseNumber)).ToList();
        return new ImportAnswer(null, new ImportResult(imported.Count, imported) { Warnings = warnings });
    }

    /// <summary>The register's 备注 of a row, kept as a note of kind <c>ImportedRemark</c> dated the submission date.</summary>
    private static CaseNote? NoteOf(ImportRow row)
        => row.Note is { } text
            ? new CaseNote("ImportedRemark", row.Case.Registration.SubmittedOn, System.Text.Json.JsonSerializer.Serialize(new { text }))
            : null;

    /// <summary>A dry run's preview; for a real import with errors, the 400 of <see cref="ImportErrors"/>.</summary>
    private static ImportAnswer Answer(ImportCasesCommand command, RegisterFile file, CsvTable table, ColumnMapping columns, List<string> warnings,
        ImportErrors errors, IReadOnlyList<Replayed> replayed, int rowCount)
    {
        if (!command.DryRun) throw errors.Exception();
        static Dictionary<string, int> Count(IEnumerable<string> keys)
            => keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new ImportAnswer(new ImportPreview
        {
            Format = file.Format,
            Encoding = file.Encoding,
            Sheet = file.Sheet,
            Sheets = file.Sheets,
            HeaderRow = table.HeaderRow,
            Mapping = columns.All,
            Warnings = warnings,
            Errors = errors.List,
            DeliveredOnFromDecision = command.DeliveredOnFromDecision,
            Agency = command.Agency,
            Rows = rowCount,
            WouldImport = errors.Any ? 0 : replayed.Count,
            ByYear = Count(replayed.Select(r => ((r.History.Reading.ReceiptDate ?? r.Case.SubmittedOn).Year).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ByChannel = Count(replayed.Select(r => r.Case.Channel.ToString())),
            ByOutcome = Count(replayed.Select(r => r.History.Reading.Outcome ?? "")),
        }, null);
    }

    private async Task CheckAgencies(IReadOnlyList<ImportRow> rows, ColumnMapping columns, ImportErrors errors, CancellationToken cancellationToken)
    {
        var refusals = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var code = row.Case.Registration.AgencyCode;
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

            if (refusal is not null) errors.Row(row.Row, columns.Display(RegisterColumns.AgencyCode), refusal);
        }
    }

    private static (string Agency, int Year) SequenceOf(string caseNumber)
    {
        var number = CaseNumber.Parse(caseNumber);
        return (number.AgencyCode, number.Year);
    }

    private static Dictionary<string, int> CheckCaseNumbersInFile(IReadOnlyList<ImportRow> rows, ColumnMapping columns, ImportErrors errors)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.CaseNumber is not null))
        {
            if (!first.TryAdd(row.CaseNumber!, row.Row))
                errors.Row(row.Row, columns.Display(RegisterColumns.CaseNumber), $"Case number {row.CaseNumber} is also given on row {first[row.CaseNumber!]}; a case number is used once.");
        }

        return first;
    }

    private async Task CheckCaseNumbers(IReadOnlyList<ImportRow> rows, ColumnMapping columns, ImportErrors errors, CancellationToken cancellationToken)
    {
        var first = CheckCaseNumbersInFile(rows, columns, errors);
        if (first.Count == 0) return;
        // Lock the sequences the kept numbers belong to first, so no live registration takes one of them between this check and the insert.
        foreach (var (agency, year) in first.Keys.Select(SequenceOf).Distinct().Order())
            await cases.LockSequence(agency, year, cancellationToken);
        var existing = (await cases.ExistingCaseNumbers(first.Keys, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.CaseNumber is not null && existing.Contains(r.CaseNumber)))
            errors.Row(row.Row, columns.Display(RegisterColumns.CaseNumber), $"Case number {row.CaseNumber} is already in the register.");
    }

    /// <summary>Runs the row's history through the aggregate (<see cref="PastCase.Replay"/>); a refused step is an error of its column.</summary>
    private static Replayed? Replay(ImportRow row, ClockContext context, ColumnMapping columns, ImportErrors errors)
    {
        try
        {
            return new Replayed(row, row.Case.Replay(CaseId.New(), row.CaseNumber ?? "", context));
        }
        catch (PastStepRefusedException e)
        {
            errors.Row(row.Row, columns.Display(RegisterColumns.ForRefusal(e.Step, e.Refusal as InvalidInputException, e.Index)), e.Message);
            return null;
        }
    }

    /// <summary>
    /// Keeps the numbers the file gives and takes the next free numbers of each (agency, year) sequence, in row order,
    /// for the rows without one (<see cref="CaseNumber"/>): a kept number is skipped, never given twice, and never
    /// moves the sequence, so a high kept number (…-99999) does not block live registration.
    /// </summary>
    private async Task<List<(Case Case, Replayed Replayed)>> Number(IReadOnlyList<Replayed> replayed, ColumnMapping columns, ImportErrors errors, CancellationToken cancellationToken)
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
                    errors.Row(r.Row.Row, columns.Display(RegisterColumns.CaseNumber), CaseNumber.UsedUp(agency, year).Message);
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
