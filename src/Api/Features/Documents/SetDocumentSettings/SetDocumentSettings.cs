using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Documents;
using Mediator;

namespace CaseTracker.Api.Features.Documents.SetDocumentSettings;

/// <summary>
/// The body of PUT /api/agencies/{code}/document-settings: the 文号 prefix per kind code, the review body (复议机关) and court,
/// and the public address of the applicant's status page (e.g. https://www.example.gov.cn/status) the 登记回执 names.
/// </summary>
public sealed record DocumentSettingsRequest(Dictionary<string, string>? Prefixes, string? ReviewBody, string? ReviewCourt, string? StatusPageUrl = null);

/// <summary>
/// An agency's document settings: the prefix of every kind (its own or the default), the review body and court named in an
/// answer, the status page address a receipt names, and — in the answer to a PUT — <see cref="Cleared"/>: the settings this PUT
/// emptied that were set before (reviewBody, reviewCourt, statusPageUrl), so a client that left them out by mistake sees it.
/// </summary>
public sealed record DocumentSettingsView(string AgencyCode, IReadOnlyDictionary<string, string> Prefixes, IReadOnlyList<string> DefaultPrefixKinds,
    string? ReviewBody, string? ReviewCourt, string? StatusPageUrl = null, IReadOnlyList<string>? Cleared = null);

/// <summary>
/// Sets an agency's document settings — a PUT (HTTP semantics; api.md defines no partial update): the body replaces the
/// settings, a prefix left out goes back to the default, a review body, court or status page address left out is cleared
/// (the answer lists what was cleared in <see cref="DocumentSettingsView.Cleared"/>). An administrator of the agency or above.
/// Refused (400): a key that is not a kind code; a prefix <see cref="DocumentNumber.PrefixProblem"/> refuses (blank, over 20
/// characters, brackets, 号 or spaces); two kinds with the same prefix, own or default (a 文号 names one paper: numbering runs
/// per kind, so a shared prefix would print the same 文号 on two papers); a status page address that is not an absolute http(s)
/// address.
/// </summary>
public sealed record SetDocumentSettingsCommand(string AgencyCode, IReadOnlyDictionary<string, string> Prefixes, string? ReviewBody, string? ReviewCourt,
    string? StatusPageUrl = null)
    : ICommand<DocumentSettingsView>, IValidatable
{
    public void Validate(Validator v)
    {
        var effective = Enum.GetValues<DocumentKind>().ToDictionary(k => k, DocumentNumber.DefaultPrefix);
        foreach (var (key, prefix) in Prefixes)
        {
            if (!Enum.TryParse<DocumentKind>(key, out var kind) || !Enum.IsDefined(kind) || int.TryParse(key, out _))
                v.Error($"prefixes.{key}", $"There is no document kind {key}: it is one of {string.Join(", ", Enum.GetNames<DocumentKind>())}.");
            else if (DocumentNumber.PrefixProblem(prefix) is { } problem)
                v.Error($"prefixes.{key}", problem);
            else
                effective[kind] = prefix.Trim();
        }

        // One prefix, one kind (trial C finding 15): the second kind of each shared prefix is refused, naming the first.
        foreach (var shared in effective.GroupBy(p => p.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var kinds = shared.Select(p => p.Key).OrderBy(k => k).ToList();
            foreach (var kind in kinds.Skip(1))
                v.Error($"prefixes.{kind}", $"Two kinds of document may not share one 文号 prefix: {kinds[0]} and {kind} are both {shared.Key}.");
        }

        v.Text("reviewBody", ReviewBody, Validator.ShortText, required: false).Text("reviewCourt", ReviewCourt, Validator.ShortText, required: false)
            .Text("statusPageUrl", StatusPageUrl, Validator.ShortText, required: false);
        if (!string.IsNullOrWhiteSpace(StatusPageUrl)
            && !(Uri.TryCreate(StatusPageUrl.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                 && !string.IsNullOrEmpty(url.Host)))
            v.Error("statusPageUrl", "statusPageUrl must be the page's full address, such as https://www.example.gov.cn/status.");
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
        var before = await settings.Of(command.AgencyCode, cancellationToken);
        var saved = new DocumentSettings(command.AgencyCode, Blank(command.ReviewBody), Blank(command.ReviewCourt),
            command.Prefixes.ToDictionary(p => Enum.Parse<DocumentKind>(p.Key), p => p.Value.Trim()), Blank(command.StatusPageUrl));
        await settings.Save(saved, user.Actor, clock.Now, cancellationToken);
        var cleared = new List<string>();
        if (before.ReviewBody is not null && saved.ReviewBody is null) cleared.Add("reviewBody");
        if (before.ReviewCourt is not null && saved.ReviewCourt is null) cleared.Add("reviewCourt");
        if (before.StatusPageUrl is not null && saved.StatusPageUrl is null) cleared.Add("statusPageUrl");
        return GetDocumentSettingsHandler.View(saved) with { Cleared = cleared };
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
        Enum.GetValues<DocumentKind>().Where(k => !s.Prefixes.ContainsKey(k)).Select(k => k.ToString()).ToList(), s.ReviewBody, s.ReviewCourt, s.StatusPageUrl);
}

public static class SetDocumentSettingsEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPut("/agencies/{code}/document-settings", async (string code, DocumentSettingsRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new SetDocumentSettingsCommand(code, body.Prefixes ?? [], body.ReviewBody, body.ReviewCourt, body.StatusPageUrl), ct)))
            .RequireAuthorization(Policies.Administer)
            .WithName("SetDocumentSettings")
            .WithSummary("The agency's document settings: the 文号 prefix of each kind (e.g. SupplementNotice → 武政信补), the review body (复议机关) and court named in an answer's remedies clause, the public address of the status page a receipt names. "
                + "A PUT: what the body leaves out goes back to the default or is cleared (the answer's cleared lists what was set before and is now empty).");
        group.MapGet("/agencies/{code}/document-settings", async (string code, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetDocumentSettingsQuery(code), ct)))
            .RequireAuthorization(Policies.Read)
            .WithName("GetDocumentSettings")
            .WithSummary("The agency's document settings: the prefix of every kind (its own or the default), the review body and court.");
    }
}
