using CaseTracker.Domain;
using CaseTracker.Domain.Cases;

namespace CaseTracker.Api.Features.Cases.ImportCases;

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

    /// <summary>
    /// The column an error of a replayed step is reported against, and for a field the aggregate names (an
    /// <see cref="InvalidInputException"/>'s <see cref="InvalidInputException.Field"/>) the column that holds it.
    /// </summary>
    public static string ForRefusal(PastStep step, InvalidInputException? invalid)
    {
        var (column, fields) = Steps[step];
        return invalid is null ? column : fields.GetValueOrDefault(invalid.Field, column);
    }

    private static readonly Dictionary<PastStep, (string Column, Dictionary<string, string> Fields)> Steps = new()
    {
        [PastStep.Register] = (SubmittedOn, Fields(("description", Description), ("applicant.name", ApplicantName), ("submittedOn", SubmittedOn),
            ("receivedOn", ReceivedOn), ("letterMail", LetterMail))),
        [PastStep.ConfirmReceipt] = (ConfirmedOn, Fields(("confirmedOn", ConfirmedOn))),
        [PastStep.RequestSupplement] = (SupplementRequestedOn,
            Fields(("requestedOn", SupplementRequestedOn), ("items", SupplementItems), ("supplyBy", SupplementSupplyBy))),
        [PastStep.ReceiveSupplement] = (SupplementReceivedOn, Fields(("receivedOn", SupplementReceivedOn))),
        [PastStep.SendConsultation] = (ConsultationSentOn, Fields(("sentOn", ConsultationSentOn), ("party", ConsultationParty))),
        [PastStep.ReceiveConsultationReply] = (ConsultationRepliedOn, Fields(("receivedOn", ConsultationRepliedOn))),
        [PastStep.ApproveExtension] = (ExtensionApprovedOn,
            Fields(("approvedOn", ExtensionApprovedOn), ("reason", ExtensionReason), ("applicantNotifiedOn", ExtensionApplicantNotifiedOn))),
        [PastStep.Decide] = (DecidedOn, Fields(("decidedOn", DecidedOn), ("outcome", Outcome))),
        [PastStep.Deliver] = (DeliveredOn, Fields(("deliveredOn", DeliveredOn))),
        [PastStep.Withdraw] = (WithdrawnOn, Fields(("withdrawnOn", WithdrawnOn))),
        [PastStep.CloseAsAbandoned] = (AbandonedOn, Fields(("closedOn", AbandonedOn), ("outcome", Outcome))),
    };

    private static Dictionary<string, string> Fields(params (string Field, string Column)[] pairs)
        => pairs.ToDictionary(p => p.Field, p => p.Column, StringComparer.Ordinal);
}
