namespace CaseTracker.Infrastructure;

/// <summary>
/// A refusal to start for want of a setting (a key certificate in Production, an identity provider, a readable file):
/// the service and the command-line verbs print its one sentence, in Chinese and English, and exit with code 2 — no stack
/// trace, since nothing is wrong with the program, only with its configuration (security.md "Who may do what").
/// </summary>
public sealed class StartupRefusal : InvalidOperationException
{
    public StartupRefusal(string message) : base(message) { }

    public StartupRefusal(string message, Exception inner) : base(message, inner) { }

    /// <summary>The refusal in <paramref name="error"/> or any exception it wraps (a service factory, an aggregate), or null.</summary>
    public static StartupRefusal? In(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is StartupRefusal refusal) return refusal;
            if (e is AggregateException { InnerExceptions: var inner }) return inner.Select(In).FirstOrDefault(r => r is not null);
        }

        return null;
    }
}
