using System.Security.Cryptography;
using CaseTracker.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>What one run of <see cref="PersonalDataResealing.Run"/> did.</summary>
/// <param name="Resealed">Applicant texts sealed again under the key in force.</param>
/// <param name="HashKeyResealed">True when the ID-number hash key was sealed again.</param>
/// <param name="RetiredKeys">Keys stored unencrypted, revoked or expired when the run began.</param>
/// <param name="UnencryptedKeysDeleted">Unencrypted keys deleted because nothing is sealed under them any more.</param>
/// <param name="UnencryptedKeysLeft">Unencrypted keys still in the key ring (a value still needs one, or the grace has not passed).</param>
public sealed record ResealReport(int Resealed, bool HashKeyResealed, int RetiredKeys, int UnencryptedKeysDeleted, int UnencryptedKeysLeft);

/// <summary>One batch of <see cref="PersonalDataResealing.ResealBatch"/>: how many were sealed again, and the id to go on after (null: none left).</summary>
public sealed record ResealBatch(int Resealed, string? After);

/// <summary>
/// Keeps every applicant's sealed personal data under a key that is in force and encrypted at rest (security.md "Personal
/// data": rotation supported; 个人信息保护法 Art. 51): values sealed under a key stored unencrypted (a key ring older than the
/// key-encryption certificate), revoked or expired are sealed again under the key in force, a batch a transaction; then the
/// unencrypted keys nothing needs any more are deleted, so a copy of the database holds no master key in clear.
/// </summary>
/// <remarks>
/// Safe to interrupt at any point (kill -9): a row is replaced only by a committed update that still finds the text it read, a
/// key is deleted only after a fresh look finds no value sealed under it, so every value stays readable. Safe to run again and
/// from several instances at once.
/// </remarks>
public sealed class PersonalDataResealing(DbSession session, PersonalDataProtector protector, PersonalDataOptions options, ILogger<PersonalDataResealing> logger)
{
    /// <summary>Applicant texts sealed again per transaction.</summary>
    public const int DefaultBatchSize = 500;

    private sealed class SealedRow
    {
        public string Id { get; init; } = default!;
        public string ApplicantSealed { get; init; } = default!;
    }

    /// <summary>
    /// Makes sure an encrypted key is in force (<see cref="PersonalDataProtector.EnsureKeys"/>), seals again every value under a
    /// retired key, then deletes the unencrypted keys no value is sealed under once <see cref="PersonalDataOptions.RetiredKeyGrace"/>
    /// has passed since the key in force was made. Throws <see cref="CryptographicException"/> when a value cannot be opened (its
    /// key is missing or it was altered): nothing is deleted then.
    /// </summary>
    public async Task<ResealReport> Run(int batchSize, CancellationToken cancellationToken)
    {
        protector.EnsureKeys();
        var now = DateTimeOffset.UtcNow; // the key ring's own clock
        var retired = protector.RetiredKeyIds(now);
        var resealed = 0;
        var hashKeyResealed = false;
        if (retired.Count > 0)
        {
            foreach (var key in await KeysInUse(retired, cancellationToken))
            {
                string? after = "";
                while (after is not null)
                {
                    var batch = await ResealBatch(key, after, batchSize, retired, cancellationToken);
                    resealed += batch.Resealed;
                    after = batch.After;
                }
            }

            hashKeyResealed = protector.ResealHashKey(retired);
        }

        var unencrypted = protector.UnencryptedKeyIds();
        var deleted = 0;
        if (unencrypted.Count > 0 && GraceHasPassed(unencrypted, now))
        {
            var needed = (await KeysInUse(unencrypted, cancellationToken)).ToHashSet();
            if (protector.HashKeySealedUnder() is { } hashKeyUnder && unencrypted.Contains(hashKeyUnder)) needed.Add(hashKeyUnder);
            var free = unencrypted.Where(k => !needed.Contains(k)).ToHashSet();
            if (free.Count > 0 && protector.DeleteKeys(free))
            {
                deleted = free.Count;
                // SQLite keeps the deleted key rows and the replaced texts in the write-ahead log until a checkpoint.
                if (session.Dialect.Provider == DatabaseProvider.Sqlite)
                    await session.Execute("PRAGMA wal_checkpoint(TRUNCATE)", null, cancellationToken);
            }
        }

        var left = unencrypted.Count - deleted;
        if (resealed > 0 || hashKeyResealed || deleted > 0)
            logger.LogInformation("Personal data sealed again under the key in force: {Resealed} applicant value(s){HashKey}; {Deleted} unencrypted key(s) deleted, {Left} left.",
                resealed, hashKeyResealed ? " and the ID-number hash key" : "", deleted, left);
        if (left > 0)
            logger.LogWarning("{Left} unencrypted personal-data key(s) remain in the key ring: still needed by a sealed value, or made less than {Grace} after the key in force.",
                left, options.RetiredKeyGrace);
        return new ResealReport(resealed, hashKeyResealed, retired.Count, deleted, left);
    }

    /// <summary>
    /// Seals again, in one transaction, up to <paramref name="batchSize"/> applicant texts sealed under <paramref name="key"/>
    /// whose case id sorts after <paramref name="after"/> (empty: from the start). A row changed since it was read is left to the
    /// next run. Throws <see cref="InvalidOperationException"/> when the key in force is itself one of <paramref name="retired"/>.
    /// </summary>
    public async Task<ResealBatch> ResealBatch(Guid key, string after, int batchSize, IReadOnlySet<Guid> retired, CancellationToken cancellationToken)
    {
        var rows = await session.Query<SealedRow>(session.Dialect.Page($"""
            SELECT id, applicant_sealed FROM cases
            WHERE applicant_sealed IS NOT NULL AND SUBSTRING(applicant_sealed, 1, {PersonalDataProtector.KeyPrefixLength}) = @prefix AND id > @after
            ORDER BY id
            """), new { prefix = PersonalDataProtector.KeyPrefix(key), after, offset = 0, limit = batchSize }, cancellationToken);
        if (rows.Count == 0) return new ResealBatch(0, null);
        var count = 0;
        await session.Begin(cancellationToken);
        try
        {
            // The prefix leaves the key id's last 4 bits (and on a case-insensitive collation, case) open: the key is checked here.
            foreach (var row in rows.Where(r => PersonalDataProtector.KeyOf(r.ApplicantSealed) == key))
            {
                var resealed = protector.Reseal(row.ApplicantSealed, retired);
                count += await session.Execute("UPDATE cases SET applicant_sealed = @resealed WHERE id = @id AND applicant_sealed = @old",
                    new { id = row.Id, old = row.ApplicantSealed, resealed }, cancellationToken);
            }

            await session.Commit(cancellationToken);
        }
        catch
        {
            await session.Rollback();
            throw;
        }

        return new ResealBatch(count, rows.Count < batchSize ? null : rows[^1].Id);
    }

    // The keys among the candidates that some applicant text is sealed under, by the leading characters of the texts (one scan).
    private async Task<IReadOnlyList<Guid>> KeysInUse(IReadOnlySet<Guid> candidates, CancellationToken cancellationToken)
    {
        var prefixes = (await session.Query<string>($"""
            SELECT DISTINCT SUBSTRING(applicant_sealed, 1, {PersonalDataProtector.KeyPrefixLength}) FROM cases WHERE applicant_sealed IS NOT NULL
            """, null, cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return candidates.Where(k => prefixes.Contains(PersonalDataProtector.KeyPrefix(k))).ToList();
    }

    private bool GraceHasPassed(IReadOnlySet<Guid> unencrypted, DateTimeOffset now)
        => protector.AllKeys().Where(k => !unencrypted.Contains(k.KeyId) && !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now)
            .Any(k => k.CreationDate <= now - options.RetiredKeyGrace);
}
