using CaseTracker.Domain.Applicants;

namespace CaseTracker.Domain.Tests.Applicants;

// security.md "Personal data": ID numbers are checked (length, birth date, GB 11643 check digit; other documents by kind).
public class IdDocumentTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Theory]
    [InlineData(IdDocumentKind.ResidentIdCard, "11010519491231002X")] // GB 11643-1999's own example
    [InlineData(IdDocumentKind.ResidentIdCard, "11010519491231002x")]
    [InlineData(IdDocumentKind.ResidentIdCard, "110105491231002")] // the old 15-digit form
    [InlineData(IdDocumentKind.Passport, "E12345678")]
    [InlineData(IdDocumentKind.HongKongMacaoPermit, "H12345678")]
    [InlineData(IdDocumentKind.TaiwanPermit, "1234567801")]
    [InlineData(IdDocumentKind.ForeignPermanentResidentCard, "USA123456789012")]
    [InlineData(IdDocumentKind.CreditCode, "91350100M000100Y43")] // GB 32100-2015 check character
    [InlineData(IdDocumentKind.Other, "A-1234/5")]
    public void Problem_WhenValidForItsKind_IsNull(IdDocumentKind kind, string number) => Assert.Null(IdDocument.Problem(kind, number, Today));

    [Theory]
    [InlineData("5.32329E+17")]
    [InlineData("5.32329e17")]
    [InlineData("532329000000000000E+0")]
    public void Problem_WhenExcelScientificNotation_SaysSoWhateverTheKind(string number)
    {
        foreach (var kind in Enum.GetValues<IdDocumentKind>())
            Assert.Contains("scientific notation", IdDocument.Problem(kind, number, Today));
    }

    [Theory]
    [InlineData("110105194912310021", "check character")]
    [InlineData("11010519491231002", "18 characters")]
    [InlineData("110105194913310028", "birth date")]
    [InlineData("110105209912310029", "future")]
    [InlineData("11010549123100A", "digits only")]
    [InlineData("110105491331002", "not a date")]
    public void Problem_WhenResidentCardIsWrong_SaysWhy(string number, string expected)
        => Assert.Contains(expected, IdDocument.Problem(IdDocumentKind.ResidentIdCard, number, Today));

    [Theory]
    [InlineData(IdDocumentKind.Passport, "E12")]
    [InlineData(IdDocumentKind.HongKongMacaoPermit, "X12345678")]
    [InlineData(IdDocumentKind.TaiwanPermit, "123")]
    [InlineData(IdDocumentKind.ForeignPermanentResidentCard, "123456789012345")]
    [InlineData(IdDocumentKind.CreditCode, "91350100M000100Y44")]
    [InlineData(IdDocumentKind.CreditCode, "91350100M000100I43")]
    [InlineData(IdDocumentKind.Other, "号码")]
    public void Problem_WhenWrongForItsKind_IsASentence(IdDocumentKind kind, string number) => Assert.NotNull(IdDocument.Problem(kind, number, Today));
}
