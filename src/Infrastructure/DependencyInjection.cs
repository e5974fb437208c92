using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Infrastructure.Calendar;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CaseTracker.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// The register's database, clock, personal-data sealing and stores. <paramref name="production"/>: the Production environment,
    /// where a personal-data key certificate must be configured when the keys are kept in the database.
    /// </summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot, bool production)
    {
        DapperSetup.Configure();
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        // First, so that a refusal to start (no key certificate in Production) comes before the database file is created.
        AddPersonalDataProtection(services, configuration, contentRoot, production);
        services.AddSingleton(CreateDialect(options, contentRoot));
        services.AddSingleton(ReadClockSettings(configuration));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CalendarProvider>();
        services.AddSingleton<RegisterClock>();
        services.AddScoped<DbSession>();
        services.AddHostedService<CheckpointOnStop>();
        services.AddScoped<ICaseRepository, CaseRepository>();
        services.AddScoped<Domain.Proceedings.IProceedingRepository, ProceedingRepository>();
        services.AddScoped<Alerts.AlertStore>();
        services.AddScoped<Alerts.DeliveryLog>();
        services.AddScoped<Alerts.DeliveryOutbox>();
        services.AddScoped<Alerts.DigestQuery>();
        services.AddScoped<Agencies.AgencySettingsStore>();
        services.AddScoped<Agencies.AgencyStore>();
        services.AddScoped<Documents.IssuedDocumentStore>();
        services.AddSingleton(configuration.GetSection(Attachments.AttachmentOptions.Section).Get<Attachments.AttachmentOptions>() ?? new Attachments.AttachmentOptions());
        services.AddSingleton<Attachments.AttachmentCipher>();
        services.AddScoped<Attachments.AttachmentStore>();
        services.AddScoped<Cases.CaseArchiveStore>();
        services.AddScoped<Documents.DocumentSettingsStore>();
        services.AddScoped<Fees.CostPriceStore>();
        services.AddScoped<Documents.DocumentTemplateStore>();
        services.TryAddSingleton<Documents.DocxDocuments>();
        services.AddScoped<Agencies.ImportMappingStore>();
        services.AddScoped<Calendar.CalendarNoticeStore>();
        var webhooks = configuration.GetSection(Alerts.WebhookOptions.Section).Get<Alerts.WebhookOptions>() ?? new Alerts.WebhookOptions();
        services.TryAddSingleton<Alerts.IWebhookHostResolver, Alerts.DnsWebhookHostResolver>();
        services.AddSingleton(sp => new Alerts.WebhookAddressPolicy(
            new Domain.Alerts.WebhookAddressRules { Development = sp.GetRequiredService<IHostEnvironment>().IsDevelopment(), AllowedHosts = webhooks.AllowedHosts },
            sp.GetRequiredService<Alerts.IWebhookHostResolver>()));
        services.AddHttpClient(Alerts.WebhookSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => Alerts.WebhookSender.CreateHandler(sp.GetRequiredService<Alerts.WebhookAddressPolicy>()));
        services.AddSingleton<Alerts.WebhookSender>();
        services.AddScoped<Reports.ReportCountsQuery>();
        services.AddScoped<Complaints.ComplaintStore>();
        services.AddScoped<Reports.SnapshotStore>();
        services.AddScoped<Reports.ReportReminderStore>();
        services.AddScoped<Jobs.JobRunStore>();
        services.AddScoped<AppliedRulesStore>();
        services.AddScoped<Idempotency.IdempotencyStore>();
        services.AddScoped<WriteProbe>();
        var probeSeconds = configuration.GetValue(WriteProbeSchedule.Setting, 10.0);
        if (probeSeconds is < 0 or > 3600) throw new InvalidOperationException($"{WriteProbeSchedule.Setting} must be between 0 and 3600 seconds; it is {probeSeconds}.");
        services.AddSingleton(provider => new WriteProbeSchedule(provider.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(probeSeconds)));
        services.AddSingleton(configuration.GetSection(Notifications.SmtpOptions.Section).Get<Notifications.SmtpOptions>() ?? new Notifications.SmtpOptions());
        services.AddSingleton<Notifications.SmtpMailer>();
        return services;
    }

    // Applicants' personal data (security.md "Personal data"): Data Protection with AES-256-GCM, keys in the register's database
    // on every engine, or in PersonalData:KeyRingPath. The cookies of the desk use the same key ring. Each key is encrypted at rest
    // by the certificate of PersonalData:KeyCertificatePath (KeyEncryptionCertificate), kept outside the database, so a copy of
    // the database alone opens nothing; keys written before the certificate still open (they are read as they are).
    private static void AddPersonalDataProtection(IServiceCollection services, IConfiguration configuration, string contentRoot, bool production)
    {
        var options = configuration.GetSection(PersonalDataOptions.Section).Get<PersonalDataOptions>() ?? new PersonalDataOptions();
        services.AddSingleton(options);
        var protection = services.AddDataProtection()
            .SetApplicationName("CaseTracker")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });
        var certificate = KeyEncryptionCertificate.Resolve(options, contentRoot, production);
        protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        if (!string.IsNullOrWhiteSpace(options.KeyRingPath))
        {
            var directory = Path.GetFullPath(options.KeyRingPath, contentRoot);
            protection.PersistKeysToFileSystem(new DirectoryInfo(directory));
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(new ConfigureOptions<KeyManagementOptions>(_ => PrivateFiles.Restrict(directory)));
        }
        else
        {
            services.AddOptions<KeyManagementOptions>().Configure<SqlDialect, TimeProvider>((o, dialect, time) => o.XmlRepository = new DatabaseXmlRepository(dialect, time));
        }

        services.AddSingleton<PersonalDataProtector>();
        services.AddScoped<PreparedSeals>();
        services.AddScoped<PersonalDataSealing>();
        services.AddScoped<PersonalDataResealing>();
        services.AddScoped<PersonalDataLog>();
        services.AddScoped<Retention>();
    }

    public static SqlDialect CreateDialect(DatabaseOptions options, string contentRoot) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(options.ConnectionString, contentRoot),
        DatabaseProvider.PostgreSql => new PostgreSqlDialect(options.ConnectionString ?? ""),
        DatabaseProvider.SqlServer => new SqlServerDialect(options.ConnectionString ?? ""),
        _ => throw new InvalidOperationException($"Unknown Database:Provider {options.Provider}: use Sqlite, SqlServer or PostgreSql."),
    };

    private static ClockSettings ReadClockSettings(IConfiguration configuration)
    {
        var section = configuration.GetSection("Clock");
        var defaults = ClockSettings.Default;
        return new ClockSettings
        {
            SupplementNoticeWindowWorkingDays = section.GetValue("SupplementNoticeWindowWorkingDays", defaults.SupplementNoticeWindowWorkingDays),
            DefaultSupplyWorkingDays = section.GetValue("DefaultSupplyWorkingDays", defaults.DefaultSupplyWorkingDays),
            ConsultationLimitWorkingDays = section.GetValue("ConsultationLimitWorkingDays", defaults.ConsultationLimitWorkingDays),
            FeePaymentLimitWorkingDays = section.GetValue("FeePaymentLimitWorkingDays", defaults.FeePaymentLimitWorkingDays),
            FeePauseEnabled = section.GetValue("FeePauseEnabled", defaults.FeePauseEnabled),
            ShiftRestDayReceipt = section.GetValue("ShiftRestDayReceipt", defaults.ShiftRestDayReceipt),
        };
    }
}
