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

    /// <summary>Seals every case still in plain text; returns how many were sealed.</summary>
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

        // SQLite keeps the replaced text in the write-ahead log until a checkpoint; fold it in and empty the file.
        if (sealedCount > 0 && session.Dialect.Provider == DatabaseProvider.Sqlite)
            await session.Execute("PRAGMA wal_checkpoint(TRUNCATE)", null, cancellationToken);
        return sealedCount;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
