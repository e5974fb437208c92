using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Documents;

/// <summary>The papers a case's steps call for (文书, documents.md "The set"), in the order of that table.</summary>
public enum DocumentKind
{
    /// <summary>登记回执 / 受理回执: registration or confirmation of the receipt (Art. 31), with the 查询码.</summary>
    Receipt,
    /// <summary>补正告知书 (Art. 30, Regime 2019 only).</summary>
    SupplementNotice,
    /// <summary>征求意见书 to the party consulted (Art. 32, 34; 2008 Art. 23).</summary>
    ConsultationLetter,
    /// <summary>征求意见告知书 to the applicant: the consultation time is not counted (Art. 33 ¶3; 2008 Art. 24 ¶3).</summary>
    ConsultationNotice,
    /// <summary>延期答复告知书 (Art. 33 ¶2; 2008 Art. 24 ¶2).</summary>
    ExtensionNotice,
    /// <summary>延迟答复告知书 (Art. 35, Regime 2019 only).</summary>
    DeferralNotice,
    /// <summary>收费通知书 (Art. 42, 国办函〔2020〕109号; Regime 2019 cases received from 2021-01-01).</summary>
    FeeNotice,
    /// <summary>答复书 / 告知书, its wording chosen by the outcome decided (Art. 36–39; 2008 Art. 21–22).</summary>
    Answer,
    /// <summary>送达回证 (国办公开办函〔2016〕235号).</summary>
    DeliveryRecord,
}

/// <summary>
/// What drafting needs besides the case: the issuing agency's name as in force today, the review body (复议机关) and court
/// when the agency configured them (null: the remedies clause then names none), the clock context, the acting date printed
/// on the document (China date), the receipt's 查询码 (required for <see cref="DocumentKind.Receipt"/>, ignored otherwise),
/// which consultation a consultation letter or notice is about (null: the latest one), and the answer letters in force a
/// delivery record covers, each by its own title and number (文号) (null or empty: the record names the answer letter of the
/// decision by its title, editable).
/// </summary>
public sealed record DocumentContext(
    string AgencyName,
    string? ReviewBody,
    string? ReviewCourt,
    ClockContext Clock,
    DateOnly IssuedOn,
    string? LookupCode,
    Guid? ConsultationId = null,
    IReadOnlyList<DeliveredDocument>? DeliveredDocuments = null,
    string? StatusPageUrl = null);

/// <summary>An issued answer letter a delivery record (送达回证) names: its title as issued, its 文号 and its date (China date).</summary>
public sealed record DeliveredDocument(string Title, string Number, DateOnly IssuedOn);

/// <summary>
/// One named part of a document. <see cref="Key"/> is the field name used in templates (content control tag), e.g.
/// "applicant.name", "case.number", "receivedOn", "dueOn", "supplyBy", "items", "newDueOn", "payBy", "outcome", "reason",
/// "article", "remedies", "body"; <see cref="Label"/> its Chinese name for the edit form; dates are already formatted
/// Chinese ("2026年9月22日"). Only <see cref="Editable"/> fields (free text) may be changed by the clerk.
/// </summary>
public sealed record DocumentField(string Key, string Label, string Value, bool Editable);

/// <summary>
/// A document filled from the case, before it has a number (文号). <see cref="EventSequence"/> is the 0-based index in
/// <see cref="Case.Events"/> of the step it documents (for a receipt: the Registered or ReceiptConfirmed event that fixed
/// the receipt date).
/// </summary>
public sealed record DocumentDraft(DocumentKind Kind, string Title, string Addressee, int EventSequence, IReadOnlyList<DocumentField> Fields)
{
    /// <summary>The value of the field <paramref name="key"/>, or null when the draft has no such field.</summary>
    public string? Value(string key) => Fields.FirstOrDefault(f => f.Key == key)?.Value;
}
