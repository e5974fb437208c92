using CaseTracker.Domain.Applicants;

namespace CaseTracker.Domain.Tests.Applicants;

public class ResidentIdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")] // GB 11643-1999 Annex: the standard's own example
    [InlineData("11010519491231002x")]
    [InlineData("530101199001011235")]
    public void Problem_WhenCheckCharacterMatches_IsNull(string number) => Assert.Null(ResidentIdNumber.Problem(number));

    [Fact]
    public void Problem_WhenOneDigitIsMistyped_NamesTheCheckCharacter()
    {
        var problem = ResidentIdNumber.Problem("530101199001011234");
        Assert.NotNull(problem);
        Assert.Contains("check character", problem);
    }

    [Theory]
    [InlineData("53010119900101123", "18 characters")]
    [InlineData("530101990101123", "18 characters")] // the old 15-digit form carries no check character
    [InlineData("5301011990010A1235", "digits")]
    [InlineData("530101199013011235", "birth date")]
    public void Problem_WhenMalformed_SaysWhy(string number, string expected) => Assert.Contains(expected, ResidentIdNumber.Problem(number));

    [Fact]
    public void CheckCharacter_FollowsIso7064Mod11_2() => Assert.Equal('X', ResidentIdNumber.CheckCharacter("11010519491231002"));

    [Fact]
    public void Mask_KeepsFourEachEnd() => Assert.Equal("5301**********1235", ResidentIdNumber.Mask("530101199001011235"));
}
