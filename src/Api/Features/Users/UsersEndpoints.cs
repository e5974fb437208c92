using CaseTracker.Api.Features.Users.CreateUser;
using CaseTracker.Api.Features.Users.ListUsers;
using CaseTracker.Api.Features.Users.ResetPassword;
using CaseTracker.Api.Features.Users.SignIn;
using CaseTracker.Api.Features.Users.UpdateUser;
using CaseTracker.Api.Identity;
using Mediator;

namespace CaseTracker.Api.Features.Users;

public static class UsersEndpoints
{
    /// <summary>The administrators' user routes (their own agency and below) and the screens' sign-in routes.</summary>
    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Administer);
        CreateUserEndpoint.Map(group);
        group.MapGet("/", async (string? agency, bool? subtree, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ListUsersQuery(agency, subtree ?? false), ct)))
            .WithName("ListUsers")
            .WithSummary("Users of an agency you administer (and its subordinates with subtree=true), or of your whole tree.");
        group.MapPut("/{login}", async (string login, UpdateUserRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new UpdateUserCommand
                {
                    Login = login, Name = body.Name, AgencyCode = body.AgencyCode, Roles = body.Roles, Active = body.Active,
                }, ct)))
            .WithName("UpdateUser")
            .WithSummary("Set a user's roles, agency and active flag (a change ends their sessions).");
        group.MapPost("/{login}/password-reset", async (string login, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new ResetPasswordCommand(login), ct)))
            .WithName("ResetPassword")
            .WithSummary("Give the user a new generated password (returned this once); lifts a lockout and ends their sessions.");
        SignInEndpoints.Map(app);
        ListHandlers.ListHandlersEndpoint.Map(app);
    }
}
