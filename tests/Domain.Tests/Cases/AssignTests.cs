using CaseTracker.Domain.Cases;
using static CaseTracker.Domain.Tests.Support;

namespace CaseTracker.Domain.Tests.Cases;

public class AssignTests
{
    private static readonly ClockContext Ctx = Context(today: "2026-03-10");

    [Fact]
    public void Assign_WhenOpen_NamesTheHandlerAsOfToday()
    {
        var c = NewCase();
        var assignment = c.Assign(" handler-1 ", " 李四 ", Ctx);
        Assert.Equal(new Assignment("handler-1", "李四", D("2026-03-10")), assignment);
        Assert.Single(c.Events); // not an event of the clock: no date moves
    }

    [Fact]
    public void Assign_WhenClosed_IsRefused()
    {
        var c = NewCase();
        c.Withdraw(D("2026-03-03"), Ctx);
        var error = Assert.Throws<DomainRuleException>(() => c.Assign("handler-1", "李四", Ctx));
        Assert.Equal("The case was closed on 2026-03-03; it needs no handler.", error.Message);
    }
}
