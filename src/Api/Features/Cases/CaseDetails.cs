using CaseTracker.Domain.Applicants;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Features.Cases;

/// <summary>
/// The applicant as every case answer shows it: ID number, phone, e-mail and address masked (<see cref="PersonalDataMask"/>); the
/// full values only through <c>GET /api/cases/{id}/applicant</c>, which is logged.
/// </summary>
public sealed record ApplicantDetails(ApplicantKind Kind, string Name, string? IdNumber, string? Phone, string? Email, string? Address)
{
    /// <summary>The applicant with the four personal values masked (masking a masked value changes nothing).</summary>
    public static ApplicantDetails Masked(ApplicantKind kind, string name, string? idNumber, string? phone, string? email, string? address)
        => new(kind, name, PersonalDataMask.IdNumber(idNumber), PersonalDataMask.Phone(phone), PersonalDataMask.Email(email), PersonalDataMask.Address(address));
}

public sealed record AssigneeDetails(string UserId, string Name);

/// <summary>
/// The delivery (送达) of a closed case as case details give it (issue 19 item 3): <see cref="DeliveredOn"/> (China date),
/// <see cref="Method"/> (InPerson, Post, Email, Online, Fax) and, for a delivery by post, the <see cref="TrackingNumber"/> (邮件号) recorded
/// with it (null when none was given). 当场答复 gives its answering day and method, no tracking number.
/// </summary>
public sealed record DeliveryDetails(DateOnly DeliveredOn, DeliveryMethod Method, string? TrackingNumber)
{
    /// <summary>The details of a case's delivery in force; null when it has none.</summary>
    public static DeliveryDetails? From(CaseDelivery? delivery)
        => delivery is null ? null : new DeliveryDetails(delivery.DeliveredOn, delivery.Method, delivery.TrackingNumber);
}

/// <summary>Case details of api.md; overdue and working days left are computed for today, never stored.</summary>
public sealed record CaseDetails
{
    public required Guid Id { get; init; }
    public required string CaseNumber { get; init; }
    public required string AgencyCode { get; init; }
    public required CaseStatus Status { get; init; }
    public required Channel Channel { get; init; }
    public LetterMail? LetterMail { get; init; }
    public Regime? Regime { get; init; }
    public required DateOnly SubmittedOn { get; init; }
    /// <summary>The receipt date as recorded (law.md §3).</summary>
    public DateOnly? ReceivedOn { get; init; }

    /// <summary>The receipt date the clock counts from: the next working day when <see cref="ReceivedOn"/> is a rest day.</summary>
    public DateOnly? CountedReceiptDate { get; init; }

    /// <summary>收到日为休息日，顺延至下一工作日: <see cref="CountedReceiptDate"/> differs from <see cref="ReceivedOn"/>.</summary>
    public bool ReceiptShifted { get; init; }
    public DateOnly? DueOn { get; init; }
    public bool DueOnProvisional { get; init; }
    public bool Extended { get; init; }
    public int? WorkingDaysLeft { get; init; }
    public bool Overdue { get; init; }
    public string? Outcome { get; init; }
    public DateOnly? DecidedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public bool ClosedLate { get; init; }
    public required int Version { get; init; }
    public required ApplicantDetails Applicant { get; init; }
    public required string Description { get; init; }
    public DeliveryForm? DeliveryForm { get; init; }
    public AssigneeDetails? AssignedTo { get; init; }

    /// <summary>
    /// The delivery (送达) that closed the case: date, method and 邮件号 (issue 19 item 3); null while it is open or when it closed without
    /// one (withdrawn, abandoned). Given by <c>GET /api/cases/{id}</c>, by-number and every step's answer (the delivery step's echoes the
    /// tracking number it recorded); not in lists or exports.
    /// </summary>
    public DeliveryDetails? Delivery { get; init; }

    /// <summary>The China date the case was archived (归档, issue 19); null while it is not. An archived case takes no more steps, corrections or documents.</summary>
    public DateOnly? ArchivedOn { get; init; }
}

/// <summary>Reads case details straight from the register's projection (Dapper to DTO).</summary>
public sealed class CaseReader(DbSession session, RegisterClock clock)
{
    /// <summary>The details of one case, with its delivery (<see cref="CaseDetails.Delivery"/>) once closed; null when there is no such case.</summary>
    public async Task<CaseDetails?> Find(Guid id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefault<CaseRow>($"SELECT {CaseRow.Columns} FROM cases WHERE id = @id", new { id = id.ToString() }, cancellationToken);
        return row is null ? null : await WithDelivery(ToDetails(row), cancellationToken);
    }

    private sealed class DeliveryRow
    {
        public string Kind { get; init; } = default!;
        public string Payload { get; init; } = default!;
    }

    /// <summary>
    /// <paramref name="details"/> with the delivery in force (the last Delivered or AnsweredOnTheSpot history entry not voided; a
    /// correction rewrites the entry's payload) when the case is closed; one short read of the history, none for an open case.
    /// </summary>
    public async Task<CaseDetails> WithDelivery(CaseDetails details, CancellationToken cancellationToken)
    {
        if (details.Status != CaseStatus.Closed) return details;
        var rows = await session.Query<DeliveryRow>("""
            SELECT kind, payload FROM case_history
            WHERE case_id = @id AND voided_by_seq IS NULL AND kind IN ('Delivered', 'AnsweredOnTheSpot') AND payload IS NOT NULL
            ORDER BY seq
            """, new { id = details.Id.ToString() }, cancellationToken);
        var delivery = CaseDelivery.Of(rows.Select(r => CaseEventSerializer.Deserialize(r.Kind, r.Payload)));
        return details with { Delivery = DeliveryDetails.From(delivery) };
    }

    /// <summary>The details of a case just written, without reading it back.</summary>
    public CaseDetails FromCase(Case @case, ClockReading reading, AssigneeDetails? assignedTo)
    {
        var today = clock.Today;
        var a = @case.Applicant;
        return new CaseDetails
        {
            Id = @case.Id.Value,
            CaseNumber = @case.CaseNumber,
            AgencyCode = @case.AgencyCode,
            Status = reading.Status,
            Channel = @case.Channel,
            LetterMail = @case.LetterMail,
            Regime = reading.Regime,
            SubmittedOn = @case.SubmittedOn,
            ReceivedOn = reading.ReceiptDate,
            CountedReceiptDate = reading.CountedReceiptDate,
            ReceiptShifted = reading.ReceiptShifted,
            DueOn = reading.DueOn,
            DueOnProvisional = reading.DueOnProvisional,
            Extended = reading.Extended,
            WorkingDaysLeft = reading.WorkingDaysLeft(today, clock.Calendar),
            Overdue = reading.IsOverdue(today),
            Outcome = reading.Outcome,
            DecidedOn = reading.DecidedOn,
            ClosedOn = reading.ClosedOn,
            ClosedLate = reading.ClosedLate,
            Version = @case.Version,
            Applicant = ApplicantDetails.Masked(a.Kind, a.Name, a.IdNumber, a.Phone, a.Email, a.Address),
            Description = @case.Description,
            DeliveryForm = @case.DeliveryForm,
            AssignedTo = assignedTo,
            Delivery = DeliveryDetails.From(CaseDelivery.Of(@case.Events)),
        };
    }

    public CaseDetails ToDetails(CaseRow row)
    {
        var today = clock.Today;
        var status = Enum.Parse<CaseStatus>(row.Status);
        var open = status != CaseStatus.Closed;
        int? left = open && row.DueOn is { } due ? clock.Calendar.WorkingDaysLeft(today, due) : null;
        DateOnly? counted = row.ReceivedOn is { } received ? StatutoryClock.CountedReceiptDate(received, clock.Calendar, clock.Settings) : null;
        return new CaseDetails
        {
            Id = Guid.Parse(row.Id),
            CaseNumber = row.CaseNumber,
            AgencyCode = row.AgencyCode,
            Status = status,
            Channel = Enum.Parse<Channel>(row.Channel),
            LetterMail = row.LetterMail is null ? null : Enum.Parse<LetterMail>(row.LetterMail),
            Regime = row.Regime is null ? null : Enum.Parse<Regime>(row.Regime),
            SubmittedOn = row.SubmittedOn,
            ReceivedOn = row.ReceivedOn,
            CountedReceiptDate = counted,
            ReceiptShifted = counted != row.ReceivedOn,
            DueOn = row.DueOn,
            DueOnProvisional = row.DueOnProvisional,
            Extended = row.Extended,
            WorkingDaysLeft = left,
            Overdue = open && row.DueOn is { } d && today > d,
            Outcome = row.Outcome,
            DecidedOn = row.DecidedOn,
            ClosedOn = row.ClosedOn,
            ClosedLate = row.ClosedLate,
            Version = row.Version,
            Applicant = ApplicantDetails.Masked(Enum.Parse<ApplicantKind>(row.ApplicantKind), row.ApplicantName, row.ApplicantIdNumber,
                row.ApplicantPhone, row.ApplicantEmail, row.ApplicantAddress),
            Description = row.Description,
            DeliveryForm = row.DeliveryForm is null ? null : Enum.Parse<DeliveryForm>(row.DeliveryForm),
            AssignedTo = row.AssignedUserId is null ? null : new AssigneeDetails(row.AssignedUserId, row.AssignedUserName ?? row.AssignedUserId),
        };
    }
}
