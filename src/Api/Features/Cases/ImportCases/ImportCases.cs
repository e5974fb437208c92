using System.Text;
using System.Text.RegularExpressions;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

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

/// <summary>The columns of the register's CSV, matched by header name without regard to case.</summary>
public static class RegisterColumns
{
    public const string CaseNumber = "caseNumber";
    public const string AgencyCode = "agencyCode";
    public const string Channel = "channel";
    public const string LetterMail = "letterMail";
    public const string SubmittedOn = "submittedOn";
    public const string ReceivedOn = "receivedOn";
    public const string ConfirmedOn = "confirmedOn";
    public const string ApplicantKind = "applicantKind";
    public const string ApplicantName = "applicantName";
    public const string ApplicantIdNumber = "applicantIdNumber";
    public const string ApplicantPhone = "applicantPhone";
    public const string ApplicantEmail = "applicantEmail";
    public const string ApplicantAddress = "applicantAddress";
    public const string Description = "description";
    public const string DeliveryForm = "deliveryForm";
    public const string SupplementRequestedOn = "supplementRequestedOn";
    public const string SupplementItems = "supplementItems";
    public const string SupplementSupplyBy = "supplementSupplyBy";
    public const string SupplementReceivedOn = "supplementReceivedOn";
    public const string ConsultationKind = "consultationKind";
    public const string ConsultationParty = "consultationParty";
    public const string ConsultationSentOn = "consultationSentOn";
    public const string ConsultationRepliedOn = "consultationRepliedOn";
    public const string ExtensionApprovedOn = "extensionApprovedOn";
    public const string ExtensionWorkingDays = "extensionWorkingDays";
    public const string ExtensionReason = "extensionReason";
    public const string ExtensionApplicantNotifiedOn = "extensionApplicantNotifiedOn";
    public const string ExtensionApprover = "extensionApprover";
    public const string DecidedOn = "decidedOn";
    public const string Outcome = "outcome";
    public const string Summary = "summary";
    public const string DeliveredOn = "deliveredOn";
    public const string DeliveryMethod = "deliveryMethod";
    public const string WithdrawnOn = "withdrawnOn";
    public const string AbandonedOn = "abandonedOn";

    public static readonly IReadOnlyList<string> Required = [AgencyCode, Channel, SubmittedOn, ApplicantKind, ApplicantName, Description];

    public static readonly IReadOnlyList<string> Optional =
    [
        CaseNumber, LetterMail, ReceivedOn, ConfirmedOn, ApplicantIdNumber, ApplicantPhone, ApplicantEmail, ApplicantAddress, DeliveryForm,
        SupplementRequestedOn, SupplementItems, SupplementSupplyBy, SupplementReceivedOn,
        ConsultationKind, ConsultationParty, ConsultationSentOn, ConsultationRepliedOn,
        ExtensionApprovedOn, ExtensionWorkingDays, ExtensionReason, ExtensionApplicantNotifiedOn, ExtensionApprover,
        DecidedOn, Outcome, Summary, DeliveredOn, DeliveryMethod, WithdrawnOn, AbandonedOn,
    ];

    public static readonly IReadOnlyList<string> All = [.. Required, .. Optional];
}

/// <summary>
/// The import's errors, keyed as the problem details' <c>errors</c>: <c>file</c> for the file as a whole,
/// <c>header: &lt;column&gt;</c> for the header row, <c>row N: &lt;column&gt;</c> for data row N (1 = the first row under
/// the header; <c>row N</c> alone when the row itself cannot be read).
/// </summary>
internal sealed class ImportErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private readonly HashSet<int> rows = [];

    public bool Any => errors.Count > 0;

    public bool HasRow(int row) => rows.Contains(row);

    public void File(string message) => Add("file", message);

    public void Header(string column, string message) => Add($"header: {column}", message);

    public void Row(int row, string? column, string message)
    {
        rows.Add(row);
        Add(string.IsNullOrEmpty(column) ? $"row {row}" : $"row {row}: {column}", message);
    }

    private void Add(string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        list.Add(message);
    }

    public ValidationException Exception()
    {
        var summary = rows.Count > 0
            ? $"{rows.Count} row{(rows.Count == 1 ? " has" : "s have")} errors; nothing was imported. Correct the rows listed and send the whole file again."
            : "Nothing was imported: " + string.Join(" ", errors.Values.SelectMany(v => v));
        return new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), summary);
    }

    public static ValidationException FileError(string message)
    {
        var errors = new ImportErrors();
        errors.File(message);
        return errors.Exception();
    }
}

internal sealed partial class ImportCasesHandler(ICaseRepository cases, AgencyAccess access, RegisterClock clock, CurrentUser user, CaseAlertsFollower alerts)
    : ICommandHandler<ImportCasesCommand, ImportResult>
{
    /// <summary>One step of a row's history, replayed in date order; <see cref="Order"/> breaks ties in the order of law.md §3–4.</summary>
    private sealed record Step(DateOnly On, int Order, string Column, IReadOnlyDictionary<string, string> Fields, Action<Case, ClockContext> Apply);

    private sealed record Plan(int Row, string? CaseNumber, Registration Registration, IReadOnlyList<Step> Steps);

    private sealed record Replayed(Plan Plan, Case Case, ClockReading Reading, IReadOnlyList<DueChange> Dues);

    private static readonly Dictionary<string, string> RegisterFields = new(StringComparer.Ordinal)
    {
        ["description"] = RegisterColumns.Description,
        ["applicant.name"] = RegisterColumns.ApplicantName,
        ["submittedOn"] = RegisterColumns.SubmittedOn,
        ["receivedOn"] = RegisterColumns.ReceivedOn,
        ["letterMail"] = RegisterColumns.LetterMail,
    };

    public async ValueTask<ImportResult> Handle(ImportCasesCommand command, CancellationToken cancellationToken)
    {
        var table = RegisterCsv.Parse(command.Csv, ImportCasesCommand.MaxRows);
        if (table.TooManyRows)
            throw ImportErrors.FileError($"The file has more than {ImportCasesCommand.MaxRowsText} rows; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.");
        if (table.Header.Count == 0 || table.Header.All(string.IsNullOrWhiteSpace))
            throw ImportErrors.FileError($"The file is empty: its first row must name the columns ({string.Join(", ", RegisterColumns.Required)}, …).");

        var errors = new ImportErrors();
        var columns = ReadHeader(table, errors);
        if (errors.Any) throw errors.Exception();
        if (table.Records.Count == 0 && table.Defects.Count == 0) throw ImportErrors.FileError("The file has a header but no rows to import.");
        foreach (var defect in table.Defects) errors.Row(defect.Row, null, defect.Message);

        var plans = new List<Plan>();
        foreach (var record in table.Records)
        {
            if (Read(record, table.Header.Count, columns, errors) is { } plan) plans.Add(plan);
        }

        await CheckAgencies(table, columns, errors, cancellationToken);
        await CheckCaseNumbers(plans, errors, cancellationToken);
        var context = clock.Context();
        var replayed = plans.Select(p => Replay(p, context, errors)).OfType<Replayed>().ToList();
        if (errors.Any) throw errors.Exception();

        var numbered = await Number(replayed, errors, cancellationToken);
        if (errors.Any) throw errors.Exception();

        await cases.AddWithHistory(numbered.Select(n => new CaseWithHistory(n.Case, n.Replayed.Reading, n.Replayed.Dues)).ToList(), user.Actor, clock.Now,
            cancellationToken);
        await alerts.RaiseForNewCases(numbered.Select(n => (n.Case, n.Replayed.Reading)).ToList(), cancellationToken);
        var imported = numbered.Select(n => new ImportedCase(n.Replayed.Plan.Row, n.Case.Id.Value, n.Case.CaseNumber)).ToList();
        return new ImportResult(imported.Count, imported);
    }

    private static Dictionary<string, int> ReadHeader(CsvTable table, ImportErrors errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < table.Header.Count; i++)
        {
            var name = table.Header[i].Trim();
            var known = RegisterColumns.All.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (name.Length == 0)
                errors.Header($"column {i + 1}", "The header names no column here; name it or delete the column.");
            else if (known is null)
                errors.Header(name, $"Unknown column \"{name}\". The columns are: {string.Join(", ", RegisterColumns.All)}.");
            else if (!columns.TryAdd(known, i))
                errors.Header(known, $"The column {known} appears twice in the header.");
        }

        foreach (var defect in table.Defects.Where(d => d.Row == 0)) errors.Header("row", defect.Message);
        foreach (var required in RegisterColumns.Required.Where(c => !columns.ContainsKey(c)))
            errors.Header(required, $"The required column {required} is missing.");
        return columns;
    }

    private Plan? Read(CsvRecord record, int width, IReadOnlyDictionary<string, int> columns, ImportErrors errors)
    {
        var row = record.Row;
        if (record.Fields.Count < width)
        {
            errors.Row(row, null, $"The row has {record.Fields.Count} fields; the header has {width}. Check for a missing comma or an unquoted line break.");
            return null;
        }

        if (record.Fields.Skip(width).Any(f => f.Trim().Length > 0))
        {
            errors.Row(row, null, $"The row has {record.Fields.Count} fields; the header has {width}. Quote fields that contain a comma.");
            return null;
        }

        var cells = new Cells(record, columns, errors);
        var agency = cells.Code(RegisterColumns.AgencyCode);
        var channel = cells.Enum<Channel>(RegisterColumns.Channel, required: true);
        var letterMail = cells.Enum<LetterMail>(RegisterColumns.LetterMail);
        var submittedOn = cells.Date(RegisterColumns.SubmittedOn, required: true);
        var receivedOn = cells.Date(RegisterColumns.ReceivedOn);
        var confirmedOn = cells.Date(RegisterColumns.ConfirmedOn);
        var kind = cells.Enum<ApplicantKind>(RegisterColumns.ApplicantKind, required: true);
        var name = cells.Text(RegisterColumns.ApplicantName, Validator.ShortText, required: true);
        var idNumber = cells.Text(RegisterColumns.ApplicantIdNumber, 40);
        var phone = cells.Text(RegisterColumns.ApplicantPhone, 40);
        var email = cells.Text(RegisterColumns.ApplicantEmail, Validator.ShortText);
        var address = cells.Text(RegisterColumns.ApplicantAddress, 500);
        var description = cells.Text(RegisterColumns.Description, Validator.LongText, required: true);
        var deliveryForm = cells.Enum<DeliveryForm>(RegisterColumns.DeliveryForm);
        var caseNumber = cells.Text(RegisterColumns.CaseNumber, 60);

        var supplementOn = cells.Date(RegisterColumns.SupplementRequestedOn);
        var items = cells.Text(RegisterColumns.SupplementItems, 2000);
        var supplyBy = cells.Date(RegisterColumns.SupplementSupplyBy);
        var supplementReceivedOn = cells.Date(RegisterColumns.SupplementReceivedOn);
        cells.NeedsAnchor(RegisterColumns.SupplementRequestedOn, RegisterColumns.SupplementItems, RegisterColumns.SupplementSupplyBy, RegisterColumns.SupplementReceivedOn);

        var consultationKind = cells.Enum<ConsultationKind>(RegisterColumns.ConsultationKind);
        var party = cells.Text(RegisterColumns.ConsultationParty, Validator.ShortText);
        var sentOn = cells.Date(RegisterColumns.ConsultationSentOn);
        var repliedOn = cells.Date(RegisterColumns.ConsultationRepliedOn);
        cells.NeedsAnchor(RegisterColumns.ConsultationSentOn, RegisterColumns.ConsultationKind, RegisterColumns.ConsultationParty, RegisterColumns.ConsultationRepliedOn);
        cells.RequiredWith(RegisterColumns.ConsultationSentOn, RegisterColumns.ConsultationKind, RegisterColumns.ConsultationParty);

        var approvedOn = cells.Date(RegisterColumns.ExtensionApprovedOn);
        var workingDays = cells.Int(RegisterColumns.ExtensionWorkingDays, 1, 366);
        var reason = cells.Text(RegisterColumns.ExtensionReason, 1000);
        var notifiedOn = cells.Date(RegisterColumns.ExtensionApplicantNotifiedOn);
        var approver = cells.Text(RegisterColumns.ExtensionApprover, Validator.ShortText);
        cells.NeedsAnchor(RegisterColumns.ExtensionApprovedOn, RegisterColumns.ExtensionWorkingDays, RegisterColumns.ExtensionReason,
            RegisterColumns.ExtensionApplicantNotifiedOn, RegisterColumns.ExtensionApprover);
        cells.RequiredWith(RegisterColumns.ExtensionApprovedOn, RegisterColumns.ExtensionWorkingDays, RegisterColumns.ExtensionReason,
            RegisterColumns.ExtensionApplicantNotifiedOn);

        var decidedOn = cells.Date(RegisterColumns.DecidedOn);
        var outcome = cells.Text(RegisterColumns.Outcome, 60);
        var summary = cells.Text(RegisterColumns.Summary, Validator.LongText);
        var deliveredOn = cells.Date(RegisterColumns.DeliveredOn);
        var deliveryMethod = cells.Enum<DeliveryMethod>(RegisterColumns.DeliveryMethod);
        var withdrawnOn = cells.Date(RegisterColumns.WithdrawnOn);
        var abandonedOn = cells.Date(RegisterColumns.AbandonedOn);
        cells.NeedsAnchor(RegisterColumns.DecidedOn, RegisterColumns.Summary);
        cells.NeedsAnchor(RegisterColumns.DeliveredOn, RegisterColumns.DeliveryMethod);
        cells.RequiredWith(RegisterColumns.DeliveredOn, RegisterColumns.DeliveryMethod);
        CheckClosingColumns(cells);

        if (errors.HasRow(row)) return null;

        var registration = new Registration
        {
            AgencyCode = agency!,
            Channel = channel!.Value,
            LetterMail = letterMail,
            SubmittedOn = submittedOn!.Value,
            ReceivedOn = receivedOn,
            Applicant = new Applicant(kind!.Value, name!, idNumber, phone, email, address),
            Description = description!,
            DeliveryForm = deliveryForm,
        };

        if (caseNumber is not null && CheckCaseNumber(caseNumber, registration, confirmedOn) is { } problem)
        {
            errors.Row(row, RegisterColumns.CaseNumber, problem);
            return null;
        }

        var steps = new List<Step>();
        if (confirmedOn is { } confirmed)
            steps.Add(new Step(confirmed, 1, RegisterColumns.ConfirmedOn, Fields(("confirmedOn", RegisterColumns.ConfirmedOn)),
                (c, context) => c.ConfirmReceipt(confirmed, context)));
        if (supplementOn is { } requested)
        {
            steps.Add(new Step(requested, 2, RegisterColumns.SupplementRequestedOn,
                Fields(("requestedOn", RegisterColumns.SupplementRequestedOn), ("items", RegisterColumns.SupplementItems), ("supplyBy", RegisterColumns.SupplementSupplyBy)),
                (c, context) => c.RequestSupplement(requested, items ?? "", supplyBy, context)));
            if (supplementReceivedOn is { } supplied)
                steps.Add(new Step(supplied, 3, RegisterColumns.SupplementReceivedOn, Fields(("receivedOn", RegisterColumns.SupplementReceivedOn)),
                    (c, context) => c.ReceiveSupplement(supplied, context)));
        }

        if (sentOn is { } sent)
        {
            Guid? consultation = null;
            steps.Add(new Step(sent, 4, RegisterColumns.ConsultationSentOn,
                Fields(("sentOn", RegisterColumns.ConsultationSentOn), ("party", RegisterColumns.ConsultationParty)),
                (c, context) => consultation = c.SendConsultation(consultationKind!.Value, party!, sent, context)));
            if (repliedOn is { } replied)
                steps.Add(new Step(replied, 5, RegisterColumns.ConsultationRepliedOn, Fields(("receivedOn", RegisterColumns.ConsultationRepliedOn)),
                    (c, context) => c.ReceiveConsultationReply(consultation!.Value, replied, consents: null, context)));
        }

        if (approvedOn is { } approved)
        {
            var approvedBy = approver ?? user.Name;
            steps.Add(new Step(approved, 6, RegisterColumns.ExtensionApprovedOn,
                Fields(("approvedOn", RegisterColumns.ExtensionApprovedOn), ("reason", RegisterColumns.ExtensionReason),
                    ("applicantNotifiedOn", RegisterColumns.ExtensionApplicantNotifiedOn)),
                (c, context) => c.ApproveExtension(approved, workingDays!.Value, reason!, notifiedOn!.Value, approvedBy, context)));
        }

        if (decidedOn is { } decided)
            steps.Add(new Step(decided, 7, RegisterColumns.DecidedOn, Fields(("decidedOn", RegisterColumns.DecidedOn), ("outcome", RegisterColumns.Outcome)),
                (c, context) => c.Decide(decided, outcome!, summary, context)));
        if (deliveredOn is { } delivered)
            steps.Add(new Step(delivered, 8, RegisterColumns.DeliveredOn, Fields(("deliveredOn", RegisterColumns.DeliveredOn)),
                (c, context) => c.Deliver(delivered, deliveryMethod!.Value, context)));
        if (withdrawnOn is { } withdrawn)
            steps.Add(new Step(withdrawn, 9, RegisterColumns.WithdrawnOn, Fields(("withdrawnOn", RegisterColumns.WithdrawnOn)),
                (c, context) => c.Withdraw(withdrawn, context)));
        if (abandonedOn is { } abandoned)
            steps.Add(new Step(abandoned, 10, RegisterColumns.AbandonedOn, Fields(("closedOn", RegisterColumns.AbandonedOn), ("outcome", RegisterColumns.Outcome)),
                (c, context) => c.CloseAsAbandoned(abandoned, outcome!, context)));

        return new Plan(row, caseNumber, registration, steps);
    }

    /// <summary>
    /// The outcome column serves the decision, or the abandonment; a withdrawal sets its own outcome. A case
    /// closes one way only.
    /// </summary>
    private static void CheckClosingColumns(Cells cells)
    {
        var decided = cells.Has(RegisterColumns.DecidedOn);
        var abandoned = cells.Has(RegisterColumns.AbandonedOn);
        var withdrawn = cells.Has(RegisterColumns.WithdrawnOn);
        var outcome = cells.Raw(RegisterColumns.Outcome);
        if (decided && abandoned)
            cells.Error(RegisterColumns.AbandonedOn, "A case closed as abandoned has no decision: give decidedOn or abandonedOn, not both.");
        else if (withdrawn && abandoned)
            cells.Error(RegisterColumns.WithdrawnOn, "A case is closed once: give withdrawnOn or abandonedOn, not both.");
        else if ((decided || abandoned) && outcome is null)
            cells.Error(RegisterColumns.Outcome, $"outcome is required with {(decided ? RegisterColumns.DecidedOn : RegisterColumns.AbandonedOn)}"
                + (abandoned ? " (Other.SupplementOverdue or Other.FeeUnpaid)." : "."));
        else if (withdrawn && !decided && outcome is not null && outcome != Outcome.Withdrawal(Regime.Regime2019).Code
                 && outcome != Outcome.Withdrawal(Regime.Regime2008).Code)
            cells.Error(RegisterColumns.Outcome, "A withdrawal closes the case with its own outcome (Other.Withdrawn; Regime 2008: Withdrawn): leave outcome empty.");
        else if (!decided && !abandoned && !withdrawn && outcome is not null)
            cells.Error(RegisterColumns.Outcome, "outcome needs decidedOn (or abandonedOn for Other.SupplementOverdue and Other.FeeUnpaid).");
    }

    /// <summary>The register's own numbering: &lt;agency&gt;-&lt;year&gt;-&lt;5 digits&gt;, of the year submitted or received.</summary>
    private static string? CheckCaseNumber(string caseNumber, Registration registration, DateOnly? confirmedOn)
    {
        var match = CaseNumberPattern().Match(caseNumber);
        if (!match.Success)
            return $"\"{caseNumber}\" is not a case number of the register: write <agencyCode>-<year>-<5 digits>, e.g. {registration.AgencyCode}-{registration.SubmittedOn.Year}-00001.";
        if (!string.Equals(match.Groups["agency"].Value, registration.AgencyCode, StringComparison.Ordinal))
            return $"Case number {caseNumber} does not belong to agency {registration.AgencyCode}: it must begin with {registration.AgencyCode}-.";
        var year = int.Parse(match.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var receiptYear = (registration.ReceivedOn ?? confirmedOn)?.Year;
        if (year != registration.SubmittedOn.Year && year != receiptYear)
            return $"Case number {caseNumber} is of {year}, but the request was submitted in {registration.SubmittedOn.Year}"
                + (receiptYear is { } r && r != registration.SubmittedOn.Year ? $" and received in {r}." : ".");
        if (int.Parse(match.Groups["seq"].Value, System.Globalization.CultureInfo.InvariantCulture) == 0)
            return $"Case number {caseNumber}: the numbers of a year start at 00001.";
        return null;
    }

    private async Task CheckAgencies(CsvTable table, IReadOnlyDictionary<string, int> columns, ImportErrors errors, CancellationToken cancellationToken)
    {
        var refusals = new Dictionary<string, string?>(StringComparer.Ordinal);
        var column = columns[RegisterColumns.AgencyCode];
        foreach (var record in table.Records)
        {
            if (column >= record.Fields.Count) continue;
            var code = record.Fields[column].Trim();
            if (code.Length == 0 || !CodePattern().IsMatch(code)) continue;
            if (!refusals.TryGetValue(code, out var refusal))
            {
                try
                {
                    await access.EnsureCanActIn(code, cancellationToken);
                    refusal = null;
                }
                catch (Exception e) when (e is ForbiddenException or InvalidInputException)
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
        var match = CaseNumberPattern().Match(caseNumber);
        return (match.Groups["agency"].Value, int.Parse(match.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task CheckCaseNumbers(IReadOnlyList<Plan> plans, ImportErrors errors, CancellationToken cancellationToken)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var plan in plans.Where(p => p.CaseNumber is not null))
        {
            if (!first.TryAdd(plan.CaseNumber!, plan.Row))
                errors.Row(plan.Row, RegisterColumns.CaseNumber, $"Case number {plan.CaseNumber} is also given on row {first[plan.CaseNumber!]}; a case number is used once.");
        }

        if (first.Count == 0) return;
        // Lock the sequences the kept numbers belong to first, so no live registration takes one of them between this check and the insert.
        foreach (var (agency, year) in first.Keys.Select(SequenceOf).Distinct().Order())
            await cases.LockSequence(agency, year, cancellationToken);
        var existing = (await cases.ExistingCaseNumbers(first.Keys, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var plan in plans.Where(p => p.CaseNumber is not null && existing.Contains(p.CaseNumber)))
            errors.Row(plan.Row, RegisterColumns.CaseNumber, $"Case number {plan.CaseNumber} is already in the register.");
    }

    /// <summary>Runs the row's history through the aggregate, step by step in date order, as live entry would have.</summary>
    private static Replayed? Replay(Plan plan, ClockContext context, ImportErrors errors)
    {
        var column = RegisterColumns.SubmittedOn;
        IReadOnlyDictionary<string, string> fields = RegisterFields;
        try
        {
            var @case = Case.Register(CaseId.New(), plan.CaseNumber ?? "", plan.Registration, context);
            var reading = @case.Clock(context.Calendar, context.Settings);
            var dues = new List<DueChange> { new(null, reading.DueOn) };
            foreach (var step in plan.Steps.OrderBy(s => s.On).ThenBy(s => s.Order))
            {
                (column, fields) = (step.Column, step.Fields);
                var before = reading.DueOn;
                step.Apply(@case, context);
                reading = @case.Clock(context.Calendar, context.Settings);
                dues.Add(new DueChange(before, reading.DueOn));
            }

            return new Replayed(plan, @case, reading, dues);
        }
        catch (InvalidInputException e)
        {
            errors.Row(plan.Row, fields.GetValueOrDefault(e.Field, column), e.Message);
        }
        catch (DomainRuleException e)
        {
            errors.Row(plan.Row, column, e.Message);
        }
        catch (NotFoundException e)
        {
            errors.Row(plan.Row, column, e.Message);
        }

        return null;
    }

    /// <summary>
    /// Keeps the numbers the file gives and takes the next free numbers of each (agency, year) sequence, in row order,
    /// for the rows without one (<see cref="CaseNumber"/>): a kept number is skipped, never given twice, and never
    /// moves the sequence, so a high kept number (…-99999) does not block live registration.
    /// </summary>
    private async Task<List<(Case Case, Replayed Replayed)>> Number(IReadOnlyList<Replayed> replayed, ImportErrors errors, CancellationToken cancellationToken)
    {
        var kept = replayed.Where(r => r.Plan.CaseNumber is not null).Select(r => r.Plan.CaseNumber!).ToHashSet(StringComparer.Ordinal);
        var result = new List<(Case, Replayed)>(replayed.Count);
        foreach (var group in replayed.Where(r => r.Plan.CaseNumber is null).GroupBy(r => (r.Case.AgencyCode, r.Case.SubmittedOn.Year)).OrderBy(g => g.Key))
        {
            var (agency, year) = group.Key;
            var rows = group.ToList();
            var numbers = await cases.TakeNumbers(agency, year, rows.Count, kept, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                if (i >= numbers.Count)
                {
                    errors.Row(r.Plan.Row, RegisterColumns.CaseNumber, CaseNumber.UsedUp(agency, year).Message);
                    continue;
                }

                result.Add((Case.Rehydrate(r.Case.Id, new CaseNumber(agency, year, numbers[i]).ToString(), r.Plan.Registration, r.Case.Events, r.Case.Version), r));
            }
        }

        result.AddRange(replayed.Where(r => r.Plan.CaseNumber is not null).Select(r => (r.Case, r)));
        result.Sort((a, b) => a.Item2.Plan.Row.CompareTo(b.Item2.Plan.Row));
        return result;
    }

    private static Dictionary<string, string> Fields(params (string Field, string Column)[] pairs)
        => pairs.ToDictionary(p => p.Field, p => p.Column, StringComparer.Ordinal);

    [GeneratedRegex("^(?<agency>[A-Za-z0-9_-]{1,20})-(?<year>[0-9]{4})-(?<seq>[0-9]{5})$")]
    private static partial Regex CaseNumberPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,20}$")]
    internal static partial Regex CodePattern();

    /// <summary>The cells of one row, read by column name; every problem is recorded against the row and column.</summary>
    private sealed class Cells(CsvRecord record, IReadOnlyDictionary<string, int> columns, ImportErrors errors)
    {
        public string? Raw(string column)
            => columns.TryGetValue(column, out var i) && record.Fields[i].Trim() is { Length: > 0 } value ? value : null;

        public bool Has(string column) => Raw(column) is not null;

        public void Error(string column, string message) => errors.Row(record.Row, column, message);

        public string? Text(string column, int max, bool required = false)
        {
            var value = Raw(column);
            if (value is null)
            {
                if (required) Error(column, $"{column} is required.");
                return null;
            }

            if (value.Length > max) Error(column, $"{column} is at most {max} characters; this one has {value.Length}.");
            else if (FreeText.Problem(column, value) is { } problem) Error(column, problem);
            else return value;
            return null;
        }

        public string? Code(string column)
        {
            var value = Text(column, 20, required: true);
            if (value is not null && !CodePattern().IsMatch(value))
            {
                Error(column, $"{column} must be 1–20 letters, digits, '-' or '_' (e.g. CX).");
                return null;
            }

            return value;
        }

        public DateOnly? Date(string column, bool required = false)
        {
            var value = Raw(column);
            if (value is null)
            {
                if (required) Error(column, $"{column} is required.");
                return null;
            }

            if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
                return date;
            Error(column, $"{column} \"{value}\" is not a date written yyyy-MM-dd.");
            return null;
        }

        public T? Enum<T>(string column, bool required = false) where T : struct, Enum
        {
            var value = Raw(column);
            if (value is null)
            {
                if (required) Error(column, $"{column} is required.");
                return null;
            }

            var name = System.Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase));
            if (name is not null) return System.Enum.Parse<T>(name);
            Error(column, $"{column} \"{value}\" must be one of {string.Join(", ", System.Enum.GetNames<T>())}.");
            return null;
        }

        public int? Int(string column, int min, int max)
        {
            var value = Raw(column);
            if (value is null) return null;
            if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
                return number;
            Error(column, $"{column} \"{value}\" must be a whole number from {min} to {max}.");
            return null;
        }

        /// <summary>Each of <paramref name="dependents"/> given without <paramref name="anchor"/> is an error.</summary>
        public void NeedsAnchor(string anchor, params string[] dependents)
        {
            if (Has(anchor)) return;
            foreach (var dependent in dependents.Where(Has))
                Error(dependent, $"{dependent} needs {anchor}: give the date of that step, or leave {dependent} empty.");
        }

        /// <summary>With <paramref name="anchor"/> given, each of <paramref name="required"/> must be given too.</summary>
        public void RequiredWith(string anchor, params string[] required)
        {
            if (!Has(anchor)) return;
            foreach (var column in required.Where(c => !Has(c)))
                Error(column, $"{column} is required with {anchor}.");
        }
    }
}

public static class ImportCasesEndpoint
{
    private static readonly string[] CsvMediaTypes = ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"];

    public static void Map(RouteGroupBuilder group) => group.MapPost("/import", async (HttpRequest http, ISender sender, CancellationToken ct) =>
        {
            var csv = await ReadCsv(http, ct);
            return TypedResults.Ok(await sender.Send(new ImportCasesCommand { Csv = csv, IdempotencyKey = Preconditions.IdempotencyKey(http) }, ct));
        })
        .RequireAuthorization(Policies.Register)
        .Accepts<string>("text/csv", "multipart/form-data")
        .Produces<ImportResult>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .WithMetadata(new RequestSizeLimitAttribute(ImportCasesCommand.MaxBytes + 1024 * 1024))
        .WithName("ImportCases")
        .WithSummary("Import an existing register from CSV, all or nothing; errors keyed \"row N: column\" (row 1 = first row under the header).")
        .WithDescription($"""
            Body: the CSV file as `text/csv` (UTF-8, a BOM is fine), or a multipart form with the file in the field `file`; at most
            {ImportCasesCommand.MaxRowsText} rows and 20 MB (413 above). The first row names the columns, in any order and case.
            Required: {string.Join(", ", RegisterColumns.Required)}. Optional: {string.Join(", ", RegisterColumns.Optional)}.
            Dates are yyyy-MM-dd; enums are the names of the JSON API. Each row is one case, replayed through every step it names
            in date order under the rules of live entry (the importer is recorded as the actor; extensionApprover names the approver).
            caseNumber, when given, is kept (<agencyCode>-<year>-<5 digits>, unique); it does not move the agency's sequence for that
            year, which skips it when it gets there. Otherwise the case takes the sequence's next free number. An Idempotency-Key header makes a retry return the first result.
            Any error and nothing is written: 400 with `errors` keyed `file`, `header: <column>`, `row N: <column>` or `row N`,
            where row N is the N-th row under the header (spreadsheet row N+1).
            """);

    /// <summary>The CSV text of the request body or of the form's <c>file</c>, at most 20 MB of UTF-8.</summary>
    internal static async Task<string> ReadCsv(HttpRequest request, CancellationToken cancellationToken)
    {
        Stream body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? throw new InvalidInputException("file", "Send the CSV file in the form field \"file\".");
            if (file.Length > ImportCasesCommand.MaxBytes) throw TooLarge();
            body = file.OpenReadStream();
        }
        else
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
            if (mediaType is null || !CsvMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
                throw new BadHttpRequestException("Send the register as text/csv (UTF-8), or as a multipart form with the file in the field \"file\".",
                    StatusCodes.Status415UnsupportedMediaType);
            if (request.ContentLength > ImportCasesCommand.MaxBytes) throw TooLarge();
            body = request.Body;
        }

        await using (body)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > ImportCasesCommand.MaxBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }

            return DecodeCsv(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
    }

    /// <summary>Strict UTF-8 (a spreadsheet saved in GBK would otherwise import as mojibake), without the BOM.</summary>
    public static string DecodeCsv(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException("file", "The file is not UTF-8 text: save the spreadsheet as \"CSV UTF-8\" and send it again.");
        }
    }

    private static BadHttpRequestException TooLarge()
        => new($"The file is larger than 20 MB; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.", StatusCodes.Status413PayloadTooLarge);
}
