namespace CaseTracker.Api.Errors;

/// <summary>Input that fails validation, field by field (400); <paramref name="summary"/> replaces the list of messages as the detail.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors, string? summary = null)
    : Exception(summary ?? "One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public string? Summary { get; } = summary;
}

/// <summary>The user's role or agency does not allow the action (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>An Idempotency-Key reused for a different request (422).</summary>
public sealed class IdempotencyKeyReusedException(string message) : Exception(message);
