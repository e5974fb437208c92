using CaseTracker.Domain.Applicants;

namespace CaseTracker.Domain.Tests.Applicants;

/// <summary>Issue 17 item 6: a phone number a spreadsheet turned into a number is refused with the format-as-text sentence.</summary>
public class ContactPhoneTests
{
    [Theory]
    [InlineData("1.38001E+10", "scientific notation")]
    [InlineData("1.3800138E+10", "scientific notation")]
    [InlineData("8716512345", "leading 0")]
    public void Problem_WhenSpreadsheetMangledTheNumber_SaysToFormatTheColumnAsText(string phone, string what)
    {
        var problem = ContactPhone.Problem(phone);
        Assert.NotNull(problem);
        Assert.Contains(what, problem);
        Assert.Contains("format the column as text", problem);
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("0871-65123456")]
    [InlineData("087165123456")]
    [InlineData("(0871) 6512 3456")]
    [InlineData("+86 138 0013 8000")]
    public void Problem_WhenTypedAsText_IsNull(string phone) => Assert.Null(ContactPhone.Problem(phone));
}
