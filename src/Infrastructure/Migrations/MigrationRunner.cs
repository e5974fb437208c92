using DbUp.Builder;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>Applies the forward-only SQL scripts of <c>db/migrations/&lt;engine&gt;/</c>, embedded in this assembly.</summary>
public static class MigrationRunner
{
    public static void Run(UpgradeEngineBuilder builder, string engineFolder)
    {
        var prefix = $"CaseTracker.Migrations.{engineFolder}";
        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(MigrationRunner).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
    }
}
