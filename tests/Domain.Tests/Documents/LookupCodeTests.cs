using CaseTracker.Domain.Documents;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>documents.md: the receipt's 查询码 — random, at least 8 characters, no look-alikes, not derived from the case.</summary>
public class LookupCodeTests
{
    [Fact]
    public void New_TenCharactersWithoutLookAlikes()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = LookupCode.New();
            Assert.Equal(10, code.Length);
            Assert.True(code.Length >= 8);
            Assert.DoesNotContain(code, c => c is '0' or 'O' or 'o' or '1' or 'l' or 'I' or 'L' or 'i');
            Assert.True(LookupCode.IsWellFormed(code), code);
        }
    }

    [Fact]
    public void Alphabet_HasNoLookAlikesAndNoRepeats()
    {
        Assert.Equal(LookupCode.Alphabet.Length, LookupCode.Alphabet.Distinct().Count());
        Assert.DoesNotContain(LookupCode.Alphabet, c => "0O1lIL".Contains(c));
    }

    [Fact]
    public void New_IsRandom_EverySymbolAppearsAndNoCodeRepeats()
    {
        // Not derived from anything: 2,000 codes, all different, every symbol of the alphabet used in every position's draw.
        var codes = Enumerable.Range(0, 2000).Select(_ => LookupCode.New()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(LookupCode.Alphabet.Order(), codes.SelectMany(c => c).Distinct().Order());
        Assert.Equal(LookupCode.Alphabet.Order(), codes.Select(c => c[0]).Distinct().Order());
    }

    [Theory]
    [InlineData("ABCD-EFGH 23", "ABCDEFGH23")]
    [InlineData("abcdefgh23", "ABCDEFGH23")]
    public void Normalize_IgnoresSpacesHyphensAndCase(string typed, string code)
        => Assert.Equal(code, LookupCode.Normalize(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFGH2")]
    [InlineData("ABCDEFGH234")]
    [InlineData("ABCDEFGH20")]
    [InlineData("ABCDEFGHI2")]
    public void IsWellFormed_WrongLengthOrLookAlike_IsFalse(string? code)
        => Assert.False(LookupCode.IsWellFormed(code));
}
