using CaseTracker.Api.Features.Alerts.ScanDeadlines;
using Mediator;

namespace CaseTracker.Api.Features.Alerts;

// The namespace and the type's name stay those of the jobs Hangfire has stored (it keeps a job's type and method by name).

/// <summary>The recurring Hangfire jobs of the deadline watch: thin, each sends its command (the digest's part is in SendDigest/).</summary>
public sealed partial class DeadlineJobs(ISender sender)
{
    public const string Scan = "deadline-scan";
    public const string Digest = "deadline-digest";

    /// <summary>The <see cref="Scan"/> job: sends <see cref="ScanDeadlinesCommand"/>.</summary>
    [Hangfire.AutomaticRetry(Attempts = 3)]
    public async Task RunScan(CancellationToken cancellationToken) => await sender.Send(new ScanDeadlinesCommand(), cancellationToken);
}
