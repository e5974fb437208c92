using CaseTracker.Api.Desk.Forms;
using CaseTracker.Domain;

namespace CaseTracker.Api.Tests.Chinese;

/// <summary>Trial A finding 9: a desk form's stale-version conflict is one Chinese sentence naming what changed (an agency is not a 案件).</summary>
public class FormConflictTests
{
    [Fact]
    public void AgencyConflict_IsOneSentenceAboutTheAgency()
    {
        var problem = FormProblem.From(new ConcurrencyConflictException("Agency CX is at version 2, not 1: someone changed it since you read it; reload and try again."));
        Assert.Equal("机关CX的当前版本为2，不是1：您读取后已有人修改，请重新载入后再试。", problem!.Summary);
    }

    [Fact]
    public void CaseConflict_IsOneSentenceAboutTheCase()
    {
        var problem = FormProblem.From(new ConcurrencyConflictException("Case CX-2026-00001 is at version 3, not 2: someone changed it since you read it; reload and try again."));
        Assert.Equal("案件CX-2026-00001的当前版本为3，不是2：您读取后已有人修改，请重新载入后再试。", problem!.Summary);
    }
}
