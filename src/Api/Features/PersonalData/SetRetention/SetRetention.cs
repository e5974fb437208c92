using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure.PersonalData;
using Mediator;

namespace CaseTracker.Api.Features.PersonalData.SetRetention;

public sealed record RetentionRequest(int? Years);

public sealed record RetentionView(string AgencyCode, int Years);

/// <summary>
/// How many years (1–100) after a case closes the agency keeps its applicant's personal data (default 10); administrators of the
/// agency or above it. Refuses a missing or out-of-range number (400) and an agency outside the administrator's (403).
/// </summary>
public sealed record SetRetentionCommand : ICommand<RetentionView>, IValidatable
{
    public string AgencyCode { get; init; } = "";
    public int? Years { get; init; }

    public void Validate(Validator v) => v.Required("years", Years).Range("years", Years, 1, 100);
}

internal sealed class SetRetentionHandler(Retention retention, AgencyAccess access) : ICommandHandler<SetRetentionCommand, RetentionView>
{
    public async ValueTask<RetentionView> Handle(SetRetentionCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        await retention.SetYears(command.AgencyCode, command.Years!.Value, cancellationToken);
        return new RetentionView(command.AgencyCode, command.Years.Value);
    }
}

public static class SetRetentionEndpoint
{
    public static void Map(RouteGroupBuilder group) => group.MapPut("/agencies/{code}/retention",
            async (string code, RetentionRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new SetRetentionCommand { AgencyCode = code, Years = body.Years }, ct)))
        .RequireAuthorization(Policies.Administer)
        .WithName("SetRetention")
        .WithSummary("Years after closing that the agency keeps applicants' personal data (1–100, default 10); then a daily job erases it.");
}
