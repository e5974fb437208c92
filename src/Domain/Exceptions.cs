namespace CaseTracker.Domain;

/// <summary>A rule of the Regulation or of the register refuses the action; the message is written for a clerk.</summary>
public class DomainRuleException(string message) : Exception(message);

/// <summary>
/// The input itself is malformed (not a rule refusing a well-formed action): one message per field (400).
/// <see cref="Field"/> is the first field refused.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string field, string message) : base(message)
    {
        Field = field;
        Errors = new Dictionary<string, string[]> { [field] = [message] };
    }

    /// <summary>Several fields refused at once; <paramref name="errors"/> must not be empty.</summary>
    public InvalidInputException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join(" ", errors.SelectMany(e => e.Value)))
    {
        Field = errors.Keys.First();
        Errors = errors;
    }

    public string Field { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>What the request names does not exist, or the caller may not see it (404); <see cref="What"/> names the kind of thing.</summary>
public sealed class NotFoundException(string what, string message) : Exception(message)
{
    public string What { get; } = what;
}

/// <summary>The case changed since the caller read it (409): the version expected (If-Match) or loaded is no longer the stored one.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
