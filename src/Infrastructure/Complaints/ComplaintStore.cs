using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Infrastructure.Complaints;

/// <summary>Rows of complaints: the complaints and reports (举报投诉) about an agency's disclosure work.</summary>
public sealed class ComplaintStore(DbSession session)
{
    /// <summary>Stores a complaint received by the agency on <paramref name="receivedOn"/>.</summary>
    public async Task Add(Guid id, string agencyCode, DateOnly receivedOn, string subject, DateTimeOffset createdAt, CancellationToken cancellationToken)
        => await session.Execute("INSERT INTO complaints (id, agency_code, received_on, subject, created_at) VALUES (@id, @agency, @receivedOn, @subject, @now)",
            new { id = id.ToString(), agency = agencyCode, receivedOn, subject, now = createdAt }, cancellationToken);
}
