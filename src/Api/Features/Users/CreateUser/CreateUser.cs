using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Users;
using Mediator;
using Microsoft.AspNetCore.Identity;

namespace CaseTracker.Api.Features.Users.CreateUser;

public sealed record CreateUserRequest(string? Login, string? Name, string? AgencyCode, IReadOnlyList<string>? Roles, string? Password);

/// <summary>The new user; <c>Password</c> only when it was generated (shown this once, never stored in clear).</summary>
public sealed record CreatedUser(UserView User, string? Password);

public sealed record CreateUserCommand : ICommand<CreatedUser>, IValidatable
{
    public string? Login { get; init; }
    public string? Name { get; init; }
    public string? AgencyCode { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public string? Password { get; init; }

    public void Validate(Validator v)
    {
        v.Text("login", Login, 100, required: true).Text("name", Name, Validator.ShortText, required: true).Code("agencyCode", AgencyCode, required: true);
        UserRules.ValidateRoles(v, Roles);
        v.MaxLength("password", Password, 200);
    }
}

/// <summary>
/// Creates a user of an agency the administrator administers (their own or below it); without a password one is
/// generated. A login already taken is 400.
/// </summary>
internal sealed class CreateUserHandler(UserManager<UserAccount> users, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : ICommandHandler<CreateUserCommand, CreatedUser>
{
    public async ValueTask<CreatedUser> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode!, cancellationToken);
        var generated = string.IsNullOrEmpty(command.Password) ? Passwords.Generate() : null;
        var account = new UserAccount
        {
            Login = command.Login!.Trim(), Name = command.Name!.Trim(), AgencyCode = command.AgencyCode!, Roles = command.Roles!.Distinct().ToList(),
            Active = true, CreatedAt = clock.Now, CreatedBy = user.UserId, ChangedAt = clock.Now, ChangedBy = user.UserId,
        };
        UserRules.ThrowIfFailed(await users.CreateAsync(account, generated ?? command.Password!));
        return new CreatedUser(UserView.Of(account, clock.Now), generated);
    }
}

public static class CreateUserEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/",
            async (CreateUserRequest body, ISender sender, CancellationToken ct) =>
            {
                var created = await sender.Send(new CreateUserCommand
                {
                    Login = body.Login, Name = body.Name, AgencyCode = body.AgencyCode, Roles = body.Roles, Password = body.Password,
                }, ct);
                return TypedResults.Created($"/api/users/{Uri.EscapeDataString(created.User.Login)}", created);
            })
        .WithName("CreateUser")
        .WithSummary("Create a user of an agency you administer; without a password one is generated and returned this once.");
}
