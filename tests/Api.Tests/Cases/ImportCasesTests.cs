using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CaseTracker.Api.Hosting;
using CaseTracker.Api.Tests.Support;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Cases;

/// <summary>Issue 5 item 4: bulk load of an existing register, every row replayed under the rules of live entry, all or nothing.</summary>
public class ImportTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    private static Dictionary<string, string> Row(string agency, string channel, string submittedOn, params (string, string)[] more)
        => RegisterFile.Row(agency, channel, submittedOn, more);

    private static async Task<JsonNode> Case(Scenario s, JsonNode imported, int row)
    {
        var entry = imported["cases"]!.AsArray().Single(c => (int)c!["row"]! == row)!;
        return await Ok(s.Handler.GetAsync($"/api/cases/{entry["id"]}"));
    }

    private static async Task<string[]> HistoryKinds(Scenario s, JsonNode @case)
        => (await Ok(s.Handler.GetAsync($"/api/cases/{@case["id"]}/history")))["items"]!.AsArray().Select(i => (string)i!["kind"]!).ToArray();

    [Fact]
    public async Task Import_WhenEveryChannelAndPath_ReplaysEachCaseAsLiveEntryWould()
    {
        // law.md §3–4 on imported history: Art. 31 receipt per channel, Art. 33 (20 / 2008: 15 working days), Art. 30 restart,
        // Art. 32/34 consultation pause, Art. 33 ¶2 extension, delivery closes (late after the due date), withdrawal, abandonment.
        var s = await Create(factory);
        var c = s.Child;
        var csv = RegisterFile.Csv(
            Row(c, "InPerson", "2026-09-01", ("caseNumber", $"{c}-2026-00042"), ("decidedOn", "2026-09-10"), ("outcome", "Disclosed"), ("summary", "已提供"),
                ("deliveredOn", "2026-09-11"), ("deliveryMethod", "Post")),
            Row(c, "Letter", "2026-08-28", ("letterMail", "Signed"), ("receivedOn", "2026-09-01"),
                ("consultationKind", "ThirdParty"), ("consultationParty", "某建筑公司"), ("consultationSentOn", "2026-09-08"), ("consultationRepliedOn", "2026-09-15"),
                ("extensionApprovedOn", "2026-10-09"), ("extensionWorkingDays", "10"), ("extensionReason", "需调取档案"),
                ("extensionApplicantNotifiedOn", "2026-10-09"), ("extensionApprover", "王主任"),
                ("decidedOn", "2026-10-20"), ("outcome", "Withheld.ThirdPartyRights"), ("deliveredOn", "2026-10-26"), ("deliveryMethod", "Post")),
            Row(c, "Letter", "2026-09-01", ("letterMail", "Ordinary"), ("confirmedOn", "2026-09-03"),
                ("supplementRequestedOn", "2026-09-07"), ("supplementItems", "请说明具体年份"), ("supplementReceivedOn", "2026-09-14"),
                ("decidedOn", "2026-10-15"), ("outcome", "Unable.StillUnclear"), ("deliveredOn", "2026-10-15"), ("deliveryMethod", "Post")),
            Row(c, "Online", "2026-03-02", ("confirmedOn", "2026-03-02"), ("decidedOn", "2026-03-31"), ("outcome", "Disclosed"),
                ("deliveredOn", "2026-04-01"), ("deliveryMethod", "Email")),
            Row(c, "Fax", "2026-05-06", ("confirmedOn", "2026-05-06"), ("withdrawnOn", "2026-05-08")),
            Row(c, "InPerson", "2026-09-01", ("supplementRequestedOn", "2026-09-02"), ("supplementItems", "身份证明"), ("supplementSupplyBy", "2026-09-10"),
                ("abandonedOn", "2026-09-11"), ("outcome", "Other.SupplementOverdue")),
            Row(c, "InPerson", "2018-03-05", ("extensionApprovedOn", "2018-03-20"), ("extensionWorkingDays", "15"), ("extensionReason", "复杂"),
                ("extensionApplicantNotifiedOn", "2018-03-20"), ("decidedOn", "2018-04-10"), ("outcome", "ChangeOrSupplement"),
                ("deliveredOn", "2018-04-11"), ("deliveryMethod", "InPerson")),
            Row(c, "InPerson", "2026-11-20", ("applicantKind", "Commercial"), ("applicantName", "某科技有限公司"), ("deliveryForm", "Email")),
            Row(c, "Online", "2026-11-24"),
            Row(c, "InPerson", "2026-10-12", ("consultationKind", "OtherAgency"), ("consultationParty", "州财政局"), ("consultationSentOn", "2026-10-14")));

        var imported = await Ok(s.Intake.Import(csv));
        Assert.Equal(10, (int)imported["imported"]!);
        Assert.Equal(Enumerable.Range(1, 10), imported["cases"]!.AsArray().Select(x => (int)x!["row"]!));

        var inPerson = await Case(s, imported, 1);
        Assert.Equal($"{c}-2026-00042", (string?)inPerson["caseNumber"]);
        Assert.Equal("2026-09-29", (string?)inPerson["dueOn"]); // Art. 33: 20 working days after 2026-09-01, 中秋 skipped, 09-20 make-up Sunday counted
        Assert.Equal("Closed", (string?)inPerson["status"]);
        Assert.Equal("Disclosed", (string?)inPerson["outcome"]);
        Assert.Equal("2026-09-11", (string?)inPerson["closedOn"]);
        Assert.False((bool)inPerson["closedLate"]!);
        Assert.Equal(["Registered", "Decided", "Delivered"], await HistoryKinds(s, inPerson));

        var signed = await Case(s, imported, 2);
        Assert.Equal("2026-09-01", (string?)signed["receivedOn"]);
        Assert.Equal("2026-10-26", (string?)signed["dueOn"]); // 5 working days paused (Art. 32), then 10 more (Art. 33 ¶2)
        Assert.True((bool)signed["extended"]!);
        Assert.Equal("Withheld.ThirdPartyRights", (string?)signed["outcome"]);
        Assert.False((bool)signed["closedLate"]!);
        var history = (await Ok(s.Handler.GetAsync($"/api/cases/{signed["id"]}/history")))["items"]!.AsArray();
        Assert.Equal(["Registered", "ConsultationSent", "ConsultationReplied", "ExtensionApproved", "Decided", "Delivered"],
            history.Select(i => (string)i!["kind"]!));
        Assert.All(history, i => Assert.Equal($"intake-{c}", (string?)i!["actor"]!["userId"]));
        var extension = history.Single(i => (string)i!["kind"]! == "ExtensionApproved")!;
        Assert.Equal("王主任", (string?)extension["details"]!["approver"]);
        Assert.Equal("2026-10-12", (string?)extension["dueBefore"]);
        Assert.Equal("2026-10-26", (string?)extension["dueAfter"]);

        var ordinary = await Case(s, imported, 3);
        Assert.Equal("2026-10-16", (string?)ordinary["dueOn"]); // Art. 30: 20 working days from the supplement of 2026-09-14
        Assert.Equal("Unable.StillUnclear", (string?)ordinary["outcome"]);
        var steps = (await Ok(s.Handler.GetAsync($"/api/cases/{ordinary["id"]}/history")))["items"]!.AsArray();
        Assert.Equal(["Registered", "ReceiptConfirmed", "SupplementRequested", "SupplementReceived", "Decided", "Delivered"],
            steps.Select(i => (string)i!["kind"]!));
        Assert.Equal([null, "2026-10-08", null, "2026-10-16", "2026-10-16", "2026-10-16"], steps.Select(i => (string?)i!["dueAfter"]));
        Assert.Equal([null, null, "2026-10-08", null, "2026-10-16", "2026-10-16"], steps.Select(i => (string?)i!["dueBefore"]));

        var online = await Case(s, imported, 4);
        Assert.Equal("2026-03-30", (string?)online["dueOn"]);
        Assert.True((bool)online["closedLate"]!); // delivered 2026-04-01, after the due date
        Assert.Equal(["Registered", "ReceiptConfirmed", "Decided", "Delivered"], await HistoryKinds(s, online));

        var fax = await Case(s, imported, 5);
        Assert.Equal("Closed", (string?)fax["status"]);
        Assert.Equal("Other.Withdrawn", (string?)fax["outcome"]);
        Assert.Equal("2026-05-08", (string?)fax["closedOn"]);
        Assert.Equal(["Registered", "ReceiptConfirmed", "Withdrawn"], await HistoryKinds(s, fax));

        var abandoned = await Case(s, imported, 6);
        Assert.Equal("Other.SupplementOverdue", (string?)abandoned["outcome"]);
        Assert.Equal("2026-09-11", (string?)abandoned["closedOn"]);
        Assert.Equal(["Registered", "SupplementRequested", "Abandoned"], await HistoryKinds(s, abandoned));

        var old = await Case(s, imported, 7);
        Assert.Equal("Regime2008", (string?)old["regime"]);
        Assert.Equal($"{c}-2018-00001", (string?)old["caseNumber"]);
        Assert.Equal("2018-04-17", (string?)old["dueOn"]); // 2008 Art. 24: 15 working days to 2018-03-26, then 15 more across 清明 (04-08 a make-up Sunday)
        Assert.Equal("ChangeOrSupplement", (string?)old["outcome"]);
        Assert.False((bool)old["closedLate"]!);

        var open = await Case(s, imported, 8);
        Assert.Equal("InProgress", (string?)open["status"]);
        Assert.Equal("2026-12-18", (string?)open["dueOn"]); // 20 working days after Friday 2026-11-20, no holiday in between
        Assert.False((bool)open["overdue"]!);
        Assert.Null(open["outcome"]);
        Assert.Null(open["closedOn"]);
        Assert.Equal("Commercial", (string?)open["applicant"]!["kind"]);
        Assert.Equal("Email", (string?)open["deliveryForm"]);

        var unconfirmed = await Case(s, imported, 9);
        Assert.Equal("AwaitingConfirmation", (string?)unconfirmed["status"]);
        Assert.Null(unconfirmed["dueOn"]);

        var consulting = await Case(s, imported, 10);
        Assert.Equal("2026-11-30", (string?)consulting["dueOn"]); // Art. 34: the unanswered consultation pauses to its 15-day limit
        Assert.False((bool)consulting["overdue"]!);

        // Issue 10 item 7: the rows without a number take the sequence's next free numbers in row order; the kept 00042
        // does not move the sequence. A live registration continues it.
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"{c}-2026-{n:D5}"),
            imported["cases"]!.AsArray().Where(x => (int)x!["row"]! is not (1 or 7)).Select(x => (string)x!["caseNumber"]!));
        var live = await s.Register("InPerson", "2026-09-01");
        Assert.Equal($"{c}-2026-00009", (string?)live["caseNumber"]);
    }

    [Fact]
    public async Task Import_WhenCaseNumberAboveSequence_LiveSequenceGoesOnAndSkipsOnlyTakenNumbers()
    {
        // Issue 10 item 7 (replaces the old rule "the sequence moves past a kept number"): a kept number is never given
        // again, but it does not move the live sequence; live numbering skips only the numbers a case holds.
        var s = await Create(factory);
        await s.Register("InPerson", "2026-09-01");
        await Ok(s.Intake.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-02", ("caseNumber", $"{s.Child}-2026-00100")))));
        Assert.Equal($"{s.Child}-2026-00002", (string?)(await s.Register("InPerson", "2026-09-03"))["caseNumber"]);
        await Ok(s.Intake.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-02", ("caseNumber", $"{s.Child}-2026-00003")))));
        Assert.Equal($"{s.Child}-2026-00004", (string?)(await s.Register("InPerson", "2026-09-03"))["caseNumber"]);
    }

    [Fact]
    public async Task Import_WhenCaseNumber99999Kept_LiveRegistrationStillNumbersAndSkipsTakenNumbers()
    {
        // Issue 10 item 7: importing <agency>-2026-99999 used to make every later registration of the agency in 2026 fail
        // with 409. After importing 00003 and 99999, live registrations take 00001, 00002, 00004, 00005.
        var s = await Create(factory);
        await Ok(s.Intake.Import(RegisterFile.Csv(
            Row(s.Child, "InPerson", "2026-09-02", ("caseNumber", $"{s.Child}-2026-00003")),
            Row(s.Child, "InPerson", "2026-09-02", ("caseNumber", $"{s.Child}-2026-99999")))));
        var numbers = new List<string>();
        for (var i = 0; i < 4; i++) numbers.Add((string)(await s.Register("InPerson", "2026-09-03"))["caseNumber"]!);
        Assert.Equal(new[] { 1, 2, 4, 5 }.Select(n => $"{s.Child}-2026-{n:D5}"), numbers);
    }

    [Fact]
    public async Task Import_WhenRowsWithoutNumberMeetKeptNumbers_TheySkipThemInRowOrder()
    {
        // Issue 10 item 7: numbers the register holds and numbers the same file keeps are skipped, never reused.
        var s = await Create(factory);
        await Ok(s.Intake.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-02", ("caseNumber", $"{s.Child}-2026-00002")))));
        var imported = await Ok(s.Intake.Import(RegisterFile.Csv(
            Row(s.Child, "InPerson", "2026-09-02"),
            Row(s.Child, "InPerson", "2026-09-02", ("caseNumber", $"{s.Child}-2026-00003")),
            Row(s.Child, "InPerson", "2026-09-02"),
            Row(s.Child, "InPerson", "2026-09-02"))));
        Assert.Equal(new[] { 1, 3, 4, 5 }.Select(n => $"{s.Child}-2026-{n:D5}"),
            imported["cases"]!.AsArray().Select(x => (string)x!["caseNumber"]!));
        Assert.Equal($"{s.Child}-2026-00006", (string?)(await s.Register("InPerson", "2026-09-03"))["caseNumber"]);
    }

    [Fact]
    public async Task Import_WhenQuotedFieldsBomAndHeaderCase_ReadsRfc4180()
    {
        // RFC 4180: quoted fields hold commas, doubled quotes and line breaks; headers match in any case; a UTF-8 BOM is skipped.
        var s = await Create(factory);
        var description = "关于\"城市道路\"维修的预算,\r\n以及执行情况";
        var csv = "\uFEFFAGENCYCODE,Channel,submittedon,applicantKind,applicantName,description,applicantAddress\r\n"
            + $"{s.Child},InPerson,2026-09-01,NaturalPerson,  李四  ,\"{description.Replace("\"", "\"\"")}\",\"昆明市,五华区\"\n"
            + ",,,,,,\r\n";
        var imported = await Ok(s.Intake.Import(csv));
        Assert.Equal(1, (int)imported["imported"]!);
        var c = await Case(s, imported, 1);
        Assert.Equal(description, (string?)c["description"]);
        Assert.Equal("李四", (string?)c["applicant"]!["name"]);
        // The address is personal data: masked in the case, verbatim through the logged full read (security.md).
        var full = await Ok(s.Handler.GetAsync($"/api/cases/{(string)c["id"]!}/applicant?reason=check"));
        Assert.Equal("昆明市,五华区", (string?)full["address"]);
    }

    [Fact]
    public async Task Import_WhenMultipartFormWithFile_Imports()
    {
        var s = await Create(factory);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-01"))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "register.csv");
        var imported = await Ok(s.Intake.PostAsync("/api/cases/import", form));
        Assert.Equal(1, (int)imported["imported"]!);
    }

    [Fact]
    public async Task Import_WhenSomeRowsBreakRules_Is400ListingEveryBadRowAndWritesNothing()
    {
        // All or nothing: every bad row is reported by row and column, and the good rows are not written either.
        var s = await Create(factory);
        var existing = (string)(await s.Register("InPerson", "2026-09-01"))["caseNumber"]!;
        var c = s.Child;
        var csv = RegisterFile.Csv(
            Row(c, "InPerson", "2026-09-01", ("caseNumber", $"{c}-2026-00200")),
            Row(c, "InPerson", "2026-13-01"),
            Row(c, "InPerson", "2026-09-01", ("decidedOn", "2026-09-10"), ("outcome", "Disclosed.Maybe")),
            Row(c, "InPerson", "2026-09-01", ("extensionApprovedOn", "2026-09-10"), ("extensionWorkingDays", "25"), ("extensionReason", "复杂"),
                ("extensionApplicantNotifiedOn", "2026-09-10")),
            Row(c, "InPerson", "2026-11-02", ("decidedOn", "2026-12-01"), ("outcome", "Disclosed")),
            Row(c, "InPerson", "2026-09-01", ("caseNumber", $"{c}-2026-00200")),
            Row(c, "InPerson", "2026-09-01", ("caseNumber", existing)),
            Row(s.Root, "InPerson", "2026-09-01"),
            Row("NOPE", "InPerson", "2026-09-01"),
            Row(c, "Fax", "2026-09-01", ("receivedOn", "2026-09-01"), ("letterMail", "Signed")),
            Row(c, "InPerson", "2026-09-01", ("deliveredOn", "2026-09-02"), ("deliveryMethod", "Pigeon")),
            Row(c, "InPerson", "2026-09-01", ("decidedOn", "2026-09-03"), ("outcome", "Disclosed"), ("deliveredOn", "2026-09-02"), ("deliveryMethod", "Post")),
            Row(c, "InPerson", "2026-09-01"));
        var before = factory.Snapshot();

        var problem = await Refused(s.Intake.Import(csv), HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(
            ["row 2: submittedOn", "row 3: outcome", "row 4: extensionApprovedOn", "row 5: decidedOn", "row 6: caseNumber", "row 7: caseNumber",
                "row 8: agencyCode", "row 9: agencyCode", "row 10: letterMail", "row 11: deliveryMethod", "row 12: deliveredOn"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal).OrderBy(k => int.Parse(k.Split(' ', ':')[1])));
        Assert.Contains("2025/1/6", (string)errors["row 2: submittedOn"]![0]!);
        Assert.Contains("\"Disclosed.Maybe\" is not an outcome of Regime 2019", (string)errors["row 3: outcome"]![0]!);
        Assert.Contains("at most 20 working days", (string)errors["row 4: extensionApprovedOn"]![0]!);
        Assert.Contains("in the future", (string)errors["row 5: decidedOn"]![0]!);
        Assert.Contains("also given on row 1", (string)errors["row 6: caseNumber"]![0]!);
        Assert.Contains("already in the register", (string)errors["row 7: caseNumber"]![0]!);
        Assert.Contains($"may not act for {s.Root}", (string)errors["row 8: agencyCode"]![0]!);
        Assert.Contains("no agency NOPE", (string)errors["row 9: agencyCode"]![0]!);
        Assert.Contains("Record the decision before delivering", (string)errors["row 12: deliveredOn"]![0]!); // steps replay in date order
        Assert.Contains("11 rows have errors; nothing was imported", (string)problem["detail"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Import_WhenConsultationRepliedBeforeItWasSent_Is400ForTheReplyAndWritesNothing()
    {
        // Steps replay in date order, so the reply came up before any consultation was sent (it was a 500).
        var s = await Create(factory);
        var c = s.Child;
        var csv = RegisterFile.Csv(
            Row(c, "InPerson", "2026-09-01"),
            Row(c, "InPerson", "2026-09-01", ("consultationKind", "ThirdParty"), ("consultationParty", "某建筑公司"),
                ("consultationSentOn", "2026-09-08"), ("consultationRepliedOn", "2026-09-04")));
        var before = factory.Snapshot();

        var problem = await Refused(s.Intake.Import(csv), HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["row 2: consultationRepliedOn"], errors.Select(e => e.Key));
        var sentence = (string)errors["row 2: consultationRepliedOn"]![0]!;
        Assert.Contains("dated 2026-09-04, before the consultation was sent on 2026-09-08", sentence);
        Assert.EndsWith(".", sentence);
        Assert.Contains("1 row has errors; nothing was imported", (string)problem["detail"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Theory]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName\r\n{0},InPerson,2026-09-01,NaturalPerson,张三\r\n", "header: description", "required column \"description\" is missing")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description,Channel\r\n", "header: channel", "appears twice")]
    [InlineData("", "file", "empty")]
    [InlineData("\uFEFF", "file", "empty")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description\r\n", "file", "header but no rows")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description\r\n{0},InPerson,2026-09-01,NaturalPerson,张三\r\n", "row 1", "has 5 fields")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description\r\n{0},InPerson,2026-09-01,NaturalPerson,张三,\"x\r\n", "row 1", "never closed")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description\r\n{0},InPerson,2026-09-01,NaturalPerson,张\"三,x\r\n", "row 1", "quote")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description\r\n{0},Pigeon,2026-09-01,NaturalPerson,,x\r\n", "row 1: applicantName", "required")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description,applicantPhone\r\n{0},InPerson,2026-09-01,NaturalPerson,张三,x,12345\r\n", "row 1: applicantPhone", "The phone number 12345 is not one")]
    [InlineData("agencyCode,channel,submittedOn,applicantKind,applicantName,description,applicantEmail\r\n{0},InPerson,2026-09-01,NaturalPerson,张三,x,zhang@localhost\r\n", "row 1: applicantEmail", "The e-mail address zhang@localhost is not one")]
    public async Task Import_WhenFileOrHeaderMalformed_Is400NamingItAndWritesNothing(string template, string key, string message)
    {
        // The file is read before anything is written; its problems are named by file, header column or row.
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Intake.Import(string.Format(template, s.Child)), HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(key), $"no error {key} in {errors.ToJsonString()}");
        Assert.Contains(message, (string)errors[key]![0]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Import_WhenMoreThan50000Rows_Is400AndWritesNothing()
    {
        // At most 50,000 rows in one import.
        var s = await Create(factory);
        var csv = new StringBuilder("agencyCode,channel,submittedOn,applicantKind,applicantName,description\n");
        for (var i = 0; i < 50_001; i++) csv.Append(s.Child).Append(",InPerson,2026-09-01,NaturalPerson,张三,x\n");
        var before = factory.Snapshot();
        var problem = await Refused(s.Intake.Import(csv.ToString()), HttpStatusCode.BadRequest);
        Assert.Contains("more than 50,000 rows", (string)problem["errors"]!["file"]![0]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Import_WhenBodyOver20MB_Is413()
    {
        var s = await Create(factory);
        var before = factory.Snapshot();
        var problem = await Refused(s.Intake.Import(new string('x', 20 * 1024 * 1024 + 1)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("20 MB", (string)problem["detail"]!);
        Assert.Equal(before, factory.Snapshot());
    }

    [Fact]
    public async Task Import_WhenNotCsvOrNotReadableText_IsRefused()
    {
        var s = await Create(factory);
        await Refused(s.Intake.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-01")), mediaType: "application/json"), HttpStatusCode.UnsupportedMediaType);
        // Issue 17: GBK is read now (ImportOfficeRegisterTests); bytes that are no GB18030 either (a lone lead byte) are refused.
        var binary = new ByteArrayContent([0x61, 0x2C, 0x81, 0x0A, 0x00, 0xFF]);
        binary.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var problem = await Refused(s.Intake.PostAsync("/api/cases/import", binary), HttpStatusCode.BadRequest);
        Assert.Contains("GB18030", (string)problem["errors"]!["file"]![0]!);
    }

    [Fact]
    public async Task Import_WhenRoleMayNotRegister_Is403()
    {
        // api.md Identity: registering (and so importing) is for IntakeOfficer and Administrator.
        var s = await Create(factory);
        await Refused(s.Handler.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-01"))), HttpStatusCode.Forbidden);
        await Refused(s.Supervisor.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-01"))), HttpStatusCode.Forbidden);
        var admin = await Ok(s.Admin.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-01"), Row(s.Root, "InPerson", "2026-09-01"))));
        Assert.Equal(2, (int)admin["imported"]!);
    }

    [Fact]
    public async Task Swagger_DescribesImportWithCsvBodyAndErrorFormat()
    {
        // api.md: everything is described in the OpenAPI document, here the CSV body and how row errors are keyed.
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var import = document["paths"]!["/api/cases/import"]!["post"]!;
        Assert.Contains("row N: column", (string)import["summary"]!);
        Assert.NotNull(import["requestBody"]!["content"]!["text/csv"]);
        Assert.Contains("extensionApplicantNotifiedOn", (string)import["description"]!);
        Assert.NotNull(import["responses"]!["400"]);
    }

    [Fact]
    public async Task Import_WhenRetriedWithSameIdempotencyKey_ImportsOnce()
    {
        // A retried POST with the same Idempotency-Key returns the first result instead of a second import.
        var s = await Create(factory);
        var csv = RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-01"), Row(s.Child, "Online", "2026-09-02"));
        var first = await Ok(s.Intake.Import(csv, "import-1"));
        var after = factory.Snapshot();
        var second = await Ok(s.Intake.Import(csv, "import-1"));
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(after, factory.Snapshot());
        await Refused(s.Intake.Import(RegisterFile.Csv(Row(s.Child, "InPerson", "2026-09-03")), "import-1"), HttpStatusCode.UnprocessableEntity);
    }
}
