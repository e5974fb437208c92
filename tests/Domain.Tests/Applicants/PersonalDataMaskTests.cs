using CaseTracker.Domain.Applicants;

namespace CaseTracker.Domain.Tests.Applicants;

// security.md "Personal data": masked by default everywhere they are shown or exported.
public class PersonalDataMaskTests
{
    [Fact]
    public void IdNumber_WhenEighteenCharacters_KeepsFourEachEnd() => Assert.Equal("5301**********1234", PersonalDataMask.IdNumber("530101199001011234"));

    [Fact]
    public void Phone_WhenMobile_KeepsThreeAndFour() => Assert.Equal("139****1111", PersonalDataMask.Phone("13900001111"));

    [Fact]
    public void Phone_WhenShort_ShowsOnlyLastTwo() => Assert.Equal("****11", PersonalDataMask.Phone("001111"));

    [Fact]
    public void Email_KeepsFirstCharacterAndDomain() => Assert.Equal("z***@example.cn", PersonalDataMask.Email("zhang.san@example.cn"));

    [Fact]
    public void Address_KeepsProvinceAndCity() => Assert.Equal("云南省昆明市***", PersonalDataMask.Address("云南省昆明市五华区华山南路1号"));

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Each_WhenBlank_IsNull(string? value)
    {
        Assert.Null(PersonalDataMask.IdNumber(value));
        Assert.Null(PersonalDataMask.Phone(value));
        Assert.Null(PersonalDataMask.Email(value));
        Assert.Null(PersonalDataMask.Address(value));
    }
}
