using System.Net;
using CaseTracker.Api.Identity;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.GetTemplate;

/// <summary>The template an agency's documents of a kind are printed on, and whose it is: <c>own</c>, an ancestor's code, or <c>default</c>.</summary>
public sealed record TemplateFile(string AgencyCode, DocumentKind Kind, string Source, byte[] Content);

/// <summary>
/// The template documents of the agency use for the kind (documents.md "Templates"): its own, else the nearest ancestor's,
/// else the default, to download, edit in Word or WPS and upload again. For a user who can see the agency (403 otherwise).
/// </summary>
public sealed record GetTemplateQuery(string AgencyCode, DocumentKind Kind) : IQuery<TemplateFile>;

internal sealed class GetTemplateHandler(AgencyAccess access, DocumentDrafting drafting, DocxDocuments docx) : IQueryHandler<GetTemplateQuery, TemplateFile>
{
    public async ValueTask<TemplateFile> Handle(GetTemplateQuery query, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(query.AgencyCode, cancellationToken);
        var template = await drafting.Template(query.AgencyCode, query.Kind, cancellationToken);
        return template is null
            ? new TemplateFile(query.AgencyCode, query.Kind, "default", docx.DefaultTemplate(query.Kind))
            : new TemplateFile(query.AgencyCode, query.Kind, template.AgencyCode == query.AgencyCode ? "own" : template.AgencyCode, template.Content);
    }
}

public static class GetTemplateEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapGet("/agencies/{code}/templates/{kind}",
            async (string code, string kind, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var file = await sender.Send(new GetTemplateQuery(code, DocumentDrafting.ParseKind("kind", kind)), ct);
                response.Headers["X-Template-Source"] = file.Source;
                response.Headers.ContentDisposition = $"attachment; filename=\"{file.Kind}.docx\"; filename*=UTF-8''{WebUtility.UrlEncode(code)}-{file.Kind}.docx";
                return TypedResults.Bytes(file.Content, GetDocument.GetDocumentEndpoint.Docx);
            })
        .RequireAuthorization(Policies.Read)
        .Produces(StatusCodes.Status200OK, contentType: GetDocument.GetDocumentEndpoint.Docx)
        .WithName("GetTemplate")
        .WithSummary("The DOCX template the agency's documents of a kind use (its own, else the nearest ancestor's, else the default); X-Template-Source says whose.");
}
