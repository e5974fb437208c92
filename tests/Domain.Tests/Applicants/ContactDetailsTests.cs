using CaseTracker.Domain.Applicants;

namespace CaseTracker.Domain.Tests.Applicants;

// The phone and e-mail of an applicant, checked at registration and import so a reply or notice can reach them.
public class ContactDetailsTests
{
    [Theory]
    [InlineData("13900001111")]
    [InlineData("+86 139 0000 1111")]
    [InlineData("(0871) 6512-3456")]
    [InlineData("0871-65123456转123")]
    [InlineData("0871-65123456 ext. 12")]
    [InlineData("1234567")]
    public void PhoneProblem_OfAPhoneNumber_IsNull(string phone) => Assert.Null(ContactDetails.PhoneProblem(phone));

    [Theory]
    [InlineData("123456")] // 6 digits
    [InlineData("123456789012345678901")] // 21 digits
    [InlineData("139-0000-111a")]
    [InlineData("0871+6512345")]
    [InlineData("转123")]
    [InlineData("1391234567")] // a mobile with a digit lost (trial A finding 12)
    [InlineData("139-1234-56789")] // … or doubled
    public void PhoneProblem_OfSomethingElse_NamesTheValue(string phone) => Assert.Contains(phone, ContactDetails.PhoneProblem(phone));

    [Theory]
    [InlineData("zhang.san@example.cn")]
    [InlineData("a+b@mail.gov.cn")]
    public void EmailProblem_OfAnAddress_IsNull(string email) => Assert.Null(ContactDetails.EmailProblem(email));

    [Theory]
    [InlineData("zhang.san")]
    [InlineData("zhang@localhost")]
    [InlineData("a@b@example.cn")]
    [InlineData("zhang san@example.cn")]
    [InlineData("zhang@example..cn")]
    [InlineData("@example.cn")]
    public void EmailProblem_OfSomethingElse_NamesTheValue(string email) => Assert.Contains(email, ContactDetails.EmailProblem(email));

    // Issue 17 item 6: a phone number a spreadsheet turned into a number is refused with the format-as-text sentence,
    // by the mangled check alone and by the phone check that registration and import call.
    [Theory]
    [InlineData("1.38001E+10", "scientific notation")]
    [InlineData("1.3800138E+10", "scientific notation")]
    [InlineData("8716512345", "leading 0")]
    public void MangledPhoneProblem_WhenSpreadsheetMangledTheNumber_SaysToFormatTheColumnAsText(string phone, string what)
    {
        var problem = ContactDetails.MangledPhoneProblem(phone);
        Assert.NotNull(problem);
        Assert.Contains(what, problem);
        Assert.Contains("format the column as text", problem);
        Assert.Equal(problem, ContactDetails.PhoneProblem(phone));
    }

    [Theory]
    [InlineData("13800138000")]
    [InlineData("0871-65123456")]
    [InlineData("087165123456")]
    [InlineData("(0871) 6512 3456")]
    [InlineData("+86 138 0013 8000")]
    public void MangledPhoneProblem_WhenTypedAsText_IsNull(string phone) => Assert.Null(ContactDetails.MangledPhoneProblem(phone));
}
