using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Hosting;

/// <summary>The command-line verbs: the first argument, before any host argument.</summary>
public static class Verbs
{
    public static readonly IReadOnlyList<string> Names = ["migrate", "token", "worker"];

    private static IConfiguration Configuration(string[] args) => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args)
        .Build();

    public static int Migrate(string[] args)
    {
        var configuration = Configuration(args);
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        DapperSetup.Configure();
        DependencyInjection.CreateDialect(options, Directory.GetCurrentDirectory()).Migrate();
        Console.WriteLine($"Migrations applied ({options.Provider}).");
        return 0;
    }

    public static int Token(string[] args)
    {
        string? Option(string name)
        {
            var index = Array.IndexOf(args, "--" + name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var user = Option("user");
        var agency = Option("agency");
        var roles = (Option("roles") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (user is null || agency is null || roles.Length == 0 || unknown.Count > 0 || !double.TryParse(Option("hours") ?? "8", out var hours) || hours <= 0)
        {
            Console.Error.WriteLine("usage: token --user <id> --name <name> --agency <code> --roles <Role,Role> [--hours N]");
            Console.Error.WriteLine($"roles: {string.Join(", ", Roles.All)}");
            if (unknown.Count > 0) Console.Error.WriteLine($"unknown role(s): {string.Join(", ", unknown)}");
            return 2;
        }

        var configuration = Configuration(args);
        var identity = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        var key = SigningKeys.Resolve(identity, Directory.GetCurrentDirectory());
        Console.WriteLine(TokenIssuer.Issue(identity, key, user, Option("name") ?? user, agency, roles, TimeSpan.FromHours(hours), DateTimeOffset.UtcNow));
        return 0;
    }
}
