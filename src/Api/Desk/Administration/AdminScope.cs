using CaseTracker.Api.Desk.Shared;
using CaseTracker.Api.Features.Agencies.ListAgencies;
using CaseTracker.Api.Identity;

namespace CaseTracker.Api.Desk.Administration;

/// <summary>
/// What every 机构与用户 screen starts from: the tree the administrator sees (the same query as GET /api/agencies), which of
/// its agencies are deactivated, and the agency chosen by <c>?agency=</c> (their own when the code is missing or outside the tree).
/// </summary>
public sealed record AdminScope(IReadOnlyList<AgencyTreeNode> Tree, IReadOnlySet<string> Inactive, AgencyAccess.AgencyNode Selected, string? NotVisible)
{
    public static async Task<AdminScope?> Load(DeskSender desk, string ownAgency, string? requested, CancellationToken cancellationToken)
    {
        var tree = await desk.Send(new ListAgenciesQuery(), cancellationToken);
        var codes = new List<string>();
        void Walk(AgencyTreeNode node)
        {
            codes.Add(node.Code);
            foreach (var child in node.Children) Walk(child);
        }

        foreach (var root in tree) Walk(root);
        var inactive = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in codes)
            if (await desk.Agency(code, cancellationToken) is { Active: false }) inactive.Add(code);

        var wanted = string.IsNullOrWhiteSpace(requested) ? ownAgency : requested.Trim();
        var visible = codes.Contains(wanted, StringComparer.Ordinal);
        var selected = await desk.Agency(visible ? wanted : ownAgency, cancellationToken);
        return selected is null ? null : new AdminScope(tree, inactive, selected, visible ? null : wanted);
    }

    /// <summary>The address of a 机构与用户 screen for an agency.</summary>
    public static string Link(string screen, string agency) => $"{screen}?agency={Uri.EscapeDataString(agency)}";
}
