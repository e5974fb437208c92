using CaseTracker.Api.Desk.Shared;
using CaseTracker.Api.Features.Users;
using CaseTracker.Api.Identity;
using Microsoft.Extensions.Localization;

namespace CaseTracker.Api.Desk.Cases;

/// <summary>
/// The choices of 承办人 when a case is assigned: the agency's active case handlers first (the people who take a case
/// through its steps), then its other active users, each labelled so the difference shows in the list itself; by name
/// within each group. Disabled users are left out: assignment names real, active users only (desk.md).
/// </summary>
public static class AssigneeOptions
{
    /// <summary>(login, label) pairs: <c>张三（zhangsan）· 承办人</c>, then <c>李四（lisi）· 非承办人：审批人</c>.</summary>
    public static IReadOnlyList<(string Value, string Text)> Of(IEnumerable<UserView> users, IStringLocalizer<CaseText> text, IStringLocalizer<DeskText> names)
        => users.Where(u => u.Active)
            .OrderBy(u => u.Roles.Contains(Roles.CaseHandler) ? 0 : 1)
            .ThenBy(u => u.Name, StringComparer.Ordinal)
            .ThenBy(u => u.Login, StringComparer.Ordinal)
            .Select(u => (u.Login, u.Roles.Contains(Roles.CaseHandler)
                ? text["Assignee_Handler", u.Name, u.Login].Value
                : text["Assignee_Other", u.Name, u.Login, string.Join("、", u.Roles.Select(names.Role))].Value))
            .ToList();
}
