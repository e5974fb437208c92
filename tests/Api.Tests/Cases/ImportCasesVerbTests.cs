using CaseTracker.Api.Identity;
using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Hosting;
using CaseTracker.Api.Tests.Hosting;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>The <c>import</c> verb: the same import from a file, through the service's pipeline, as the named user account.</summary>
[Collection(nameof(ConsoleCollection))]
public class ImportVerbTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private async Task<(int Exit, string Out, string Error)> RunImportVerb(params string[] args)
    {
        var variables = new Dictionary<string, string?>
        {
            ["Database__Provider"] = factory.Database.Provider.ToString(),
            ["Database__ConnectionString"] = factory.Database.ConnectionString,
            ["Jobs__Server"] = "false",
            ["PersonalData__KeyCertificatePath"] = TestData.KeyCertificate,
        };
        var previous = variables.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        var (previousOut, previousError) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        try
        {
            foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var exit = await Verbs.Import(args);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
            foreach (var (name, value) in previous) Environment.SetEnvironmentVariable(name, value);
        }
    }

    private static string WriteFile(string csv)
    {
        var path = Path.Combine(TestData.Folder, $"import-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }

    [Fact]
    public async Task ImportVerb_WhenFileIsGood_ImportsAsTheNamedUserAndExits0()
    {
        var s = await Create(factory);
        var path = WriteFile(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2025-06-03", ("caseNumber", $"{s.Child}-2025-00007"), ("decidedOn", "2025-06-20"), ("outcome", "Disclosed"),
                ("deliveredOn", "2025-06-23"), ("deliveryMethod", "Post")),
            RegisterFile.Row(s.Child, "Online", "2025-07-01", ("confirmedOn", "2025-07-02"), ("withdrawnOn", "2025-07-10"))));
        try
        {
            var clerk = factory.EnsureUser("importer-" + s.Root, s.Root, Roles.Administrator);
            var (exit, stdout, stderr) = await RunImportVerb("--file", path, "--user", clerk.Login, "--agency", s.Root);
            Assert.True(exit == 0, stderr);
            Assert.Contains("Imported 2 cases.", stdout);
            Assert.Contains($"{s.Child}-2025-00007", stdout);
            Assert.Contains($"{s.Child}-2025-00001", stdout); // issue 10 item 7: the kept 00007 does not move the sequence (was 00008)

            var list = await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Child}&q={s.Child}-2025-00007"));
            var c = list["items"]![0]!;
            Assert.Equal("Closed", (string?)c["status"]);
            Assert.Equal("2025-06-23", (string?)c["closedOn"]);
            var history = await Ok(s.Supervisor.GetAsync($"/api/cases/{c["id"]}/history"));
            Assert.All(history["items"]!.AsArray(), i =>
            {
                Assert.Equal(clerk.Login, (string?)i!["actor"]!["userId"]);
                Assert.Equal(clerk.Name, (string?)i["actor"]!["name"]);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ImportVerb_WhenARowIsBad_PrintsRowErrorsWritesNothingAndExits1()
    {
        var s = await Create(factory);
        var path = WriteFile(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2025-06-03"),
            RegisterFile.Row(s.Child, "InPerson", "03/06/2025")));
        try
        {
            var clerk = factory.EnsureUser("importer-" + s.Child, s.Child, Roles.IntakeOfficer);
            var before = factory.Snapshot();
            var (exit, stdout, stderr) = await RunImportVerb("--file", path, "--user", clerk.Login);
            Assert.Equal(1, exit);
            Assert.DoesNotContain("Imported", stdout);
            Assert.Contains("row 2: submittedOn: submittedOn \"03/06/2025\" is not a date: write it as 2025-01-06, 2025/1/6, 2025.1.6 or 2025年1月6日.", stderr);
            Assert.Contains("nothing was imported", stderr);
            Assert.Equal(before, factory.Snapshot());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--user", "u1", "--agency", "CX")]
    [InlineData("--file", "register.csv", "--agency", "CX")]
    [InlineData("--file", "register.csv", "--user", "u1")]
    [InlineData("--file", "/nonexistent/register.csv", "--user", "u1", "--agency", "CX")]
    [InlineData("--file", "register.csv", "--user", "u1", "--name", "李明")]
    public async Task ImportVerb_WithBadArguments_Exits2WithUsage(params string[] args)
    {
        var (exit, stdout, stderr) = await RunImportVerb(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("import", stderr);
    }

    /// <summary>The account is looked up: unknown, disabled, without an importing role, or of another agency → refused, nothing written.</summary>
    [Fact]
    public async Task ImportVerb_WhenTheAccountCannotImport_Exits1AndWritesNothing()
    {
        var s = await Create(factory);
        var path = WriteFile(RegisterFile.Csv(RegisterFile.Row(s.Child, "InPerson", "2025-06-03")));
        var handler = factory.EnsureUser("verb-handler-" + s.Child, s.Child, Roles.CaseHandler);
        var clerk = factory.EnsureUser("verb-clerk-" + s.Child, s.Child, Roles.IntakeOfficer);
        var gone = factory.EnsureUser("verb-gone-" + s.Child, s.Child, Roles.IntakeOfficer);
        (await s.Admin.PutAsJsonAsync($"/api/users/{gone.Login}", new { name = gone.Name, agencyCode = s.Child, roles = new[] { Roles.IntakeOfficer }, active = false })).EnsureSuccessStatusCode();
        try
        {
            var before = factory.Snapshot();
            foreach (var (args, expected) in new (string[] Args, string Expected)[]
            {
                (["--user", "nobody-" + s.Child], "there is no user"),
                (["--user", gone.Login], "is disabled"),
                (["--user", handler.Login], "neither an IntakeOfficer nor an Administrator"),
                (["--user", clerk.Login, "--agency", s.Root], $"belongs to agency {s.Child}, not {s.Root}"),
            })
            {
                var (exit, stdout, stderr) = await RunImportVerb(["--file", path, .. args]);
                Assert.Equal(1, exit);
                Assert.Equal("", stdout);
                Assert.Contains(expected, stderr);
            }

            Assert.Equal(before, factory.Snapshot());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ImportVerb_RelativeFile_ResolvesAgainstTheUsersDirectoryNotTheProjectFolder()
    {
        // Issue 10 item 6: `dotnet run --project src/Api -- import --file register.csv` runs in src/Api; the file is in the shell's directory.
        var project = Path.Combine(TestData.RepositoryRoot, "src", "Api");
        var shell = TestData.Folder;
        Assert.Equal(Path.Combine(shell, "register.csv"), Verbs.UserPath("register.csv", project, shell));
        Assert.Equal(Path.Combine(shell, "in", "register.csv"), Verbs.UserPath("in/../in/register.csv", project, shell));
        // Started elsewhere (the built program, a script with its own working directory): the current directory.
        Assert.Equal(Path.Combine(shell, "register.csv"), Verbs.UserPath("register.csv", shell, project));
        Assert.Equal(Path.Combine(shell, "register.csv"), Verbs.UserPath("register.csv", shell, null));
        Assert.Equal("/abs/register.csv", Verbs.UserPath("/abs/register.csv", project, shell));
    }

    [Fact]
    public async Task ImportVerb_WhenFileGivenRelativeToTheCurrentDirectory_ImportsIt()
    {
        var s = await Create(factory);
        var path = WriteFile(RegisterFile.Csv(RegisterFile.Row(s.Child, "InPerson", "2025-06-03")));
        try
        {
            var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
            Assert.False(Path.IsPathRooted(relative));
            var clerk = factory.EnsureUser("importer-" + s.Child, s.Child, Roles.IntakeOfficer);
            var (exit, stdout, stderr) = await RunImportVerb("--file", relative, "--user", clerk.Login);
            Assert.True(exit == 0, stderr);
            Assert.Contains("Imported 1 case.", stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
