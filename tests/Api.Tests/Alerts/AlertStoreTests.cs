using CaseTracker.Api.Tests.Support;
using CaseTracker.Domain.Alerts;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Alerts;

public sealed class AlertStoreFactory : CaseTrackerFactory;

/// <summary>
/// Issue 10 item 5's follow-up: a step and a concurrent deadline scan may raise the same alert at the same moment on a server
/// engine. The command's insert leaves out a key that exists instead of failing the step on the unique dedupe_key, and
/// reports only the alerts it raised itself (so nothing is delivered twice).
/// </summary>
public class AlertStoreTests(AlertStoreFactory factory) : IClassFixture<AlertStoreFactory>
{
    [Fact]
    public async Task CommandInsert_WhenTheScanRaisedTheSameKeyFirst_SkipsItAndReturnsOnlyItsOwn()
    {
        // Law.md §4 Overdue: received 2026-10-12, due 2026-11-09; the registration raised its Overdue alert already.
        var s = await Create(factory);
        var c = await s.Register("InPerson", "2026-10-12");
        var caseId = Guid.Parse((string)c["id"]!);
        var overdue = new CaseAlert(AlertKind.Overdue, caseId, new DateOnly(2026, 11, 9), null);
        var other = new CaseAlert(AlertKind.ConsultationOverdue, caseId, new DateOnly(2026, 11, 10), "test");

        using var scope = factory.Services.CreateScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var store = scope.ServiceProvider.GetRequiredService<AlertStore>();
        await session.Begin(CancellationToken.None);
        var raised = await store.RaiseForNewCases([(overdue, s.Child), (other, s.Child)], factory.Time.GetUtcNow(), CancellationToken.None);
        await session.Commit(CancellationToken.None);

        Assert.Single(raised);
        Assert.Equal(1, await session.ExecuteScalar<int>("SELECT COUNT(*) FROM alerts WHERE dedupe_key = @key", new { key = overdue.Key }, CancellationToken.None));
        Assert.Equal(raised[0].ToString(), await session.ExecuteScalar<string>(
            "SELECT id FROM alerts WHERE dedupe_key = @key", new { key = other.Key }, CancellationToken.None));
    }
}
