using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Features.Users.SignIn;
using CaseTracker.Api.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CaseTracker.Api.Pipeline;

/// <summary>
/// <c>RateLimits:*</c>: how many report and export requests one user may make in a window, and the wait a client is told
/// when another import of its agency is running (security.md "Abuse and faults").
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Annual-report reads (JSON, CSV, XLSX, HTML) and snapshot generations one user may make per window.</summary>
    public int ReportsPerUser { get; set; } = 30;

    /// <summary>The window of <see cref="ReportsPerUser"/>, in seconds.</summary>
    public int ReportWindowSeconds { get; set; } = 60;

    /// <summary>Anonymous status lookups (case number + 查询码) one address may make per minute.</summary>
    public int StatusLookupsPerAddressPerMinute { get; set; } = 10;

    /// <summary>The Retry-After of a refused import (another import of the same agency is running), in seconds.</summary>
    public int ImportRetryAfterSeconds { get; set; } = 30;
}

/// <summary>
/// The service's rate limits (ASP.NET Core rate limiting; the middleware runs after authentication so that a policy can
/// partition by user and agency): sign-in per address (<see cref="SignInEndpoints.AddressPolicy"/>; per login in
/// <see cref="SignInLimiter"/>), one import at a time per agency (<see cref="ImportPerAgency"/>), report and export requests
/// per user (<see cref="ReportsPerUser"/>). A refusal is 429 with Retry-After and a problem-details body (Chinese detail
/// when Accept-Language asks for zh).
/// </summary>
public static class RateLimits
{
    /// <summary>One import at a time per agency of the importing user (a concurrency limit of 1, no queue).</summary>
    public const string ImportPerAgency = "import-per-agency";

    /// <summary>Report and export requests per user, in a fixed window (<see cref="RateLimitOptions"/>).</summary>
    public const string ReportsPerUser = "reports-per-user";

    /// <summary>Anonymous status lookups per client address, in a one-minute window (<see cref="RateLimitOptions.StatusLookupsPerAddressPerMinute"/>).</summary>
    public const string StatusLookupPerAddress = "status-lookup-per-address";

    /// <summary>Registers every policy and the 429 answer; <paramref name="identity"/> gives the sign-in limits.</summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration, IdentityOptions identity)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (options.StatusLookupsPerAddressPerMinute <= 0)
            throw new InvalidOperationException("RateLimits:StatusLookupsPerAddressPerMinute must be more than 0.");
        if (options.ReportsPerUser <= 0 || options.ReportWindowSeconds <= 0 || options.ImportRetryAfterSeconds <= 0)
            throw new InvalidOperationException("RateLimits:ReportsPerUser, ReportWindowSeconds and ImportRetryAfterSeconds must be more than 0.");
        services.AddSingleton(options);
        services.AddSingleton<SignInLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, cancellationToken) => Refuse(context, options, cancellationToken);
            o.AddPolicy(SignInEndpoints.AddressPolicy, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = identity.SignInPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // One budget per address for GET /api/status and the lookups of the public page /status (its form posts); showing the
            // page's empty form is not a lookup and does not count.
            o.AddPolicy(StatusLookupPerAddress, http => HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/api")
                ? RateLimitPartition.GetNoLimiter("status-page-form")
                : RateLimitPartition.GetFixedWindowLimiter("status:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.StatusLookupsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(ImportPerAgency, http => RateLimitPartition.GetConcurrencyLimiter(
                "agency:" + (http.User.FindFirstValue(identity.AgencyClaim) ?? ""),
                _ => new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 }));
            o.AddPolicy(ReportsPerUser, http => RateLimitPartition.GetFixedWindowLimiter(
                "user:" + (http.User.FindFirstValue("sub") ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.Connection.RemoteIpAddress?.ToString() ?? ""),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.ReportsPerUser, Window = TimeSpan.FromSeconds(options.ReportWindowSeconds), QueueLimit = 0,
                }));
        });
        return services;
    }

    /// <summary>The 429: Retry-After in whole seconds (the limiter's own, or the configured wait of a running import) and a sentence.</summary>
    private static async ValueTask Refuse(OnRejectedContext context, RateLimitOptions options, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var import = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == ImportPerAgency;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? after
            : TimeSpan.FromSeconds(import ? options.ImportRetryAfterSeconds : 60);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments("/status"))
        {
            // A person at the public status page (/status): a page in Chinese, not problem JSON.
            var text = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Desk.DeskText>>();
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\" /><title>" + text["Status_Title"]
                + "</title><link rel=\"stylesheet\" href=\"/desk.css\" /></head><body><main id=\"main\"><h1>" + text["Status_Title"]
                + "</h1><p class=\"error\" role=\"alert\" id=\"status-problem\">" + text["Status_TooMany", seconds]
                + "</p><p><a href=\"/status\">" + text["Status_Back"] + "</a></p></main></body></html>\n", cancellationToken);
            return;
        }

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too Many Requests",
            Detail = import
                ? $"Another import for your agency is running; try again in {seconds} seconds, when it has finished."
                : $"Too many requests; try again in {seconds} seconds.",
        };
        problem.Extensions["retryAfterSeconds"] = seconds;
        var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }
}
