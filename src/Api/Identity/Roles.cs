namespace CaseTracker.Api.Identity;

/// <summary>The five roles of api.md.</summary>
public static class Roles
{
    public const string IntakeOfficer = nameof(IntakeOfficer);
    public const string CaseHandler = nameof(CaseHandler);
    public const string Approver = nameof(Approver);
    public const string Supervisor = nameof(Supervisor);
    public const string Administrator = nameof(Administrator);

    public static readonly IReadOnlyList<string> All = [IntakeOfficer, CaseHandler, Approver, Supervisor, Administrator];

    /// <summary>Roles that see the subordinate agencies of their own.</summary>
    public static bool SeesSubordinates(IEnumerable<string> roles) => roles.Any(r => r is Supervisor or Administrator);

    /// <summary>
    /// The roles that may read a case's applicant personal data in full (security.md "Personal data"; 个人信息保护法 Art. 28, 51) — in
    /// their own agency only (<see cref="PersonalDataReaders.MayReadInFull"/>): the intake officer, case handler and approver who work
    /// the case. Supervisors and administrators see masked values and may not open the files.
    /// </summary>
    public static readonly IReadOnlyList<string> PersonalDataInFull = [IntakeOfficer, CaseHandler, Approver];
}

/// <summary>
/// The one rule "may read this case's full personal data" (security.md "Personal data"; 个人信息保护法 Art. 28, 51): a user holding one of
/// <see cref="Roles.PersonalDataInFull"/> in the case's own agency — not a parent's supervisor or administrator, who see the masked forms.
/// Used by the full read of the applicant (<c>GET /api/cases/{id}/applicant</c>), the attachments and the case file (an ID copy is
/// personal data), and the desk, which offers those only when this holds.
/// </summary>
public static class PersonalDataReaders
{
    /// <summary>Whether <paramref name="user"/> may read in full the personal data of a case of <paramref name="caseAgencyCode"/>.</summary>
    public static bool MayReadInFull(this CurrentUser user, string caseAgencyCode)
        => user.AgencyCode == caseAgencyCode && user.Roles.Any(Roles.PersonalDataInFull.Contains);
}

/// <summary>Authorization policies: who may do what (api.md "Identity"). Administrator may do everything.</summary>
public static class Policies
{
    public const string Register = nameof(Register);
    public const string ConfirmReceipt = nameof(ConfirmReceipt);
    public const string Process = nameof(Process);
    public const string Approve = nameof(Approve);
    public const string Withdraw = nameof(Withdraw);
    public const string Assign = nameof(Assign);
    public const string Read = nameof(Read);
    public const string Administer = nameof(Administer);
    public const string Proceedings = nameof(Proceedings);
    public const string Complaints = nameof(Complaints);
    public const string Reports = nameof(Reports);
    public const string IssueDocuments = nameof(IssueDocuments);

    /// <summary>更正 of a registration (issue 16): those who register or handle cases, approvers and administrators.</summary>
    public const string Correct = nameof(Correct);

    /// <summary>Amending a recorded decision before delivery (issue 16): handlers, approvers and administrators.</summary>
    public const string AmendDecision = nameof(AmendDecision);

    /// <summary>
    /// Attachments and the case file (issue 19): the roles that may read a case's full personal data (security.md), as an ID copy is
    /// personal data; the handlers then check the case is of the user's own agency.
    /// </summary>
    public const string Attachments = nameof(Attachments);

    /// <summary>归档 of a closed case (issue 19): supervisors and administrators.</summary>
    public const string Archive = nameof(Archive);

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [Register] = [Roles.IntakeOfficer, Roles.Administrator],
        [ConfirmReceipt] = [Roles.IntakeOfficer, Roles.CaseHandler, Roles.Administrator],
        [Process] = [Roles.CaseHandler, Roles.Administrator],
        [Approve] = [Roles.Approver, Roles.Administrator],
        [Withdraw] = [Roles.IntakeOfficer, Roles.CaseHandler, Roles.Administrator],
        [Assign] = [Roles.Supervisor, Roles.Approver, Roles.Administrator],
        [Read] = [.. Roles.All],
        [Administer] = [Roles.Administrator],
        [Proceedings] = [Roles.CaseHandler, Roles.Administrator],
        [Complaints] = [Roles.IntakeOfficer, Roles.CaseHandler, Roles.Administrator],
        [Reports] = [Roles.Supervisor, Roles.Administrator],
        // 文书: a handler issues any kind, an intake officer the receipt only (DocumentDrafting.EnsureMayIssue).
        [IssueDocuments] = [Roles.IntakeOfficer, Roles.CaseHandler, Roles.Administrator],
        [Correct] = [Roles.IntakeOfficer, Roles.CaseHandler, Roles.Approver, Roles.Administrator],
        [AmendDecision] = [Roles.CaseHandler, Roles.Approver, Roles.Administrator],
        [Attachments] = [.. Roles.PersonalDataInFull],
        [Archive] = [Roles.Supervisor, Roles.Administrator],
    };
}
