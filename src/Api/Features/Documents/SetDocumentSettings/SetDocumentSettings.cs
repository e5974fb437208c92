using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.SetDocumentSettings;

/// <summary>The body of PUT /api/agencies/{code}/document-settings: the 文号 prefix per kind code, the review body (复议机关) and court.</summary>
public sealed record DocumentSettingsRequest(Dictionary<string, string>? Prefixes, string? ReviewBody, string? ReviewCourt);

/// <summary>An agency's document settings: the prefix of every kind (its own or the default), and the review body and court named in an answer.</summary>
public sealed record DocumentSettingsView(string AgencyCode, IReadOnlyDictionary<string, string> Prefixes, IReadOnlyList<string> DefaultPrefixKinds,
    string? ReviewBody, string? ReviewCourt);

/// <summary>
/// Sets an agency's document settings (a PUT: a prefix left out goes back to the default, a review body or court left out
/// is cleared): an administrator of the agency or above. Refused (400): a key that is not a kind code, a prefix
/// <see cref="DocumentNumber.PrefixProblem"/> refuses (blank, over 20 characters, brackets, 号 or spaces).
/// </summary>
public sealed record SetDocumentSettingsCommand(string AgencyCode, IReadOnlyDictionary<string, string> Prefixes, string? ReviewBody, string? ReviewCourt)
    : ICommand<DocumentSettingsView>, IValidatable
{
    public void Validate(Validator v)
    {
        foreach (var (key, prefix) in Prefixes)
        {
            if (!Enum.TryParse<DocumentKind>(key, out var kind) || !Enum.IsDefined(kind) || int.TryParse(key, out _))
                v.Error($"prefixes.{key}", $"There is no document kind {key}: it is one of {string.Join(", ", Enum.GetNames<DocumentKind>())}.");
            else if (DocumentNumber.PrefixProblem(prefix) is { } problem)
                v.Error($"prefixes.{key}", problem);
        }

        v.Text("reviewBody", ReviewBody, Validator.ShortText, required: false).Text("reviewCourt", ReviewCourt, Validator.ShortText, required: false);
    }
}

/// <summary>Reads an agency's document settings (any user who can see the agency).</summary>
public sealed record GetDocumentSettingsQuery(string AgencyCode) : IQuery<DocumentSettingsView>;

internal sealed class SetDocumentSettingsHandler(AgencyAccess access, DocumentSettingsStore settings, CurrentUser user, RegisterClock clock)
    : ICommandHandler<SetDocumentSettingsCommand, DocumentSettingsView>
{
    public async ValueTask<DocumentSettingsView> Handle(SetDocumentSettingsCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        var saved = new DocumentSettings(command.AgencyCode, Blank(command.ReviewBody), Blank(command.ReviewCourt),
            command.Prefixes.ToDictionary(p => Enum.Parse<DocumentKind>(p.Key), p => p.Value.Trim()));
        await settings.Save(saved, user.Actor, clock.Now, cancellationToken);
        return GetDocumentSettingsHandler.View(saved);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

internal sealed class GetDocumentSettingsHandler(AgencyAccess access, DocumentSettingsStore settings) : IQueryHandler<GetDocumentSettingsQuery, DocumentSettingsView>
{
    public async ValueTask<DocumentSettingsView> Handle(GetDocumentSettingsQuery query, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(query.AgencyCode, cancellationToken);
        return View(await settings.Of(query.AgencyCode, cancellationToken));
    }

    internal static DocumentSettingsView View(DocumentSettings s) => new(s.AgencyCode,
        Enum.GetValues<DocumentKind>().ToDictionary(k => k.ToString(), s.PrefixOf),
        Enum.GetValues<DocumentKind>().Where(k => !s.Prefixes.ContainsKey(k)).Select(k => k.ToString()).ToList(), s.ReviewBody, s.ReviewCourt);
}

public static class SetDocumentSettingsEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPut("/agencies/{code}/document-settings", async (string code, DocumentSettingsRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new SetDocumentSettingsCommand(code, body.Prefixes ?? [], body.ReviewBody, body.ReviewCourt), ct)))
            .RequireAuthorization(Policies.Administer)
            .WithName("SetDocumentSettings")
            .WithSummary("The agency's document settings: the 文号 prefix of each kind (e.g. SupplementNotice → 武政信补), the review body (复议机关) and court named in an answer's remedies clause.");
        group.MapGet("/agencies/{code}/document-settings", async (string code, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetDocumentSettingsQuery(code), ct)))
            .RequireAuthorization(Policies.Read)
            .WithName("GetDocumentSettings")
            .WithSummary("The agency's document settings: the prefix of every kind (its own or the default), the review body and court.");
    }
}
