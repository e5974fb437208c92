using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Cases.ImportCases;
using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Cases;
using CaseTracker.Infrastructure.Jobs;
using CaseTracker.Infrastructure.Persistence;
using Mediator;
using CaseTracker.Api.Features.Users;
using CaseTracker.Infrastructure.Users;
using Microsoft.AspNetCore.Identity;
using IdentityOptions = CaseTracker.Api.Identity.IdentityOptions;

namespace CaseTracker.Api.Hosting;

/// <summary>The command-line verbs: the first argument, before any host argument.</summary>
public static class Verbs
{
    private static IConfiguration Configuration(string[] args) => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddJsonFile($"appsettings.{ServerEnvironment.Name(args) ?? "Production"}.json", optional: true)
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

    /// <summary>
    /// <c>token --user &lt;login&gt; [--hours N]</c>: a bearer token for scripts, for an existing, active user, carrying their
    /// agency and roles as the users table holds them. Exit 0 (the token is the last line), 1 no such active user, 2 usage.
    /// </summary>
    public static async Task<int> Token(string[] args)
    {
        var (options, hostArgs) = Split(args, ["user", "hours"], []);
        var legacy = new[] { "--name", "--agency", "--roles" }.Where(args.Contains).ToList();
        var maxHours = ReadIdentity(hostArgs).TokenMaxLifetimeHours;
        if (!options.TryGetValue("user", out var login) || legacy.Count > 0
            || !double.TryParse(options.GetValueOrDefault("hours") ?? Math.Min(8, maxHours).ToString(System.Globalization.CultureInfo.InvariantCulture),
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var hours)
            || hours <= 0 || hours > maxHours)
        {
            Console.Error.WriteLine($"usage: token --user <login> [--hours N]   (N at most Auth:TokenMaxLifetimeHours = {maxHours})");
            if (legacy.Count > 0)
                Console.Error.WriteLine($"{string.Join(", ", legacy)}: a token now carries the user's own name, agency and roles; create the user with `user add` first.");
            return 2;
        }

        using var host = CoreHost(hostArgs);
        await using var scope = host.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync(login!);
        if (user is not { Active: true })
        {
            Console.Error.WriteLine(user is null ? $"token: there is no user {login}; create it with `user add`." : $"token: the user {login} is disabled.");
            return 1;
        }

        var identity = host.Services.GetRequiredService<IdentityOptions>();
        var key = SigningKeys.Resolve(identity, host.Services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        Console.WriteLine(TokenIssuer.Issue(identity, key, user, TimeSpan.FromHours(hours), DateTimeOffset.UtcNow));
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

    private const string UserUsage = """
        usage: user add --login <login> --name <name> --agency <code> --roles <Role,Role> [--password-stdin]
               user disable --login <login>
               user enable --login <login>
               user reset-password --login <login> [--password-stdin]
        Without --password-stdin a password is generated and printed once.
        """;

    /// <summary>
    /// <c>user add|disable|enable|reset-password</c>: accounts from the server's command line, for the first administrator
    /// (whose agency may not exist yet: they create the root agency under its code) and for recovery. Exit 0 done,
    /// 1 refused (the reason on stderr), 2 usage.
    /// </summary>
    public static async Task<int> User(string[] args)
    {
        var action = args.FirstOrDefault();
        var (options, hostArgs) = Split(args.Skip(1).ToArray(), ["login", "name", "agency", "roles"], ["password-stdin"]);
        if (action is not ("add" or "disable" or "enable" or "reset-password") || !options.TryGetValue("login", out var login) || string.IsNullOrWhiteSpace(login))
        {
            Console.Error.Write(UserUsage);
            return 2;
        }

        var roles = (options.GetValueOrDefault("roles") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (action == "add")
        {
            var unknown = roles.Where(r => !Roles.All.Contains(r)).ToList();
            if (options.GetValueOrDefault("agency") is not { Length: > 0 } || roles.Length == 0 || unknown.Count > 0)
            {
                Console.Error.Write(UserUsage);
                Console.Error.WriteLine($"roles: {string.Join(", ", Roles.All)}");
                if (unknown.Count > 0) Console.Error.WriteLine($"unknown role(s): {string.Join(", ", unknown)}");
                return 2;
            }
        }

        string? password = null;
        if (options.ContainsKey("password-stdin"))
        {
            password = Console.In.ReadLine()?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(password))
            {
                Console.Error.WriteLine("user: --password-stdin was given but no password was read from standard input.");
                return 2;
            }
        }

        using var host = CoreHost(hostArgs);
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var by = $"command-line:{Environment.UserName}";
        var now = DateTimeOffset.UtcNow;
        try
        {
            switch (action)
            {
                case "add":
                {
                    var generated = password is null ? Passwords.Generate() : null;
                    var account = new UserAccount
                    {
                        Login = login!.Trim(), Name = options.GetValueOrDefault("name") ?? login!.Trim(), AgencyCode = options["agency"]!.Trim(),
                        Roles = roles.Distinct().ToList(), Active = true, CreatedAt = now, CreatedBy = by, ChangedAt = now, ChangedBy = by,
                    };
                    UserRules.ThrowIfFailed(await users.CreateAsync(account, password ?? generated!));
                    Console.WriteLine($"User {account.Login} ({account.Name}) of {account.AgencyCode} created: {string.Join(", ", account.Roles)}.");
                    if (generated is not null) Console.WriteLine($"Password (shown once): {generated}");
                    return 0;
                }
                default:
                {
                    var account = await users.FindByNameAsync(login!);
                    if (account is null)
                    {
                        Console.Error.WriteLine($"user: there is no user {login}.");
                        return 1;
                    }

                    if (action == "reset-password")
                    {
                        var generated = password is null ? Passwords.Generate() : null;
                        await Features.Users.ResetPassword.ResetPasswordHandler.SetPassword(users, account, password ?? generated!, by, now);
                        Console.WriteLine($"Password of {account.Login} reset; their sessions are ended.");
                        if (generated is not null) Console.WriteLine($"Password (shown once): {generated}");
                        return 0;
                    }

                    account.Active = action == "enable";
                    account.ChangedAt = now;
                    account.ChangedBy = by;
                    UserRules.ThrowIfFailed(await users.UpdateSecurityStampAsync(account));
                    Console.WriteLine($"User {account.Login} {(account.Active ? "enabled" : "disabled; their sessions and tokens are ended")}.");
                    return 0;
                }
            }
        }
        catch (ValidationException e)
        {
            foreach (var (key, messages) in e.Errors)
                foreach (var message in messages)
                    Console.Error.WriteLine($"{key}: {message}");
            return 1;
        }
    }

    /// <summary>The verb's own options (with a value, or flags) apart from the host's arguments (configuration overrides).</summary>
    private static (Dictionary<string, string?> Options, string[] HostArgs) Split(string[] args, string[] withValue, string[] flags)
    {
        var options = new Dictionary<string, string?>();
        var host = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is not null && withValue.Contains(name) && i + 1 < args.Length) options[name] = args[++i];
            else if (name is not null && flags.Contains(name)) options[name] = null;
            else if (name is "name" or "agency" or "roles" && i + 1 < args.Length) i++; // the old token options: reported by the caller
            else host.Add(args[i]);
        }

        return (options, host.ToArray());
    }

    private static IdentityOptions ReadIdentity(string[] hostArgs)
        => Configuration(hostArgs).GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();

    /// <summary>The service's core (database migrated, no job server, no HTTP) for a verb that works on the register.</summary>
    private static IHost CoreHost(string[] hostArgs)
    {
        var builder = ServerEnvironment.CreateBuilder(hostArgs);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        ApiHost.AddCore(builder.Services, builder.Configuration, builder.Environment);
        // Identity's sign-in manager needs the authentication scheme provider the web host has; without it the container
        // fails its validation in Development (the environment of `dotnet run`).
        builder.Services.AddAuthentication();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        jobs.Server = false;
        var host = builder.Build();
        ApiHost.Start(host.Services, builder.Configuration, jobs);
        return host;
    }

    private static readonly string[] ImportOptions = ["file", "user", "agency", "sheet"];

    /// <summary>
    /// <c>import --file register.csv --user &lt;login&gt; [--agency &lt;code&gt;]</c>: the import of <c>POST /api/cases/import</c>,
    /// run through the service's own pipeline as the named account: an existing, active user with the IntakeOfficer or
    /// Administrator role (desk.md 导入), acting with that user's own name, agency and roles, so the events name a real person.
    /// <c>--agency</c>, when given, must be that user's agency (a check against importing under the wrong account).
    /// Exit 0 imported, 1 the file or the account was refused (nothing imported; the reason on stderr), 2 usage.
    /// </summary>
    public static async Task<int> Import(string[] args)
    {
        var file = Option(args, "file");
        var login = Option(args, "user");
        var agency = Option(args, "agency");
        if (file is null || login is null || args.Contains("--name"))
        {
            Console.Error.WriteLine("usage: import --file <register.csv> --user <login> [--agency <code>] [host options, e.g. --Database:Provider PostgreSql]");
            if (args.Contains("--name"))
                Console.Error.WriteLine("--name: the import now acts as the user's own name, agency and roles; create the user with `user add` first.");
            Console.Error.WriteLine($"columns: {string.Join(", ", RegisterColumns.All)}");
            return 2;
        }

        file = UserPath(file, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable("PWD"));
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"import: there is no file {file}.");
            return 2;
        }

        byte[] content;
        try
        {
            if (new FileInfo(file).Length > ImportCasesCommand.MaxBytes)
                throw new InvalidInputException("file", $"The file is larger than 20 MB; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.");
            content = await File.ReadAllBytesAsync(file);
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

        using var host = CoreHost([.. hostArgs]);

        await using var scope = host.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync(login);
        if (account is not { Active: true })
        {
            Console.Error.WriteLine(account is null ? $"import: there is no user {login}; create it with `user add`." : $"import: the user {login} is disabled.");
            return 1;
        }

        if (!account.Roles.Contains(Roles.IntakeOfficer) && !account.Roles.Contains(Roles.Administrator))
        {
            Console.Error.WriteLine($"import: the user {login} is neither an IntakeOfficer nor an Administrator; only they import registers.");
            return 1;
        }

        if (agency is not null && !string.Equals(agency, account.AgencyCode, StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"import: the user {login} belongs to agency {account.AgencyCode}, not {agency}.");
            return 1;
        }

        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(account.Login, account.Name, account.AgencyCode, account.Roles);
        if (await scope.ServiceProvider.GetRequiredService<AgencyAccess>().Find(account.AgencyCode, CancellationToken.None) is null)
        {
            Console.Error.WriteLine($"import: there is no agency {account.AgencyCode}.");
            return 2;
        }

        try
        {
            var result = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ImportCasesCommand { File = content, Agency = agency, Sheet = Option(args, "sheet") })).Result!;
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
