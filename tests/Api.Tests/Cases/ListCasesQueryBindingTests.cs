using System.Net;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

public class ListCasesQueryBindingTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Theory]
    [InlineData("subtree=yes", "subtree")]
    [InlineData("page=99999999999", "page")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("dueWithin=three", "dueWithin")]
    public async Task List_WhenQueryValueCannotBeConverted_Returns400NamingTheParameter(string query, string field)
    {
        var s = await Create(factory);
        var problem = await Refused(s.Supervisor.GetAsync($"/api/cases?{query}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
    }
}
