using CaseTracker.Domain.Documents;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>documents.md "Numbering (文号)".</summary>
public class DocumentNumberTests
{
    [Fact]
    public void Format_PrefixYearSequence_AsGbT9704Writes发文字号()
        => Assert.Equal("武政信补〔2026〕3号", DocumentNumber.Format("武政信补", 2026, 3));

    [Theory]
    [InlineData("", 2026, 1, "prefix")]
    [InlineData("  ", 2026, 1, "prefix")]
    [InlineData("武政信〔补〕", 2026, 1, "prefix")]
    [InlineData("武政 信补", 2026, 1, "prefix")]
    [InlineData("武政信补", 1999, 1, "year")]
    [InlineData("武政信补", 2026, 0, "sequence")]
    public void Format_BadParts_AreRefusedNamingThePart(string prefix, int year, int sequence, string field)
    {
        var error = Assert.Throws<InvalidInputException>(() => DocumentNumber.Format(prefix, year, sequence));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Format_OverLongPrefix_IsRefused()
        => Assert.Throws<InvalidInputException>(() => DocumentNumber.Format(new string('武', DocumentNumber.MaxPrefixLength + 1), 2026, 1));

    [Fact]
    public void DefaultPrefix_EveryKindHasItsOwnValidPrefix()
    {
        var prefixes = Enum.GetValues<DocumentKind>().Select(DocumentNumber.DefaultPrefix).ToList();
        Assert.Equal(prefixes.Count, prefixes.Distinct().Count());
        Assert.All(prefixes, p => Assert.Null(DocumentNumber.PrefixProblem(p)));
        Assert.Equal("依申请公开补〔2026〕1号", DocumentNumber.Format(DocumentNumber.DefaultPrefix(DocumentKind.SupplementNotice), 2026, 1));
    }
}
