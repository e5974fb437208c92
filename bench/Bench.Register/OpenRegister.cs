using System.Data.Common;
using System.Globalization;
using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CaseTracker.Bench.Register;

/// <summary>
/// What the desk benchmark adds to the open register (issue 13): requests over all four channels, 5% of the online
/// ones still awaiting receipt confirmation, 90% of the cases assigned to one of <see cref="HandlersPerAgency"/>
/// handlers of their agency (login <see cref="OpenRegister.HandlerLogin"/>), 0.5% with an extension request waiting
/// for an approver, and every case's <c>Registered</c> event at seq 1 of its history, as the product writes it.
/// Drawn from a second random stream, so the deadline-scan register (no shape) stays the one measured before.
/// </summary>
public sealed record DeskShape(int HandlersPerAgency = 20);

/// <summary>
/// The open register of the deadline-scan and desk benchmarks: N open cases over 201 agencies (a province P,
/// 20 prefectures P01–P20, 9 departments each P01D1–P20D9), received in the 27 days before <c>today</c> (due 28
/// calendar days later, about 20 working days), 1% older and overdue; 2% consulting, 1% waiting for a supplement
/// (补正), 1% for a fee. SQLite through one prepared INSERT in one transaction, PostgreSQL through binary COPY, then
/// statistics (PostgreSQL: VACUUM ANALYZE, which also sets the visibility map for index-only scans).
/// </summary>
public static class OpenRegister
{
    /// <summary>The 201 agency codes, the root first.</summary>
    public static IReadOnlyList<string> Agencies { get; } = BuildAgencies();

    /// <summary>The login of handler <paramref name="number"/> (1-based) of an agency, e.g. <c>h01-p01d1</c>.</summary>
    public static string HandlerLogin(string agency, int number) => $"h{number:D2}-{agency.ToLowerInvariant()}";

    private static List<string> BuildAgencies()
    {
        var agencies = new List<string> { "P" };
        for (var p = 1; p <= 20; p++)
        {
            agencies.Add($"P{p:D2}");
            for (var d = 1; d <= 9; d++) agencies.Add($"P{p:D2}D{d}");
        }

        return agencies;
    }

    private static string? Parent(string code) => code == "P" ? null : code.Length == 3 ? "P" : code[..3];

    /// <summary>
    /// Replaces the agencies, cases and their history on <paramref name="connection"/> (open, migrated) with
    /// <paramref name="count"/> open cases received relative to <paramref name="today"/> (China date), shaped for
    /// the desk when <paramref name="desk"/> is given.
    /// </summary>
    public static async Task Generate(DbConnection connection, int count, DateOnly today, DeskShape? desk = null)
    {
        await connection.ExecuteAsync("DELETE FROM case_history; DELETE FROM cases; DELETE FROM agencies;");
        foreach (var code in Agencies)
            await connection.ExecuteAsync("INSERT INTO agencies (code, name, parent_code, created_at) VALUES (@code, @code, @parent, @now)",
                new { code, parent = Parent(code), now = DateTimeOffset.UtcNow });
        var history = new List<object?[]>();
        var cases = Cases(count, today, desk, history);
        if (connection is NpgsqlConnection npgsql)
        {
            await Copy(npgsql, "cases", CaseColumns, cases);
            await Copy(npgsql, "case_history", HistoryColumns, history);
            await npgsql.ExecuteAsync("VACUUM ANALYZE cases", commandTimeout: 0);
            await npgsql.ExecuteAsync("VACUUM ANALYZE case_history", commandTimeout: 0);
            return;
        }

        var sqlite = (SqliteConnection)connection;
        await using (var transaction = sqlite.BeginTransaction())
        {
            await Insert(sqlite, transaction, "cases", CaseColumns, cases);
            await Insert(sqlite, transaction, "case_history", HistoryColumns, history);
            await transaction.CommitAsync();
        }

        await sqlite.ExecuteAsync("ANALYZE;", commandTimeout: 0);
    }

    private static readonly string[] CaseColumns =
    [
        "id", "case_number", "agency_code", "channel", "letter_mail", "submitted_on", "received_on", "regime", "status", "due_on",
        "due_on_provisional", "extended", "closed_late", "applicant_kind", "applicant_name", "applicant_key", "description",
        "assigned_user_id", "assigned_user_name", "version", "created_at", "updated_at",
    ];

    private static readonly string[] HistoryColumns = ["case_id", "seq", "kind", "acting_on", "payload", "recorded_at", "actor_id", "actor_name", "due_after"];

    // The case rows, streamed; their history events are collected into `history` (written after the cases).
    private static IEnumerable<object?[]> Cases(int count, DateOnly today, DeskShape? desk, List<object?[]> history)
    {
        var random = new Random(6);
        var shape = new Random(13);
        var now = DateTimeOffset.UtcNow;
        Channel[] channels = [Channel.InPerson, Channel.Letter, Channel.Online, Channel.Fax];
        for (var i = 0; i < count; i++)
        {
            var received = today.AddDays(random.Next(100) == 0 ? -random.Next(40, 120) : -random.Next(0, 27));
            var roll = random.Next(100);
            var status = roll < 2 ? "Consulting" : roll < 3 ? "AwaitingSupplement" : roll < 4 ? "AwaitingFee" : "InProgress";
            var agency = Agencies[random.Next(Agencies.Count)];
            var id = Guid.NewGuid().ToString();
            var channel = desk is null ? Channel.InPerson : channels[shape.Next(channels.Length)];
            DateOnly? receivedOn = received;
            if (desk is not null && channel == Channel.Online && shape.Next(20) == 0)
            {
                status = "AwaitingConfirmation";
                receivedOn = null;
            }

            DateOnly? due = status is "AwaitingSupplement" or "AwaitingConfirmation" ? null : received.AddDays(28);
            string? handler = null;
            if (desk is not null && shape.Next(10) < 9) handler = HandlerLogin(agency, shape.Next(desk.HandlersPerAgency) + 1);
            var events = new List<CaseEvent>();
            if (desk is not null)
                events.Add(new Registered(received, channel, channel == Channel.Letter ? LetterMail.Signed : null, receivedOn));
            if (status is "Consulting" or "AwaitingSupplement" or "AwaitingFee")
                events.Add(status switch
                {
                    "Consulting" => new ConsultationSent(Guid.NewGuid(), ConsultationKind.ThirdParty, "某公司", received.AddDays(1)),
                    "AwaitingSupplement" => new SupplementRequested(received.AddDays(1), "年份", received.AddDays(21)),
                    _ => new FeeNoticeIssued(received.AddDays(1), FeeMethod.PerPage, 50, 1, 200m),
                });
            else if (desk is not null && status == "InProgress" && received < today && shape.Next(200) == 0)
                events.Add(new ExtensionRequested(received.AddDays(1), 20, "需要调取档案", handler ?? "bench"));
            var seq = desk is null ? 1 : 0; // without the shape, as before: no Registered event, the other one at seq 2
            foreach (var e in events)
                history.Add([id, ++seq, e.Kind, e.On, CaseEventSerializer.Serialize(e), now, handler ?? "bench", handler ?? "bench", e is Registered ? due : null]);
            yield return
            [
                id, $"B-{i:D7}", agency, channel.ToString(), channel == Channel.Letter ? "Signed" : null, received, receivedOn,
                receivedOn is null ? null : "Regime2019", status, due, false, false, false, "NaturalPerson", "申请人", "k", "bench",
                handler, handler is null ? null : "承办人" + handler[1..3], desk is null ? 1 : events.Count, now, now,
            ];
        }
    }

    /// <summary>
    /// Writes <paramref name="rows"/> (values in <paramref name="columns"/> order: string, int, bool, DateOnly,
    /// DateTimeOffset or null) into <paramref name="table"/>: one prepared INSERT a row inside
    /// <paramref name="transaction"/> on SQLite (dates as the product stores them), binary COPY on PostgreSQL.
    /// </summary>
    public static Task Write(DbConnection connection, DbTransaction? transaction, string table, string[] columns, IEnumerable<object?[]> rows)
        => connection is NpgsqlConnection npgsql
            ? Copy(npgsql, table, columns, rows)
            : Insert((SqliteConnection)connection, (SqliteTransaction?)transaction, table, columns, rows);

    private static async Task Insert(SqliteConnection connection, SqliteTransaction? transaction, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
        var parameters = columns.Select(c => command.Parameters.Add(new SqliteParameter("@" + c, null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
                parameters[c].Value = row[c] switch
                {
                    null => DBNull.Value,
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                    bool b => b ? 1 : 0,
                    var v => v,
                };
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task Copy(NpgsqlConnection connection, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)"))
        {
            // The index maintenance of 1,000,000 rows finishes after the last row: far longer than Npgsql's 30 s on a busy machine.
            writer.Timeout = TimeSpan.Zero;
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null: await writer.WriteNullAsync(); break;
                        case DateOnly d: await writer.WriteAsync(d, NpgsqlDbType.Date); break;
                        case DateTimeOffset t: await writer.WriteAsync(t.UtcDateTime, NpgsqlDbType.TimestampTz); break;
                        case bool b: await writer.WriteAsync(b, NpgsqlDbType.Boolean); break;
                        case int n: await writer.WriteAsync(n, NpgsqlDbType.Integer); break;
                        case string s: await writer.WriteAsync(s, NpgsqlDbType.Text); break;
                        default: throw new InvalidOperationException($"No COPY type for {value.GetType()}.");
                    }
                }
            }

            await writer.CompleteAsync();
        }
    }
}
