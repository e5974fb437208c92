using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Cases.ImportCases;
using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Cases;
using CaseTracker.Infrastructure.Jobs;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Hosting;

/// <summary>The command-line verbs: the first argument, before any host argument.</summary>
public static class Verbs
{
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

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, "--" + name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Token(string[] args)
    {
        string? Option(string name) => Verbs.Option(args, name);

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

    /// <summary>
    /// A path the user typed, made absolute against the directory they are in. <c>dotnet run --project src/Api</c> starts
    /// the program in the project folder (<paramref name="currentDirectory"/> holds a .csproj); the shell's directory is
    /// then still <paramref name="shellDirectory"/> (PWD), and a relative path means a file there. Otherwise it is the
    /// process's current directory.
    /// </summary>
    internal static string UserPath(string path, string currentDirectory, string? shellDirectory)
    {
        if (Path.IsPathRooted(path)) return path;
        var launchedInProjectFolder = Directory.Exists(currentDirectory) && Directory.EnumerateFiles(currentDirectory, "*.csproj").Any();
        var from = launchedInProjectFolder && !string.IsNullOrEmpty(shellDirectory) && Path.IsPathRooted(shellDirectory) && Directory.Exists(shellDirectory)
            ? shellDirectory
            : currentDirectory;
        return Path.GetFullPath(Path.Combine(from, path));
    }

    private static readonly string[] ImportOptions = ["file", "user", "name", "agency"];

    /// <summary>
    /// <c>import --file register.csv --user &lt;id&gt; --name &lt;name&gt; --agency &lt;code&gt;</c>: the import of
    /// <c>POST /api/cases/import</c>, run through the service's own pipeline as an Administrator of the agency.
    /// Exit 0 imported, 1 the file was refused (nothing imported; the errors on stderr), 2 usage.
    /// </summary>
    public static async Task<int> Import(string[] args)
    {
        var file = Option(args, "file");
        var user = Option(args, "user");
        var agency = Option(args, "agency");
        if (file is null || user is null || agency is null)
        {
            Console.Error.WriteLine("usage: import --file <register.csv> --user <id> --name <name> --agency <code> [host options, e.g. --Database:Provider PostgreSql]");
            Console.Error.WriteLine($"columns: {string.Join(", ", RegisterColumns.All)}");
            return 2;
        }

        file = UserPath(file, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable("PWD"));
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"import: there is no file {file}.");
            return 2;
        }

        string csv;
        try
        {
            if (new FileInfo(file).Length > ImportCasesCommand.MaxBytes)
                throw new InvalidInputException("file", $"The file is larger than 20 MB; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.");
            csv = RegisterCsv.Decode(await File.ReadAllBytesAsync(file));
        }
        catch (InvalidInputException e)
        {
            Console.Error.WriteLine($"Nothing was imported: {e.Message}");
            return 1;
        }

        // The remaining arguments are the host's (configuration overrides), as for the web service.
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && ImportOptions.Contains(args[i][2..])) i++;
            else hostArgs.Add(args[i]);
        }

        var builder = Host.CreateApplicationBuilder([.. hostArgs]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        ApiHost.AddCore(builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        jobs.Server = false;
        using var host = builder.Build();
        ApiHost.Start(host.Services, builder.Configuration, jobs);

        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(user, Option(args, "name") ?? user, agency, [Roles.Administrator]);
        if (await scope.ServiceProvider.GetRequiredService<AgencyAccess>().Find(agency, CancellationToken.None) is null)
        {
            Console.Error.WriteLine($"import: there is no agency {agency}.");
            return 2;
        }

        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ImportCasesCommand { Csv = csv });
            Console.WriteLine($"Imported {result.Imported} case{(result.Imported == 1 ? "" : "s")}.");
            foreach (var c in result.Cases) Console.WriteLine($"row {c.Row}\t{c.CaseNumber}\t{c.Id}");
            return 0;
        }
        catch (ValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            foreach (var (key, messages) in e.Errors)
                foreach (var message in messages)
                    Console.Error.WriteLine($"{key}: {message}");
            return 1;
        }
    }
}
