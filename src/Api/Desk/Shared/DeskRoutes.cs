namespace CaseTracker.Api.Desk.Shared;

/// <summary>Where each screen lives, so links and the navigation agree.</summary>
public static class DeskRoutes
{
    public const string Home = "/";
    public const string Intake = "/intake";
    public const string AwaitingConfirmation = "/awaiting-confirmation";
    public const string Cases = "/cases";
    public const string Approvals = "/approvals";
    public const string Alerts = "/alerts";
    public const string Import = "/import";
    public const string Calendar = "/calendar";
    public const string Administration = "/admin";
    public const string AdministrationUsers = "/admin/users";
    public const string AdministrationSettings = "/admin/settings";
    public const string Reports = "/reports";
    public const string Dashboard = "/dashboard";

    /// <summary>The case page.</summary>
    public static string Case(Guid id) => $"/cases/{id}";
}
