using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Infrastructure;
using CaseTracker.Infrastructure.Calendar;
using CaseTracker.Infrastructure.Idempotency;
using CaseTracker.Infrastructure.Persistence;
using CaseTracker.Infrastructure.PersonalData;
using Hangfire;
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

/// <summary>A command that brings an applicant's personal data to be sealed at rest (security.md "Personal data").</summary>
public interface ISealsPersonalData
{
    /// <summary>The values the command will store, exactly as the repository will seal them (trimmed, blanks as null).</summary>
    IEnumerable<ApplicantSecrets> PersonalData { get; }
}

/// <summary>
/// Before the command's transaction: seals the personal data it brings (<see cref="PreparedSeals"/>), so the key derivation
/// and encryption do not run while the transaction holds the embedded default's one write gate. Registration throughput on
/// SQLite depends on how long each registration holds that gate (bench/README.md, "Intake with personal data encrypted at rest").
/// </summary>
public sealed class SealAheadBehaviour<TMessage, TResponse>(PreparedSeals seals) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is ISealsPersonalData carrier)
            foreach (var secrets in carrier.PersonalData) seals.Prepare(secrets);
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
/// How a replay finds the first response of a command whose response carries personal data (the applicant's name, ID
/// number, phone, address; a complaint's subject) without the idempotency record holding it: the record keeps only
/// <see cref="Reference"/> (the id of what the command created), and a replay returns <see cref="Read"/> of it, the
/// resource as it is now. Registered per command in the composition root; a command without one stores its response body,
/// which must then carry no personal data (IdempotencyTests checks the response types).
/// </summary>
public interface IReplayReader<TMessage, TResponse>
{
    /// <summary>The id of what the first request created (at most 100 characters).</summary>
    string Reference(TResponse response);

    /// <summary>The created resource as it is now; null when it is gone.</summary>
    ValueTask<TResponse?> Read(string reference, CancellationToken cancellationToken);
}

/// <summary>
/// Inside the command's transaction: a retried request with the same key, from the same user acting for the same agency,
/// returns the first response instead of acting twice; the same key with a different request is refused (422). The key of
/// another agency's request is another record: a replay never returns another agency's data. Records hold no personal
/// data (<see cref="IReplayReader{TMessage, TResponse}"/>) and live 24 hours (<see cref="PurgeIdempotencyRecordsJob"/>); the
/// request is recognised by a keyed hash of its body (<see cref="PersonalDataProtector.RequestHash"/>), which a copy of the
/// table cannot test candidate phones or ID numbers against.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(IdempotencyStore store, CurrentUser user, RegisterClock clock, IServiceProvider services,
    PersonalDataProtector personalData)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand, IIdempotent
{
    private static JsonSerializerOptions Json => ApiJson.Options;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.IdempotencyKey)) return await next(message, cancellationToken);
        var body = JsonSerializer.Serialize(message, Json);
        var hash = personalData.RequestHash(body);
        var reader = services.GetService<IReplayReader<TMessage, TResponse>>();
        var stored = await store.Find(user.UserId, user.AgencyCode, message.IdempotencyKey, cancellationToken);
        if (stored is not null && stored.CreatedAt > clock.Now - IdempotencyStore.Lifetime)
        {
            if (stored.RequestType != typeof(TMessage).Name || (stored.RequestHash != hash && stored.RequestHash != UnkeyedHash(body)))
                throw new IdempotencyKeyReusedException($"The Idempotency-Key '{message.IdempotencyKey}' was already used for a different request; use a new key.");
            if (stored.ResourceRef is not null && reader is not null && await reader.Read(stored.ResourceRef, cancellationToken) is { } again) return again;
            if (stored.Response is not null) return JsonSerializer.Deserialize<TResponse>(stored.Response, Json)!;
            throw new IdempotencyKeyReusedException(
                $"What the request with the Idempotency-Key '{message.IdempotencyKey}' created is no longer there; send the request with a new key.");
        }

        if (stored is not null) await store.Purge(clock.Now - IdempotencyStore.Lifetime, cancellationToken); // expired, not yet purged
        var response = await next(message, cancellationToken);
        await store.Add(user.UserId, user.AgencyCode, message.IdempotencyKey, typeof(TMessage).Name, hash,
            reader is null ? JsonSerializer.Serialize(response, Json) : null,
            reader?.Reference(response),
            clock.Now, cancellationToken);
        return response;
    }

    // A record written before the request hash was keyed (plain SHA-256) still matches its retry; such records are gone 24 hours
    // after the upgrade.
    private static string UnkeyedHash(string body) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}

/// <summary>Deletes the idempotency records older than 24 hours; returns how many.</summary>
public sealed record PurgeIdempotencyRecordsCommand : ICommand<int>
{
    public const string Job = "idempotency-records-purge";
}

internal sealed class PurgeIdempotencyRecordsHandler(IdempotencyStore store, RegisterClock clock) : ICommandHandler<PurgeIdempotencyRecordsCommand, int>
{
    public async ValueTask<int> Handle(PurgeIdempotencyRecordsCommand command, CancellationToken cancellationToken)
        => await store.Purge(clock.Now - IdempotencyStore.Lifetime, cancellationToken);
}

/// <summary>The recurring Hangfire job (<see cref="PurgeIdempotencyRecordsCommand.Job"/>, hourly by default): thin, it sends the command.</summary>
public sealed class PurgeIdempotencyRecordsJob(ISender sender)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task Run(CancellationToken cancellationToken) => await sender.Send(new PurgeIdempotencyRecordsCommand(), cancellationToken);
}
