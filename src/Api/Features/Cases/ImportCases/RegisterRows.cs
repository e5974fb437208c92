using CaseTracker.Infrastructure;
using CaseTracker.Domain.Applicants;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure.Cases;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>A data row read as a past case: its number (1 = the first row under the header) and the case number it keeps, if any.</summary>
internal sealed record ImportRow(int Row, string? CaseNumber, PastCase Case);

/// <summary>Reads the register's rows, cell by cell, into past cases; each problem is an error of its row and column.</summary>
internal static class RegisterRows
{
    /// <summary>
    /// The header row: each known column (any case) and its position; an unnamed, unknown or repeated column, and a
    /// missing required one, is an error keyed <c>header: &lt;column&gt;</c>.
    /// </summary>
    public static Dictionary<string, int> ReadHeader(CsvTable table, ImportErrors errors)
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

    /// <summary>
    /// One data row as a past case (and the case number it keeps, if any), or null when the row has errors, each recorded
    /// against the row and column. <paramref name="defaultApprover"/> approved an extension whose approver is not given.
    /// </summary>
    public static ImportRow? Read(CsvRecord record, int width, IReadOnlyDictionary<string, int> columns, ImportErrors errors, string defaultApprover)
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

        var cells = new RegisterCells(record, columns, errors);
        var agency = cells.Code(RegisterColumns.AgencyCode);
        var channel = cells.Enum<Channel>(RegisterColumns.Channel, required: true);
        var letterMail = cells.Enum<LetterMail>(RegisterColumns.LetterMail);
        var submittedOn = cells.Date(RegisterColumns.SubmittedOn, required: true);
        var receivedOn = cells.Date(RegisterColumns.ReceivedOn);
        var confirmedOn = cells.Date(RegisterColumns.ConfirmedOn);
        var kind = cells.Enum<ApplicantKind>(RegisterColumns.ApplicantKind, required: true);
        var name = cells.Text(RegisterColumns.ApplicantName, Validator.ShortText, required: true);
        var idNumber = cells.Text(RegisterColumns.ApplicantIdNumber, 40);
        if (idNumber is not null && IdDocument.Problem(IdDocument.DefaultFor(kind is null or ApplicantKind.NaturalPerson), idNumber, RegisterClock.ChinaToday()) is { } idProblem)
            cells.Error(RegisterColumns.ApplicantIdNumber, idProblem);
        var phone = cells.Text(RegisterColumns.ApplicantPhone, 40);
        var email = cells.Text(RegisterColumns.ApplicantEmail, Validator.ShortText);
        // The same contact rules as registration (src/Domain/Applicants/ContactDetails.cs).
        if (phone is not null && ContactDetails.PhoneProblem(phone) is { } phoneProblem) cells.Error(RegisterColumns.ApplicantPhone, phoneProblem);
        if (email is not null && ContactDetails.EmailProblem(email) is { } emailProblem) cells.Error(RegisterColumns.ApplicantEmail, emailProblem);
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

        var past = new PastCase
        {
            Registration = new Registration
            {
                AgencyCode = agency!,
                Channel = channel!.Value,
                LetterMail = letterMail,
                SubmittedOn = submittedOn!.Value,
                ReceivedOn = receivedOn,
                Applicant = new Applicant(kind!.Value, name!, idNumber, phone, email, address),
                Description = description!,
                DeliveryForm = deliveryForm,
            },
            ConfirmedOn = confirmedOn,
            Supplement = supplementOn is { } requested ? new PastSupplement(requested, items, supplyBy, supplementReceivedOn) : null,
            Consultation = sentOn is { } sent ? new PastConsultation(consultationKind!.Value, party!, sent, repliedOn) : null,
            Extension = approvedOn is { } approved
                ? new PastExtension(approved, workingDays!.Value, reason!, notifiedOn!.Value, approver ?? defaultApprover)
                : null,
            Decision = decidedOn is { } decided ? new PastDecision(decided, outcome!, summary) : null,
            Delivery = deliveredOn is { } delivered ? new PastDelivery(delivered, deliveryMethod!.Value) : null,
            WithdrawnOn = withdrawnOn,
            Abandonment = abandonedOn is { } abandoned ? new PastAbandonment(abandoned, outcome!) : null,
        };

        if (caseNumber is not null && past.KeptNumberProblem(caseNumber) is { } problem)
        {
            errors.Row(row, RegisterColumns.CaseNumber, problem);
            return null;
        }

        return new ImportRow(row, caseNumber, past);
    }

    /// <summary>
    /// The outcome column serves the decision, or the abandonment; a withdrawal sets its own outcome. A case
    /// closes one way only.
    /// </summary>
    private static void CheckClosingColumns(RegisterCells cells)
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
}
