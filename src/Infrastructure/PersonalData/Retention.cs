using CaseTracker.Domain.Cases;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.PersonalData;

/// <summary>
/// Retention of applicants' personal data (security.md "Personal data"; 个人信息保护法 Art. 19, 47): each agency keeps it
/// <see cref="DefaultYears"/> years after a case closes unless it sets otherwise (<c>agency_settings.retention_years</c>); then the
/// name, ID number, phone, e-mail and address are erased from the case, and the case itself, its dates, outcome, history and
/// every count of the reports stay as they were. Each erasure is a row of <see cref="PersonalDataLog"/>.
/// </summary>
public sealed class Retention(DbSession session, PersonalDataLog log, Attachments.AttachmentStore attachments)
{
    public const int DefaultYears = 10;

    /// <summary>What an erased applicant's name reads.</summary>
    public const string ErasedName = "（已删除）";

    private sealed class AgencyYears
    {
        public string Code { get; init; } = default!;
        public int? RetentionYears { get; init; }
    }

    private sealed class ClosedCase
    {
        public string Id { get; init; } = default!;
        public string CaseNumber { get; init; } = default!;
        public DateOnly ClosedOn { get; init; }
    }

    /// <summary>Sets how many years (1–100) after closing the agency keeps applicants' personal data.</summary>
    public async Task SetYears(string agencyCode, int years, CancellationToken cancellationToken)
    {
        var p = new { agency = agencyCode, years };
        if (await session.Execute("UPDATE agency_settings SET retention_years = @years WHERE agency_code = @agency", p, cancellationToken) == 0)
            await session.Execute("INSERT INTO agency_settings (agency_code, retention_years) VALUES (@agency, @years)", p, cancellationToken);
    }

    /// <summary>The agency's retention in years (<see cref="DefaultYears"/> when it set none).</summary>
    public async Task<int> YearsOf(string agencyCode, CancellationToken cancellationToken)
        => await session.QuerySingleOrDefault<int?>("SELECT retention_years FROM agency_settings WHERE agency_code = @agency",
            new { agency = agencyCode }, cancellationToken) ?? DefaultYears;

    /// <summary>
    /// Erases the personal data of every case closed before <paramref name="today"/> (a China date) minus its agency's retention,
    /// within the caller's transaction, and logs each erasure as done by <paramref name="actor"/> at <paramref name="now"/>.
    /// A case erased already is not touched again. Returns how many cases were erased.
    /// </summary>
    public async Task<int> EraseExpired(DateOnly today, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var erased = 0;
        var agencies = await session.Query<AgencyYears>(
            "SELECT a.code, s.retention_years FROM agencies a LEFT JOIN agency_settings s ON s.agency_code = a.code", null, cancellationToken);
        foreach (var agency in agencies)
        {
            var years = agency.RetentionYears ?? DefaultYears;
            var cases = await session.Query<ClosedCase>("""
                SELECT id, case_number, closed_on FROM cases
                WHERE agency_code = @agency AND status = 'Closed' AND closed_on < @cutoff AND applicant_name <> @erasedName
                """, new { agency = agency.Code, cutoff = today.AddYears(-years), erasedName = ErasedName }, cancellationToken);
            foreach (var c in cases)
            {
                await session.Execute("""
                    UPDATE cases SET applicant_name = @erasedName, applicant_key = @key, applicant_id_number = NULL, applicant_phone = NULL,
                        applicant_email = NULL, applicant_address = NULL, applicant_sealed = NULL, applicant_id_hash = NULL
                    WHERE id = @id
                    """, new { id = c.Id, erasedName = ErasedName, key = "erased:" + c.Id }, cancellationToken);
                // The documents issued to the applicant carry the same name and address: their content goes too (number and SHA-256 stay).
                await session.Execute("UPDATE issued_documents SET fields_sealed = NULL, docx_sealed = NULL WHERE case_id = @id",
                    new { id = c.Id }, cancellationToken);
                // So do its attachments (an ID copy, the application letter): their content is deleted, the rows stay as removed.
                await attachments.RemoveAllOf(Guid.Parse(c.Id), actor, $"保存期{years}年已满，随申请人个人信息删除", now, cancellationToken);
                await log.Record(new PersonalDataLogEntry
                {
                    Id = Guid.CreateVersion7(),
                    Action = PersonalDataAction.Erased,
                    CaseId = Guid.Parse(c.Id),
                    CaseNumber = c.CaseNumber,
                    AgencyCode = agency.Code,
                    UserId = actor.UserId,
                    UserName = actor.Name,
                    Reason = $"{c.ClosedOn:yyyy-MM-dd}办结，保存期{years}年已满",
                    At = now,
                }, cancellationToken);
                erased++;
            }
        }

        return erased;
    }
}
