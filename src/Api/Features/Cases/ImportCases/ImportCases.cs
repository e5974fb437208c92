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
    /// <summary>Whether rows that look like cases already in the register, or like an earlier row, are imported anyway (<c>?allowDuplicates=true</c>).</summary>
    public bool AllowDuplicates { get; init; }
    /// <summary>How many rows look like a case already in the register or an earlier row of the file (named in a warning).</summary>
    public int Duplicates { get; init; }
    public string? Agency { get; init; }
    public int Rows { get; init; }
    public int WouldImport { get; init; }
    public IReadOnlyDictionary<string, int> ByYear { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ByChannel { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> ByOutcome { get; init; } = new Dictionary<string, int>();
    /// <summary>True when the real import of this file would succeed (duplicates are refused unless allowed).</summary>
    public bool Valid => Errors.Count == 0 && (Duplicates == 0 || AllowDuplicates);
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

    /// <summary>
    /// Import rows that look like a case already in the register (same agency, submission date, description and applicant ID
    /// number or name) or like an earlier row of the file (<c>?allowDuplicates=true</c>; off by default: the dry run warns, the
    /// import refuses them).
    /// </summary>
    public bool AllowDuplicates { get; init; }

    public string? IdempotencyKey { get; init; }
}

/// <summary>
/// Reads the rows one at a time, keeping of each only its parsed past case (never its text), and replays, numbers and stores them
/// in chunks of <see cref="Chunk"/> inside the command's one transaction, so memory does not grow with the file. Every error of
/// every row is collected; after the first, nothing more is stored, and any error rolls back what was (400 keyed as
/// <see cref="ImportErrors"/>): all or nothing. A dry run replays every row that could be read and only counts.
/// </summary>
internal sealed class ImportCasesHandler(ICaseRepository cases, AgencyAccess access, RegisterClock clock, CurrentUser user, CaseAlertsFollower alerts,
    Infrastructure.Agencies.ImportMappingStore mappings, Infrastructure.Persistence.DbSession session)
    : ICommandHandler<ImportCasesCommand, ImportAnswer>
{
    /// <summary>A row replayed through the aggregate: the case (numbered later if the row keeps no number) and its history.</summary>
    private sealed record Replayed(ImportRow Row, CaseWithHistory History)
    {
        public Case Case => History.Case;
    }

    /// <summary>How many rows above the header (a title, a blank line) are looked through for it.</summary>
    private const int HeaderSearch = 10;

    /// <summary>How many rows are replayed and stored together (a chunk's cases, events and parameter rows are all that is held).</summary>
    internal const int Chunk = 1000;

    private readonly Dictionary<string, string?> agencyRefusals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> keptInFile = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> byYear = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> byChannel = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> byOutcome = new(StringComparer.Ordinal);
    private readonly List<ImportedCase> imported = [];
    private int replayedCount;
    private int undelivered;
    /// <summary>The rows seen so far by <see cref="SeenKey"/> (a 128-bit digest, so the file's descriptions and names are not held to the end).</summary>
    private readonly Dictionary<UInt128, int> seen = [];
    private readonly List<(int Row, string Existing)> registered = [];
    private readonly List<(int Row, int Earlier)> repeated = [];
    private int deliveryAssumed;
    private int submittedFromReceipt;
    private int kindFromIdNumber;

    public async ValueTask<ImportAnswer> Handle(ImportCasesCommand command, CancellationToken cancellationToken)
    {
        // The handler is scoped: a desk request may send a dry run after a refused import in the same scope.
        agencyRefusals.Clear();
        keptInFile.Clear();
        byYear.Clear();
        byChannel.Clear();
        byOutcome.Clear();
        imported.Clear();
        replayedCount = 0;
        undelivered = 0;
        seen.Clear();
        registered.Clear();
        repeated.Clear();
        deliveryAssumed = 0;
        submittedFromReceipt = 0;
        kindFromIdNumber = 0;
        if (command.Agency is not null) await access.EnsureCanActIn(command.Agency, cancellationToken);
        var file = RegisterFileReader.Read(command.File, command.Sheet);
        var saved = (await mappings.Get(command.Agency ?? user.AgencyCode, cancellationToken))
            .GroupBy(m => RegisterColumns.Normalize(m.SourceColumn)).ToDictionary(g => g.Key, g => g.First().Field, StringComparer.Ordinal);

        // The header is the row among the first few that names the most fields (an office's sheet has a title row above it).
        using var lines = file.Lines.GetEnumerator();
        var head = new List<RegisterLine>(HeaderSearch);
        while (head.Count < HeaderSearch && lines.MoveNext()) head.Add(lines.Current);
        var headerIndex = 0;
        var best = 0;
        for (var i = 0; i < head.Count; i++)
        {
            var known = RegisterRows.KnownColumns(head[i].Fields, saved);
            if (known > best) (best, headerIndex) = (known, i);
        }

        if (head.Count == 0 || head[headerIndex].Fields.All(string.IsNullOrWhiteSpace))
            throw ImportErrors.FileError($"The file is empty: its first row must name the columns ({string.Join(", ", RegisterColumns.Required.Select(RegisterColumns.ChineseName))}, …).");
        var header = head[headerIndex];
        var errors = new ImportErrors();
        var warnings = new List<string>();
        var columns = RegisterRows.ReadHeader(header, saved, command.Agency is not null, errors);
        if (errors.Any)
        {
            if (columns.Warning() is { } early) warnings.Add(early);
            return Answer(command, file, header.Number, columns, warnings, errors, 0);
        }

        // The numbers the file keeps are skipped by the sequences from the first chunk on, so they are known before any row is numbered.
        var kept = columns.Columns.TryGetValue(RegisterColumns.CaseNumber, out var keptColumn)
            ? KeptNumbers(RegisterFileReader.Read(command.File, command.Sheet).Lines, header.Number, keptColumn)
            : new HashSet<string>(StringComparer.Ordinal);
        if (!command.DryRun)
        {
            // Lock the sequences the kept numbers belong to first, so no live registration takes one of them before the insert.
            foreach (var (agency, year) in kept.Select(SequenceOf).Distinct().Order())
                await cases.LockSequence(agency, year, cancellationToken);
        }

        // The chunks are written in the one transaction: on SQLite its written pages spill to the WAL file instead of filling a 64 MiB cache.
        await using var pageCache = command.DryRun ? null : await session.BulkWritePageCache(cancellationToken);
        var options = new ImportOptions(command.Agency, command.DeliveredOnFromDecision, CheckWidth: file.Format == "csv");
        var context = clock.Context();
        var chunk = new List<ImportRow>(Chunk);
        var rowCount = 0;
        var tooMany = false;
        foreach (var line in Remaining(head, headerIndex, lines))
        {
            var row = line.Number - header.Number;
            if (row > ImportCasesCommand.MaxRows)
            {
                tooMany = true;
                break;
            }

            rowCount++;
            if (line.Defect is not null)
            {
                errors.Row(row, null, line.Defect);
                continue;
            }

            if (RegisterRows.Read(new CsvRecord(row, line.Fields), columns, options, errors, user.Name) is { } read) chunk.Add(read);
            if (chunk.Count == Chunk)
            {
                await Flush(chunk, command, columns, kept, errors, context, cancellationToken);
                chunk.Clear();
            }
        }

        if (tooMany)
            throw ImportErrors.FileError($"The file has more than {ImportCasesCommand.MaxRowsText} rows; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.");
        await Flush(chunk, command, columns, kept, errors, context, cancellationToken);
        if (columns.Warning() is { } warning) warnings.Add(warning);
        DefaultWarnings(warnings, columns);
        DeliveryWarnings(warnings);
        DuplicateWarnings(warnings);
        if (rowCount == 0) errors.File("The file has a header but no rows to import.");
        if (command.DryRun || errors.Any) return Answer(command, file, header.Number, columns, warnings, errors, rowCount);
        return new ImportAnswer(null, new ImportResult(imported.Count, imported) { Warnings = warnings });
    }

    private static IEnumerable<RegisterLine> Remaining(List<RegisterLine> head, int headerIndex, IEnumerator<RegisterLine> lines)
    {
        for (var i = headerIndex + 1; i < head.Count; i++) yield return head[i];
        head.Clear();
        while (lines.MoveNext()) yield return lines.Current;
    }

    /// <summary>The case numbers the rows under the header keep, as written (those that are not case numbers are refused row by row later).</summary>
    private static HashSet<string> KeptNumbers(IEnumerable<RegisterLine> lines, int headerNumber, int column)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Number <= headerNumber || line.Defect is not null || column >= line.Fields.Count) continue;
            var text = line.Fields[column].Trim();
            if (CaseNumber.TryParse(text, out _)) kept.Add(text);
        }

        return kept;
    }

    /// <summary>
    /// One chunk of read rows: checks their agencies and kept numbers, replays each, counts what would be imported, and, in a real
    /// import with no error so far, numbers and stores the chunk's cases with their history, notes and alerts.
    /// </summary>
    private async Task Flush(List<ImportRow> rows, ImportCasesCommand command, ColumnMapping columns, IReadOnlySet<string> kept, ImportErrors errors,
        ClockContext context, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await CheckAgencies(rows, columns, errors, cancellationToken);
        var numbered = rows.Where(r => !r.Faulty && r.CaseNumber is not null).ToList();
        CheckCaseNumbersInFile(numbered, columns, errors);
        if (!command.DryRun && numbered.Count > 0)
        {
            var existing = (await cases.ExistingCaseNumbers(numbered.Select(r => r.CaseNumber!).ToList(), cancellationToken)).ToHashSet(StringComparer.Ordinal);
            foreach (var row in numbered.Where(r => existing.Contains(r.CaseNumber!)))
                errors.Row(row.Row, columns.Display(RegisterColumns.CaseNumber), $"Case number {row.CaseNumber} is already in the register.");
        }

        var replayed = new List<Replayed>(rows.Count);
        foreach (var row in rows)
        {
            if (Replay(row, context, columns, errors) is not { } r || row.Faulty || errors.HasRow(row.Row)) continue;
            replayed.Add(r);
            replayedCount++;
            if (r.Row.DeliveryAssumed) deliveryAssumed++;
            if (r.Row.SubmittedFromReceipt) submittedFromReceipt++;
            if (r.Row.KindFromIdNumber) kindFromIdNumber++;
            if (r.Row.Case.Decision is not null && r.Row.Case.Delivery is null) undelivered++;
            Count(byYear, ((r.History.Reading.ReceiptDate ?? r.Case.SubmittedOn).Year).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Count(byChannel, r.Case.Channel.ToString());
            Count(byOutcome, r.History.Reading.Outcome ?? "");
        }

        await CheckDuplicates(replayed, command, errors, cancellationToken);
        if (command.DryRun || errors.Any) return;
        var stored = await Number(replayed, columns, kept, errors, cancellationToken);
        if (errors.Any) return;
        await cases.AddWithHistory(stored.Select(n => n.Replayed.History with { Case = n.Case, Note = NoteOf(n.Replayed.Row) }).ToList(), user.Actor, clock.Now,
            cancellationToken);
        await alerts.RaiseForNewCases(stored.Select(n => (n.Case, n.Replayed.History.Reading)).ToList(), cancellationToken);
        imported.AddRange(stored.Select(n => new ImportedCase(n.Replayed.Row.Row, n.Case.Id.Value, n.Case.CaseNumber)));
    }

    /// <summary>
    /// The warnings of trial A finding 7, each with how many rows took the default: 当面 rows without 提交日期 submitted on their
    /// 收到日期 (in person a request is received the day it is handed over, law.md §3), and rows without 申请人类型 taken as 自然人 by
    /// their 18-digit citizen identity number.
    /// </summary>
    private void DefaultWarnings(List<string> warnings, ColumnMapping columns)
    {
        if (submittedFromReceipt > 0)
            warnings.Add($"{submittedFromReceipt} row(s) of requests made in person (当面) have no {columns.Display(RegisterColumns.SubmittedOn)}: their "
                + $"{columns.Display(RegisterColumns.ReceivedOn)} is taken as the submission date (in person a request is received the day it is handed over).");
        if (kindFromIdNumber > 0)
            warnings.Add($"{kindFromIdNumber} row(s) have no {columns.Display(RegisterColumns.ApplicantKind)} and an 18-digit citizen identity number in "
                + $"{columns.Display(RegisterColumns.ApplicantIdNumber)}: they are taken as 自然人 (a natural person).");
    }

    /// <summary>
    /// The warnings of trial A finding 1: rows decided but not delivered (imported as 已决定待送达, so overdue once their time
    /// limit has passed and carried over in the annual report) and how to fix them; and rows whose delivery method was assumed.
    /// </summary>
    private void DeliveryWarnings(List<string> warnings)
    {
        if (undelivered > 0)
            warnings.Add($"{undelivered} row(s) have 答复日期 but no 送达日期: they are imported as decided but not delivered (已决定待送达), count as overdue "
                + "and are carried over in the annual report. Add the columns 送达日期 and 送达方式, or import with 送达日期 = 答复日期 (deliveredOnFromDecision=true).");
        if (deliveryAssumed > 0)
            warnings.Add($"{deliveryAssumed} row(s) have no 送达方式: they are taken as delivered on the decision date by the way the request came "
                + "(当面 → 当面领取, 网络 → 网上送达, 信函 and 传真 → 邮寄). Check these rows.");
    }

    /// <summary>
    /// Trial A finding 2: the rows of a chunk that look like a case already in the register of their agency, or like an earlier row of
    /// the file — the same submission date and description, and the same applicant ID number or name. A dry run notes them for its
    /// warnings; a real import refuses each (nothing is written) unless <see cref="ImportCasesCommand.AllowDuplicates"/>.
    /// </summary>
    private async Task CheckDuplicates(List<Replayed> rows, ImportCasesCommand command, ImportErrors errors, CancellationToken cancellationToken)
    {
        if (command.AllowDuplicates || rows.Count == 0) return;
        foreach (var r in rows)
        {
            var reg = r.Row.Case.Registration;
            var description = reg.Description.Trim();
            var keys = new List<string> { "name:" + reg.Applicant.Name.Trim() };
            if (reg.Applicant.IdNumber is { } id) keys.Add("id:" + id.Trim().ToUpperInvariant());
            var digests = keys.Select(k => SeenKey(reg.AgencyCode, reg.SubmittedOn, description, k)).ToList();
            var earlier = digests.Select(k => seen.TryGetValue(k, out var first) ? first : (int?)null).FirstOrDefault(f => f is not null);
            if (earlier is { } e)
            {
                repeated.Add((r.Row.Row, e));
                if (!command.DryRun)
                    errors.Row(r.Row.Row, null, $"This row repeats row {e} of the file (the same applicant, submission date and description): "
                        + "leave one of them out, or import with allowDuplicates=true.");
            }

            foreach (var k in digests) seen.TryAdd(k, r.Row.Row);
        }

        var probes = rows.Select(r => r.Row.Case.Registration)
            .Select((reg, i) => new LookalikeProbe(rows[i].Row.Row, reg.AgencyCode, reg.SubmittedOn, reg.Applicant.Name, reg.Applicant.IdNumber, reg.Description))
            .ToList();
        foreach (var group in (await cases.Lookalikes(probes, cancellationToken)).GroupBy(l => l.Key))
        {
            var numbers = string.Join(", ", group.Select(l => l.CaseNumber).Distinct());
            registered.Add((group.Key, numbers));
            if (!command.DryRun)
                errors.Row(group.Key, null, $"This row looks like case {numbers} already in the register (the same applicant, submission date and description): "
                    + "leave it out, or import with allowDuplicates=true.");
        }
    }

    /// <summary>
    /// A row's duplicate key — agency, submission date, description and applicant (<c>name:</c> or <c>id:</c>) — as the first 128 bits of
    /// its SHA-256 (two different keys share them with a chance far below any file's), so that 50,000 rows keep 50,000 numbers, not their text.
    /// </summary>
    private static UInt128 SeenKey(string agency, DateOnly submittedOn, string description, string applicant)
    {
        var text = string.Join('\u001f', agency, submittedOn.DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), description, applicant);
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    /// <summary>The dry run's warnings of the duplicate rows, as row → existing case numbers and row → earlier row.</summary>
    private void DuplicateWarnings(List<string> warnings)
    {
        if (registered.Count > 0)
            warnings.Add($"{registered.Count} row(s) look like cases already in the register (the same applicant, submission date and description), as row → case: "
                + $"{string.Join("; ", registered.OrderBy(d => d.Row).Select(d => $"{d.Row} → {d.Existing}"))}. The import refuses them: leave them out, "
                + "or import with allowDuplicates=true.");
        if (repeated.Count > 0)
            warnings.Add($"{repeated.Count} row(s) repeat an earlier row of the file (the same applicant, submission date and description), as row → earlier row: "
                + $"{string.Join("; ", repeated.OrderBy(d => d.Row).Select(d => $"{d.Row} → {d.Earlier}"))}. The import refuses them: leave them out, "
                + "or import with allowDuplicates=true.");
    }

    private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>The register's 备注 of a row, kept as a note of kind <c>ImportedRemark</c> dated the submission date.</summary>
    private static CaseNote? NoteOf(ImportRow row)
        => row.Note is { } text
            ? new CaseNote("ImportedRemark", row.Case.Registration.SubmittedOn, System.Text.Json.JsonSerializer.Serialize(new { text }))
            : null;

    /// <summary>A dry run's preview; for a real import with errors, the 400 of <see cref="ImportErrors"/>.</summary>
    private ImportAnswer Answer(ImportCasesCommand command, RegisterFile file, int headerRow, ColumnMapping columns, List<string> warnings,
        ImportErrors errors, int rowCount)
    {
        if (!command.DryRun) throw errors.Exception();
        return new ImportAnswer(new ImportPreview
        {
            Format = file.Format,
            Encoding = file.Encoding,
            Sheet = file.Sheet,
            Sheets = file.Sheets,
            HeaderRow = headerRow,
            Mapping = columns.All,
            Warnings = warnings,
            Errors = errors.List,
            DeliveredOnFromDecision = command.DeliveredOnFromDecision,
            AllowDuplicates = command.AllowDuplicates,
            Duplicates = registered.Select(d => d.Row).Union(repeated.Select(d => d.Row)).Count(),
            Agency = command.Agency,
            Rows = rowCount,
            WouldImport = errors.Any ? 0 : replayedCount,
            ByYear = new Dictionary<string, int>(byYear, StringComparer.Ordinal),
            ByChannel = new Dictionary<string, int>(byChannel, StringComparer.Ordinal),
            ByOutcome = new Dictionary<string, int>(byOutcome, StringComparer.Ordinal),
        }, null);
    }

    private async Task CheckAgencies(IReadOnlyList<ImportRow> rows, ColumnMapping columns, ImportErrors errors, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            var code = row.Case.Registration.AgencyCode;
            if (!agencyRefusals.TryGetValue(code, out var refusal))
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

                agencyRefusals[code] = refusal;
            }

            if (refusal is not null) errors.Row(row.Row, columns.Display(RegisterColumns.AgencyCode), refusal);
        }
    }

    private static (string Agency, int Year) SequenceOf(string caseNumber)
    {
        var number = CaseNumber.Parse(caseNumber);
        return (number.AgencyCode, number.Year);
    }

    private void CheckCaseNumbersInFile(IReadOnlyList<ImportRow> rows, ColumnMapping columns, ImportErrors errors)
    {
        foreach (var row in rows)
        {
            if (!keptInFile.TryAdd(row.CaseNumber!, row.Row))
                errors.Row(row.Row, columns.Display(RegisterColumns.CaseNumber), $"Case number {row.CaseNumber} is also given on row {keptInFile[row.CaseNumber!]}; a case number is used once.");
        }
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
            // A faulty row reports the rules' errors of the cells it could read, not a second error on a cell already wrong.
            var column = columns.Display(RegisterColumns.ForRefusal(e.Step, e.Refusal as InvalidInputException, e.Index));
            if (!row.Faulty || !errors.HasCell(row.Row, column)) errors.Row(row.Row, column, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Keeps the numbers the file gives and takes the next free numbers of each (agency, year) sequence, in row order,
    /// for the rows without one (<see cref="CaseNumber"/>): a kept number is skipped, never given twice, and never
    /// moves the sequence, so a high kept number (…-99999) does not block live registration.
    /// </summary>
    private async Task<List<(Case Case, Replayed Replayed)>> Number(IReadOnlyList<Replayed> replayed, ColumnMapping columns, IReadOnlySet<string> kept,
        ImportErrors errors, CancellationToken cancellationToken)
    {
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
