using CaseTracker.Api.Desk.Shared;
using CaseTracker.Api.Identity;

namespace CaseTracker.Api.Desk.Layout;

/// <summary>The screens in the navigation, and the roles each is shown to (the routes themselves check the same roles).</summary>
public static class DeskNavigation
{
    public sealed record Item(string Href, string TextKey, IReadOnlyList<string>? Roles);

    public static readonly IReadOnlyList<Item> Items =
    [
        new(DeskRoutes.Home, "Nav_Home", null),
        new(DeskRoutes.Intake, "Nav_Intake", [Roles.IntakeOfficer, Roles.Administrator]),
        new(DeskRoutes.AwaitingConfirmation, "Nav_AwaitingConfirmation", [Roles.IntakeOfficer, Roles.Administrator]),
        new(DeskRoutes.Cases, "Nav_Cases", null),
        new(DeskRoutes.Approvals, "Nav_Approvals", [Roles.Approver, Roles.Administrator]),
        new(DeskRoutes.Dashboard, "Nav_Dashboard", [Roles.Supervisor, Roles.Administrator]),
        new(DeskRoutes.Alerts, "Nav_Alerts", null),
        new(DeskRoutes.Import, "Nav_Import", [Roles.IntakeOfficer, Roles.Administrator]),
        new(DeskRoutes.Reports, "Nav_Reports", [Roles.Supervisor, Roles.Administrator]),
        new(DeskRoutes.Calendar, "Nav_Calendar", null),
        new(DeskRoutes.Administration, "Nav_Administration", [Roles.Administrator]),
    ];

    public static IEnumerable<Item> For(IReadOnlyList<string> roles) => Items.Where(i => i.Roles is null || i.Roles.Any(roles.Contains));
}
