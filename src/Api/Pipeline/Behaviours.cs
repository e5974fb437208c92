using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Calendar;
using CaseTracker.Infrastructure.Persistence;
using Mediator;

namespace CaseTracker.Api.Pipeline;

/// <summary>A command that may meet a unique-key race on a server engine; it is then run again once.</summary>
public interface IRetryOnConflict;

/// <summary>A create command a client may retry with an <c>Idempotency-Key</c> header.</summary>
public interface IIdempotent : IRetryOnConflict
{
    string? IdempotencyKey { get; }
}

public sealed class ValidationBehaviour<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        Validator.Check(message);
        return next(message, cancellationToken);
    }
}

/// <summary>
/// One transaction per command: everything the handler writes commits together or not at all. A retry
/// that raced the first request with the same Idempotency-Key (server engines: the second insert of the
/// key fails) runs again once, and then finds the first request's stored response.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(DbSession session, CalendarProvider calendars) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (session.InTransaction) return await next(message, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await session.Begin(cancellationToken);
            try
            {
                await calendars.EnsureCurrent(session, cancellationToken);
                var response = await next(message, cancellationToken);
                await session.Commit(cancellationToken);
                return response;
            }
            catch (Exception e) when (attempt < 3 && message is IRetryOnConflict && session.Dialect.IsUniqueViolation(e))
            {
                await session.Rollback();
            }
            catch
            {
                await session.Rollback();
                throw;
            }
        }
    }
}

/// <summary>
/// Inside the command's transaction: a retried request with the same key returns the stored first
/// response instead of acting twice; the same key with a different request is refused.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(DbSession session, CurrentUser user, RegisterClock clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand, IIdempotent
{
    private static JsonSerializerOptions Json => ApiJson.Options;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.IdempotencyKey)) return await next(message, cancellationToken);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, Json))));
        var stored = await session.QuerySingleOrDefault<StoredResponse>(
            "SELECT request_type, request_hash, response FROM idempotent_requests WHERE user_id = @user AND idem_key = @key",
            new { user = user.UserId, key = message.IdempotencyKey }, cancellationToken);
        if (stored is not null)
        {
            if (stored.RequestType != typeof(TMessage).Name || stored.RequestHash != hash)
                throw new IdempotencyKeyReusedException($"The Idempotency-Key '{message.IdempotencyKey}' was already used for a different request; use a new key.");
            return JsonSerializer.Deserialize<TResponse>(stored.Response, Json)!;
        }

        var response = await next(message, cancellationToken);
        await session.Execute("""
            INSERT INTO idempotent_requests (user_id, idem_key, request_type, request_hash, response, created_at)
            VALUES (@user, @key, @type, @hash, @response, @now)
            """, new
        {
            user = user.UserId,
            key = message.IdempotencyKey,
            type = typeof(TMessage).Name,
            hash,
            response = JsonSerializer.Serialize(response, Json),
            now = clock.Now,
        }, cancellationToken);
        return response;
    }

    private sealed class StoredResponse

    {

        public string RequestType { get; init; } = default!;

        public string RequestHash { get; init; } = default!;

        public string Response { get; init; } = default!;

    }
}
