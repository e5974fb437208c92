using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Proceedings;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Proceedings;

public class ProceedingTests
{
    private static readonly DateOnly Today = D("2026-06-30");

    private static Proceeding Filed(string on = "2026-03-10", ProceedingCase? about = null)
        => Proceeding.File(ProceedingId.New(), "CX", ProceedingKind.Review, D(on), Today, about);

    [Fact]
    public void File_WithoutCase_IsPendingWithItsKindAndDate()
    {
        var p = Proceeding.File(ProceedingId.New(), "CX", ProceedingKind.LitigationAfterReview, D("2026-03-10"), Today);
        Assert.Equal(ProceedingKind.LitigationAfterReview, p.Kind);
        Assert.Equal(D("2026-03-10"), p.FiledOn);
        Assert.Null(p.CaseId);
        Assert.False(p.IsConcluded);
        Assert.Null(p.Result);
        Assert.Null(p.ConcludedOn);
    }

    [Fact]
    public void File_WhenDateInTheFuture_RefusesFiledOn()
    {
        var error = Assert.Throws<InvalidInputException>(() => Filed("2026-07-01"));
        Assert.Equal("filedOn", error.Field);
        Assert.Contains("in the future", error.Message);
    }

    [Fact]
    public void File_Today_IsAllowed() => Assert.Equal(Today, Filed("2026-06-30").FiledOn);

    [Fact]
    public void File_WhenCaseOfAnotherAgencyOrMissing_RefusesCaseId()
    {
        var id = CaseId.New();
        Assert.Equal("caseId", Assert.Throws<InvalidInputException>(() => Filed(about: new ProceedingCase(id, "YN", D("2026-03-02")))).Field);
        var missing = Assert.Throws<InvalidInputException>(() => Filed(about: new ProceedingCase(id, null, null)));
        Assert.Equal("caseId", missing.Field);
        Assert.Equal($"Agency CX has no case {id.Value}.", missing.Message);
    }

    [Fact]
    public void File_WhenBeforeTheRequestWasReceived_RefusesFiledOn()
    {
        var about = new ProceedingCase(CaseId.New(), "CX", D("2026-03-11"));
        Assert.Equal("filedOn", Assert.Throws<InvalidInputException>(() => Filed("2026-03-10", about)).Field);
        Assert.Equal(about.Id, Filed("2026-03-11", about).CaseId);
    }

    [Fact]
    public void File_WhenFutureAndCaseMissing_RefusesTheDateFirst()
        => Assert.Equal("filedOn", Assert.Throws<InvalidInputException>(() => Filed("2026-07-01", new ProceedingCase(CaseId.New(), null, null))).Field);

    [Fact]
    public void Conclude_OnOrAfterFiling_RecordsResultAndDate()
    {
        var p = Filed();
        p.Conclude(ProceedingResult.Corrected, D("2026-03-10"), Today);
        Assert.True(p.IsConcluded);
        Assert.Equal(ProceedingResult.Corrected, p.Result);
        Assert.Equal(D("2026-03-10"), p.ConcludedOn);
    }

    [Fact]
    public void Conclude_BeforeFiling_RefusesConcludedOn()
    {
        var p = Filed();
        Assert.Equal("concludedOn", Assert.Throws<InvalidInputException>(() => p.Conclude(ProceedingResult.Upheld, D("2026-03-09"), Today)).Field);
        Assert.False(p.IsConcluded);
    }

    [Fact]
    public void Conclude_InTheFuture_RefusesConcludedOn()
        => Assert.Equal("concludedOn", Assert.Throws<InvalidInputException>(() => Filed().Conclude(ProceedingResult.Upheld, D("2026-07-01"), Today)).Field);

    [Fact]
    public void Conclude_WhenAlreadyConcluded_RefusesTheSecond()
    {
        var p = Filed();
        p.Conclude(ProceedingResult.Upheld, D("2026-04-01"), Today);
        var error = Assert.Throws<DomainRuleException>(() => p.Conclude(ProceedingResult.Corrected, D("2026-04-02"), Today));
        Assert.Equal("The proceeding was already concluded on 2026-04-01 (Upheld).", error.Message);
        Assert.Equal(ProceedingResult.Upheld, p.Result);
    }

    [Fact]
    public void Rehydrate_Concluded_RefusesConcluding()
    {
        var p = Proceeding.Rehydrate(ProceedingId.New(), null, "CX", ProceedingKind.LitigationDirect, D("2026-01-05"), ProceedingResult.Other, D("2026-02-01"));
        Assert.Throws<DomainRuleException>(() => p.Conclude(ProceedingResult.Other, D("2026-02-02"), Today));
    }
}
