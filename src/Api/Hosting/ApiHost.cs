using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Agencies.ListAgencies;
using CaseTracker.Api.Features.Alerts;
using CaseTracker.Api.Features.Calendar;
using CaseTracker.Api.Features.Calendar.RunCalendarWatch;
using CaseTracker.Api.Features.Cases;
using CaseTracker.Api.Features.Cases.ListCases;
using CaseTracker.Api.Features.Complaints;
using CaseTracker.Api.Features.Dashboard;
using CaseTracker.Api.Features.Proceedings;
using CaseTracker.Api.Features.Reports;
using CaseTracker.Api.Features.Reports.GetAnnualReport;
using CaseTracker.Api.Features.Reports.TakeAnnualSnapshots;
using CaseTracker.Api.Features.Reports.WatchAnnualReports;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Calendar;
using CaseTracker.Infrastructure.Jobs;
using CaseTracker.Infrastructure.Persistence;
using Hangfire;
using Hangfire.Dashboard;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.IdentityModel.Tokens;
using Microsoft.OpenApi;

namespace CaseTracker.Api.Hosting;

/// <summary>The composition root of the web service.</summary>
public static class ApiHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        AddCore(services, configuration, contentRoot);
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.Server) services.AddHangfireServer(o => o.WorkerCount = jobs.WorkerCount);

        services.AddProblemDetails();
        // After the default writer: only the report route's export requests (Accept without JSON) reach it.
        services.AddSingleton<IProblemDetailsWriter, ReportProblemDetailsWriter>();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenProblemDetails>();
        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        AddSwagger(services);

        var app = builder.Build();
        Start(app.Services, configuration, jobs);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseUtf8RequestBodies();
        app.UseSwagger();
        app.UseSwaggerUI();
        app.UseHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new DashboardAccess(app.Services.GetRequiredService<SqlDialect>().Provider)],
            DashboardTitle = "CaseTracker jobs",
        });

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapAgencies();
        app.MapCases();
        app.MapCalendar();
        app.MapProceedings();
        app.MapComplaints();
        app.MapReports();
        app.MapAlerts();
        app.MapDashboard();
        return app;
    }

    /// <summary>Everything the web service and the worker share: register, clock, identity, Mediator, Hangfire client.</summary>
    public static void AddCore(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddInfrastructure(configuration, contentRoot);
        AddIdentity(services, configuration, contentRoot);
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(ValidationBehaviour<,>), typeof(TransactionBehaviour<,>), typeof(IdempotencyBehaviour<,>)];
        });
        services.AddScoped<CaseReader>();
        services.AddScoped<CaseSteps>();
        services.AddScoped<CaseAlertsFollower>();
        services.AddScoped<AnnualReports>();
        services.AddSingleton(configuration.GetSection(AlertOptions.Section).Get<AlertOptions>() ?? new AlertOptions());
        services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<WebhookJobs>();
        services.AddSingleton<EmailJobs>();
        services.AddScoped<DeadlineJobs>();
        services.AddScoped<ReportSnapshots>();
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
        recurring.AddOrUpdate<WatchAnnualReportsJob>(WatchAnnualReportsCommand.Job, j => j.Run(CancellationToken.None), jobs.AnnualReportWatchCron,
            new RecurringJobOptions { TimeZone = RegisterClock.China });
    }

    private static void AddIdentity(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var identity = configuration.GetSection(IdentityOptions.Section).Get<IdentityOptions>() ?? new IdentityOptions();
        services.AddSingleton(identity);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AgencyAccess>();
        services.AddSingleton<AgencyDirectory>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = "name",
                RoleClaimType = "role",
                ValidIssuer = identity.Issuer,
                ValidAudience = identity.Audience,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            if (!string.IsNullOrWhiteSpace(identity.Authority))
            {
                o.Authority = identity.Authority;
                o.Audience = identity.Audience;
            }
            else
            {
                o.TokenValidationParameters.IssuerSigningKey = SigningKeys.Resolve(identity, contentRoot);
            }
        });
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesByPolicy)
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        });
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

internal sealed class DatabaseHealthCheck(DbSession session) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await session.ExecuteScalar<int>("SELECT COUNT(*) FROM agencies", null, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached or is not migrated.", e);
        }
    }
}

/// <summary>
/// The Hangfire dashboard: Administrators (bearer token), and on the embedded default any request from
/// this machine (loopback), so that a single-office installation can look at its jobs in a browser.
/// </summary>
internal sealed class DashboardAccess(DatabaseProvider provider) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.IsInRole(Roles.Administrator)) return true;
        var remote = http.Connection.RemoteIpAddress;
        return provider == DatabaseProvider.Sqlite && remote is not null && System.Net.IPAddress.IsLoopback(remote);
    }
}
