using System.Text;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Applicants;
using CaseTracker.Infrastructure.PersonalData;
using Dapper;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// Cases and their history. An applicant's ID number, phone, e-mail and address are written sealed (<c>applicant_sealed</c>)
/// with the ID number's keyed hash, and the four plain columns hold only their masked forms (<see cref="PersonalDataMask"/>):
/// a case loaded here carries the masked forms, and the full values come only from <see cref="PersonalDataProtector.Unseal"/>.
/// </summary>
public sealed class CaseRepository(DbSession session, PersonalDataProtector personalData, PreparedSeals seals) : ICaseRepository
{
    private sealed class HistoryRow
    {
        public string Kind { get; init; } = default!;
        public string? Payload { get; init; }
    }

    public async Task<Case?> Find(CaseId id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<CaseRow>($"SELECT {CaseRow.Columns} FROM cases WHERE id = @id", new { id = id.ToString() }, cancellationToken);
        if (row is null) return null;

        var history = await session.Query<HistoryRow>(
            "SELECT kind, payload FROM case_history WHERE case_id = @id AND voided_by_seq IS NULL ORDER BY seq", new { id = id.ToString() }, cancellationToken);
        var events = history
            .Where(h => h.Payload is not null && CaseEventSerializer.IsEventKind(h.Kind))
            .Select(h => CaseEventSerializer.Deserialize(h.Kind, h.Payload!));
        // A void must be followed by a step before the next void: the latest step-or-void decides.
        var lastChangeVoided = history.LastOrDefault(h => h.Kind == nameof(CorrectionKind.StepVoided) || (h.Payload is not null && CaseEventSerializer.IsEventKind(h.Kind)))
            ?.Kind == nameof(CorrectionKind.StepVoided);
        var registration = new Registration
        {
            AgencyCode = row.AgencyCode,
            Channel = Enum.Parse<Channel>(row.Channel),
            LetterMail = row.LetterMail is null ? null : Enum.Parse<LetterMail>(row.LetterMail),
            SubmittedOn = row.SubmittedOn,
            ReceivedOn = row.ReceivedOn,
            Applicant = new Applicant(Enum.Parse<ApplicantKind>(row.ApplicantKind), row.ApplicantName, row.ApplicantIdNumber,
                row.ApplicantPhone, row.ApplicantEmail, row.ApplicantAddress),
            Description = row.Description,
            DeliveryForm = row.DeliveryForm is null ? null : Enum.Parse<DeliveryForm>(row.DeliveryForm),
        };
        return Case.Rehydrate(id, row.CaseNumber, registration, events, row.Version, lastChangeVoided);
    }

    public async Task<IReadOnlyList<int>> TakeNumbers(string agencyCode, int year, int count, IReadOnlySet<string> alsoTaken,
        CancellationToken cancellationToken)
    {
        if (count <= 0) return [];
        // One registration: take the next number outright (one statement, the usual case), and look further only if a case holds it.
        var single = count == 1;
        var start = single
            ? await session.ExecuteScalar<int>(session.Dialect.NextSequenceSql, new { agency = agencyCode, year }, cancellationToken)
            : await Reserve(agencyCode, year, atLeast: 0, count: 0, cancellationToken) + 1;
        var taken = new List<int>(count);
        for (var candidate = start; taken.Count < count && candidate <= CaseNumber.Last;)
        {
            var size = Math.Min(CaseNumber.Last - candidate + 1, single && candidate == start ? 1 : Math.Max(count - taken.Count, 100));
            var window = Enumerable.Range(candidate, size).ToList();
            var held = (await ExistingCaseNumbers(window.Select(n => new CaseNumber(agencyCode, year, n).ToString()).ToList(), cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var n in window)
            {
                var number = new CaseNumber(agencyCode, year, n).ToString();
                if (held.Contains(number) || alsoTaken.Contains(number)) continue;
                taken.Add(n);
                if (taken.Count == count) break;
            }

            candidate += size;
        }

        if (taken.Count == 0) return [];
        if (!single || taken[0] != start) await Reserve(agencyCode, year, atLeast: taken[^1], count: 0, cancellationToken);
        return taken;
    }

    public Task LockSequence(string agencyCode, int year, CancellationToken cancellationToken)
        => Reserve(agencyCode, year, atLeast: 0, count: 0, cancellationToken);

    // Raises the sequence to at least @atLeast, then takes @count further numbers; returns the new last value.
    private Task<int> Reserve(string agencyCode, int year, int atLeast, int count, CancellationToken cancellationToken)
        => session.ExecuteScalar<int>(session.Dialect.ReserveSequenceSql, new { agency = agencyCode, year, atLeast, count }, cancellationToken);

    private sealed record LookalikeRow
    {
        public string CaseNumber { get; init; } = default!;
        public DateOnly SubmittedOn { get; init; }
        public string ApplicantName { get; init; } = default!;
        public string? ApplicantIdHash { get; init; }
        public string Description { get; init; } = default!;
    }

    public async Task<IReadOnlyList<(int Key, string CaseNumber)>> Lookalikes(IReadOnlyList<LookalikeProbe> probes, CancellationToken cancellationToken)
    {
        var found = new List<(int, string)>();
        foreach (var agency in probes.GroupBy(p => p.AgencyCode, StringComparer.Ordinal))
        {
            // In chunks of dates: SQL Server takes at most 2,100 parameters. Only the cases submitted on the rows' dates are read.
            var byDate = agency.GroupBy(p => p.SubmittedOn).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var dates in byDate.Keys.Order().Chunk(500))
            {
                var rows = await session.Query<LookalikeRow>(
                    "SELECT case_number AS CaseNumber, submitted_on AS SubmittedOn, applicant_name AS ApplicantName, applicant_id_hash AS ApplicantIdHash, "
                    + $"description AS Description FROM cases WHERE agency_code = @agency AND {session.Dialect.InList("submitted_on", "dates")}",
                    new { agency = agency.Key, dates }, cancellationToken);
                foreach (var row in rows.OrderBy(r => r.CaseNumber, StringComparer.Ordinal))
                {
                    if (!byDate.TryGetValue(row.SubmittedOn, out var candidates)) continue;
                    foreach (var probe in candidates)
                    {
                        if (probe.Description.Trim() != row.Description.Trim()) continue;
                        var sameId = probe.ApplicantIdNumber is { } id && row.ApplicantIdHash is not null && seals.IdHash(id) == row.ApplicantIdHash;
                        if (sameId || probe.ApplicantName.Trim() == row.ApplicantName.Trim()) found.Add((probe.Key, row.CaseNumber));
                    }
                }
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<string>> ExistingCaseNumbers(IReadOnlyCollection<string> caseNumbers, CancellationToken cancellationToken)
    {
        // In chunks: SQL Server takes at most 2,100 parameters, and Dapper expands a list into one each.
        var found = new List<string>();
        foreach (var chunk in caseNumbers.Distinct().Chunk(500))
            found.AddRange(await session.Query<string>(
                $"SELECT case_number FROM cases WHERE {session.Dialect.InList("case_number", "numbers")}", new { numbers = chunk }, cancellationToken));
        return found;
    }

    public async Task Add(Case @case, ClockReading reading, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        await session.InsertRows("cases", CaseColumns, [CaseValues(@case, reading, recordedAt, @case.Version)], cancellationToken);
        var registered = @case.Events[0];
        await InsertHistory(@case.Id, 1, registered.Kind, registered.On, CaseEventSerializer.Serialize(registered), recordedAt, actor, null,
            reading.DueOn, cancellationToken);
    }

    public async Task AddWithHistory(IReadOnlyList<CaseWithHistory> cases, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        foreach (var c in cases.Where(c => c.Dues.Count != c.Case.Events.Count))
            throw new ArgumentException($"Case {c.Case.CaseNumber}: {c.Dues.Count} due changes for {c.Case.Events.Count} events.", nameof(cases));
        // In chunks: the parameter rows of 50,000 imported cases and their events, built at once, would hold hundreds of MB.
        foreach (var chunk in cases.Chunk(1000))
        {
            await session.InsertRows("cases", CaseColumns,
                chunk.Select(c => CaseValues(c.Case, c.Reading, recordedAt, c.Case.Version + (c.Note is null ? 0 : 1))).ToList(), cancellationToken);
            var history = chunk.SelectMany(c => c.Case.Events.Select((e, i) =>
                    HistoryValues(c.Case.Id, i + 1, e.Kind, e.On, CaseEventSerializer.Serialize(e), recordedAt, actor, c.Dues[i].Before, c.Dues[i].After))
                .Concat(c.Note is { } note
                    ? [HistoryValues(c.Case.Id, c.Case.Events.Count + 1, note.Kind, note.ActingOn, note.DetailsJson, recordedAt, actor, c.Reading.DueOn, c.Reading.DueOn)]
                    : []));
            await session.InsertRows("case_history", HistoryColumns, history.ToList(), cancellationToken);
        }
    }

    private static readonly string[] CaseColumns =
    [
        "id", "case_number", "agency_code", "channel", "letter_mail", "submitted_on", "received_on", "regime", "status",
        "due_on", "due_on_provisional", "extended", "outcome", "decided_on", "closed_on", "closed_late", "fee_paid_on", "fee_paid_yuan",
        "applicant_kind", "applicant_name", "applicant_key", "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
        "applicant_sealed", "applicant_id_hash", "description", "delivery_form", "version", "created_at", "updated_at",
        "pending_extension_seq", "pending_deferral_seq",
    ];

    private object?[] CaseValues(Case @case, ClockReading reading, DateTimeOffset recordedAt, int version)
    {
        var a = @case.Applicant;
        var waiting = WaitingAfter(@case.Events.Select((e, i) => (e, i + 1)));
        var idHash = seals.IdHash(a.IdNumber);
        return
        [
            @case.Id.ToString(), @case.CaseNumber, @case.AgencyCode, @case.Channel.ToString(), @case.LetterMail?.ToString(), @case.SubmittedOn,
            reading.ReceiptDate, reading.Regime?.ToString(), reading.Status.ToString(),
            reading.DueOn, reading.DueOnProvisional, reading.Extended, reading.Outcome, reading.DecidedOn, reading.ClosedOn, reading.ClosedLate,
            reading.FeePaidOn, reading.FeePaidYuan,
            a.Kind.ToString(), a.Name, ApplicantKey(a.Name, idHash),
            PersonalDataMask.IdNumber(a.IdNumber), PersonalDataMask.Phone(a.Phone), PersonalDataMask.Email(a.Email), PersonalDataMask.Address(a.Address),
            seals.Seal(new ApplicantSecrets(a.IdNumber, a.Phone, a.Email, a.Address)), idHash, @case.Description, @case.DeliveryForm?.ToString(), version, recordedAt, recordedAt,
            // A new case's history is its events, seq 1, 2, …
            waiting.Extension.Seq, waiting.Deferral.Seq,
        ];
    }

    /// <summary>Whether stored events touched a kind of request, and the seq of the one of that kind still waiting (null: none).</summary>
    private readonly record struct Waiting(bool Touched, int? Seq)
    {
        public Waiting After(int seq, bool isRequest, bool isDecision)
            => isRequest ? new Waiting(true, seq) : isDecision ? new Waiting(true, null) : this;
    }

    // The extension and deferral requests waiting for an approver after these events (each with its case_history seq): the
    // stored facts behind the approvers' queues (cases.pending_extension_seq, pending_deferral_seq; migration 0023).
    private static (Waiting Extension, Waiting Deferral) WaitingAfter(IEnumerable<(CaseEvent Event, int Seq)> events)
    {
        var (extension, deferral) = (default(Waiting), default(Waiting));
        foreach (var (e, seq) in events)
        {
            extension = extension.After(seq, e is ExtensionRequested, e is ExtensionApproved or ExtensionRefused);
            deferral = deferral.After(seq, e is DeferralRequested, e is DeferralApproved or DeferralRefused);
        }

        return (extension, deferral);
    }

    private static readonly string[] HistoryColumns =
        ["case_id", "seq", "kind", "acting_on", "payload", "recorded_at", "actor_id", "actor_name", "due_before", "due_after"];

    private static object?[] HistoryValues(CaseId caseId, int seq, string kind, DateOnly actingOn, string payload, DateTimeOffset recordedAt, Actor actor,
        DateOnly? dueBefore, DateOnly? dueAfter)
        => [caseId.ToString(), seq, kind, actingOn, payload, recordedAt, actor.UserId, actor.Name, dueBefore, dueAfter];

    public async Task SaveNote(Case @case, DateOnly? dueBefore, ClockReading reading, CaseNote note, Actor actor, DateTimeOffset recordedAt,
        CancellationToken cancellationToken)
    {
        var version = @case.Version + 1;
        await UpdateProjection(@case, reading, version, recordedAt, cancellationToken);
        await InsertHistory(@case.Id, version, note.Kind, note.ActingOn, note.DetailsJson, recordedAt, actor, dueBefore, reading.DueOn, cancellationToken);
    }

    public async Task SaveAssignment(CaseId id, Assignment assignment, CancellationToken cancellationToken)
        => await session.Execute("UPDATE cases SET assigned_user_id = @userId, assigned_user_name = @name WHERE id = @id",
            new { userId = assignment.UserId, name = assignment.Name, id = id.ToString() }, cancellationToken);

    public async Task Save(Case @case, DateOnly? dueBefore, ClockReading reading, Actor actor, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        await UpdateProjection(@case, reading, @case.Version, recordedAt, cancellationToken);
        var seq = @case.LoadedVersion;
        var stored = new List<(CaseEvent, int)>();
        foreach (var e in @case.UncommittedEvents)
        {
            await InsertHistory(@case.Id, ++seq, e.Kind, e.On, CaseEventSerializer.Serialize(e), recordedAt, actor, dueBefore, reading.DueOn, cancellationToken);
            stored.Add((e, seq));
        }

        var (extension, deferral) = WaitingAfter(stored);
        if (extension.Touched)
            await session.Execute("UPDATE cases SET pending_extension_seq = @seq WHERE id = @id", new { id = @case.Id.ToString(), seq = extension.Seq }, cancellationToken);
        if (deferral.Touched)
            await session.Execute("UPDATE cases SET pending_deferral_seq = @seq WHERE id = @id", new { id = @case.Id.ToString(), seq = deferral.Seq }, cancellationToken);
    }

    public async Task SaveCorrection(Case @case, DateOnly? dueBefore, ClockReading reading, Actor actor, DateTimeOffset recordedAt,
        CancellationToken cancellationToken)
    {
        var correction = @case.PendingCorrection ?? throw new InvalidOperationException("The case carries no correction to save.");
        var id = @case.Id.ToString();
        var seq = @case.Version;
        // The counting events as loaded (before this correction voided any), read once: a correction names events by
        // position, and the events left after it decide what waits for an approver (below).
        var counting = (await session.Query<SeqRow>(
                "SELECT seq, kind, payload FROM case_history WHERE case_id = @id AND voided_by_seq IS NULL ORDER BY seq", new { id }, cancellationToken))
            .Where(h => h.Payload is not null && CaseEventSerializer.IsEventKind(h.Kind)).ToList();
        var positions = counting.Select(h => h.Seq).ToList();
        await UpdateProjection(@case, reading, seq, recordedAt, cancellationToken);
        if (correction.RegistrationChanged) await UpdateRegistration(@case, correction, cancellationToken);
        foreach (var replaced in correction.Replaced)
            await session.Execute("""
                UPDATE case_history SET original_payload = COALESCE(original_payload, payload), payload = @payload, acting_on = @on,
                    corrected_by_seq = @seq
                WHERE case_id = @id AND seq = @target
                """, new { id, seq, target = positions[replaced.EventIndex], payload = CaseEventSerializer.Serialize(replaced.After), on = replaced.After.On },
                cancellationToken);
        if (correction.Voided is { } voided)
            await session.Execute("UPDATE case_history SET voided_by_seq = @seq WHERE case_id = @id AND seq = @target",
                new { id, seq, target = positions[voided.EventIndex] }, cancellationToken);
        var superseded = correction.Voided is { } step ? await DocumentsOf(id, step.EventIndex, positions[step.EventIndex], cancellationToken) : null;
        // An amended decision (更正答复决定) supersedes the answer letters issued for it: they state the old outcome, and the
        // office issues the answer anew rather than deliver them (trial C finding 20).
        if (correction.Kind == CorrectionKind.DecisionAmended)
        {
            var answers = new List<string>();
            foreach (var amended in correction.Replaced)
                answers.AddRange(await DocumentsOf(id, amended.EventIndex, positions[amended.EventIndex], cancellationToken, nameof(Domain.Documents.DocumentKind.Answer)));
            superseded = answers.Distinct().ToList();
        }
        var details = System.Text.Json.JsonSerializer.Serialize(new CorrectionDetails(correction.Reason, correction.Changes,
            correction.Voided is { } v ? positions[v.EventIndex] : null, correction.Voided?.Step.Kind,
            correction.Replaced.Select(r => positions[r.EventIndex]).ToList(), superseded), CaseEventSerializer.Options);
        await InsertHistory(@case.Id, seq, correction.Kind.ToString(), correction.On, details, recordedAt, actor, dueBefore, reading.DueOn, cancellationToken);

        // A voided request, approval or refusal changes what waits for an approver: the stored seqs follow the events left,
        // which are the case's events after the correction (a rewritten event keeps its seq and its kind) at their seqs.
        var voidedSeq = correction.Voided is { } gone ? positions[gone.EventIndex] : (int?)null;
        var left = positions.Where(p => p != voidedSeq).ToList();
        if (left.Count != @case.Events.Count)
            throw new InvalidOperationException($"Case {@case.CaseNumber}: {@case.Events.Count} events after the correction, {left.Count} stored.");
        var (extension, deferral) = WaitingAfter(@case.Events.Select((e, i) => (e, left[i])));
        await session.Execute("UPDATE cases SET pending_extension_seq = @extension, pending_deferral_seq = @deferral WHERE id = @id",
            new { id, extension = extension.Seq, deferral = deferral.Seq }, cancellationToken);
    }

    /// <summary>
    /// The details of a correction's history entry: why, each field before → after, the step voided and the events rewritten
    /// (by seq), and for a void the ids of the issued documents (文书) of the voided step, superseded by it (issue 16 item 2),
    /// for a decision amendment the ids of the answer letters issued for the decision.
    /// </summary>
    public sealed record CorrectionDetails(string Reason, IReadOnlyList<FieldChange> Changes, int? VoidedSeq, string? VoidedKind, IReadOnlyList<int> CorrectedSeqs,
        IReadOnlyList<string>? SupersededDocumentIds = null);

    private sealed class IssuedNoteRow
    {
        public string? Payload { get; init; }
    }

    // The documents issued for the step being voided: issued_documents.event_sequence is the step's index among the case's
    // counting events at issue time, and an index is reused by the next step once a void drops the step, so a document counts
    // only if it was also issued after the step was recorded (its DocumentIssued entry follows the step's seq).
    private async Task<IReadOnlyList<string>> DocumentsOf(string caseId, int eventIndex, int stepSeq, CancellationToken cancellationToken, string? kind = null)
    {
        var atIndex = (await session.Query<string>(
                "SELECT id FROM issued_documents WHERE case_id = @caseId AND event_sequence = @eventIndex AND (@kind IS NULL OR kind = @kind)",
                new { caseId, eventIndex, kind }, cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (atIndex.Count == 0) return [];
        var issuedSince = (await session.Query<IssuedNoteRow>(
                "SELECT payload FROM case_history WHERE case_id = @caseId AND kind = 'DocumentIssued' AND seq > @stepSeq ORDER BY seq",
                new { caseId, stepSeq }, cancellationToken))
            .Select(n => n.Payload is null ? null : System.Text.Json.Nodes.JsonNode.Parse(n.Payload)?["documentId"]?.GetValue<string>())
            .OfType<string>();
        return issuedSince.Where(atIndex.Contains).Select(d => d.ToLowerInvariant()).Distinct().ToList();
    }

    private sealed class SeqRow
    {
        public int Seq { get; init; }
        public string Kind { get; init; } = default!;
        public string? Payload { get; init; }
    }

    private sealed class SealedRow
    {
        public string? ApplicantSealed { get; init; }
    }

    // The registration's columns from the corrected case; personal data given anew is merged with the sealed values and sealed again.
    private async Task UpdateRegistration(Case @case, CaseCorrection correction, CancellationToken cancellationToken)
    {
        var id = @case.Id.ToString();
        var stored = await session.QuerySingleOrDefault<SealedRow>("SELECT applicant_sealed FROM cases WHERE id = @id", new { id }, cancellationToken);
        var secrets = personalData.Unseal(stored?.ApplicantSealed);
        string? Given(string field, string? current) => correction.NewPersonalData.TryGetValue(field, out var value) ? value : current;
        secrets = new ApplicantSecrets(Given("idNumber", secrets.IdNumber), Given("phone", secrets.Phone), Given("email", secrets.Email),
            Given("address", secrets.Address));
        var a = @case.Applicant;
        var idHash = personalData.IdHash(secrets.IdNumber);
        await session.Execute("""
            UPDATE cases SET channel = @channel, letter_mail = @letterMail, submitted_on = @submittedOn, description = @description,
                delivery_form = @deliveryForm, applicant_kind = @kind, applicant_name = @name, applicant_key = @key,
                applicant_id_number = @idNumber, applicant_phone = @phone, applicant_email = @email, applicant_address = @address,
                applicant_sealed = @sealed, applicant_id_hash = @idHash
            WHERE id = @id
            """, new
        {
            id, channel = @case.Channel.ToString(), letterMail = @case.LetterMail?.ToString(), submittedOn = @case.SubmittedOn, description = @case.Description,
            deliveryForm = @case.DeliveryForm?.ToString(), kind = a.Kind.ToString(), name = a.Name, key = ApplicantKey(a.Name, idHash),
            idNumber = PersonalDataMask.IdNumber(secrets.IdNumber), phone = PersonalDataMask.Phone(secrets.Phone), email = PersonalDataMask.Email(secrets.Email),
            address = PersonalDataMask.Address(secrets.Address), @sealed = personalData.Seal(secrets), idHash,
        }, cancellationToken);
    }

    private async Task UpdateProjection(Case @case, ClockReading reading, int version, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var updated = await session.Execute("""
            UPDATE cases SET received_on = @receivedOn, regime = @regime, status = @status, due_on = @dueOn,
                due_on_provisional = @dueOnProvisional, extended = @extended, outcome = @outcome, decided_on = @decidedOn,
                closed_on = @closedOn, closed_late = @closedLate, fee_paid_on = @feePaidOn, fee_paid_yuan = @feePaidYuan,
                version = @version, updated_at = @now
            WHERE id = @id AND version = @loadedVersion
            """, new
        {
            id = @case.Id.ToString(),
            receivedOn = reading.ReceiptDate,
            regime = reading.Regime?.ToString(),
            status = reading.Status.ToString(),
            dueOn = reading.DueOn,
            dueOnProvisional = reading.DueOnProvisional,
            extended = reading.Extended,
            outcome = reading.Outcome,
            decidedOn = reading.DecidedOn,
            closedOn = reading.ClosedOn,
            closedLate = reading.ClosedLate,
            feePaidOn = reading.FeePaidOn,
            feePaidYuan = reading.FeePaidYuan,
            version,
            loadedVersion = @case.LoadedVersion,
            now = recordedAt,
        }, cancellationToken);
        if (updated == 0)
            throw new ConcurrencyConflictException($"Case {@case.CaseNumber} was changed by someone else meanwhile; reload it and try again.");
    }

    private Task InsertHistory(CaseId caseId, int seq, string kind, DateOnly actingOn, string payload, DateTimeOffset recordedAt, Actor actor,
        DateOnly? dueBefore, DateOnly? dueAfter, CancellationToken cancellationToken)
        => session.InsertRows("case_history", HistoryColumns, [HistoryValues(caseId, seq, kind, actingOn, payload, recordedAt, actor, dueBefore, dueAfter)],
            cancellationToken);

    /// <summary>
    /// Identifies an applicant for the per-month fee count: the keyed hash of the ID number when given
    /// (<see cref="PersonalDataProtector.IdHash"/>), else the name; never the ID number itself. The search by ID number compares this
    /// key too, through <c>ix_cases_applicant_month</c> (agency_code, applicant_key, received_on): the hash has no index of its own.
    /// </summary>
    public static string ApplicantKey(string name, string? idHash) => idHash is null ? "name:" + name.Trim() : "idh:" + idHash;
}
