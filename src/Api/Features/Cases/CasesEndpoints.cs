namespace CaseTracker.Api.Features.Cases;

/// <summary>The Cases area's routes, under /api/cases; each route names the role policy it needs.</summary>
public static class CasesEndpoints
{
    public static void MapCases(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases").WithTags("Cases");
        RegisterCase.RegisterCaseEndpoint.Map(group);
        ImportCases.ImportCasesEndpoint.Map(group);
        GetCase.GetCaseEndpoint.Map(group);
        GetCaseByNumber.GetCaseByNumberEndpoint.Map(group);
        ListPendingRequests.ListPendingRequestsEndpoints.Map(group);
        ListCases.ListCasesEndpoint.Map(group);
        ListCases.ListCasesEndpoint.MapSearch(group);
        GetHistory.GetHistoryEndpoint.Map(group);
        GetDeadline.GetDeadlineEndpoint.Map(group);
        ConfirmReceipt.ConfirmReceiptEndpoint.Map(group);
        RequestSupplement.RequestSupplementEndpoint.Map(group);
        ReceiveSupplement.ReceiveSupplementEndpoint.Map(group);
        SendConsultation.SendConsultationEndpoint.Map(group);
        ReplyConsultation.ReplyConsultationEndpoint.Map(group);
        ApproveExtension.ApproveExtensionEndpoint.Map(group);
        RequestExtension.RequestExtensionEndpoint.Map(group);
        ApproveDeferral.ApproveDeferralEndpoint.Map(group);
        RequestDeferral.RequestDeferralEndpoint.Map(group);
        IssueFeeNotice.IssueFeeNoticeEndpoint.Map(group);
        ReduceFee.ReduceFeeEndpoint.Map(group);
        RecordFeePayment.RecordFeePaymentEndpoint.Map(group);
        Decide.DecideEndpoint.Map(group);
        Deliver.DeliverEndpoint.Map(group);
        Withdraw.WithdrawEndpoint.Map(group);
        AnswerOnTheSpot.AnswerOnTheSpotEndpoint.Map(group);
        CloseAbandoned.CloseAbandonedEndpoint.Map(group);
        AssignCase.AssignCaseEndpoint.Map(group);
        CorrectRegistration.CorrectRegistrationEndpoint.Map(group);
        VoidLastStep.VoidLastStepEndpoint.Map(group);
        AmendDecision.AmendDecisionEndpoint.Map(group);
        ArchiveCase.ArchiveCaseEndpoint.Map(group);
        DownloadCaseFile.DownloadCaseFileEndpoint.Map(group);
    }
}
