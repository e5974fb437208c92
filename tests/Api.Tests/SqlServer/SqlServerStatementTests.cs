using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CaseTracker.Api.Features.Alerts.GetAlert;
using CaseTracker.Infrastructure.Alerts;
using CaseTracker.Api.Tests.Support;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.SqlServer;

/// <summary>Records every statement the application sends while the tests drive it.</summary>
public sealed class SqlCaptureFactory : CaseTrackerFactory
{
    public ConcurrentDictionary<string, SqlDialect> Statements { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ISqlObserver>(new Observer(Statements)));
    }

    private sealed class Observer(ConcurrentDictionary<string, SqlDialect> statements) : ISqlObserver
    {
        public void Executing(SqlDialect dialect, string sql) => statements.TryAdd(sql, dialect);
    }
}

/// <summary>
/// SQL Server cannot run on these machines, so every T-SQL migration and every statement the SQL Server
/// code path would send is parsed with ScriptDom (TSql160Parser). The statements are the ones captured while
/// every route runs on the test engine, with that engine's dialect pieces replaced by SqlServerDialect's
/// and list parameters expanded as Dapper expands them for SqlClient.
/// </summary>
public class SqlServerStatementTests(SqlCaptureFactory factory) : IClassFixture<SqlCaptureFactory>
{
    private static readonly SqlServerDialect SqlServer = new("Server=unused;Database=unused");

    private static IList<ParseError> Parse(string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        return errors;
    }

    /// <summary>
    /// TSql160Parser accepts the <c>||</c> concatenation of SQL Server 2025, which SQL Server 2022 refuses: a statement
    /// must use the dialect's Concat (CONCAT) instead. String literals are left out of the look.
    /// </summary>
    private static bool ConcatenatesWithPipes(string sql) => Regex.Replace(sql, "'(?:[^']|'')*'", "''").Contains("||", StringComparison.Ordinal);

    [Fact]
    public void PipeConcatenation_IsCaughtThoughTheParserAcceptsIt()
    {
        const string Sql = "SELECT id FROM alerts WHERE recipients LIKE '%' || agency_code || '%'";
        Assert.Empty(Parse(Sql)); // why the separate check exists
        Assert.True(ConcatenatesWithPipes(Sql));
        Assert.False(ConcatenatesWithPipes("SELECT 'a||b' AS x"));
    }

    private static string Describe(IList<ParseError> errors) => string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"));

    [Theory]
    // Controls: the parser must reject what SQL Server would reject, or the checks below prove nothing.
    [InlineData("SELECT id FROM cases ORDER BY id LIMIT @limit OFFSET @offset")]
    [InlineData("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING")]
    [InlineData("SELECT id FROM cases WHERE agency_code IN @agencies")]
    [InlineData("SELECT id FROM cases WHERE agency_code = ANY(@agencies)")]
    public void Parser_RejectsSyntaxSqlServerDoesNotAccept(string sql) => Assert.NotEmpty(Parse(sql));

    [Fact]
    public void Migrations_ParseAsTSql160()
    {
        var folder = Path.Combine(TestData.RepositoryRoot, "db", "migrations", "sqlserver");
        var scripts = Directory.GetFiles(folder, "*.sql");
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var errors = Parse(File.ReadAllText(script));
            Assert.True(errors.Count == 0, $"{Path.GetFileName(script)}: {Describe(errors)}");
        }
    }

    [Fact]
    public void DialectStatements_ParseAsTSql160()
    {
        foreach (var sql in new[] { SqlServer.NextSequenceSql, SqlServer.NextDocumentNumberSql, SqlServer.ReserveSequenceSql, SqlServer.UpsertNoticeSql, SqlServer.Page("SELECT id FROM cases ORDER BY id"),
                     $"INSERT INTO alerts (id) SELECT {SqlServer.OrderedIdSql("idPrefix")} FROM cases c",
                     SqlServer.InsertSkippingExisting("alerts", ["id", "dedupe_key"], "(@id_0, @dedupe_key_0),\n    (@id_1, @dedupe_key_1)", "dedupe_key") }.Concat(DeadlineScanSql.All(SqlServer, 6)))
        {
            var errors = Parse(sql);
            Assert.True(errors.Count == 0, $"{sql}\n{Describe(errors)}");
        }
    }

    [Fact]
    public async Task EveryStatementOfEveryRoute_ParsesAsTSql160()
    {
        await DriveEveryRoute();
        var statements = factory.Statements.ToArray();
        Assert.True(statements.Length >= 25, $"only {statements.Length} distinct statements were captured");
        var failures = new List<string>();
        // SQL Server has no setting for the bulk statements: the statement is not sent there.
        foreach (var (sql, dialect) in statements.Where(s => s.Key != s.Value.BulkStatementsSetting))
        {
            var tsql = ToSqlServer(sql, dialect);
            var errors = Parse(tsql);
            if (errors.Count > 0) failures.Add($"{tsql}\n  → {Describe(errors)}");
            else if (ConcatenatesWithPipes(tsql)) failures.Add($"{tsql}\n  → || is not an operator before SQL Server 2025: use the dialect's Concat");
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        string[] expected = ["INSERT INTO cases", "UPDATE cases SET", "INSERT INTO case_history", "MERGE case_number_sequences", "MERGE calendar_notices",
            "INSERT INTO idempotent_requests", "INSERT INTO report_snapshots", "UPDATE report_snapshots", "INSERT INTO job_runs", "INSERT INTO alerts", "MERGE alerts WITH (HOLDLOCK)", "UPDATE alerts", "ROW_NUMBER() OVER (ORDER BY (SELECT NULL))", "CONVERT(CHAR(10), c.due_on, 23)", "INSERT INTO agency_settings", "UPDATE agency_settings", "INSERT INTO proceedings", "UPDATE proceedings", "INSERT INTO complaints", "INSERT INTO agencies",
            "OFFSET @offset ROWS FETCH NEXT @limit ROWS ONLY", "WHEN target.last_value > @atLeast", "SELECT case_number FROM cases WHERE case_number IN",
            "MERGE delivery_outbox WITH (HOLDLOCK)", "UPDATE delivery_outbox SET state = 'Sending'", "UPDATE delivery_outbox SET state = 'Delivered'",
            "UPDATE delivery_outbox SET state = CASE", "UPDATE delivery_outbox SET state = 'Dropped'", "INSERT INTO webhook_deliveries"];
        foreach (var fragment in expected)
            Assert.Contains(statements, s => ToSqlServer(s.Key, s.Value).Contains(fragment, StringComparison.Ordinal));
    }

    /// <summary>The text SqlServerDialect would have produced, as Dapper would send it through SqlClient.</summary>
    private static string ToSqlServer(string sql, SqlDialect from)
    {
        // The deadline scan builds its statements per dialect: take SqlServerDialect's build of the same statement.
        var scan = DeadlineScanSql.All(from, 6).Zip(DeadlineScanSql.All(SqlServer, 6)).FirstOrDefault(p => p.First == sql);
        if (scan.First is not null) sql = scan.Second;
        var text = sql
            .Replace(from.NextSequenceSql, SqlServer.NextSequenceSql)
            .Replace(from.NextDocumentNumberSql, SqlServer.NextDocumentNumberSql)
            .Replace(from.ReserveSequenceSql, SqlServer.ReserveSequenceSql)
            .Replace(from.UpsertNoticeSql, SqlServer.UpsertNoticeSql)
            .Replace(from.Page(""), SqlServer.Page(""));
        // An insert that skips existing keys: the same rows through SqlServerDialect's statement.
        if (Regex.Match(text, @"\AINSERT INTO (\w+) \(([^)]*)\)\nVALUES (.*)\nON CONFLICT \((\w+)\) DO NOTHING\z", RegexOptions.Singleline) is { Success: true } skip)
            text = SqlServer.InsertSkippingExisting(skip.Groups[1].Value, skip.Groups[2].Value.Split(", "), skip.Groups[3].Value, skip.Groups[4].Value);
        text = text.Replace(AlertRow.AddressedTo(from, asSupervisor: true), AlertRow.AddressedTo(SqlServer, asSupervisor: true));
        text = Regex.Replace(text, @"(\w+) = ANY\(@(\w+)\)", "$1 IN @$2");
        text = text.Replace(" ILIKE ", " LIKE ");
        return Regex.Replace(text, @"\bIN @(\w+)", "IN (@$1_1, @$1_2)");
    }

    private async Task DriveEveryRoute()
    {
        var s = await Create(factory);
        (await s.Admin.GetAsync("/api/agencies")).EnsureSuccessStatusCode();
        await Ok(s.Intake.Post("/api/complaints", new { agencyCode = s.Child, receivedOn = "2026-10-01", subject = "未按时答复" }, ("Idempotency-Key", "k-complaint")));

        var a = (string)(await s.Register("Online", "2026-03-02"))["id"]!;
        await Ok(s.Intake.Post($"/api/cases/{a}/receipt-confirmation", new { confirmedOn = "2026-03-02" }));
        var consultation = await Ok(s.Handler.Post($"/api/cases/{a}/consultations", new { kind = "ThirdParty", party = "某公司", sentOn = "2026-03-03" }));
        await Ok(s.Handler.Post($"/api/cases/{a}/consultations/{consultation["consultationId"]}/reply", new { receivedOn = "2026-03-05", consents = true }));
        await Ok(s.Handler.Post($"/api/cases/{a}/fee-notice", new { issuedOn = "2026-03-06", method = "PerPage", pages = 150 }));
        await Ok(s.Handler.Post($"/api/cases/{a}/fee-reduction", new { reducedOn = "2026-03-07", toYuan = 100, reason = "减免" }));
        await Ok(s.Handler.Post($"/api/cases/{a}/fee-payment", new { paidOn = "2026-03-09", amountYuan = 100 }));
        await Ok(s.Approver.Post($"/api/cases/{a}/extension", new { approvedOn = "2026-03-10", workingDays = 5, reason = "复杂", applicantNotifiedOn = "2026-03-10" }));
        factory.EnsureUser("h1", s.Child, "CaseHandler");
        await Ok(s.Supervisor.Post($"/api/cases/{a}/assignment", new { userId = "h1", name = "李四" }));
        await Ok(s.Handler.Post($"/api/cases/{a}/decision", new { decidedOn = "2026-03-20", outcome = "Disclosed" }));
        await Ok(s.Handler.Post($"/api/cases/{a}/delivery", new { deliveredOn = "2026-03-20", method = "Post" }));
        await Ok(s.Handler.GetAsync($"/api/cases/{a}"));
        // Documents: settings, a template, a draft, an issue and its replacement, the list, the download, the status lookup.
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/document-settings", System.Net.Http.Json.JsonContent.Create(new
        {
            prefixes = new Dictionary<string, string> { ["Answer"] = "测政信答" }, reviewBody = "测试省人民政府",
        })));
        var template = await (await s.Admin.GetAsync($"/api/agencies/{s.Child}/templates/Answer")).Content.ReadAsByteArrayAsync();
        var upload = new ByteArrayContent(template);
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Documents.DocumentKit.DocxType);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/templates/Answer", upload));
        await Ok(s.Handler.Post($"/api/cases/{a}/documents/drafts", new { kind = "Answer" }));
        var answer = await Ok(s.Handler.Post($"/api/cases/{a}/documents", new { kind = "Answer" }));
        await Ok(s.Handler.Post($"/api/cases/{a}/documents", new { kind = "Answer", replaces = (string)answer["id"]! }));
        await Ok(s.Handler.GetAsync($"/api/cases/{a}/documents"));
        (await s.Handler.GetAsync($"/api/cases/{a}/documents/{answer["id"]}")).EnsureSuccessStatusCode();
        var receipt = await Ok(s.Handler.Post($"/api/cases/{a}/documents", new { kind = "Receipt" }));
        var caseNumber = (string)(await Ok(s.Handler.GetAsync($"/api/cases/{a}")))["caseNumber"]!;
        await Ok(factory.CreateClient().GetAsync($"/api/status?number={caseNumber}&code={receipt["lookupCode"]}"));
        await Ok(s.Handler.GetAsync($"/api/cases/{a}/history"));
        await Ok(s.Handler.GetAsync($"/api/cases/{a}/deadline"));

        var b = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{b}/supplement-request", new { requestedOn = "2026-09-02", items = "年份" }));
        await Ok(s.Handler.Post($"/api/cases/{b}/supplement", new { receivedOn = "2026-09-03" }));
        await Ok(s.Approver.Post($"/api/cases/{b}/deferral", new { approvedOn = "2026-09-04", dueOn = "2026-11-30", reason = "大量" }));
        var c = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Intake.Post($"/api/cases/{c}/withdrawal", new { withdrawnOn = "2026-09-02" }));
        var d = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Intake.Post($"/api/cases/{d}/on-the-spot-answer", new { answeredOn = "2026-09-01", outcome = "Disclosed", method = "InPerson" }));
        var e = (string)(await s.Register("InPerson", "2026-09-01"))["id"]!;
        await Ok(s.Handler.Post($"/api/cases/{e}/supplement-request", new { requestedOn = "2026-09-02", items = "年份", supplyBy = "2026-09-04" }));
        await Ok(s.Handler.Post($"/api/cases/{e}/abandonment", new { closedOn = "2026-09-07", outcome = "Other.SupplementOverdue" }));
        await Ok(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-09-01",
            applicant = new { kind = "NaturalPerson", name = "王五" }, description = "重复提交",
        }, ("Idempotency-Key", "k-case")));
        await Ok(s.Intake.Post("/api/cases", new
        {
            agencyCode = s.Child, channel = "InPerson", submittedOn = "2026-09-01",
            applicant = new { kind = "NaturalPerson", name = "王五" }, description = "重复提交",
        }, ("Idempotency-Key", "k-case")));

        // The import: a kept case number (checked against the register, sequence raised) and a numbered one, with their histories.
        await Ok(s.Intake.Import(RegisterFile.Csv(
            RegisterFile.Row(s.Child, "InPerson", "2026-09-01", ("caseNumber", $"{s.Child}-2026-00300"), ("decidedOn", "2026-09-02"), ("outcome", "Disclosed"),
                ("deliveredOn", "2026-09-03"), ("deliveryMethod", "Post")),
            RegisterFile.Row(s.Child, "Online", "2026-09-01", ("confirmedOn", "2026-09-02"))), "k-import"));

        await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Root}&subtree=true&status=InProgress&overdue=true&dueWithin=5&q=50%25_x&page=2&pageSize=10"));
        await Ok(s.Supervisor.GetAsync("/api/cases?overdue=false"));
        var proceeding = await Ok(s.Handler.Post("/api/proceedings", new { caseId = a, agencyCode = s.Child, kind = "Review", filedOn = "2026-04-01" }));
        await Ok(s.Handler.Post($"/api/proceedings/{proceeding["id"]}/conclusion", new { concludedOn = "2026-05-01", result = "Upheld" }));
        await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2026?agency={s.Root}&subtree=true"));
        await Ok(s.Supervisor.GetAsync($"/api/reports/annual/2018?agency={s.Child}"));
        var snapshot = await Ok(s.Supervisor.Post("/api/reports/snapshots", new { year = 2025, agency = s.Child }));
        await Ok(s.Supervisor.Post($"/api/reports/snapshots/{snapshot["id"]}/publication", new { }));
        await Ok(s.Supervisor.GetAsync("/api/reports/snapshots?year=2025"));
        await Ok(s.Supervisor.GetAsync($"/api/reports/snapshots/{snapshot["id"]}"));
        await Ok(s.Supervisor.GetAsync("/api/reports/reminders"));
        using (var scope = factory.Services.CreateScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
            await sender.Send(new CaseTracker.Api.Features.Reports.TakeAnnualSnapshots.TakeAnnualSnapshotsCommand());
            await sender.Send(new CaseTracker.Api.Features.Reports.WatchAnnualReports.WatchAnnualReportsCommand());
            await sender.Send(new CaseTracker.Api.Features.Calendar.RunCalendarWatch.RunCalendarWatchCommand(DateTimeOffset.UnixEpoch, "test"));
        }

        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new { closeLapsedCases = true })));
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new { closeLapsedCases = false })));
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(new CaseTracker.Api.Features.Alerts.ScanDeadlines.ScanDeadlinesCommand());
        var alerts = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Root}&subtree=true&status=open&kind=Overdue&mine=true"));
        var anyAlert = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Root}&subtree=true"));
        // The steps above raise and resolve alerts as they go (issue 10): acknowledge one still open.
        if (anyAlert["items"]!.AsArray().FirstOrDefault(x => x!["resolvedAt"] is null) is { } first)
            await Ok(s.Supervisor.Post($"/api/alerts/{first["id"]}/acknowledgement", new { }));
        await Ok(s.Supervisor.GetAsync($"/api/dashboard?agency={s.Root}&subtree=true"));

        // The delivery outbox: queued with an alert, by the digest, by a job stored before it; claimed, put back, delivered,
        // and dropped by the drain once the agency has no webhook (no call leaves the machine: the claims are made here).
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new
        {
            webhookUrl = "https://203.0.113.7/unused", webhookSecret = "webhook-secret-0123456789",
        })));
        await s.Register("InPerson", "2026-09-01");
        using (var scope = factory.Services.CreateScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<Mediator.ISender>();
            await sender.Send(new CaseTracker.Api.Features.Alerts.SendDigest.SendDigestsCommand());
            await sender.Send(new CaseTracker.Api.Features.Alerts.SendDigest.DigestMissedQuery(new TimeOnly(8, 0)));
            var outbox = scope.ServiceProvider.GetRequiredService<CaseTracker.Infrastructure.Alerts.DeliveryOutbox>();
            var now = factory.Time.GetUtcNow();
            var failed = (await outbox.ClaimNext(now, now.AddMinutes(2), CancellationToken.None))!;
            await outbox.MarkFailed(failed.ClaimId, "HTTP 500", now, CancellationToken.None);
            var sent = (await outbox.ClaimNext(now, now.AddMinutes(2), CancellationToken.None))!;
            await scope.ServiceProvider.GetRequiredService<CaseTracker.Infrastructure.Alerts.DeliveryLog>().RecordMany(
                sent.Deliveries.Where(d => d.AlertId is not null).Select(d => (Guid.Parse(d.AlertId!), d.Attempts)).ToList(), s.Child, "https://203.0.113.7/unused",
                200, null, now, CancellationToken.None);
            await outbox.MarkDelivered(sent.ClaimId, now, CancellationToken.None);
            await outbox.NextDue(CancellationToken.None);
        }

        var queued = await Ok(s.Supervisor.GetAsync($"/api/alerts?agency={s.Child}&kind=Overdue"));
        await factory.Services.GetRequiredService<CaseTracker.Api.Features.Alerts.WebhookJobs>()
            .Deliver(Guid.Parse((string)queued["items"]![0]!["id"]!), CancellationToken.None);
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/settings", System.Net.Http.Json.JsonContent.Create(new { closeLapsedCases = false })));
        await factory.Services.GetRequiredService<CaseTracker.Api.Features.Alerts.OutboxJobs>().Drain(CancellationToken.None);
        await Ok(s.Supervisor.GetAsync($"/api/cases?agency={s.Root}&subtree=true&open=true&receivedFrom=2026-01-01&receivedTo=2026-12-31&closedFrom=2026-01-01&closedTo=2026-12-31&extended=true&closedLate=false&assignedTo=none"));
        await Ok(s.Admin.GetAsync("/api/calendar/2026"));
        await Ok(s.Admin.PutAsync("/api/calendar/2030", System.Net.Http.Json.JsonContent.Create(new
        {
            year = 2030, papers = Array.Empty<string>(), days = new[] { new { name = "元旦", date = "2030-01-01", isOffDay = true } },
        })));
    }
}
