using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace CaseTracker.Api.Desk.Dashboard;

/// <summary>The text of the 督办 screen (DashboardText.resx, Chinese).</summary>
public sealed class DashboardText;

/// <summary>
/// The desk's case list for a figure: the API's link (<c>/api/cases?…</c> of <c>GET /api/dashboard</c>, its charts and the trends) turned
/// into the same filters on the 案件列表 screen (<c>/cases?…</c>), where <c>open=true</c> is written <c>status=open</c>. The list then
/// holds exactly the cases the figure counts (both send the same <c>ListCasesQuery</c>).
/// </summary>
public static class DashboardLinks
{
    public static string Desk(string? apiLink)
    {
        if (string.IsNullOrEmpty(apiLink)) return Shared.DeskRoutes.Cases;
        var question = apiLink.IndexOf('?', StringComparison.Ordinal);
        var query = question < 0 ? [] : QueryHelpers.ParseQuery(apiLink[question..]);
        var pairs = query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key == "open" ? "status" : q.Key, q.Key == "open" && v == "true" ? "open" : v)));
        return QueryHelpers.AddQueryString(Shared.DeskRoutes.Cases, pairs);
    }

    /// <summary>A count as the page prints it (grouped thousands).</summary>
    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
