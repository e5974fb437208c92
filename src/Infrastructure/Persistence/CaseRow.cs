namespace CaseTracker.Infrastructure.Persistence;

/// <summary>One row of the register's projection (<c>cases</c>), as Dapper reads it: <c>SELECT {Columns} FROM cases …</c>.</summary>
public class CaseRow
{
    public const string Columns = """
        id, case_number, agency_code, channel, letter_mail, submitted_on, received_on, regime, status, due_on,
        due_on_provisional, extended, outcome, decided_on, closed_on, closed_late, applicant_kind, applicant_name,
        applicant_id_number, applicant_phone, applicant_email, applicant_address, description, delivery_form,
        assigned_user_id, assigned_user_name, version
        """;

    public string Id { get; init; } = default!;
    public string CaseNumber { get; init; } = default!;
    public string AgencyCode { get; init; } = default!;
    public string Channel { get; init; } = default!;
    public string? LetterMail { get; init; }
    public DateOnly SubmittedOn { get; init; }
    public DateOnly? ReceivedOn { get; init; }
    public string? Regime { get; init; }
    public string Status { get; init; } = default!;
    public DateOnly? DueOn { get; init; }
    public bool DueOnProvisional { get; init; }
    public bool Extended { get; init; }
    public string? Outcome { get; init; }
    public DateOnly? DecidedOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public bool ClosedLate { get; init; }
    public string ApplicantKind { get; init; } = default!;
    public string ApplicantName { get; init; } = default!;
    public string? ApplicantIdNumber { get; init; }
    public string? ApplicantPhone { get; init; }
    public string? ApplicantEmail { get; init; }
    public string? ApplicantAddress { get; init; }
    public string Description { get; init; } = default!;
    public string? DeliveryForm { get; init; }
    public string? AssignedUserId { get; init; }
    public string? AssignedUserName { get; init; }
    public int Version { get; init; }
}
