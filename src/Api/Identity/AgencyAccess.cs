using CaseTracker.Api.Errors;
using CaseTracker.Domain;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Identity;

/// <summary>
/// Agency scoping (api.md): a user acts inside their own agency; Supervisor and Administrator also see
/// every subordinate agency. Another agency's case answers 404, another agency's list 403.
/// </summary>
public sealed class AgencyAccess(DbSession session, CurrentUser user, AgencyDirectory directory)
{
    /// <summary>An agency of the tree; <see cref="Active"/> false: deactivated, it takes no new case (issue 16).</summary>
    public sealed record AgencyNode(string Code, string Name, string? ParentCode)
    {
        public bool Active { get; init; } = true;
    }

    private IReadOnlyList<AgencyNode>? agencies;

    public async Task<IReadOnlyList<AgencyNode>> All(CancellationToken cancellationToken)
        => agencies ??= await directory.All(session, cancellationToken);

    public async Task<AgencyNode?> Find(string code, CancellationToken cancellationToken)
        => (await All(cancellationToken)).FirstOrDefault(a => a.Code == code);

    /// <summary>The agency and its ancestors up to the root, nearest first (where an inherited setting — a template, cost prices — is looked for).</summary>
    public async Task<IReadOnlyList<string>> AgencyAndAncestors(string agencyCode, CancellationToken cancellationToken)
    {
        var chain = new List<string>();
        for (var code = agencyCode; code is not null && !chain.Contains(code);)
        {
            chain.Add(code);
            code = (await Find(code, cancellationToken))?.ParentCode;
        }

        return chain;
    }

    /// <summary>The agency and all agencies below it.</summary>
    public async Task<IReadOnlyList<string>> Subtree(string code, CancellationToken cancellationToken)
    {
        var all = await All(cancellationToken);
        var children = all.Where(a => a.ParentCode is not null).ToLookup(a => a.ParentCode!);
        var result = new List<string>();
        var stack = new Stack<string>([code]);
        var seen = new HashSet<string>();
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (!seen.Add(next)) continue;
            result.Add(next);
            foreach (var child in children[next]) stack.Push(child.Code);
        }

        return result;
    }

    public async Task<IReadOnlySet<string>> Visible(CancellationToken cancellationToken)
    {
        if (user.IsSystem) return (await All(cancellationToken)).Select(a => a.Code).ToHashSet();
        if (string.IsNullOrEmpty(user.AgencyCode)) return new HashSet<string>();
        if (!Roles.SeesSubordinates(user.Roles)) return new HashSet<string> { user.AgencyCode };
        return (await Subtree(user.AgencyCode, cancellationToken)).ToHashSet();
    }

    /// <summary>Where the user may act (register, file, …): their own agency, or below it for Supervisor/Administrator.</summary>
    public async Task EnsureCanActIn(string agencyCode, CancellationToken cancellationToken)
    {
        if (await Find(agencyCode, cancellationToken) is null)
            throw new InvalidInputException("agencyCode", $"There is no agency {agencyCode}.");
        await EnsureVisible(agencyCode, cancellationToken);
    }

    /// <summary>
    /// A new case may be registered in the agency: it exists, the caller may act in it, and it is active (a deactivated
    /// agency takes no new case; its existing cases stay, issue 16). 409 for a deactivated agency.
    /// </summary>
    public async Task EnsureTakesNewCases(string agencyCode, CancellationToken cancellationToken)
    {
        await EnsureCanActIn(agencyCode, cancellationToken);
        if (await Find(agencyCode, cancellationToken) is { Active: false } agency)
            throw new DomainRuleException($"Agency {agency.Code} ({agency.Name}) is deactivated and takes no new case; register the request with the agency that took over its work.");
    }

    private async Task EnsureVisible(string agencyCode, CancellationToken cancellationToken)
    {
        if (!(await Visible(cancellationToken)).Contains(agencyCode))
            throw new ForbiddenException(await OutsideScope(agencyCode, "act for", cancellationToken));
    }

    /// <summary>
    /// The 403 sentence: which agency was asked for, which the user acts for, and who may; each agency by its code and
    /// name (<see cref="Named"/>), as the office knows it.
    /// </summary>
    private async Task<string> OutsideScope(string agency, string verb, CancellationToken cancellationToken)
    {
        var asked = await Named(agency, cancellationToken);
        var own = await Named(user.AgencyCode, cancellationToken);
        return (Roles.SeesSubordinates(user.Roles)
                   ? $"Agency {asked} is neither {own} nor under it, so you may not {verb} {asked}"
                   : $"You act for agency {own} only and may not {verb} {asked}")
               + $": that needs a user of {asked}, or a Supervisor or Administrator of an agency above it.";
    }

    /// <summary>An agency as a refusal names it: its code and name (<c>CX 楚雄州人民政府</c>); the code alone when it is not in the tree.</summary>
    public async Task<string> Named(string code, CancellationToken cancellationToken)
        => string.IsNullOrEmpty(code) ? code : await Find(code, cancellationToken) is { } agency ? $"{agency.Code} {agency.Name}" : code;

    /// <summary>
    /// The case found (its details or the aggregate), if the user may see it; otherwise 404, the same whether it
    /// does not exist or belongs to an agency the user cannot see (for them it does not exist).
    /// </summary>
    public async Task<T> VisibleCase<T>(Guid caseId, T? found, Func<T, string> agencyOf, CancellationToken cancellationToken) where T : class
    {
        if (found is null || !(await Visible(cancellationToken)).Contains(agencyOf(found)))
            throw new NotFoundException("case", $"There is no case {caseId}.");
        return found;
    }

    /// <summary>The agencies a list covers: the requested one (and its subtree), or every agency the user sees.</summary>
    public async Task<IReadOnlyList<string>> Scope(string? agency, bool subtree, CancellationToken cancellationToken)
    {
        var visible = await Visible(cancellationToken);
        if (string.IsNullOrWhiteSpace(agency))
            return subtree || Roles.SeesSubordinates(user.Roles) ? visible.ToList() : [user.AgencyCode];
        if (await Find(agency, cancellationToken) is null)
            throw new InvalidInputException("agency", $"There is no agency {agency}.");
        if (!visible.Contains(agency))
            throw new ForbiddenException(await OutsideScope(agency, "see", cancellationToken));
        return subtree ? (await Subtree(agency, cancellationToken)).Where(visible.Contains).ToList() : [agency];
    }
}
