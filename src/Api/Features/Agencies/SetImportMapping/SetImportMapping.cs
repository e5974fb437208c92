using CaseTracker.Api.Features.Cases.ImportCases;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Agencies;
using Mediator;

namespace CaseTracker.Api.Features.Agencies.SetImportMapping;

/// <summary>An agency's import mapping: each column of its register, as the office heads it, and the field it is read as ("" = left out).</summary>
public sealed record ImportMappingView(string AgencyCode, IReadOnlyDictionary<string, string> Columns);

/// <summary>The body of <c>PUT /api/agencies/{code}/import-mapping</c>: the office's column → the import's field (an English key such as submittedOn, or "" to leave the column out).</summary>
public sealed record ImportMappingRequest(Dictionary<string, string?>? Columns);

/// <summary>
/// Saves an agency's own import mapping (issue 17 item 2), replacing the one it had: every later import for that agency reads
/// those columns as those fields before the built-in names. Refused: a field that is not a column of the import, a column
/// name longer than 100 characters, more than 200 columns, and an agency outside the caller's scope (403).
/// </summary>
public sealed record SetImportMappingCommand : ICommand<ImportMappingView>, IValidatable
{
    public required string AgencyCode { get; init; }
    public required IReadOnlyDictionary<string, string?> Columns { get; init; }

    public void Validate(Validator v)
    {
        if (Columns.Count > 200) v.Error("columns", "A mapping has at most 200 columns.");
        foreach (var (column, field) in Columns)
        {
            if (string.IsNullOrWhiteSpace(column) || column.Trim().Length > 100)
                v.Error("columns", "A column name is 1 to 100 characters.");
            else if (!string.IsNullOrEmpty(field) && !RegisterColumns.IsField(field))
                v.Error($"columns.{column.Trim()}", $"\"{field}\" is not a field of the import; the fields are: {string.Join(", ", RegisterColumns.All)}.");
        }
    }
}

/// <summary>Reads an agency's saved import mapping.</summary>
public sealed record GetImportMappingQuery : IQuery<ImportMappingView>
{
    public required string AgencyCode { get; init; }
}

internal sealed class SetImportMappingHandler(ImportMappingStore store, AgencyAccess access, CurrentUser user, RegisterClock clock)
    : ICommandHandler<SetImportMappingCommand, ImportMappingView>
{
    public async ValueTask<ImportMappingView> Handle(SetImportMappingCommand command, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(command.AgencyCode, cancellationToken);
        var entries = command.Columns
            .GroupBy(c => c.Key.Trim(), StringComparer.Ordinal)
            .Select(g => new ImportMappingEntry { SourceColumn = g.Key, Field = g.Last().Value ?? "" })
            .ToList();
        await store.Replace(command.AgencyCode, entries, user.Name, clock.Now, cancellationToken);
        return new ImportMappingView(command.AgencyCode, entries.ToDictionary(e => e.SourceColumn, e => e.Field, StringComparer.Ordinal));
    }
}

internal sealed class GetImportMappingHandler(ImportMappingStore store, AgencyAccess access) : IQueryHandler<GetImportMappingQuery, ImportMappingView>
{
    public async ValueTask<ImportMappingView> Handle(GetImportMappingQuery query, CancellationToken cancellationToken)
    {
        await access.EnsureCanActIn(query.AgencyCode, cancellationToken);
        var entries = await store.Get(query.AgencyCode, cancellationToken);
        return new ImportMappingView(query.AgencyCode, entries.ToDictionary(e => e.SourceColumn, e => e.Field, StringComparer.Ordinal));
    }
}

public static class SetImportMappingEndpoint
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPut("/{code}/import-mapping", async (string code, ImportMappingRequest body, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new SetImportMappingCommand { AgencyCode = code, Columns = body.Columns ?? [] }, ct)))
            .RequireAuthorization(Policies.Register)
            .WithName("SetImportMapping")
            .WithSummary("The agency's own import mapping: its register's column → the import's field (\"\" leaves the column out); replaces the saved one.");
        group.MapGet("/{code}/import-mapping", async (string code, ISender sender, CancellationToken ct)
                => TypedResults.Ok(await sender.Send(new GetImportMappingQuery { AgencyCode = code }, ct)))
            .RequireAuthorization(Policies.Register)
            .WithName("GetImportMapping")
            .WithSummary("The agency's saved import mapping.");
    }
}
