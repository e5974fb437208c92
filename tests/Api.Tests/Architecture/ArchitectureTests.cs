using System.Reflection;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using NetArchTest.Rules;

namespace CaseTracker.Api.Tests.Architecture;

/// <summary>
/// style.md "Layout shows the architecture": Domain holds the rules without infrastructure, Infrastructure does not
/// reach up into the host, handlers stay internal. Each rule names its assembly through a type that lives in it
/// (kgrzybek's layer test checked the wrong one) and is shown to see real types, so it cannot pass vacuously.
/// </summary>
public class ArchitectureTests
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
}
