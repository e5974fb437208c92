using CaseTracker.Infrastructure;
using CaseTracker.Domain.Applicants;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Infrastructure.Cases;

namespace CaseTracker.Api.Features.Cases.ImportCases;

/// <summary>A data row read as a past case: its number (1 = the first row under the header) and the case number it keeps, if any.</summary>
/// <see cref="Faulty"/>: the row has errors of its own; it is replayed only so that the rules' errors of what could be read are
/// reported with them (issue 17 trial), and never stored.
/// <see cref="DeliveryAssumed"/>: the row had no delivery method and, with <see cref="ImportOptions.DeliveredOnFromDecision"/>, was taken as
/// delivered on the decision date by the method of its channel (named in a warning).
/// <see cref="SubmittedFromReceipt"/>: a 当面 row without 提交日期 took its 收到日期 as the submission date; <see cref="KindFromIdNumber"/>: a row
/// without 申请人类型 and with an 18-digit citizen identity number was taken as 自然人 (trial A finding 7; each counted in a dry-run warning).
internal sealed record ImportRow(int Row, string? CaseNumber, PastCase Case, string? Note = null, bool Faulty = false, bool DeliveryAssumed = false)
{
    public bool SubmittedFromReceipt { get; init; }

    public bool KindFromIdNumber { get; init; }
}

/// <summary>
/// The facts an import adds to every row (issue 17 item 4): the agency of rows that name none, whether a delivery method
/// without its date was delivered on the decision date, and whether a CSV row must have the header's width.
/// </summary>
internal sealed record ImportOptions(string? Agency, bool DeliveredOnFromDecision, bool CheckWidth);

/// <summary>One column of the file and the field it is read as (null: not imported), and why: <c>saved</c> (the agency's mapping) or <c>name</c>.</summary>
public sealed record MappedColumn(int Index, string Header, string? Field, string? By);

/// <summary>How the file's columns are read: each field's column, the header the file gives it, and every column of the file.</summary>
internal sealed class ColumnMapping(Dictionary<string, int> columns, Dictionary<string, string> headers, IReadOnlyList<MappedColumn> all, bool chinese,
    List<(string Name, int? Unnamed)> ignored, int width)
{
    private readonly HashSet<int> unnamedWithValues = [];

    /// <summary>The header's width (a CSV row must have as many fields).</summary>
    public int Width => width;

    /// <summary>Notes the columns without a header in which <paramref name="fields"/> hold a value (named in the warning).</summary>
    public void Look(IReadOnlyList<string> fields)
    {
        foreach (var (_, unnamed) in ignored)
        {
            if (unnamed is { } i && i < fields.Count && fields[i].Trim().Length > 0) unnamedWithValues.Add(i);
        }
    }

    /// <summary>The one warning naming the columns not imported (a column without a header only if a row has a value in it), or null.</summary>
    public string? Warning()
    {
        var named = ignored.Where(c => c.Unnamed is not { } i || unnamedWithValues.Contains(i)).Select(c => c.Name).ToList();
        return named.Count > 0 ? $"Columns not imported (not fields of the register): {string.Join(", ", named)}." : null;
    }

    public IReadOnlyDictionary<string, int> Columns => columns;

    public IReadOnlyList<MappedColumn> All => all;

    /// <summary>The file's header of a field; for a field the file lacks, its Chinese name when the file is headed in Chinese, else its key.</summary>
    public string Display(string field)
        => headers.TryGetValue(field, out var header) ? header : chinese ? RegisterColumns.ChineseName(field) : field;

    /// <summary>How many consultations a row may carry: the template's, or the highest numbered consultation column of the file (consultation4… and on).</summary>
    public int Consultations => Math.Max(RegisterColumns.Consultations, columns.Keys.Select(RegisterColumns.ConsultationNumber).DefaultIfEmpty(0).Max());
}

/// <summary>Reads the register's rows, cell by cell, into past cases; each problem is an error of its row and column.</summary>
internal static class RegisterRows
{
    /// <summary>How many fields the header row names under <paramref name="saved"/> and the built-in names (to find it under a title row).</summary>
    public static int KnownColumns(IReadOnlyList<string> header, IReadOnlyDictionary<string, string> saved)
        => header.Count(h => Field(h, saved) is not null);

    private static string? Field(string header, IReadOnlyDictionary<string, string> saved)
    {
        var key = RegisterColumns.Normalize(header);
        if (key.Length == 0) return null;
        if (saved.TryGetValue(key, out var field)) return field.Length == 0 ? null : field;
        return RegisterColumns.FieldOf(key);
    }

    /// <summary>
    /// The header row: each column's field by the agency's saved mapping (<paramref name="saved"/>: normalized header → field, ""
    /// for a column to leave out), else by its name (English key or a Chinese name, <see cref="RegisterColumns.ChineseNames"/>).
    /// A column read as no field is left out and named once in <paramref name="warnings"/>; a second column of one field is
    /// left out too unless it is the field's own name and the first was a synonym. A missing required column is an error keyed
    /// <c>header: &lt;column&gt;</c> (the agency column is not required when <paramref name="agencyGiven"/>).
    /// </summary>
    public static ColumnMapping ReadHeader(RegisterLine header, IReadOnlyDictionary<string, string> saved, bool agencyGiven, ImportErrors errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new List<MappedColumn>();
        var ignored = new List<(string Name, int? Unnamed)>();
        var fields = header.Fields;
        var chinese = fields.Any(h => h.Any(c => c >= '\u4e00' && c <= '\u9fff'));
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Trim();
            var key = RegisterColumns.Normalize(name);
            var field = Field(name, saved);
            var by = field is null ? null : saved.ContainsKey(key) ? "saved" : "name";
            if (name.Length == 0)
            {
                // Named in the warning only if a row has a value there (known once the rows are read).
                ignored.Add(($"column {i + 1}", i));
                continue;
            }

            if (field is not null && columns.TryGetValue(field, out var first))
            {
                if (RegisterColumns.Normalize(headers[field]) == key)
                {
                    errors.Header(headers[field], $"The column {headers[field]} appears twice in the header.");
                    continue;
                }

                if (RegisterColumns.IsOwnName(field, name) && !RegisterColumns.IsOwnName(field, headers[field]))
                {
                    all[all.FindIndex(c => c.Index == first)] = all.First(c => c.Index == first) with { Field = null, By = null };
                    ignored.Add((headers[field], null));
                }
                else
                {
                    all.Add(new MappedColumn(i, name, null, null));
                    ignored.Add((name, null));
                    continue;
                }
            }

            all.Add(new MappedColumn(i, name, field, field is null && saved.ContainsKey(key) ? "saved" : by));
            if (field is null)
            {
                // A column the agency's mapping leaves out on purpose is not worth a warning.
                if (!saved.ContainsKey(key)) ignored.Add((name, null));
                continue;
            }

            columns[field] = i;
            headers[field] = name;
        }

        if (header.Defect is not null) errors.Header("row", header.Defect);
        var mapping = new ColumnMapping(columns, headers, all, chinese, ignored, fields.Count);
        // Trial A finding 7: 提交日期 may be left out when 收到日期 is there (当面 rows take it), 申请人类型 when an ID number column is (rows
        // with a citizen identity number are 自然人); the rows that cannot take the default say so one by one.
        foreach (var required in Missing(columns, agencyGiven))
            errors.Header(mapping.Display(required),
                $"The required column \"{mapping.Display(required)}\" is missing; it may be headed {string.Join(", ", RegisterColumns.ChineseNames[required])} or {required}.");
        return mapping;
    }

    /// <summary>Whether the header row names every required column (or one that stands in for it), as <see cref="ReadHeader"/> reads it.</summary>
    public static bool HasRequired(RegisterLine header, IReadOnlyDictionary<string, string> saved, bool agencyGiven)
        => !Missing(ReadHeader(header, saved, agencyGiven, new ImportErrors()).Columns, agencyGiven).Any();

    /// <summary>The required fields a header's columns (field → column) lack, those with a default left aside.</summary>
    private static IEnumerable<string> Missing(IReadOnlyDictionary<string, int> columns, bool agencyGiven)
    {
        bool Defaulted(string c) => (agencyGiven && c == RegisterColumns.AgencyCode)
                                    || (c == RegisterColumns.SubmittedOn && columns.ContainsKey(RegisterColumns.ReceivedOn))
                                    || (c == RegisterColumns.ApplicantKind && columns.ContainsKey(RegisterColumns.ApplicantIdNumber));
        return RegisterColumns.Required.Where(c => !columns.ContainsKey(c) && !Defaulted(c));
    }

    /// <summary>
    /// One data row as a past case (and the case number it keeps, if any), or null when the row has errors, each recorded
    /// against the row and column. <paramref name="defaultApprover"/> approved an extension whose approver is not given.
    /// What an old register lacks is inferred (issue 17 item 4): the agency of <see cref="ImportOptions.Agency"/>; a letter
    /// with a receipt date came signed-for (its receipt date is fixed, law.md §3); with
    /// <see cref="ImportOptions.DeliveredOnFromDecision"/> a delivery method without its date was delivered on the decision
    /// date; 撤回 in the outcome column closes the case as withdrawn on the decision date; 当场答复 answers on the receipt date; a
    /// 当面 row without 提交日期 was submitted on its 收到日期, and a row without 申请人类型 whose ID number is an 18-digit citizen identity
    /// number is a natural person's (自然人) (trial A finding 7, flagged on the row for the dry run's warnings).
    /// </summary>
    public static ImportRow? Read(CsvRecord record, ColumnMapping columns, ImportOptions options, ImportErrors errors, string defaultApprover)
    {
        var row = record.Row;
        var width = columns.Width;
        columns.Look(record.Fields);
        if (options.CheckWidth && record.Fields.Count < width)
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
        if (!cells.Has(RegisterColumns.AgencyCode) && options.Agency is not null) cells.Set(RegisterColumns.AgencyCode, options.Agency);
        var agency = cells.Code(RegisterColumns.AgencyCode);
        var channel = cells.Enum(RegisterColumns.Channel, RegisterValues.Channels, required: true);
        var letterMail = cells.Enum(RegisterColumns.LetterMail, RegisterValues.LetterMails);
        if (letterMail is null && cells.Raw(RegisterColumns.Channel) is { } channelText
            && RegisterValues.LetterMailOfChannel.TryGetValue(RegisterValues.Key(channelText), out var impliedMail))
            letterMail = impliedMail;
        var submittedOn = cells.Date(RegisterColumns.SubmittedOn);
        var receivedOn = cells.Date(RegisterColumns.ReceivedOn);
        var submittedFromReceipt = false;
        if (submittedOn is null && !cells.Has(RegisterColumns.SubmittedOn))
        {
            // Trial A finding 7: a request handed over in person is received the day it is submitted (law.md §3), so an old register's
            // 收到日期 of a 当面 row is its submission date too (counted in a dry-run warning).
            if (channel == Channel.InPerson && receivedOn is { } handedOver)
            {
                submittedOn = handedOver;
                submittedFromReceipt = true;
                cells.Set(RegisterColumns.SubmittedOn, handedOver.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (channel == Channel.InPerson && cells.HasColumn(RegisterColumns.ReceivedOn))
            {
                // An unreadable 收到日期 has its own error.
                if (!cells.AnyError(RegisterColumns.ReceivedOn))
                    cells.Error(RegisterColumns.SubmittedOn, $"{cells.Name(RegisterColumns.SubmittedOn)} is required: give it, or {cells.Name(RegisterColumns.ReceivedOn)} (a request handed over in person is received the day it is submitted).");
            }
            else
                cells.Error(RegisterColumns.SubmittedOn, $"{cells.Name(RegisterColumns.SubmittedOn)} is required.");
        }

        var confirmedOn = cells.Date(RegisterColumns.ConfirmedOn);
        // A letter whose receipt date the register gives came signed-for: its receipt date is fixed (law.md §3, Art. 31(2)).
        if (channel == Channel.Letter && letterMail is null && receivedOn is not null && confirmedOn is null) letterMail = LetterMail.Signed;
        var receiptUnknown = CheckReceipt(cells, channel, letterMail, receivedOn, confirmedOn);
        var kind = cells.Enum(RegisterColumns.ApplicantKind, RegisterValues.ApplicantKinds);
        var name = cells.Text(RegisterColumns.ApplicantName, Validator.ShortText, required: true);
        var idNumber = cells.Text(RegisterColumns.ApplicantIdNumber, 40);
        var kindFromId = false;
        if (kind is null && !cells.Has(RegisterColumns.ApplicantKind))
        {
            // Trial A finding 7: a row with an 18-character citizen identity number (GB 11643-1999, valid) and no kind is a natural person's
            // request (自然人; counted in a dry-run warning). Any other row must say its kind.
            if (idNumber is not null && IsCitizenIdNumber(idNumber))
            {
                kind = ApplicantKind.NaturalPerson;
                kindFromId = true;
            }
            else
                cells.Error(RegisterColumns.ApplicantKind, cells.HasColumn(RegisterColumns.ApplicantIdNumber)
                    ? $"{cells.Name(RegisterColumns.ApplicantKind)} is required (自然人 is taken only for a row with an 18-digit citizen identity number in {cells.Name(RegisterColumns.ApplicantIdNumber)})."
                    : $"{cells.Name(RegisterColumns.ApplicantKind)} is required.");
        }

        if (idNumber is not null && IdDocument.Problem(IdDocument.DefaultFor(kind is null or ApplicantKind.NaturalPerson), idNumber, RegisterClock.ChinaToday()) is { } idProblem)
            cells.Error(RegisterColumns.ApplicantIdNumber, idProblem);
        var phone = cells.Text(RegisterColumns.ApplicantPhone, 40);
        var email = cells.Text(RegisterColumns.ApplicantEmail, Validator.ShortText);
        // The same contact rules as registration (src/Domain/Applicants/ContactDetails.cs).
        if (phone is not null && ContactDetails.PhoneProblem(phone) is { } phoneProblem) cells.Error(RegisterColumns.ApplicantPhone, phoneProblem);
        if (email is not null && ContactDetails.EmailProblem(email) is { } emailProblem) cells.Error(RegisterColumns.ApplicantEmail, emailProblem);
        var address = cells.Text(RegisterColumns.ApplicantAddress, 500);
        var description = cells.Text(RegisterColumns.Description, Validator.LongText, required: true);
        var deliveryForm = cells.Enum(RegisterColumns.DeliveryForm, RegisterValues.DeliveryForms);
        var caseNumber = cells.Text(RegisterColumns.CaseNumber, 60);
        var note = cells.Text(RegisterColumns.Note, 2000);

        var supplementOn = cells.Date(RegisterColumns.SupplementRequestedOn);
        var items = cells.Text(RegisterColumns.SupplementItems, 2000);
        var supplyBy = cells.Date(RegisterColumns.SupplementSupplyBy);
        var supplementReceivedOn = cells.Date(RegisterColumns.SupplementReceivedOn);
        cells.NeedsAnchor(RegisterColumns.SupplementRequestedOn, RegisterColumns.SupplementItems, RegisterColumns.SupplementSupplyBy, RegisterColumns.SupplementReceivedOn);

        var consultations = Consultations(cells);

        var approvedOn = cells.Date(RegisterColumns.ExtensionApprovedOn);
        var workingDays = cells.Int(RegisterColumns.ExtensionWorkingDays, 1, 366);
        var reason = cells.Text(RegisterColumns.ExtensionReason, 1000);
        var notifiedOn = cells.Date(RegisterColumns.ExtensionApplicantNotifiedOn);
        var approver = cells.Text(RegisterColumns.ExtensionApprover, Validator.ShortText);
        cells.NeedsAnchor(RegisterColumns.ExtensionApprovedOn, RegisterColumns.ExtensionWorkingDays, RegisterColumns.ExtensionReason,
            RegisterColumns.ExtensionApplicantNotifiedOn, RegisterColumns.ExtensionApprover);
        cells.RequiredWith(RegisterColumns.ExtensionApprovedOn, RegisterColumns.ExtensionWorkingDays, RegisterColumns.ExtensionReason,
            RegisterColumns.ExtensionApplicantNotifiedOn);

        var deferralOn = cells.Date(RegisterColumns.DeferralApprovedOn);
        var deferredTo = cells.Date(RegisterColumns.DeferralDueOn);
        var deferralReason = cells.Text(RegisterColumns.DeferralReason, 1000);
        var deferralApprover = cells.Text(RegisterColumns.DeferralApprover, Validator.ShortText);
        cells.NeedsAnchor(RegisterColumns.DeferralApprovedOn, RegisterColumns.DeferralDueOn, RegisterColumns.DeferralReason, RegisterColumns.DeferralApprover);
        cells.RequiredWith(RegisterColumns.DeferralApprovedOn, RegisterColumns.DeferralDueOn, RegisterColumns.DeferralReason);
        var fee = Fee(cells);

        var decidedOn = cells.Date(RegisterColumns.DecidedOn);
        var summary = cells.Text(RegisterColumns.Summary, Validator.LongText);
        var deliveredOn = cells.Date(RegisterColumns.DeliveredOn);
        var withdrawnOn = cells.Date(RegisterColumns.WithdrawnOn);
        var abandonedOn = cells.Date(RegisterColumns.AbandonedOn);

        // The outcome is read in the case's regime (by its receipt date as the register gives it, law.md §1).
        var regime = Regimes.ForReceiptDate(receivedOn ?? confirmedOn ?? submittedOn ?? DateOnly.MaxValue);
        string? outcome = null;
        var onTheSpot = cells.Raw(RegisterColumns.DeliveryMethod) is { } methodText && RegisterValues.IsOnTheSpot(methodText);
        DeliveryMethod? deliveryMethod = onTheSpot ? DeliveryMethod.InPerson : cells.Enum(RegisterColumns.DeliveryMethod, RegisterValues.DeliveryMethods);
        if (cells.Raw(RegisterColumns.Outcome) is { } outcomeText)
        {
            if (RegisterValues.Outcome(regime, outcomeText, out var spoken) is not { } reading)
                cells.Error(RegisterColumns.Outcome, spoken
                    ? $"{cells.Name(RegisterColumns.Outcome)} \"{outcomeText}\" says 当场答复 but not the answer: write it as 当场答复（予以公开）, or give the 送达方式 当场答复 and the outcome here."
                    : $"{cells.Name(RegisterColumns.Outcome)} \"{outcomeText}\" is not an outcome of {(regime == Regime.Regime2019 ? "Regime 2019 (received on or after 2019-05-15)" : "Regime 2008 (received before 2019-05-15)")}: write {RegisterValues.AcceptedOutcomes(regime)}.");
            else
            {
                onTheSpot |= spoken;
                outcome = reading.Code;
                if (reading.Reading == OutcomeReading.Withdrawal && withdrawnOn is null && decidedOn is not null)
                    (withdrawnOn, decidedOn) = (decidedOn, null);
                else if (reading.Reading == OutcomeReading.Abandonment && abandonedOn is null && decidedOn is not null)
                    (abandonedOn, decidedOn) = (decidedOn, null);
                if (reading.Reading == OutcomeReading.Withdrawal) cells.Set(RegisterColumns.Outcome, null);
            }
        }

        if (decidedOn is null) cells.Set(RegisterColumns.DecidedOn, null);
        if (withdrawnOn is not null) cells.Set(RegisterColumns.WithdrawnOn, withdrawnOn.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (abandonedOn is not null) cells.Set(RegisterColumns.AbandonedOn, abandonedOn.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        PastOnTheSpot? spot = null;
        var deliveryAssumed = false;
        if (onTheSpot)
        {
            var answeredOn = decidedOn ?? receivedOn ?? confirmedOn ?? submittedOn;
            if (outcome is null && !errors.HasRow(row))
                cells.Error(RegisterColumns.Outcome, $"{cells.Name(RegisterColumns.Outcome)} is required with 当场答复: say what was answered on the spot (e.g. 予以公开).");
            else if (answeredOn is { } on && outcome is not null)
                spot = new PastOnTheSpot(on, outcome, summary, deliveryMethod ?? DeliveryMethod.InPerson);
        }
        else
        {
            // With 送达日期 = 答复日期 and no 送达方式 column (or an empty cell), the answer went back the way the request came (trial A finding 1).
            if (options.DeliveredOnFromDecision && deliveredOn is null && decidedOn is not null && deliveryMethod is null && !cells.Has(RegisterColumns.DeliveryMethod)
                && channel is { } requestChannel && outcome is not null)
            {
                deliveryMethod = MethodOfChannel(requestChannel);
                deliveryAssumed = true;
                cells.Set(RegisterColumns.DeliveryMethod, deliveryMethod.Value.ToString());
            }

            if (options.DeliveredOnFromDecision && deliveredOn is null && decidedOn is not null && deliveryMethod is not null)
            {
                deliveredOn = decidedOn;
                cells.Set(RegisterColumns.DeliveredOn, decidedOn.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }

            cells.NeedsAnchor(RegisterColumns.DecidedOn, RegisterColumns.Summary);
            if (!cells.Has(RegisterColumns.DeliveredOn) && cells.Has(RegisterColumns.DeliveryMethod))
                cells.Error(RegisterColumns.DeliveryMethod, $"{cells.Name(RegisterColumns.DeliveryMethod)} needs {cells.Name(RegisterColumns.DeliveredOn)}: give the delivery date, or import with 送达日期 = 答复日期 (deliveredOnFromDecision=true).");
            cells.RequiredWith(RegisterColumns.DeliveredOn, RegisterColumns.DeliveryMethod);
            CheckClosingColumns(cells);
        }

        var faulty = errors.HasRow(row);
        // A faulty row is still replayed with what could be read (each step only if all its cells were read), so that the rules'
        // errors come in the same preview as the cells' errors; without its registration's facts there is nothing to replay.
        // Nor when its receipt date is unknown: every later step would only repeat that.
        if (faulty && (receiptUnknown || agency is null || channel is null || submittedOn is null || kind is null || name is null || description is null)) return null;
        var closingRead = !faulty || !cells.AnyError(RegisterColumns.DecidedOn, RegisterColumns.Outcome, RegisterColumns.Summary, RegisterColumns.DeliveredOn,
            RegisterColumns.DeliveryMethod, RegisterColumns.WithdrawnOn, RegisterColumns.AbandonedOn);
        if (!closingRead || (outcome is null && (decidedOn is not null || abandonedOn is not null))) (decidedOn, deliveredOn, withdrawnOn, abandonedOn, spot) = (null, null, null, null, null);
        if (deliveredOn is not null && deliveryMethod is null) deliveredOn = null;
        if (workingDays is null || reason is null || notifiedOn is null) approvedOn = null;
        if (deferredTo is null || deferralReason is null) deferralOn = null;

        var past = new PastCase
        {
            Registration = new Registration
            {
                AgencyCode = agency!,
                Channel = channel!.Value,
                LetterMail = letterMail,
                SubmittedOn = submittedOn!.Value,
                ReceivedOn = receivedOn,
                Applicant = new Applicant(kind!.Value, name!, IdDocument.Normalize(idNumber), phone, email, address),
                Description = description!,
                DeliveryForm = deliveryForm,
            },
            ConfirmedOn = confirmedOn,
            Supplement = supplementOn is { } requested ? new PastSupplement(requested, items, supplyBy, supplementReceivedOn) : null,
            Consultations = consultations,
            Extension = approvedOn is { } approved
                ? new PastExtension(approved, workingDays!.Value, reason!, notifiedOn!.Value, approver ?? defaultApprover)
                : null,
            Deferral = deferralOn is { } deferred ? new PastDeferral(deferred, deferredTo!.Value, deferralReason!, deferralApprover ?? defaultApprover) : null,
            Fee = fee,
            OnTheSpot = spot,
            Decision = spot is null && decidedOn is { } decided ? new PastDecision(decided, outcome!, summary) : null,
            Delivery = spot is null && deliveredOn is { } delivered ? new PastDelivery(delivered, deliveryMethod!.Value) : null,
            WithdrawnOn = withdrawnOn,
            Abandonment = abandonedOn is { } abandoned ? new PastAbandonment(abandoned, outcome!) : null,
        };

        if (!faulty && caseNumber is not null && past.KeptNumberProblem(caseNumber) is { } problem)
        {
            errors.Row(row, columns.Display(RegisterColumns.CaseNumber), problem);
            faulty = true;
        }

        return new ImportRow(row, faulty ? null : caseNumber, past, note, faulty, deliveryAssumed && past.Delivery is not null)
        {
            SubmittedFromReceipt = submittedFromReceipt,
            KindFromIdNumber = kindFromId,
        };
    }

    /// <summary>Whether <paramref name="idNumber"/> is an 18-character citizen identity number that passes GB 11643-1999 (the check character, the birth date).</summary>
    private static bool IsCitizenIdNumber(string idNumber)
    {
        var number = idNumber.Trim();
        return number.Length == 18 && IdDocument.Problem(IdDocumentKind.ResidentIdCard, number, RegisterClock.ChinaToday()) is null;
    }

    /// <summary>
    /// The consultations of a row: the first under the unnumbered columns, the n-th under consultation{n}… (第二次征求意见…), each
    /// with its kind, party and sent date, the reply date if it came and whether the party consented (同意/不同意, Art. 32, 34).
    /// </summary>
    private static List<PastConsultation> Consultations(RegisterCells cells)
    {
        var consultations = new List<PastConsultation>();
        for (var n = 1; n <= cells.Consultations; n++)
        {
            var c = RegisterColumns.Consultation(n);
            var kind = cells.Enum(c.Kind, RegisterValues.ConsultationKinds);
            var party = cells.Text(c.Party, Validator.ShortText);
            var sentOn = cells.Date(c.SentOn);
            var repliedOn = cells.Date(c.RepliedOn);
            var consents = cells.Consents(c.Consents);
            cells.NeedsAnchor(c.SentOn, c.Kind, c.Party, c.RepliedOn, c.Consents);
            cells.RequiredWith(c.SentOn, c.Kind, c.Party);
            if (cells.Has(c.SentOn) && consents is not null && repliedOn is null)
                cells.Error(c.Consents, $"{cells.Name(c.Consents)} needs {cells.Name(c.RepliedOn)}: a consent comes with the reply.");
            if (sentOn is { } sent && kind is { } k && party is not null)
                consultations.Add(new PastConsultation(k, party, sent, repliedOn, consents));
        }

        return consultations;
    }

    /// <summary>
    /// The fee of a row (国办函〔2020〕109号; Regime 2008 cost fees, 2008 Art. 27): the notice date, the method (收费方式; left empty, it is
    /// 成本费用 when 检索费/复制费/邮寄费 are given and 按量 when pages are), pages (按量) or the request's number in the applicant's month
    /// (按件), the cost fees, the stated amount (checked against the rule), a reduction or waiver with its reason and date (the notice
    /// date when not given), the payment date.
    /// </summary>
    private static PastFee? Fee(RegisterCells cells)
    {
        var method = cells.Enum(RegisterColumns.FeeMethod, RegisterValues.FeeMethods);
        var issuedOn = cells.Date(RegisterColumns.FeeIssuedOn);
        var pages = cells.Int(RegisterColumns.FeePages, 1, 10_000_000);
        var ordinal = cells.Int(RegisterColumns.FeeRequestOfMonth, 1, 100_000);
        var items = new List<CostFeeItem>(3);
        foreach (var (kind, column) in new[] { (CostFeeKind.Search, RegisterColumns.FeeSearchYuan), (CostFeeKind.Copy, RegisterColumns.FeeCopyYuan), (CostFeeKind.Post, RegisterColumns.FeePostYuan) })
            if (cells.Yuan(column) is { } yuan && yuan > 0m) items.Add(new CostFeeItem(kind, yuan));
        var amount = cells.Yuan(RegisterColumns.FeeAmountYuan);
        var reducedOn = cells.Date(RegisterColumns.FeeReducedOn);
        var reducedTo = cells.Yuan(RegisterColumns.FeeReducedToYuan);
        var reason = cells.Text(RegisterColumns.FeeReductionReason, 1000);
        var paidOn = cells.Date(RegisterColumns.FeePaidOn);
        cells.NeedsAnchor(RegisterColumns.FeeIssuedOn, RegisterColumns.FeeMethod, RegisterColumns.FeePages, RegisterColumns.FeeRequestOfMonth,
            RegisterColumns.FeeSearchYuan, RegisterColumns.FeeCopyYuan, RegisterColumns.FeePostYuan, RegisterColumns.FeeAmountYuan,
            RegisterColumns.FeeReducedOn, RegisterColumns.FeeReducedToYuan, RegisterColumns.FeeReductionReason, RegisterColumns.FeePaidOn);
        cells.NeedsAnchor(RegisterColumns.FeeReducedToYuan, RegisterColumns.FeeReducedOn, RegisterColumns.FeeReductionReason);
        cells.RequiredWith(RegisterColumns.FeeReducedToYuan, RegisterColumns.FeeReductionReason);
        if (issuedOn is not { } issued) return null;
        method ??= items.Count > 0 ? FeeMethod.Cost : pages is not null ? FeeMethod.PerPage : null;
        switch (method)
        {
            case null:
                if (!cells.Has(RegisterColumns.FeeMethod))
                    cells.Error(RegisterColumns.FeeMethod, $"{cells.Name(RegisterColumns.FeeMethod)} is required with {cells.Name(RegisterColumns.FeeIssuedOn)}: write 按件, 按量 or 成本费用.");
                return null;
            case FeeMethod.PerPage when pages is null:
                cells.Error(RegisterColumns.FeePages, $"{cells.Name(RegisterColumns.FeePages)} is required with a per-page fee (按量).");
                return null;
            case FeeMethod.PerRequest when ordinal is null:
                cells.Error(RegisterColumns.FeeRequestOfMonth, $"{cells.Name(RegisterColumns.FeeRequestOfMonth)} is required with a per-request fee (按件): the request's number among the applicant's requests of that month (requests 1–10 are free).");
                return null;
            case FeeMethod.Cost when items.Count == 0:
                cells.Error(RegisterColumns.FeeCopyYuan, $"A cost fee (成本费用) needs at least one of {cells.Name(RegisterColumns.FeeSearchYuan)}, {cells.Name(RegisterColumns.FeeCopyYuan)}, {cells.Name(RegisterColumns.FeePostYuan)}.");
                return null;
        }

        var reduction = reducedTo is { } to && reason is not null ? new PastFeeReduction(reducedOn ?? issued, to, reason) : null;
        return new PastFee(issued, method.Value, method == FeeMethod.PerPage ? pages : null, method == FeeMethod.PerRequest ? ordinal : null,
            method == FeeMethod.Cost ? items : [], amount, reduction, paidOn);
    }

    /// <summary>
    /// What fixes the receipt date of the row's request (law.md §3, Art. 31), said in the register's own columns: an in-person request
    /// is received when handed over, a signed-for letter (挂号信) when signed for — its 收到日期 must be given —, a letter of unknown
    /// kind is taken as signed-for when its 收到日期 is given, and an online, fax or ordinary-mail request needs its 收到日期 (or
    /// 受理日期) or its 确认收到日期 before any later step (a decision, a delivery …) can be placed. True when the row's receipt
    /// cannot be placed (and an error says which column to add or what to write).
    /// </summary>
    private static bool CheckReceipt(RegisterCells cells, Channel? channel, LetterMail? letterMail, DateOnly? receivedOn, DateOnly? confirmedOn)
    {
        if (channel is null || receivedOn is not null || cells.AnyError(RegisterColumns.ReceivedOn, RegisterColumns.ConfirmedOn, RegisterColumns.LetterMail)) return false;
        var received = cells.Name(RegisterColumns.ReceivedOn);
        // Each message leads straight to a valid row (trial A finding 6): what to fill in, in the cell when the column is there.
        var fill = cells.HasColumn(RegisterColumns.ReceivedOn);
        if (channel == Channel.Letter && letterMail == LetterMail.Signed)
            cells.Error(RegisterColumns.ReceivedOn, fill
                ? $"{received} is empty: fill in the day the agency received the letter (for 挂号信, the day it signed for it)."
                : $"Add a column {received} with the day the agency received the letter (for 挂号信, the day it signed for it).");
        else if (channel == Channel.Letter && letterMail is null)
            // Trial E finding 3: a letter of unknown kind is offered both ways, the 挂号信's receipt date and the 平信's confirmation.
            cells.Error(RegisterColumns.ReceivedOn, fill
                ? $"{received} is empty: fill in the day the agency received the letter (for 挂号信, the day it signed for it); "
                  + "for a 平信, write 平信 as the channel and give 确认收到日期, the day its receipt was confirmed with the applicant."
                : $"Add a column {received} with the day the agency received the letter (for 挂号信, the day it signed for it); "
                  + "for a 平信, write 平信 as the channel and give 确认收到日期, the day its receipt was confirmed with the applicant.");
        else if (channel != Channel.InPerson && confirmedOn is null && LaterSteps.Any(cells.Has))
            cells.Error(RegisterColumns.ReceivedOn, fill
                ? $"{received} is empty: fill in the day the agency received the request by {ChannelName(channel.Value, letterMail)} (or give 确认收到日期, the day its receipt was confirmed)."
                : $"{cells.Name(RegisterColumns.SubmittedOn)} alone does not fix when a request by {ChannelName(channel.Value, letterMail)} was received: "
                  + $"add a column {received} (or 受理日期) with the day the agency received it, or 确认收到日期 with the day its receipt was confirmed.");
        else return false;
        return true;
    }

    /// <summary>
    /// The delivery method assumed for a decision delivered on its date when the register names none: the way the request came —
    /// 当面 → <see cref="DeliveryMethod.InPerson"/> (直接送达), 网络 → <see cref="DeliveryMethod.Online"/> (网上送达), 信函 and 传真 →
    /// <see cref="DeliveryMethod.Post"/> (邮寄, the written decision of Art. 36 goes by post).
    /// </summary>
    internal static DeliveryMethod MethodOfChannel(Channel channel) => channel switch
    {
        Channel.InPerson => DeliveryMethod.InPerson,
        Channel.Online => DeliveryMethod.Online,
        _ => DeliveryMethod.Post,
    };

    private static string ChannelName(Channel channel, LetterMail? mail) => channel switch
    {
        Channel.Online => "网络",
        Channel.Fax => "传真",
        Channel.Letter when mail == LetterMail.Ordinary => "平信",
        Channel.Letter => "信函",
        _ => "当面",
    };

    /// <summary>The columns of the steps that come after the receipt (each needs the receipt date fixed first).</summary>
    private static readonly string[] LaterSteps =
    [
        RegisterColumns.SupplementRequestedOn, RegisterColumns.ConsultationSentOn, RegisterColumns.Consultation(2).SentOn, RegisterColumns.Consultation(3).SentOn,
        RegisterColumns.ExtensionApprovedOn, RegisterColumns.DeferralApprovedOn, RegisterColumns.FeeIssuedOn, RegisterColumns.DecidedOn,
        RegisterColumns.Outcome, RegisterColumns.DeliveredOn, RegisterColumns.DeliveryMethod, RegisterColumns.AbandonedOn,
    ];

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
        string N(string column) => cells.Name(column);
        if (decided && abandoned)
            cells.Error(RegisterColumns.AbandonedOn, $"A case closed as abandoned has no decision: give {N(RegisterColumns.DecidedOn)} or {N(RegisterColumns.AbandonedOn)}, not both.");
        else if (withdrawn && abandoned)
            cells.Error(RegisterColumns.WithdrawnOn, $"A case is closed once: give {N(RegisterColumns.WithdrawnOn)} or {N(RegisterColumns.AbandonedOn)}, not both.");
        else if ((decided || abandoned) && outcome is null)
            cells.Error(RegisterColumns.Outcome, $"{N(RegisterColumns.Outcome)} is required with {(decided ? N(RegisterColumns.DecidedOn) : N(RegisterColumns.AbandonedOn))}"
                + (abandoned ? " (逾期不补正 or 逾期未缴费)." : "."));
        else if (withdrawn && !decided && outcome is not null && RegisterValues.Key(outcome) != RegisterValues.Key(Outcome.Withdrawal(Regime.Regime2019).Code)
                 && RegisterValues.Key(outcome) != RegisterValues.Key(Outcome.Withdrawal(Regime.Regime2008).Code))
            cells.Error(RegisterColumns.Outcome, $"A withdrawal closes the case with its own outcome (撤回): leave {N(RegisterColumns.Outcome)} empty.");
        else if (!decided && !abandoned && !withdrawn && outcome is not null)
            cells.Error(RegisterColumns.Outcome, $"{N(RegisterColumns.Outcome)} needs {N(RegisterColumns.DecidedOn)} (or {N(RegisterColumns.AbandonedOn)} for 逾期不补正 and 逾期未缴费).");
    }
}
