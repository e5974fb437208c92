using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.UploadTemplate;

/// <summary>An agency's template of a kind as stored: its SHA-256 and who uploaded it when.</summary>
public sealed record TemplateView(string AgencyCode, DocumentKind Kind, string Sha256, int Bytes, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>
/// Uploads an agency's own DOCX template of a kind (documents.md "Templates"): by an administrator of the agency or of an
/// agency above it. Refused (400): bytes that are not a DOCX, a template using a field the kind does not know, and one leaving
/// out a field the kind must state (<see cref="CaseDocuments.RequiredFieldKeys"/>), each named.
/// Replaces the agency's earlier template of the kind; documents issued before keep what they were issued with.
/// </summary>
public sealed record UploadTemplateCommand(string AgencyCode, DocumentKind Kind, byte[] Content) : ICommand<TemplateView>;

internal sealed class UploadTemplateHandler(AgencyAccess access, DocumentTemplateStore templates, DocxDocuments docx, CurrentUser user, RegisterClock clock)
    : ICommandHandler<UploadTemplateCommand, TemplateView>
{
    public async ValueTask<TemplateView> Handle(UploadTemplateCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        IReadOnlyList<string> unknown, missing;
        try
        {
            unknown = docx.UnknownFields(command.Kind, command.Content);
            missing = docx.MissingFields(command.Kind, command.Content);
        }
        catch (ArgumentException)
        {
            throw new InvalidInputException("template", $"The template is not a {"DOCX"} file; save it in Word or WPS as {".docx"} and upload it again.");
        }

        if (unknown.Count > 0)
            throw new InvalidInputException("template",
                $"The template uses the field {string.Join(", ", unknown)}, which a {command.Kind} does not have; its fields are {string.Join(", ", CaseDocuments.FieldKeys(command.Kind))}.");
        // The paper must say what the law requires of its kind (the answer's remedies clause, Art. 51 and 行政诉讼法 §46; the
        // receipt's due date and 查询码; every notice's dates): a template without one of them would issue papers without it.
        if (missing.Count > 0)
            throw new InvalidInputException("template",
                $"The template leaves out the field {string.Join(", ", missing)}, which every {command.Kind} must state; put a content control tagged with it back in (the default template shows where).");
        var now = clock.Now;
        await templates.Save(command.AgencyCode, command.Kind, command.Content, user.Actor, now, cancellationToken);
        return new TemplateView(command.AgencyCode, command.Kind, IssuedDocumentStore.Sha256Of(command.Content), command.Content.Length, user.Name, now);
    }
}

public static class UploadTemplateEndpoint
{
    /// <summary>The largest template accepted (bytes).</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public static void Map(RouteGroupBuilder group) => group.MapPut("/agencies/{code}/templates/{kind}",
            async (string code, string kind, HttpRequest http, ISender sender, CancellationToken ct) =>
            {
                var documentKind = DocumentDrafting.ParseKind("kind", kind);
                if (http.ContentType is not { } type || !type.StartsWith(GetDocument.GetDocumentEndpoint.Docx, StringComparison.OrdinalIgnoreCase))
                    return (IResult)TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                        detail: $"Send the template as the request body with Content-Type {GetDocument.GetDocumentEndpoint.Docx}.");
                if (http.ContentLength > MaxBytes)
                    throw new InvalidInputException("template", $"A template is at most {MaxBytes / 1024 / 1024} MB.");
                using var buffer = new MemoryStream();
                await http.Body.CopyToAsync(buffer, ct);
                if (buffer.Length > MaxBytes) throw new InvalidInputException("template", $"A template is at most {MaxBytes / 1024 / 1024} MB.");
                return TypedResults.Ok(await sender.Send(new UploadTemplateCommand(code, documentKind, buffer.ToArray()), ct));
            })
        .RequireAuthorization(Policies.Administer)
        .WithName("UploadTemplate")
        .WithSummary("Upload the agency's own DOCX template of a document kind (body: the .docx; content controls tagged with the kind's field keys). A field the kind does not know is refused by name.");
}
