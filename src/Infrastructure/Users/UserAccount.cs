namespace CaseTracker.Infrastructure.Users;

/// <summary>
/// A person who signs in: login (also the user id named by assignments, alerts and history), display name,
/// agency, roles, active or not, and what ASP.NET Core Identity keeps for the password, lockout and sessions.
/// </summary>
public sealed class UserAccount
{
    public string Id { get; set; } = "";
    public string Login { get => Id; set => Id = value; }
    public string NormalizedLogin { get; set; } = "";
    public string Name { get; set; } = "";
    public string AgencyCode { get; set; } = "";
    public List<string> Roles { get; set; } = [];
    public bool Active { get; set; } = true;
    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = "";
    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");
    public int AccessFailedCount { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}
