namespace CaseTracker.Api.Hosting;

/// <summary>
/// The environment the command-line verbs run in, the same as the web service's: <c>--environment</c> when given, else
/// <c>ASPNETCORE_ENVIRONMENT</c>, else <c>DOTNET_ENVIRONMENT</c>, else Production. A generic host alone reads only
/// DOTNET_ENVIRONMENT, so a verb beside a service started with ASPNETCORE_ENVIRONMENT=Development would run as Production.
/// </summary>
public static class ServerEnvironment
{
    /// <summary>The environment's name for <paramref name="args"/>, or null when it is given on the command line (the host reads that itself) or nowhere.</summary>
    public static string? Name(string[] args)
    {
        if (args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/environment", StringComparison.OrdinalIgnoreCase)))
            return null;
        return Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } web ? web
            : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } generic ? generic : null;
    }

    /// <summary>A generic host's builder for a verb, in the service's environment.</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args)
        => Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, EnvironmentName = Name(args) });

    /// <summary>
    /// Runs the service or a verb; a <see cref="Infrastructure.StartupRefusal"/> anywhere in its start prints its one sentence in
    /// Chinese and in English to standard error and returns 2, with no stack trace.
    /// </summary>
    public static async Task<int> RefusingToStart(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        // Only as the process's own program: a test host running Program in-process sees the exception itself.
        catch (Exception e) when (System.Reflection.Assembly.GetEntryAssembly() == typeof(ServerEnvironment).Assembly && Infrastructure.StartupRefusal.In(e) is { } refusal)
        {
            var chinese = Errors.ChineseText.Instance.Zh(refusal.Message);
            Console.Error.WriteLine(chinese == refusal.Message ? $"拒绝启动：{refusal.Message}" : $"拒绝启动：{chinese}");
            Console.Error.WriteLine($"Refusing to start: {refusal.Message}");
            return 2;
        }
    }
}
