using Dapper;
using Microsoft.Data.Sqlite;

// The baseline of the intake load test, kept out of the product: a bare minimal API that takes the same
// JSON and does one Dapper INSERT of the same row into the same schema (no auth, no rules, no history).
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
var database = app.Configuration["Database"] ?? "bare.db";
var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Pooling = true, DefaultTimeout = 30 }.ToString();
using (var setup = new SqliteConnection(connectionString))
{
    setup.Open();
    setup.Execute("PRAGMA journal_mode = WAL;");
    // The product's schema as its migrations build it (a folder: every script in order), so the baseline's
    // INSERT maintains the same indexes as the product's.
    var schema = app.Configuration["Schema"]!;
    foreach (var script in Directory.Exists(schema) ? Directory.GetFiles(schema, "*.sql").Order(StringComparer.Ordinal).ToArray() : [schema])
        setup.Execute(File.ReadAllText(script));
    setup.Execute("INSERT INTO agencies (code, name, parent_code, created_at) VALUES ('BENCH', 'bench', NULL, '2026-11-25T00:00:00Z')");
}

var sequence = 0;
app.MapPost("/api/cases", async (Request request) =>
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await connection.ExecuteAsync("PRAGMA busy_timeout = 30000;");
    var id = Guid.CreateVersion7().ToString();
    var number = $"{request.AgencyCode}-2026-{Interlocked.Increment(ref sequence):D5}";
    var now = DateTimeOffset.UtcNow.ToString("O");
    await connection.ExecuteAsync("""
        INSERT INTO cases (id, case_number, agency_code, channel, letter_mail, submitted_on, received_on, regime, status,
            due_on, due_on_provisional, extended, outcome, decided_on, closed_on, closed_late,
            applicant_kind, applicant_name, applicant_key, applicant_id_number, applicant_phone, applicant_email, applicant_address,
            description, delivery_form, version, created_at, updated_at)
        VALUES (@id, @number, @AgencyCode, @Channel, NULL, @SubmittedOn, @SubmittedOn, 'Regime2019', 'InProgress',
            '2026-11-30', 0, 0, NULL, NULL, NULL, 0,
            @Kind, @Name, @Name, @IdNumber, @Phone, NULL, NULL, @Description, @DeliveryForm, 1, @now, @now)
        """, new
    {
        id, number, request.AgencyCode, request.Channel, request.SubmittedOn, request.Applicant.Kind, request.Applicant.Name,
        request.Applicant.IdNumber, request.Applicant.Phone, request.Description, request.DeliveryForm, now,
    });
    return Results.Created($"/api/cases/{id}", new { id, caseNumber = number });
});
app.Run();

internal sealed record Applicant(string Kind, string Name, string? IdNumber, string? Phone);

internal sealed record Request(string AgencyCode, string Channel, string SubmittedOn, Applicant Applicant, string Description, string? DeliveryForm);
