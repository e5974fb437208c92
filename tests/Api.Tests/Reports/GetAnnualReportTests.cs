using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Reports;

/// <summary>
/// reports.md §2–5 against a year of cases entered through the API, each figure counted by hand below
/// (not by the code under test).
/// </summary>
public class AnnualReportTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static readonly string[] Kinds = ["NaturalPerson", "Commercial", "Research", "PublicInterest", "LegalService", "OtherOrganization"];
    private static readonly string[] Columns = ["natural_person", "commercial", "research", "public_interest", "legal_service", "other_org"];

    private static async Task<string> Case(Scenario s, string kind, string received, string? agency = null, string channel = "InPerson")
    {
        var response = await s.Admin.Post("/api/cases", new
        {
            agencyCode = agency ?? s.Child, channel, submittedOn = received, receivedOn = channel == "InPerson" ? null : received,
            letterMail = channel == "Letter" ? "Signed" : null,
            applicant = new { kind, name = "申请人", address = DefaultAddress }, description = "年报测试",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return (string)JsonNode.Parse(text)!["id"]!;
    }

    private static async Task Close(Scenario s, string id, string outcome, string on)
    {
        await Ok(s.Admin.Post($"/api/cases/{id}/decision", new { decidedOn = on, outcome }));
        await Ok(s.Admin.Post($"/api/cases/{id}/delivery", new { deliveredOn = on, method = "Post" }));
    }

    /// <summary>The 2025 register of the child agency (and one case of the root) described in the class comment of each test.</summary>
    private async Task<Scenario> Year2025()
    {
        var s = await Create(factory);
        string[] outcomes =
        [
            "Disclosed", "Disclosed.AlreadyPublished", "PartiallyDisclosed", "Withheld.StateSecret", "Withheld.ProhibitedByLaw",
            "Withheld.SecurityStability", "Withheld.ThirdPartyRights", "Withheld.InternalAffairs", "Withheld.ProcessInformation",
            "Withheld.EnforcementFile", "Withheld.AdministrativeInquiry", "Unable.NotHeld", "Unable.NotHeld.OtherAgency", "Unable.NeedsCreation",
            "Unable.StillUnclear", "NotProcessed.Petition", "NotProcessed.Repeat", "NotProcessed.Publication", "NotProcessed.Excessive",
            "NotProcessed.ConfirmOrReissue", "Other.SupplementOverdue", "Other.FeeUnpaid", "Other.SpecialAccessLaw", "withdrawal", "Other.Other",
        ];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var id = await Case(s, Kinds[i % 6], "2025-03-03");
            switch (outcomes[i])
            {
                case "Unable.StillUnclear":
                    await Ok(s.Admin.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2025-03-04", items = "年份" }));
                    await Ok(s.Admin.Post($"/api/cases/{id}/supplement", new { receivedOn = "2025-03-05" }));
                    await Close(s, id, outcomes[i], "2025-03-20");
                    break;
                case "Other.SupplementOverdue":
                    await Ok(s.Admin.Post($"/api/cases/{id}/supplement-request", new { requestedOn = "2025-03-04", items = "年份", supplyBy = "2025-03-10" }));
                    await Ok(s.Admin.Post($"/api/cases/{id}/abandonment", new { closedOn = "2025-03-11", outcome = outcomes[i] }));
                    break;
                case "Other.FeeUnpaid":
                    await Ok(s.Admin.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2025-03-04", method = "PerPage", pages = 40 }));
                    await Ok(s.Admin.Post($"/api/cases/{id}/abandonment", new { closedOn = "2025-04-30", outcome = outcomes[i] }));
                    break;
                case "withdrawal":
                    await Ok(s.Admin.Post($"/api/cases/{id}/withdrawal", new { withdrawnOn = "2025-03-04" }));
                    break;
                default:
                    await Close(s, id, outcomes[i], "2025-03-14");
                    break;
            }
        }

        // Carried in from 2024 (Commercial), and a Regime 2008 case received 2019-05-10 closed in 2025 (crosswalk).
        await Close(s, await Case(s, "Commercial", "2024-12-16"), "Disclosed", "2025-01-06");
        await Close(s, await Case(s, "Research", "2019-05-10"), "Withheld.CommercialSecret", "2025-02-03");
        // Carried out to 2026 (LegalService received in December, OtherOrganization in June), both still open.
        await Case(s, "LegalService", "2025-12-15");
        await Case(s, "OtherOrganization", "2025-06-02", channel: "Letter");
        // Outside 2025: closed in 2024, received in 2026, and an online request never confirmed.
        await Close(s, await Case(s, "NaturalPerson", "2024-03-04"), "Disclosed", "2024-03-05");
        await Case(s, "NaturalPerson", "2026-01-05");
        await s.Register("Online", "2025-05-05");
        // The root's own case.
        await Close(s, await Case(s, "NaturalPerson", "2025-04-01", agency: s.Root), "Disclosed", "2025-04-02");
        // Review and litigation filed in 2025 (and one in 2024): a result after 31 December counts as pending.
        await Proceeding(s, "Review", "2025-02-01", "2025-06-01", "Upheld");
        await Proceeding(s, "Review", "2025-11-03", "2026-01-15", "Corrected");
        await Proceeding(s, "LitigationDirect", "2025-03-01", "2025-09-01", "Corrected");
        await Proceeding(s, "LitigationDirect", "2025-05-01", null, null);
        await Proceeding(s, "LitigationAfterReview", "2025-04-01", "2025-10-01", "Other");
        await Proceeding(s, "Review", "2024-05-01", "2024-06-01", "Upheld");
        return s;
    }

    private static async Task Proceeding(Scenario s, string kind, string filed, string? concluded, string? result)
    {
        var created = await Ok(s.Admin.Post("/api/proceedings", new { agencyCode = s.Child, kind, filedOn = filed }));
        if (concluded is not null)
            await Ok(s.Admin.Post($"/api/proceedings/{created["id"]}/conclusion", new { concludedOn = concluded, result }));
    }

    private static void AssertRow(JsonNode table, string row, params int[] byColumn)
    {
        for (var c = 0; c < Columns.Length; c++)
            Assert.True(byColumn[c] == (int)table[row]![Columns[c]]!, $"{row}.{Columns[c]}: expected {byColumn[c]}, got {table[row]![Columns[c]]}");
        Assert.Equal(byColumn.Sum(), (int)table[row]!["total"]!);
    }

    [Fact]
    public async Task Gov2021_ChildAgency_MatchesTheHandCountCellForCell()
    {
        var s = await Year2025();
        var report = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}"));
        Assert.Equal("gov2021", (string?)report["format"]);
        Assert.Equal(s.Child, (string?)report["agency"]!["code"]);
        Assert.False((bool)report["provisional"]!);
        var t = report["table3"]!;
        //                     NP CO RE PI LS OO
        AssertRow(t, "new_received", 5, 4, 4, 4, 5, 5);
        AssertRow(t, "carried_in", 0, 1, 1, 0, 0, 0);
        AssertRow(t, "outcome.disclosed", 1, 2, 0, 0, 0, 0);
        AssertRow(t, "outcome.partially_disclosed", 0, 0, 1, 0, 0, 0);
        AssertRow(t, "outcome.withheld.state_secret", 0, 0, 0, 1, 0, 0);
        AssertRow(t, "outcome.withheld.prohibited_by_law", 0, 0, 0, 0, 1, 0);
        AssertRow(t, "outcome.withheld.security_stability", 0, 0, 0, 0, 0, 1);
        AssertRow(t, "outcome.withheld.third_party_rights", 1, 0, 1, 0, 0, 0); // the Regime 2008 CommercialSecret crosswalks here
        AssertRow(t, "outcome.withheld.internal_affairs", 0, 1, 0, 0, 0, 0);
        AssertRow(t, "outcome.withheld.process_information", 0, 0, 1, 0, 0, 0);
        AssertRow(t, "outcome.withheld.enforcement_file", 0, 0, 0, 1, 0, 0);
        AssertRow(t, "outcome.withheld.administrative_inquiry", 0, 0, 0, 0, 1, 0);
        AssertRow(t, "outcome.withheld", 1, 1, 2, 2, 2, 1);
        AssertRow(t, "outcome.unable.not_held", 1, 0, 0, 0, 0, 1);
        AssertRow(t, "outcome.unable.needs_creation", 0, 1, 0, 0, 0, 0);
        AssertRow(t, "outcome.unable.still_unclear", 0, 0, 1, 0, 0, 0);
        AssertRow(t, "outcome.unable", 1, 1, 1, 0, 0, 1);
        AssertRow(t, "outcome.not_processed.petition", 0, 0, 0, 1, 0, 0);
        AssertRow(t, "outcome.not_processed.repeat", 0, 0, 0, 0, 1, 0);
        AssertRow(t, "outcome.not_processed.publication", 0, 0, 0, 0, 0, 1);
        AssertRow(t, "outcome.not_processed.excessive", 1, 0, 0, 0, 0, 0);
        AssertRow(t, "outcome.not_processed.confirm_or_reissue", 0, 1, 0, 0, 0, 0);
        AssertRow(t, "outcome.not_processed", 1, 1, 0, 1, 1, 1);
        AssertRow(t, "outcome.other.supplement_overdue", 0, 0, 1, 0, 0, 0);
        AssertRow(t, "outcome.other.fee_unpaid", 0, 0, 0, 1, 0, 0);
        AssertRow(t, "outcome.other.other", 1, 0, 0, 0, 1, 1);
        AssertRow(t, "outcome.other", 1, 0, 1, 1, 1, 1);
        AssertRow(t, "outcome.total", 5, 5, 5, 4, 4, 4);
        AssertRow(t, "carried_out", 0, 0, 0, 0, 1, 1);
        Assert.Equal(29, t.AsObject().Count); // every row of table 三, zeros included

        var t4 = report["table4"]!;
        Assert.Equal([1, 0, 0, 1, 2], new[] { "upheld", "corrected", "other", "pending", "total" }.Select(c => (int)t4["review"]![c]!));
        Assert.Equal([0, 1, 0, 1, 2], new[] { "upheld", "corrected", "other", "pending", "total" }.Select(c => (int)t4["litigation_direct"]![c]!));
        Assert.Equal([0, 0, 1, 0, 1], new[] { "upheld", "corrected", "other", "pending", "total" }.Select(c => (int)t4["litigation_after_review"]![c]!));

        var checks = report["checks"]!.AsArray();
        Assert.Equal(7, checks.Count);
        Assert.All(checks, c => Assert.True((bool)c!["holds"]!, c!.ToJsonString()));
    }

    [Fact]
    public async Task Gov2019_HasOneOtherRow_AndRollUpEqualsTheSumOfMembers()
    {
        var s = await Year2025();
        var child = (await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}&format=gov2019")))["table3"]!;
        Assert.Equal(5, (int)child["outcome.other"]!["total"]!);
        Assert.Null(child["outcome.other.other"]);

        var root = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Root}"));
        var tree = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Root}&subtree=true"));
        var childAlone = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2025?agency={s.Child}"));
        Assert.True((bool)tree["subtree"]!);
        foreach (var table in new[] { "table3", "table4" })
        foreach (var (row, cells) in tree[table]!.AsObject())
        foreach (var (column, value) in cells!.AsObject())
            Assert.Equal((int)root[table]![row]![column]! + (int)childAlone[table]![row]![column]!, (int)value!);
        Assert.Equal(6, (int)tree["table3"]!["new_received"]!["natural_person"]!);
        Assert.Equal(1, (int)root["table3"]!["outcome.disclosed"]!["total"]!);
    }

    [Fact]
    public async Task Legacy_Year2018_CountsEveryRow()
    {
        // reports.md §3: received by channel, closed on time / extended, answered by outcome, review, litigation, complaints, fees, late.
        var s = await Create(factory);
        string[] channels = ["InPerson", "Fax", "Online", "Letter"];
        string[] outcomes =
        [
            "AlreadyPublic", "Disclosed", "PartiallyDisclosed", "Withheld.StateSecret", "Withheld.CommercialSecret", "Withheld.PersonalPrivacy",
            "Withheld.SecurityStability", "Withheld.NotGovernmentInformation", "Withheld.OtherLegal", "NotThisAgency", "DoesNotExist",
            "ChangeOrSupplement", "OtherChannel",
        ];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var id = await Case(s, "NaturalPerson", "2018-03-05", channel: channels[i % 4]);
            if (i == 0)
                await Ok(s.Admin.Post($"/api/cases/{id}/extension", new { approvedOn = "2018-03-06", workingDays = 15, reason = "复杂", applicantNotifiedOn = "2018-03-06" }));
            await Close(s, id, outcomes[i], i == 1 ? "2018-04-20" : "2018-03-12"); // the second is delivered after its due date 2018-03-26
        }

        var withdrawn = await Case(s, "NaturalPerson", "2018-06-04");
        await Ok(s.Admin.Post($"/api/cases/{withdrawn}/withdrawal", new { withdrawnOn = "2018-06-05" }));
        await Case(s, "NaturalPerson", "2018-12-24"); // open at the year end: received, not closed
        await Ok(s.Admin.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2018-07-02", subject = "答复超期" }));
        await Proceeding(s, "Review", "2018-05-02", "2018-07-02", "Corrected");
        await Proceeding(s, "LitigationDirect", "2018-06-01", "2018-09-03", "Upheld");
        await Proceeding(s, "LitigationAfterReview", "2018-08-01", null, null);

        var report = await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2018?agency={s.Child}"));
        Assert.Equal("legacy", (string?)report["format"]);
        var rows = report["rows"]!;
        var expected = new Dictionary<string, decimal>
        {
            ["received.total"] = 15, ["received.in_person"] = 6, ["received.fax"] = 3, ["received.online"] = 3, ["received.letter"] = 3,
            ["closed.total"] = 14, ["closed.on_time"] = 13, ["closed.extended"] = 1,
            ["answered.total"] = 13, ["answered.already_public"] = 1, ["answered.disclosed"] = 1, ["answered.partially_disclosed"] = 1,
            ["answered.withheld"] = 6, ["answered.withheld.state_secret"] = 1, ["answered.withheld.commercial_secret"] = 1,
            ["answered.withheld.personal_privacy"] = 1, ["answered.withheld.security_stability"] = 1,
            ["answered.withheld.not_government_information"] = 1, ["answered.withheld.other_legal"] = 1,
            ["answered.not_this_agency"] = 1, ["answered.does_not_exist"] = 1, ["answered.change_or_supplement"] = 1, ["answered.other_channel"] = 1,
            ["review.total"] = 1, ["review.upheld"] = 0, ["review.corrected"] = 1, ["review.other"] = 0,
            ["litigation.total"] = 2, ["litigation.upheld"] = 1, ["litigation.corrected"] = 0, ["litigation.other"] = 1,
            ["complaints.total"] = 1, ["fees.total"] = 0, ["closed.late"] = 1,
        };
        Assert.Equal(expected.Keys.Order(), rows.AsObject().Select(r => r.Key).Order());
        foreach (var (key, value) in expected) Assert.True(value == (decimal)rows[key]!, $"{key}: expected {value}, got {rows[key]}");
        Assert.All(report["checks"]!.AsArray(), c => Assert.True((bool)c!["holds"]!));
    }

    [Fact]
    public async Task Legacy_ForAYearAfterTheRegimeChange_IsRefusedWithAClearError()
    {
        // reports.md §2: a legacy report of a year after 2019-05-14 has no crosswalk.
        var s = await Create(factory);
        var problem = await Refused(s.Supervisor.GetAsync($"/api/reports/annual/2021?agency={s.Child}&format=legacy"), HttpStatusCode.Conflict);
        Assert.Contains("gov2019 or gov2021", (string)problem["detail"]!);
        await Refused(s.Supervisor.GetAsync($"/api/reports/annual/2021?agency={s.Child}&format=gov2030"), HttpStatusCode.BadRequest);
        await Refused(s.Handler.GetAsync($"/api/reports/annual/2021?agency={s.Child}"), HttpStatusCode.Forbidden);
        await Refused(factory.As("other", "ELSEWHERE", "Supervisor").GetAsync($"/api/reports/annual/2021?agency={s.Child}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Fees_ReceivedInTheYear_AreReportedInTenThousandYuan()
    {
        // reports.md §3 row 七 (legacy): fees received in the year, 万元 with 4 decimals. Fees exist from 2021, so the legacy
        // row can only be compared through the case list here: a paid fee is stored on the case for the SQL sum.
        var s = await Create(factory);
        var id = await Case(s, "NaturalPerson", "2025-03-03");
        await Ok(s.Admin.Post($"/api/cases/{id}/fee-notice", new { issuedOn = "2025-03-04", method = "PerPage", pages = 150 }));
        await Ok(s.Admin.Post($"/api/cases/{id}/fee-payment", new { paidOn = "2025-03-06", amountYuan = 1700 }));
        using var connection = factory.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT fee_paid_yuan FROM cases WHERE id = '{id}'";
        Assert.Equal(1700m, Convert.ToDecimal(command.ExecuteScalar()));
    }
}
