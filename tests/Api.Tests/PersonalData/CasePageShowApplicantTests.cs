using CaseTracker.Api.Identity;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Desk.RegisterRequestPageTests;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>The case page's "显示" (security.md "Personal data"): masked by default, the full values once on a posted reason, logged.</summary>
public class CasePageShowApplicantTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task CasePage_ShowWithReason_ShowsFullValuesOnceAndLogsTheRead()
    {
        var s = await Create(factory);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        var handler = factory.SignedIn($"handler-{s.Child}", s.Child, Roles.CaseHandler);
        var page = await handler.GetStringAsync($"/cases/{id}");
        Assert.Contains("5301**********1235", page);
        Assert.DoesNotContain(ShowApplicantTests.IdNumber, page);
        Assert.Contains("id=\"show-button\"", page);

        var blank = await (await PostForm(handler, $"/cases/{id}", "show-applicant", new() { ["reason"] = " " })).Content.ReadAsStringAsync();
        Assert.DoesNotContain(ShowApplicantTests.IdNumber, blank);
        Assert.Equal(0, Convert.ToInt32(factory.Database.Scalar("SELECT COUNT(*) FROM personal_data_log WHERE case_id = @id", ("id", id))));

        var shown = await (await PostForm(handler, $"/cases/{id}", "show-applicant", new() { ["reason"] = "电话通知补正" })).Content.ReadAsStringAsync();
        Assert.Contains($"<dd id=\"full-id\">{ShowApplicantTests.IdNumber}</dd>", shown);
        Assert.Contains(ShowApplicantTests.Phone, shown);
        Assert.Equal("电话通知补正", factory.Database.Scalar("SELECT reason FROM personal_data_log WHERE case_id = @id", ("id", id)));

        // Once: the next visit is masked again.
        Assert.DoesNotContain(ShowApplicantTests.IdNumber, await handler.GetStringAsync($"/cases/{id}"));
    }

    [Fact]
    public async Task CasePage_ForParentSupervisor_HasNoShowButtonAndIsMasked()
    {
        var s = await Create(factory);
        var id = (string)(await ShowApplicantTests.RegisterWithPersonalData(s))["id"]!;
        var supervisor = factory.SignedIn($"supervisor-{s.Root}", s.Root, Roles.Supervisor);
        var page = await supervisor.GetStringAsync($"/cases/{id}");
        Assert.Contains("5301**********1235", page);
        Assert.DoesNotContain("id=\"show-button\"", page);
        var posted = await (await PostForm(supervisor, $"/cases/{id}", "show-applicant", new() { ["reason"] = "检查" })).Content.ReadAsStringAsync();
        Assert.DoesNotContain(ShowApplicantTests.IdNumber, posted);
        Assert.Equal(0, Convert.ToInt32(factory.Database.Scalar("SELECT COUNT(*) FROM personal_data_log WHERE case_id = @id", ("id", id))));
    }
}
