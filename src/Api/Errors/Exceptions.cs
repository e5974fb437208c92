namespace CaseTracker.Api.Errors;

/// <summary>Input that fails validation, field by field (400).</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>The user's role or agency does not allow the action (403).</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>An Idempotency-Key reused for a different request (422).</summary>
public sealed class IdempotencyKeyReusedException(string message) : Exception(message);
