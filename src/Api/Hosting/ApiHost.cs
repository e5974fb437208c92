using CaseTracker.Api.Features.Cases.RecomputeCases;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Agencies;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Alerts.SendDigest;
using CaseTracker.Api.Features.Calendar;
using CaseTracker.Api.Features.Calendar.RunCalendarWatch;
using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Features.Cases.ListCases;
using CaseTracker.Api.Features.Complaints;
using CaseTracker.Api.Features.Dashboard;
using CaseTracker.Api.Features.Documents;
using CaseTracker.Api.Features.Proceedings;
using CaseTracker.Api.Features.Reports;
using CaseTracker.Api.Features.Reports.GetAnnualReport;
using CaseTracker.Api.Features.Reports.TakeAnnualSnapshots;
using CaseTracker.Api.Features.Reports.WatchAnnualReports;
using CaseTracker.Api.Features.Users;
using CaseTracker.Api.Features.Users.SignIn;
using CaseTracker.Api.Desk;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Calendar;
using CaseTracker.Infrastructure.Jobs;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Hangfire;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;

namespace CaseTracker.Api.Hosting;

/// <summary>The composition root of the web service.</summary>
public static class ApiHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // The screens' framework script (blazor.web.js) from the build output in every environment, not only Development;
        // a published app carries it in wwwroot and has no manifest, and then this does nothing.
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        // Refused before anything touches the database, so a refused start leaves no empty database file behind.
        var identity = RequireIdentityProvider(configuration, builder.Environment);
        AddCore(services, configuration, builder.Environment);
        services.AddCaseTrackerAuthentication(identity, contentRoot);
        services.AddRateLimits(configuration, identity);
        services.AddRazorComponents();
        services.AddScoped<CaseTracker.Api.Desk.Shared.DeskSender>();
        services.AddSingleton<CaseTracker.Api.Desk.Import.PendingImports>();
        services.AddLocalization();
        // Chinese text as it is, not as &#x…; escapes.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        var forwarded = configuration.GetValue("ForwardedHeaders:Enabled", false);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        });
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.Server) services.AddHangfireServer(o => o.WorkerCount = jobs.WorkerCount);

        // Every problem's title, detail and field messages in Chinese when Accept-Language asks for zh (api.md Errors).
        services.AddSingleton(ChineseText.Instance);
        // Before the default writer: a person in a browser on a desk address gets a page, not JSON.
        services.AddSingleton<IProblemDetailsWriter, Desk.Shared.DeskProblemPage>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // The framework's 415 for a JSON endpoint comes without a detail: say which type is accepted (trial A finding 12).
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
                context.ProblemDetails.Detail = context.HttpContext.Request.ContentType is { Length: > 0 } sent
                    ? $"The request body must be sent as application/json (UTF-8), not as \"{sent}\"."
                    : "The request body must be sent as application/json (UTF-8); the request has no Content-Type.";
            ChineseText.Instance.Apply(context);
        });
        // After the default writer: only the report route's export requests (Accept without JSON) reach it.
        services.AddSingleton<IProblemDetailsWriter, ReportProblemDetailsWriter>();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblemDetails>();
        services.Configure<JsonOptions>(o => ApiJson.ConfigureRequests(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        AddSwagger(services);

        var app = builder.Build();
        Start(app.Services, configuration, jobs);

        if (forwarded) app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication: the import and report limits are per agency and per user.
        app.UseRateLimiter();
        app.UseUtf8RequestBodies();
        app.UseAntiforgery();
        app.UseCookieAntiforgery();
        // security.md: Swagger UI (and its swagger.json) only for signed-in users in Production; open elsewhere unless
        // Swagger:RequireSignIn says otherwise. An anonymous request is challenged (sign-in page for a browser, 401 for a client).
        if (configuration.GetValue("Swagger:RequireSignIn", app.Environment.IsProduction()))
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/swagger"), swagger => swagger.Use(async (context, next) =>
            {
                if (context.User.Identity?.IsAuthenticated == true) await next(context);
                else await context.ChallengeAsync();
            }));
        app.UseSwagger();
        app.UseSwaggerUI();
        // Behind sign-in, administrators of a root agency only, on every engine and address; Hangfire checks the
        // antiforgery token of its POSTs itself (IAntiforgery is registered).
        app.MapHangfireDashboardWithAuthorizationPolicy(Authentication.RootAdministrator, "/hangfire", new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [],
            DashboardTitle = "CaseTracker jobs",
            AppPath = "/",
        });
        app.MapRazorComponents<App>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapAgencies();
        app.MapCases();
        app.MapDocuments();
        Features.Attachments.AttachmentsEndpoints.MapAttachments(app);
        app.MapCalendar();
        app.MapProceedings();
        app.MapComplaints();
        app.MapReports();
        app.MapAlerts();
        app.MapDashboard();
        // Before the users' routes: the route matrix test changes its users last.
        Features.PersonalData.PersonalDataEndpoints.MapPersonalData(app);
        app.MapUsers();
        return app;
    }

    /// <summary>
    /// Everything the web service and the worker share: register, clock, identity, Mediator, Hangfire client. In Production it
    /// refuses (InvalidOperationException) to start with the personal-data keys in the database and no key certificate.
    /// </summary>
    public static void AddCore(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
        => AddCore(services, configuration, environment.ContentRootPath, environment.IsProduction());

    /// <summary>The core of <see cref="AddCore(IServiceCollection, IConfiguration, IHostEnvironment)"/> for a tool outside a host (the benchmarks).</summary>
    public static void AddCore(IServiceCollection services, IConfiguration configuration, string contentRoot, bool production = false)
    {
        services.AddInfrastructure(configuration, contentRoot, production);
        AddIdentity(services, configuration, contentRoot);
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>), typeof(SealAheadBehaviour<,>), typeof(TransactionBehaviour<,>), typeof(IdempotencyBehaviour<,>)];
        });
        services.AddScoped<CaseReader>();
        services.AddScoped<CaseTracker.Api.Features.Cases.ListCases.IdNumberSearchLog>();
        services.AddScoped<CaseSteps>();
        services.AddScoped<Features.Attachments.AttachmentAccess>();
        services.AddScoped<Features.Attachments.AttachmentCaseChange>();
        services.AddScoped<Features.Attachments.AddAttachment.AttachmentUpload>();
        services.AddScoped<Features.Documents.DocumentDrafting>();
        services.AddScoped<Features.Agencies.CostPrices.CostPriceLookup>();
        services.AddScoped<IReplayReader<Features.Documents.IssueDocument.IssueDocumentCommand, Features.Documents.IssueDocument.IssuedDocumentResponse>,
            Features.Documents.IssueDocument.IssueDocumentReplay>();
        services.AddScoped<CaseAlertsFollower>();
        services.AddScoped<AnnualReports>();
        services.AddSingleton(configuration.GetSection(AlertOptions.Section).Get<AlertOptions>() ?? new AlertOptions());
        services.AddSingleton<WebhookJobs>();
        services.AddSingleton<EmailJobs>();
        services.AddScoped<DeadlineJobs>();
        services.AddSingleton<OutboxJobs>();
        services.AddSingleton(configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions());
        services.AddScoped<ReportSnapshots>();
        // Idempotency records of commands whose responses carry personal data keep only the id of what was created.
        services.AddScoped<IReplayReader<Features.Cases.RegisterCase.RegisterCaseCommand, CaseDetails>, Features.Cases.RegisterCase.RegisterCaseReplay>();
        services.AddScoped<IReplayReader<Features.Cases.SendConsultation.SendConsultationCommand, Features.Cases.SendConsultation.ConsultationSentResponse>,
            Features.Cases.SendConsultation.SendConsultationReplay>();
        services.AddScoped<IReplayReader<Features.Complaints.RegisterComplaint.RegisterComplaintCommand, Features.Complaints.RegisterComplaint.ComplaintResponse>,
            Features.Complaints.RegisterComplaint.RegisterComplaintReplay>();
        services.AddHangfire((provider, configuration) =>
        {
            JobStorageSetup.Configure(configuration, provider.GetRequiredService<SqlDialect>());
            configuration.UseLogProvider(new HangfireLogProvider(provider.GetRequiredService<ILoggerFactory>()));
        });
    }

    /// <summary>Migrations (unless switched off), the calendar in force, and the recurring jobs of a job server.</summary>
    public static void Start(IServiceProvider services, IConfiguration configuration, JobsOptions jobs)
    {
        if (configuration.GetValue("Database:MigrateOnStartup", true)) services.GetRequiredService<SqlDialect>().Migrate();
        using (var scope = services.CreateScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            services.GetRequiredService<CalendarProvider>().Reload(session, CancellationToken.None).GetAwaiter().GetResult();
        }

        // Keys first, outside any transaction, so that no request has to write one; then the rows older than migration 0013.
        services.GetRequiredService<PersonalDataProtector>().EnsureKeys();
        if (configuration.GetValue("Database:MigrateOnStartup", true) || jobs.Server) SealPlainPersonalData(services);
        if (configuration.GetValue("Database:MigrateOnStartup", true) || jobs.Server) RecomputeCasesIfRulesChanged(services);

        if (!jobs.Server) return;
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<CalendarWatchJob>(RunCalendarWatchCommand.Job, j => j.Run(null, CancellationToken.None), jobs.CalendarWatchCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.AddOrUpdate<TakeAnnualSnapshotsJob>(TakeAnnualSnapshotsCommand.Job, j => j.Run(CancellationToken.None), jobs.AnnualSnapshotsCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.AddOrUpdate<DeadlineJobs>(DeadlineJobs.Scan, j => j.RunScan(CancellationToken.None), jobs.DeadlineScanCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.AddOrUpdate<DeadlineJobs>(DeadlineJobs.Digest, j => j.RunDigest(CancellationToken.None), jobs.DigestCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        if (jobs.ScanAtStartup) recurring.Trigger(DeadlineJobs.Scan);
        recurring.AddOrUpdate<PurgeIdempotencyRecordsJob>(PurgeIdempotencyRecordsCommand.Job, j => j.Run(CancellationToken.None), jobs.IdempotencyPurgeCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.AddOrUpdate<Features.Attachments.PurgeAbandonedUploads.PurgeAbandonedUploadsJob>(
            Features.Attachments.PurgeAbandonedUploads.PurgeAbandonedUploadsCommand.Job, j => j.Run(CancellationToken.None), jobs.AbandonedUploadsPurgeCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.AddOrUpdate<Features.PersonalData.ErasePersonalData.ErasePersonalDataJob>(Features.PersonalData.ErasePersonalData.ErasePersonalDataCommand.Job,
            j => j.Run(CancellationToken.None), jobs.PersonalDataRetentionCron, new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.AddOrUpdate<Features.PersonalData.EnsureKeys.EnsurePersonalDataKeysJob>(Features.PersonalData.EnsureKeys.EnsurePersonalDataKeysCommand.Job,
            j => j.Run(CancellationToken.None), jobs.PersonalDataRetentionCron, new RecurringJobOptions { TimeZone = RegisterClock.China });
        // Values still sealed under an unencrypted, revoked or expired key are sealed again in the background, now and daily.
        recurring.AddOrUpdate<Features.PersonalData.ResealPersonalData.ResealPersonalDataJob>(Features.PersonalData.ResealPersonalData.ResealPersonalDataCommand.Job,
            j => j.Run(CancellationToken.None), jobs.PersonalDataRetentionCron, new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.Trigger(Features.PersonalData.ResealPersonalData.ResealPersonalDataCommand.Job);
        recurring.AddOrUpdate<WatchAnnualReportsJob>(WatchAnnualReportsCommand.Job, j => j.Run(CancellationToken.None), jobs.AnnualReportWatchCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        // The outbox: what was queued before a restart (or a kill) is drained now, then every minute.
        recurring.AddOrUpdate<OutboxJobs>(OutboxJobs.Job, j => j.Drain(CancellationToken.None), jobs.OutboxDrainCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
        recurring.Trigger(OutboxJobs.Job);
        using (var scope = services.CreateScope())
            if (scope.ServiceProvider.GetRequiredService<ISender>().Send(new DigestMissedQuery(jobs.DigestTimeOfDay())).AsTask().GetAwaiter().GetResult())
                recurring.Trigger(DeadlineJobs.Digest);
    }

    private static void SealPlainPersonalData(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var sealedCount = scope.ServiceProvider.GetRequiredService<PersonalDataSealing>().SealPlainRows(CancellationToken.None).GetAwaiter().GetResult();
        if (sealedCount > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseTracker.Startup")
                .LogInformation("Personal data of {Count} cases written before encryption at rest sealed and masked.", sealedCount);
    }

    /// <summary>
    /// Stored case projections follow the clock's current rules and settings (<see cref="RecomputeCasesCommand"/>). Several
    /// instances starting at once may race; the loser logs and leaves it to the winner (the fingerprint is recorded last).
    /// </summary>
    private static void RecomputeCasesIfRulesChanged(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CaseTracker.Startup");
        try
        {
            using var scope = services.CreateScope();
            var result = scope.ServiceProvider.GetRequiredService<ISender>().Send(new RecomputeCasesCommand()).AsTask().GetAwaiter().GetResult();
            if (result.Changed > 0)
                logger.LogInformation("Clock rules changed ({Before} -> {After}): {Checked} cases checked, {Changed} recomputed.",
                    result.FingerprintBefore ?? "none", result.Fingerprint, result.Checked, result.Changed);
        }
        catch (Exception e) when (e is Domain.ConcurrencyConflictException || services.GetRequiredService<SqlDialect>().IsUniqueViolation(e))
        {
            logger.LogWarning(e, "Another instance is recomputing the cases under the changed clock rules.");
        }
    }

    private static void AddIdentity(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var identity = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AgencyAccess>();
        services.AddSingleton<AgencyDirectory>();
        services.AddCaseTrackerIdentity(identity, contentRoot);
    }

    /// <summary>
    /// The identity settings; in Production the service refuses to start unless tokens and sign-ins come from an
    /// identity provider (<c>Auth:Authority</c> or <c>Auth:Oidc</c>) or a configured signing key: a key generated into
    /// a file on one machine is for the embedded default only.
    /// </summary>
    private static IdentityOptions RequireIdentityProvider(IConfiguration configuration, IWebHostEnvironment environment)
    {
        var identity = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        if (environment.IsProduction() && string.IsNullOrWhiteSpace(identity.Authority) && string.IsNullOrWhiteSpace(identity.SigningKey) && !identity.Oidc.Enabled)
            throw new StartupRefusal(
                "Production needs an identity provider (Auth:Authority or Auth:Oidc:Authority with Auth:Oidc:ClientId) or a signing key (Auth:SigningKey); none is configured.");
        if (identity.TokenMaxLifetimeHours <= 0) throw new StartupRefusal("Auth:TokenMaxLifetimeHours must be more than 0.");
        return identity;
    }

    private static void AddSwagger(IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CaseTracker",
                Version = "v1",
                Description = "Case register for requests for government information (依申请公开) with the statutory clock of the Regulation.",
            });
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from the deployment's identity provider, or `dotnet run --project src/Api -- token …` on the embedded default.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
            o.CustomSchemaIds(t => t.FullName!.Replace("CaseTracker.", "").Replace("+", "."));
            o.SchemaFilter<CommandBodySchemaFilter>();
        });
    }
}

/// <summary>
/// Ready when the database answers a read and takes a write (<see cref="WriteProbe"/>, rolled back; at most one per
/// <see cref="WriteProbeSchedule.Interval"/> while it goes through): a full or read-only database is Unhealthy until it can be
/// written again, without a restart (security.md "Abuse and faults").
/// </summary>
internal sealed class DatabaseHealthCheck(DbSession session, WriteProbe probe, WriteProbeSchedule schedule) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await session.ExecuteScalar<int>("SELECT COUNT(*) FROM agencies", null, cancellationToken);
        }
        catch (Exception e)
        {
            // A lost server connection also drops the pool's idle connections, so the next check starts afresh.
            return HealthCheckResult.Unhealthy(session.Dialect.IsConnectionLost(e)
                ? "The connection to the database server was lost; the next request reconnects."
                : "The database cannot be reached or is not migrated.", e);
        }

        if (await schedule.Check(probe.Try, cancellationToken) is { } fault)
            return HealthCheckResult.Unhealthy(session.Dialect.IsStorageUnavailable(fault)
                ? "The database cannot be written: it is full or read-only."
                : "The database refused a write.", fault);
        return HealthCheckResult.Healthy();
    }
}
