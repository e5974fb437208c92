using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Users;
using Mediator;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Api.Features.Users.ResetPassword;

/// <summary>The user and their new password, shown this once.</summary>
public sealed record PasswordReset(string Login, string Password);

public sealed record ResetPasswordCommand(string Login) : ICommand<PasswordReset>;

/// <summary>
/// Gives a user of the administrator's tree a new generated password, lifts a lockout, and ends their sessions.
/// </summary>
internal sealed class ResetPasswordHandler(UserManager<UserAccount> users, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : ICommandHandler<ResetPasswordCommand, PasswordReset>
{
    public async ValueTask<PasswordReset> Handle(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        var account = await UserRules.Managed(users, access, command.Login, cancellationToken);
        var password = Passwords.Generate();
        await SetPassword(users, account, password, user.UserId, clock.Now);
        return new PasswordReset(account.Login, password);
    }

    /// <summary>The password hashed in, the lockout lifted, and a new security stamp (shared with the <c>user reset-password</c> verb).</summary>
    internal static async Task SetPassword(UserManager<UserAccount> users, UserAccount account, string password, string by, DateTimeOffset now)
    {
        foreach (var validator in users.PasswordValidators)
            UserRules.ThrowIfFailed(await validator.ValidateAsync(users, account, password));
        account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        account.AccessFailedCount = 0;
        account.LockoutEnd = null;
        account.ChangedAt = now;
        account.ChangedBy = by;
        UserRules.ThrowIfFailed(await users.UpdateSecurityStampAsync(account));
    }
}
