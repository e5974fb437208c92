using CaseTracker.Infrastructure.Jobs;
using Hangfire;

namespace CaseTracker.Api.Hosting;

/// <summary>The <c>worker</c> verb: a Hangfire server with the register's services and no HTTP.</summary>
public static class WorkerHost
{
    public static async Task<int> Run(string[] args)
    {
        var builder = ServerEnvironment.CreateBuilder(args);
        ApiHost.AddCore(builder.Services, builder.Configuration, builder.Environment);
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        jobs.Server = true;
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = jobs.WorkerCount;
            o.ServerName = $"worker:{Environment.MachineName}:{Environment.ProcessId}";
        });
        using var host = builder.Build();
        ApiHost.Start(host.Services, builder.Configuration, jobs);
        await host.RunAsync();
        return 0;
    }
}
