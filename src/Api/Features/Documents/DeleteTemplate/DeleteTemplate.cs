using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.DeleteTemplate;

/// <summary>
/// Removes an agency's own template of a kind (an administrator of the agency or above): its documents go back to the
/// nearest ancestor's template, else the default. 404 when the agency has no template of its own for the kind.
/// </summary>
public sealed record DeleteTemplateCommand(string AgencyCode, DocumentKind Kind) : ICommand;

internal sealed class DeleteTemplateHandler(AgencyAccess access, DocumentTemplateStore templates) : ICommandHandler<DeleteTemplateCommand>
{
    public async ValueTask<Unit> Handle(DeleteTemplateCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        if (!await templates.Delete(command.AgencyCode, command.Kind, cancellationToken))
            throw new NotFoundException("template", $"Agency {command.AgencyCode} has no template of its own for {command.Kind}.");
        return Unit.Value;
    }
}

public static class DeleteTemplateEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapDelete("/agencies/{code}/templates/{kind}",
            async (string code, string kind, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteTemplateCommand(code, DocumentDrafting.ParseKind("kind", kind)), ct);
                return TypedResults.NoContent();
            })
        .RequireAuthorization(Policies.Administer)
        .WithName("DeleteTemplate")
        .WithSummary("Remove the agency's own template of a kind: its documents use the nearest ancestor's, else the default.");
}
