using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain.Outcomes;
using Mediator;

namespace CaseTracker.Api.Features.Reports.GenerateSnapshot;

public sealed record GenerateSnapshotRequest(int? Year, string? Agency, bool? Subtree, string? Format);

public sealed record GenerateSnapshotCommand : ICommand<SnapshotSummary>, IValidatable, IRetryOnConflict
{
    public int? Year { get; init; }
    public string? Agency { get; init; }
    public bool Subtree { get; init; }
    public string? Format { get; init; }

    public void Validate(Validator v)
    {
        v.Required("year", Year).Range("year", Year, 2008, 2099).Code("agency", Agency, required: true);
        if (Format is not null && !ReportFormats.TryParse(Format, out _))
            v.Error("format", $"format must be one of {string.Join(", ", ReportFormats.All.Select(d => d.Id))}.");
    }
}

/// <summary>Stores a new version of the year's report (regenerating is another version); the format defaults to the year's own.</summary>
internal sealed class GenerateSnapshotHandler(ReportSnapshots snapshots, CurrentUser user) : ICommandHandler<GenerateSnapshotCommand, SnapshotSummary>
{
    public async ValueTask<SnapshotSummary> Handle(GenerateSnapshotCommand command, CancellationToken cancellationToken)
    {
        var year = command.Year!.Value;
        var format = command.Format is null ? ReportFormats.DefaultFor(year) : ReportFormats.Parse(command.Format);
        return ReportSnapshots.Summary(await snapshots.Generate(year, command.Agency!, command.Subtree, format, "manual", user.Actor, cancellationToken));
    }
}

public static class GenerateSnapshotEndpoint
{
    public static void Map(RouteGroupBuilder snapshots) => snapshots.MapPost("/", async (GenerateSnapshotRequest body, ISender sender, CancellationToken ct) =>
        {
            var created = await sender.Send(new GenerateSnapshotCommand { Year = body.Year, Agency = body.Agency, Subtree = body.Subtree ?? false, Format = body.Format }, ct);
            return TypedResults.Created($"/api/reports/snapshots/{created.Id}", created);
        })
        .RequireRateLimiting(RateLimits.ReportsPerUser)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .WithName("GenerateReportSnapshot")
        .WithSummary("Store a new immutable version of a year's report (regenerate = a new version; the old ones are kept).");
}
