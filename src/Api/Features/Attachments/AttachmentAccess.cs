using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Domain;
using CaseTracker.Domain.Attachments;
using CaseTracker.Infrastructure.Attachments;
using CaseTracker.Infrastructure.Cases;
using CaseTracker.Infrastructure.Persistence;

namespace CaseTracker.Api.Features.Attachments;

/// <summary>The case an attachment request is about: its number, agency and status, and its archival when archived.</summary>
public sealed record CaseHead(Guid Id, string CaseNumber, string AgencyCode, string Status, CaseArchivalRow? Archival);

/// <summary>An attachment as the API lists it (no content; the file name as uploaded).</summary>
public sealed record AttachmentDetails
{
    public required Guid Id { get; init; }
    public required Guid CaseId { get; init; }
    public required AttachmentKind Kind { get; init; }
    /// <summary>申请书, 身份证明 …</summary>
    public required string KindName { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long SizeBytes { get; init; }
    public string? Sha256 { get; init; }
    /// <summary>The history entry (seq of GET /api/cases/{id}/history) the file belongs to.</summary>
    public int? EventSeq { get; init; }
    /// <summary>The 邮件号 of the delivery a 送达凭证 belongs to.</summary>
    public string? TrackingNumber { get; init; }
    public string? Note { get; init; }
    public required string UploadedById { get; init; }
    public required string UploadedByName { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
    /// <summary>Stored, or Removed (content deleted by an administrator; <see cref="Removal"/> says who, when and why).</summary>
    public required string Status { get; init; }
    public AttachmentRemoval? Removal { get; init; }
    /// <summary>Where the file is downloaded (null once removed).</summary>
    public string? Download { get; init; }

    /// <summary>The details of a stored row.</summary>
    public static AttachmentDetails From(AttachmentRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        CaseId = Guid.Parse(row.CaseId),
        Kind = Enum.Parse<AttachmentKind>(row.Kind),
        KindName = AttachmentKinds.Name(Enum.Parse<AttachmentKind>(row.Kind)),
        FileName = row.FileName,
        ContentType = row.ContentType,
        SizeBytes = row.SizeBytes,
        Sha256 = row.Sha256,
        EventSeq = row.EventSeq,
        TrackingNumber = row.TrackingNumber,
        Note = row.Note,
        UploadedById = row.UploadedById,
        UploadedByName = row.UploadedByName,
        UploadedAt = row.CreatedAt,
        Status = row.Status,
        Removal = row.RemovedAt is { } at ? new AttachmentRemoval(at, row.RemovedById ?? "", row.RemovedByName ?? "", row.RemovalReason ?? "") : null,
        Download = row.Status == AttachmentRow.Stored ? $"/api/cases/{row.CaseId}/attachments/{row.Id}" : null,
    };
}

/// <summary>Who removed an attachment, when and why.</summary>
public sealed record AttachmentRemoval(DateTimeOffset At, string ById, string ByName, string Reason);

/// <summary>
/// Who may do what with a case's attachments (issue 19; security.md "Personal data"): the case must be visible to the user (else
/// 404); its files are read and added only by those who may read its applicant's full personal data (<see cref="PersonalDataReaders"/>,
/// else 403: an ID copy is personal data).
/// </summary>
public sealed class AttachmentAccess(DbSession session, AgencyAccess access, CurrentUser user, CaseArchiveStore archives)
{
    private sealed class Row
    {
        public string Id { get; init; } = default!;
        public string CaseNumber { get; init; } = default!;
        public string AgencyCode { get; init; } = default!;
        public string Status { get; init; } = default!;
    }

    /// <summary>The case, when the user may see it; 404 otherwise.</summary>
    public async Task<CaseHead> Visible(Guid caseId, CancellationToken cancellationToken)
    {
        var row = await access.VisibleCase(caseId, await session.QuerySingleOrDefault<Row>(
            "SELECT id, case_number, agency_code, status FROM cases WHERE id = @id", new { id = caseId.ToString() }, cancellationToken), r => r.AgencyCode, cancellationToken);
        return new CaseHead(caseId, row.CaseNumber, row.AgencyCode, row.Status, await archives.Find(caseId, cancellationToken));
    }

    /// <summary>The case, when the user may read and add its files (a handling role of its own agency); 404 or 403 otherwise.</summary>
    public async Task<CaseHead> ForContent(Guid caseId, CancellationToken cancellationToken)
    {
        var head = await Visible(caseId, cancellationToken);
        if (!MayReadContent(head.AgencyCode))
            throw new ForbiddenException(
                $"Only an intake officer, case handler or approver of agency {head.AgencyCode} may open or add the files of this case: they hold the applicant's personal data.");
        return head;
    }

    /// <summary>Whether the user may read the full personal data of a case of <paramref name="agencyCode"/> (<see cref="PersonalDataReaders.MayReadInFull"/>), and so its files.</summary>
    public bool MayReadContent(string agencyCode) => user.MayReadInFull(agencyCode);

    /// <summary>Refuses (409) a change to an archived case: the case file is its record.</summary>
    public static void EnsureNotArchived(CaseHead head)
    {
        if (head.Archival is { } a)
            throw new DomainRuleException($"Case {head.CaseNumber} was archived (归档) on {a.ArchivedOn:yyyy-MM-dd}: its case file is the record, and nothing more can be added or changed.");
    }
}
