using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Tests.Cases;

public class CaseNumberTests
{
    [Theory]
    [InlineData("CX", 2026, 1, "CX-2026-00001")]
    [InlineData("YN", 2018, 99_999, "YN-2018-99999")]
    [InlineData("CX-A_1", 2026, 42, "CX-A_1-2026-00042")]
    public void ToString_WritesAgencyYearAndFiveDigits(string agency, int year, int sequence, string expected)
        => Assert.Equal(expected, new CaseNumber(agency, year, sequence).ToString());

    [Theory]
    [InlineData("CX-2026-00001", "CX", 2026, 1)]
    [InlineData("YN-2018-99999", "YN", 2018, 99_999)]
    [InlineData("CX-A-2026-00003", "CX-A", 2026, 3)] // an agency code may itself hold '-'
    [InlineData("CX-2026-00000", "CX", 2026, 0)] // read; the import refuses sequence 0 with its own sentence
    public void TryParse_WhenWrittenAsTheRegisterWritesIt_ReadsAgencyYearAndSequence(string text, string agency, int year, int sequence)
    {
        Assert.True(CaseNumber.TryParse(text, out var number));
        Assert.Equal(new CaseNumber(agency, year, sequence), number);
        Assert.Equal(text, number.ToString());
        Assert.Equal(number, CaseNumber.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CX-2026-1")]
    [InlineData("CX-26-00001")]
    [InlineData("CX-2026-000001")]
    [InlineData("CX2026-00001")]
    [InlineData("-2026-00001")]
    [InlineData("CX/1-2026-00001")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTU-2026-00001")] // agency codes are at most 20 characters
    [InlineData("CX-2026-0000١")] // Arabic-Indic digit: only 0–9
    public void TryParse_WhenNotACaseNumber_IsFalse(string? text)
    {
        Assert.False(CaseNumber.TryParse(text, out var number));
        Assert.Equal(default, number);
        if (text is not null) Assert.Throws<FormatException>(() => CaseNumber.Parse(text));
    }

    [Fact]
    public void UsedUp_NamesAgencyAndYear()
    {
        var refusal = CaseNumber.UsedUp("CX", 2026);
        Assert.Equal("Agency CX has used all 99,999 case numbers of 2026; no further case can be numbered in that year.", refusal.Message);
        Assert.Equal(99_999, CaseNumber.Last);
    }
}
