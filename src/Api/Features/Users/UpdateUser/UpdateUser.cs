using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Users;
using Mediator;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Api.Features.Users.UpdateUser;

public sealed record UpdateUserRequest(string? Name, string? AgencyCode, IReadOnlyList<string>? Roles, bool? Active);

public sealed record UpdateUserCommand : ICommand<UserView>, IValidatable
{
    public required string Login { get; init; }
    public string? Name { get; init; }
    public string? AgencyCode { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public bool? Active { get; init; }

    public void Validate(Validator v)
    {
        v.Text("name", Name, Validator.ShortText, required: false).Code("agencyCode", AgencyCode, required: true).Required("active", Active);
        UserRules.ValidateRoles(v, Roles);
    }
}

/// <summary>
/// Sets a user's roles, agency and active flag (and name, when given) within the administrator's tree. A change of
/// roles, agency or active flag renews the security stamp, which ends the user's sessions and tokens. Administrators
/// may not disable themselves or take away their own Administrator role (409): nobody would be left to undo it.
/// </summary>
internal sealed class UpdateUserHandler(UserManager<UserAccount> users, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : ICommandHandler<UpdateUserCommand, UserView>
{
    public async ValueTask<UserView> Handle(UpdateUserCommand command, CancellationToken cancellationToken)
    {
        var account = await UserRules.Managed(users, access, command.Login, cancellationToken);
        await access.EnsureCanActIn(command.AgencyCode!, cancellationToken);
        var roles = command.Roles!.Distinct().ToList();
        if (account.Id == user.UserId && (command.Active == false || !roles.Contains(Roles.Administrator)))
            throw new DomainRuleException("You may not disable yourself or take away your own Administrator role; ask another administrator.");
        var ends = account.AgencyCode != command.AgencyCode || account.Active != command.Active || !account.Roles.Order().SequenceEqual(roles.Order());
        account.Name = string.IsNullOrWhiteSpace(command.Name) ? account.Name : command.Name.Trim();
        account.AgencyCode = command.AgencyCode!;
        account.Roles = roles;
        account.Active = command.Active!.Value;
        account.ChangedAt = clock.Now;
        account.ChangedBy = user.UserId;
        UserRules.ThrowIfFailed(ends ? await users.UpdateSecurityStampAsync(account) : await users.UpdateAsync(account));
        return UserView.Of(account, clock.Now);
    }
}
