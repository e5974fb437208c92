using System.Net;
using System.Net.Http.Json;
using CaseTracker.Api.Features.PersonalData.ErasePersonalData;
using CaseTracker.Api.Tests.Support;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.PersonalData;

/// <summary>security.md "Personal data": retention — personal data of cases closed more than N years ago erased, statistics intact, erasure logged.</summary>
public class ErasePersonalDataTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private async Task<int> Erase()
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ErasePersonalDataCommand());
    }

    [Fact]
    public async Task Erase_CaseClosedMoreThanTenYearsAgo_LosesPersonalDataButEveryReportReadsTheSame()
    {
        var s = await Create(factory);
        var imported = await Ok(s.Intake.Import(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2015-03-02", ("withdrawnOn", "2015-03-10"),
                ("applicantIdNumber", ShowApplicantTests.IdNumber), ("applicantPhone", ShowApplicantTests.Phone)),
            RegisterFile.Row(s.Child, "Letter", "2017-03-02", ("letterMail", "Ordinary"), ("confirmedOn", "2017-03-03"), ("withdrawnOn", "2017-03-10"),
                ("applicantIdNumber", "11010519491231002X")),
            RegisterFile.Row(s.Child, "Online", "2015-11-02", ("applicantIdNumber", "11010519491231002X")))));
        Assert.Equal(3, (int)imported["imported"]!);
        var reports = new Dictionary<int, string>();
        foreach (var year in new[] { 2015, 2016, 2017 })
            reports[year] = (await Ok(s.Supervisor.GetAsync($"/api/reports/annual/{year}?agency={s.Child}"))).ToJsonString();

        Assert.True(await Erase() >= 1);

        using var connection = factory.Database.Open();
        var rows = connection.Query<(string Id, DateOnly SubmittedOn, string Name, string? IdNumber, string? Phone, string? Sealed, string Status)>(
            "SELECT id, submitted_on, applicant_name, applicant_id_number, applicant_phone, applicant_sealed, status FROM cases WHERE agency_code = @agency",
            new { agency = s.Child }).ToDictionary(r => r.SubmittedOn.ToString("yyyy-MM-dd"));
        var old = rows["2015-03-02"];
        Assert.Equal(("（已删除）", null, null, null, "Closed"), (old.Name, old.IdNumber, old.Phone, old.Sealed, old.Status));
        Assert.NotNull(rows["2017-03-02"].Sealed); // closed 9 years ago: kept
        Assert.NotNull(rows["2015-11-02"].Sealed); // still open: kept
        var log = connection.QuerySingle<(string Action, string UserId, string Reason)>(
            "SELECT action, user_id, reason FROM personal_data_log WHERE case_id = @id", new { id = old.Id });
        Assert.Equal(("Erased", "system"), (log.Action, log.UserId));
        Assert.Contains("2015-03-10", log.Reason);

        foreach (var (year, before) in reports)
            Assert.Equal(before, (await Ok(s.Supervisor.GetAsync($"/api/reports/annual/{year}?agency={s.Child}"))).ToJsonString());
        var full = await Ok(s.Handler.GetAsync($"/api/cases/{old.Id}/applicant?reason=check"));
        Assert.Null((string?)full["idNumber"]);
        Assert.Equal(0, await Erase()); // a second run finds nothing more to erase
    }

    [Fact]
    public async Task SetRetention_ShorterPeriod_ErasesCasesClosedBeforeIt()
    {
        var s = await Create(factory);
        await Ok(s.Intake.Import(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2022-03-02", ("withdrawnOn", "2022-03-10"),
                ("applicantIdNumber", ShowApplicantTests.IdNumber)))));
        await Erase();
        Assert.Equal(0, Convert.ToInt32(factory.Database.Scalar(
            "SELECT COUNT(*) FROM cases WHERE agency_code = @agency AND applicant_sealed IS NULL", ("agency", s.Child))));

        Assert.Equal(3, (int)(await Ok(s.Admin.PutAsJsonAsync($"/api/agencies/{s.Child}/retention", new { years = 3 })))["years"]!);
        await Erase();
        Assert.Equal(1, Convert.ToInt32(factory.Database.Scalar(
            "SELECT COUNT(*) FROM cases WHERE agency_code = @agency AND applicant_sealed IS NULL", ("agency", s.Child))));

        await Refused(s.Admin.PutAsJsonAsync($"/api/agencies/{s.Child}/retention", new { years = 0 }), HttpStatusCode.BadRequest);
        await Refused(s.Handler.PutAsJsonAsync($"/api/agencies/{s.Child}/retention", new { years = 5 }), HttpStatusCode.Forbidden);
    }
}
