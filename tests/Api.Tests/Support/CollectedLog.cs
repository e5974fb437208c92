using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Api.Tests.Support;

/// <summary>A logger provider a test adds to a host to read the warnings (and worse) the service wrote, in order.</summary>
internal sealed class CollectedLog : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Logger(this);
    public void Dispose() { }

    private sealed class Logger(CollectedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Messages.Enqueue(formatter(state, exception));
        }
    }
}
