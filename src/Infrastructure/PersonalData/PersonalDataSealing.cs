using CaseTracker.Domain.Applicants;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// The start-up step of migration 0013: every case written before it still holds its applicant's ID number, phone, e-mail
/// and address in plain text; each is sealed, hashed and masked in place, 500 cases a transaction. Safe to run again and
/// from several instances at once (a row already sealed is left as it is).
/// </summary>
public sealed class PersonalDataSealing(DbSession session, PersonalDataProtector protector)
{
    private sealed class PlainRow
    {
        public string Id { get; init; } = default!;
        public string ApplicantName { get; init; } = default!;
        public string? ApplicantIdNumber { get; init; }
        public string? ApplicantPhone { get; init; }
        public string? ApplicantEmail { get; init; }
        public string? ApplicantAddress { get; init; }
    }

    private sealed class SecretRow
    {
        public string AgencyCode { get; init; } = default!;
        public string WebhookSecret { get; init; } = default!;
    }

    /// <summary>Seals every case, and every agency's webhook secret, still in plain text; returns how many rows were sealed.</summary>
    public async Task<int> SealPlainRows(CancellationToken cancellationToken)
    {
        var sealedCount = 0;
        while (true)
        {
            await session.Begin(cancellationToken);
            var rows = await session.Query<PlainRow>(session.Dialect.Page("""
                SELECT id, applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address FROM cases
                WHERE applicant_sealed IS NULL AND (applicant_id_number IS NOT NULL OR applicant_phone IS NOT NULL
                    OR applicant_email IS NOT NULL OR applicant_address IS NOT NULL)
                ORDER BY id
                """), new { offset = 0, limit = 500 }, cancellationToken);
            if (rows.Count == 0)
            {
                await session.Rollback();
                break;
            }

            foreach (var row in rows)
            {
                var idHash = protector.IdHash(row.ApplicantIdNumber);
                sealedCount += await session.Execute("""
                    UPDATE cases SET applicant_sealed = @sealed, applicant_id_hash = @idHash, applicant_key = @key,
                        applicant_id_number = @idNumber, applicant_phone = @phone, applicant_email = @email, applicant_address = @address
                    WHERE id = @id AND applicant_sealed IS NULL
                    """, new
                {
                    id = row.Id,
                    @sealed = protector.Seal(new ApplicantSecrets(Blank(row.ApplicantIdNumber), Blank(row.ApplicantPhone), Blank(row.ApplicantEmail),
                        Blank(row.ApplicantAddress))),
                    idHash,
                    key = CaseRepository.ApplicantKey(row.ApplicantName, idHash),
                    idNumber = PersonalDataMask.IdNumber(row.ApplicantIdNumber),
                    phone = PersonalDataMask.Phone(row.ApplicantPhone),
                    email = PersonalDataMask.Email(row.ApplicantEmail),
                    address = PersonalDataMask.Address(row.ApplicantAddress),
                }, cancellationToken);
            }

            await session.Commit(cancellationToken);
        }

        sealedCount += await SealWebhookSecrets(cancellationToken);

        // SQLite keeps the replaced text in the write-ahead log until a checkpoint; fold it in and empty the file.
        if (sealedCount > 0 && session.Dialect.Provider == DatabaseProvider.Sqlite)
            await session.Execute("PRAGMA wal_checkpoint(TRUNCATE)", null, cancellationToken);
        return sealedCount;
    }

    // Secrets saved before sealing (agency_settings.webhook_secret in plain text), sealed in place; the update is guarded by the
    // plain value read, so a secret saved meanwhile is left as it was saved.
    private async Task<int> SealWebhookSecrets(CancellationToken cancellationToken)
    {
        await session.Begin(cancellationToken);
        var rows = await session.Query<SecretRow>(
            "SELECT agency_code, webhook_secret FROM agency_settings WHERE webhook_secret IS NOT NULL AND webhook_secret NOT LIKE @prefix",
            new { prefix = PersonalDataProtector.SealedWebhookSecretPrefix + "%" }, cancellationToken);
        var count = 0;
        foreach (var row in rows)
            count += await session.Execute(
                "UPDATE agency_settings SET webhook_secret = @sealed WHERE agency_code = @agency AND webhook_secret = @plain",
                new { agency = row.AgencyCode, plain = row.WebhookSecret, @sealed = protector.SealWebhookSecret(row.WebhookSecret) }, cancellationToken);
        await session.Commit(cancellationToken);
        return count;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
