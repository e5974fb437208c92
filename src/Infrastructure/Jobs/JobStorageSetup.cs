using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;

namespace CaseTracker.Infrastructure.Jobs;

/// <summary>
/// <c>Jobs:Server</c> runs a Hangfire server in this process (the API host by default, always in the
/// <c>worker</c> verb); <c>Jobs:CalendarWatchCron</c> schedules the holiday-notice watch (Asia/Shanghai).
/// </summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    public bool Server { get; set; } = true;
    public int WorkerCount { get; set; } = 2;
    public string CalendarWatchCron { get; set; } = "0 9 * 11,12 *";

    /// <summary>The deadline scan (every 15 minutes by default; also once at start-up).</summary>
    public string DeadlineScanCron { get; set; } = "*/15 * * * *";

    /// <summary>Run the deadline scan once when the job server starts.</summary>
    public bool ScanAtStartup { get; set; } = true;

    /// <summary>08:00; the job itself skips days that are not working days.</summary>
    public string DigestCron { get; set; } = "0 8 * * *";

    /// <summary>
    /// The China time of day of a daily <see cref="DigestCron"/> (<c>m h * * *</c>, single numbers), for sending a missed
    /// digest at start-up; null for any other cron expression (then a missed digest is not caught up).
    /// </summary>
    public TimeOnly? DigestTimeOfDay()
    {
        var fields = DigestCron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5 && fields[2] == "*" && fields[3] == "*" && fields[4] == "*"
            && int.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var minute) && minute is >= 0 and < 60
            && int.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var hour) && hour is >= 0 and < 24
                ? new TimeOnly(hour, minute)
                : null;
    }

    /// <summary>The delivery outbox's drain (every minute; also at start-up and after each commit that queues a delivery).</summary>
    public string OutboxDrainCron { get; set; } = "* * * * *";

    /// <summary>
    /// How long a drain holds the rows it claimed (seconds): well above a webhook call's 10 s timeout; a drain that died
    /// (kill -9) leaves its rows to be sent again by another once this has passed.
    /// </summary>
    public int OutboxClaimSeconds { get; set; } = 120;

    /// <summary>01:00 on 1 January: the previous year's report of every agency is stored.</summary>
    public string AnnualSnapshotsCron { get; set; } = "0 1 1 1 *";

    /// <summary>Daily: drift of published reports, and publication reminders in January–March.</summary>
    public string AnnualReportWatchCron { get; set; } = "30 7 * * *";

    /// <summary>Hourly: uploads left under way by a stopped server, older than <c>Attachments:AbandonedUploadMinutes</c>, are deleted.</summary>
    public string AbandonedUploadsPurgeCron { get; set; } = "40 * * * *";

    /// <summary>Hourly: idempotency records older than 24 hours are deleted.</summary>
    public string IdempotencyPurgeCron { get; set; } = "20 * * * *";

    /// <summary>When personal data past its agency's retention is erased (China time): daily at 02:40.</summary>
    public string PersonalDataRetentionCron { get; set; } = "40 2 * * *";
}

/// <summary>
/// Hangfire's storage on the same engine as the register in production; the embedded default keeps jobs
/// in memory, since the register, not the job store, is the source of truth (a restart loses no work:
/// recurring jobs are registered again at start and every job reads the state it acts on).
/// </summary>
public static class JobStorageSetup
{
    public static void Configure(IGlobalConfiguration configuration, SqlDialect dialect)
    {
        configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings();
        switch (dialect.Provider)
        {
            case DatabaseProvider.PostgreSql:
                configuration.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(dialect.ConnectionString), new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                });
                break;
            case DatabaseProvider.SqlServer:
                configuration.UseSqlServerStorage(dialect.ConnectionString, new SqlServerStorageOptions
                {
                    SqlClientFactory = Microsoft.Data.SqlClient.SqlClientFactory.Instance,
                    PrepareSchemaIfNecessary = true,
                    SchemaName = "HangFire",
                });
                break;
            default:
                configuration.UseInMemoryStorage();
                break;
        }
    }
}
