using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Documents;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>Cases driven through their steps on the bundled State Council calendar, and the context documents are drafted in.</summary>
internal static class DocumentTestCases
{
    public const string Agency = "武汉市人民政府办公厅";

    public static readonly ClockContext Ctx = Context();

    public static DocumentContext DocContext(string issuedOn = "2026-03-05", string? reviewBody = null, string? reviewCourt = null,
        Guid? consultationId = null, IReadOnlyList<DeliveredDocument>? delivered = null)
        => new(Agency, reviewBody, reviewCourt, Ctx, D(issuedOn), LookupCode.New(), consultationId, delivered);

    /// <summary>Regime 2019, received in person on Monday 2026-03-02: due 2026-03-30 (20 working days, Art. 33).</summary>
    public static Case Case2019() => NewCase();

    /// <summary>Regime 2008, received in person on Monday 2018-03-05: due 2018-03-26 (15 working days, 2008 Art. 24).</summary>
    public static Case Case2008() => NewCase(submitted: "2018-03-05", received: "2018-03-05");

    public static Case Decided(string outcome, string decidedOn = "2026-03-20", string? summary = null)
    {
        var c = Case2019();
        c.Decide(D(decidedOn), outcome, summary, Ctx);
        return c;
    }

    public static DocumentDraft Draft(Case c, DocumentKind kind, DocumentContext? context = null)
        => CaseDocuments.Draft(c, kind, context ?? DocContext());

    public static string V(DocumentDraft draft, string key) => draft.Value(key) ?? throw new Xunit.Sdk.XunitException($"the draft has no field {key}");
}
