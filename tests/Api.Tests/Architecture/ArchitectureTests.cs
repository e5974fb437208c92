using System.Reflection;
using System.Text.RegularExpressions;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using NetArchTest.Rules;

namespace CaseTracker.Api.Tests.Architecture;

/// <summary>
/// style.md "Layout shows the architecture": Domain holds the rules without infrastructure, Infrastructure does not
/// reach up into the host, handlers stay internal. Each rule names its assembly through a type that lives in it
/// (kgrzybek's layer test checked the wrong one) and is shown to see real types, so it cannot pass vacuously.
/// </summary>
public partial class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(Case).Assembly;
    private static readonly Assembly Infrastructure = typeof(CaseRepository).Assembly;
    private static readonly Assembly Api = typeof(CaseTracker.Api.Hosting.ApiHost).Assembly;

    [Fact]
    public void Assemblies_AreTheOnesTheRulesMeanToCheck()
    {
        Assert.Equal("CaseTracker.Domain", Domain.GetName().Name);
        Assert.Equal("CaseTracker.Infrastructure", Infrastructure.GetName().Name);
        Assert.Equal("CaseTracker.Api", Api.GetName().Name);
        Assert.Contains(Types.InAssembly(Domain).GetTypes(), t => t == typeof(Case));
        Assert.Contains(Types.InAssembly(Infrastructure).GetTypes(), t => t == typeof(CaseRepository));
    }

    [Fact]
    public void Domain_HasNoInfrastructureOrHostDependency()
    {
        var result = Types.InAssembly(Domain)
            .ShouldNot()
            .HaveDependencyOnAny("Dapper", "Microsoft.Data", "Microsoft.AspNetCore", "Mediator", "CaseTracker.Infrastructure", "CaseTracker.Api",
                "Hangfire", "System.Data", "DbUp", "Microsoft.Extensions")
            .GetResult();
        Assert.True(result.IsSuccessful, "Domain types with a forbidden dependency: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Infrastructure_DoesNotDependOnApi()
    {
        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("CaseTracker.Api").GetResult();
        Assert.True(result.IsSuccessful, "Infrastructure types depending on the Api: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void DependencyRules_DetectDependenciesThatExist()
    {
        // The control: the same rule fails where the dependency is real, so a green rule above means something.
        Assert.False(Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("Dapper").GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("CaseTracker.Domain").GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(Api).ShouldNot().HaveDependencyOn("Mediator").GetResult().IsSuccessful);
        foreach (var used in OutOfFeatures)
            Assert.False(Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn(used).GetResult().IsSuccessful, $"Infrastructure is expected to use {used}");
    }

    [Fact]
    public void FeatureHandlers_AreNotPublic()
    {
        // style.md "Commands and queries": handlers are internal sealed.
        var handlers = Types.InAssembly(Api).That().ResideInNamespaceStartingWith("CaseTracker.Api.Features").And().HaveNameEndingWith("Handler");
        Assert.True(handlers.GetTypes().Count() >= 20, "expected the feature handlers to be found");
        var result = handlers.Should().NotBePublic().And().BeSealed().GetResult();
        Assert.True(result.IsSuccessful, "public or unsealed handlers: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    // Exporters (XLSX, DOCX), the webhook sender and the SMTP sender live in Infrastructure (style.md "Layout").
    private static readonly string[] OutOfFeatures = ["DocumentFormat.OpenXml", "System.Net.Http", "MailKit"];

    [Fact]
    public void Features_DoNotUseOpenXmlHttpClientsOrMail()
    {
        var features = Types.InAssembly(Api).That().ResideInNamespaceStartingWith("CaseTracker.Api.Features");
        Assert.True(features.GetTypes().Count() >= 100, "expected the feature types to be found");
        var result = features.ShouldNot().HaveDependencyOnAny(OutOfFeatures).GetResult();
        Assert.True(result.IsSuccessful, "Features types using an exporter, HTTP client or mail library: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Features_WriteNoSql_TheirReadsAreAllowed()
    {
        // style.md: every SQL statement that writes lives in Infrastructure (repositories and stores). A source scan, as a
        // statement is a string: a literal of src/Api/Features that writes, or a Features call of DbSession.Execute.
        var features = SourceFiles("src", "Api", "Features");
        Assert.True(features.Count >= 50, "expected the Features sources to be found");
        var writes = features
            .SelectMany(f => Literals(File.ReadAllText(f)).Where(l => SqlWrite().IsMatch(l)).Select(l => $"{Relative(f)}: {Shorten(l)}")
                .Concat(DbSessionExecute().IsMatch(File.ReadAllText(f)) ? [$"{Relative(f)}: calls Execute"] : []))
            .ToList();
        Assert.True(writes.Count == 0, "SQL writes in Features (move them to an Infrastructure store or repository):\n" + string.Join("\n", writes));

        // The scan sees what it looks for: the reads of Features, and the writes of Infrastructure.
        Assert.True(features.Sum(f => Literals(File.ReadAllText(f)).Count(l => l.Contains("SELECT", StringComparison.Ordinal))) >= 10);
        var infrastructure = SourceFiles("src", "Infrastructure");
        foreach (var statement in new[] { "INSERT INTO agencies", "UPDATE cases SET assigned_user_id", "DELETE FROM", "MERGE" })
            Assert.Contains(infrastructure, f => Literals(File.ReadAllText(f)).Any(l => SqlWrite().IsMatch(l) && l.Contains(statement, StringComparison.Ordinal)));
    }

    private static List<string> SourceFiles(params string[] folder)
        => Directory.EnumerateFiles(Path.Combine([TestData.RepositoryRoot, .. folder]), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "obj" or "bin"))
            .ToList();

    private static string Relative(string file) => Path.GetRelativePath(TestData.RepositoryRoot, file);

    private static string Shorten(string literal) => Regex.Replace(literal, @"\s+", " ") is var l && l.Length > 120 ? l[..120] + "…" : l;

    /// <summary>The string literals of a C# source: raw ("""…"""), verbatim (@"…") and regular, interpolated or not.</summary>
    private static IEnumerable<string> Literals(string source) => Literal().Matches(source).Select(m => m.Value);

    [GeneratedRegex(@"(?s)""{3,}.*?""{3,}|@""(?:[^""]|"""")*""|""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\bINSERT\s+INTO\b|\bUPDATE\s+[\w.\[\]""]+\s+(?:AS\s+\w+\s+)?SET\b|\bDELETE\s+FROM\b|\bMERGE\s+(?:INTO\s+)?[\w.\[\]""]+", RegexOptions.IgnoreCase)]
    private static partial Regex SqlWrite();

    [GeneratedRegex(@"\.Execute\(")]
    private static partial Regex DbSessionExecute();
}
