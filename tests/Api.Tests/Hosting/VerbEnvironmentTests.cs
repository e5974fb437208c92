using System.Diagnostics;

namespace CaseTracker.Api.Tests.Hosting;

/// <summary>
/// The command-line verbs run in the service's environment (ASPNETCORE_ENVIRONMENT, then DOTNET_ENVIRONMENT), and a refusal
/// to start is one sentence in Chinese and English with exit code 2, no stack trace and no database file left behind.
/// </summary>
public class VerbEnvironmentTests
{
    private sealed record Run(int ExitCode, string Output, string Error, string Folder);

    // The built service, run as an operator would: `dotnet CaseTracker.Api.dll <verb> …` in an empty folder (its content root).
    private static async Task<Run> Verb(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("casetracker-verb-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CaseTracker.Api.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Database__", StringComparison.Ordinal) || k.StartsWith("PersonalData__", StringComparison.Ordinal)
                     || k.StartsWith("Auth__", StringComparison.Ordinal) || k is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT").ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error, folder);
    }

    [Fact]
    public async Task Token_WithOnlyAspNetCoreEnvironmentDevelopment_RunsAsDevelopment_AndCreatesTheDataFolder0700()
    {
        var run = await Verb(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, "token", "--user", "nobody");
        // Development needs no key certificate setting: it gets as far as looking the user up.
        Assert.True(run.ExitCode == 1, $"{run.ExitCode}: {run.Output} {run.Error}");
        Assert.Contains("there is no user nobody", run.Error);
        // security.md: the folder the service created for the database and its keys is the service user's only.
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(run.Folder, "data")));
        Directory.Delete(run.Folder, recursive: true);
    }

    [Fact]
    public async Task Token_InProductionWithoutAKeyCertificate_RefusesInOneSentenceWithExitCode2AndLeavesNoDatabase()
    {
        var run = await Verb(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Development", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            "token", "--user", "admin");
        Assert.True(run.ExitCode == 2, $"{run.ExitCode}: {run.Output} {run.Error}");
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("拒绝启动：生产环境将个人信息密钥保存在数据库中", lines[0]);
        Assert.StartsWith("Refusing to start: Production keeps the personal-data keys in the database", lines[1]);
        Assert.DoesNotContain("Unhandled exception", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.False(File.Exists(Path.Combine(run.Folder, "data", "casetracker.db")), "a refused start left a database file");
        Directory.Delete(run.Folder, recursive: true);
    }

    [Fact]
    public async Task UserAdd_InProductionWithoutAKeyCertificate_RefusesWithExitCode2()
    {
        var run = await Verb(new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            "user", "add", "--login", "admin", "--agency", "YN", "--roles", "Administrator");
        Assert.True(run.ExitCode == 2, $"{run.ExitCode}: {run.Output} {run.Error}");
        Assert.Contains("Refusing to start:", run.Error);
        Assert.False(File.Exists(Path.Combine(run.Folder, "data", "casetracker.db")), "a refused start left a database file");
        Directory.Delete(run.Folder, recursive: true);
    }
}
