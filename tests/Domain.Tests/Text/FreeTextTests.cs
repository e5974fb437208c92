namespace CaseTracker.Domain.Tests.Text;

/// <summary>Issue 10 item 6: the register's one rule for stored free text.</summary>
public class FreeTextTests
{
    [Theory]
    [InlineData("某局\uFFFE", "U+FFFE")]
    [InlineData("\uFFFF", "U+FFFF")]
    [InlineData("甲\uFDD0", "U+FDD0")]
    [InlineData("甲\u0001乙", "control")]
    [InlineData("甲\u007F", "control")]
    [InlineData("\u200B", "no visible")]
    [InlineData("\u200B \u2060\u00AD", "no visible")]
    [InlineData("\u0301\u20DD", "no visible")]
    [InlineData("\u3000 \t\r\n", "no visible")]
    public void Problem_WhenTextCannotBeStored_NamesTheFieldAndWhy(string text, string why)
    {
        var problem = FreeText.Problem("description", text);
        Assert.NotNull(problem);
        Assert.StartsWith("description ", problem);
        Assert.Contains(why, problem);
        Assert.Equal("description", Assert.Throws<InvalidInputException>(() => FreeText.Check("description", text)).Field);
    }

    [Fact]
    public void Problem_WhenASurrogateIsBroken_SaysSo()
    {
        // In code, not as theory data: a lone surrogate does not survive the test runner's serialization.
        foreach (var text in new[] { "\uD800甲", "甲\uDC00", "甲\uD800" })
            Assert.Contains("broken", FreeText.Problem("description", text));
    }

    [Theory]
    [InlineData("张三")]
    [InlineData("张\u200D三")]
    [InlineData("第一行\r\n\t第二行")]
    [InlineData("𠀀𪚥")] // CJK Extension B, surrogate pairs
    [InlineData("\uE000")] // private use: some offices map rare characters of names there
    [InlineData("é")]
    [InlineData("")]
    public void Problem_WhenTextIsFine_IsNull(string text)
    {
        Assert.Null(FreeText.Problem("name", text));
        FreeText.Check("name", text);
        FreeText.Check("name", null);
    }
}
