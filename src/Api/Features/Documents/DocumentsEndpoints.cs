namespace CaseTracker.Api.Features.Documents;

/// <summary>
/// The Documents area's routes (documents.md): drafting, issuing, listing and downloading a case's documents under
/// /api/cases/{id}/documents, an agency's templates and document settings under /api/agencies/{code}, and the applicant's
/// anonymous status lookup /api/status.
/// </summary>
public static class DocumentsEndpoints
{
    public static void MapDocuments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Documents");
        DraftDocument.DraftDocumentEndpoint.Map(group);
        IssueDocument.IssueDocumentEndpoint.Map(group);
        ListDocuments.ListDocumentsEndpoint.Map(group);
        GetDocument.GetDocumentEndpoint.Map(group);
        UploadTemplate.UploadTemplateEndpoint.Map(group);
        GetTemplate.GetTemplateEndpoint.Map(group);
        DeleteTemplate.DeleteTemplateEndpoint.Map(group);
        SetDocumentSettings.SetDocumentSettingsEndpoint.Map(group);
        LookUpStatus.LookUpStatusEndpoint.Map(group);
    }
}
