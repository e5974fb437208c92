using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace CaseTracker.Api.Tests.Support;

/// <summary>Takes the place of Hangfire's job client in a test host: keeps every job the service queues, runs none.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    public ConcurrentQueue<Job> Jobs { get; } = new();

    public string Create(Job job, IState state)
    {
        Jobs.Enqueue(job);
        return Guid.NewGuid().ToString();
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;

    /// <summary>The first argument of every queued call of <typeparamref name="T"/>.<paramref name="method"/>.</summary>
    public List<object?> Calls<T>(string method)
        => Jobs.Where(j => j.Type == typeof(T) && j.Method.Name == method).Select(j => (object?)j.Args[0]).ToList();
}
