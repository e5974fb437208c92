using CaseTracker.Domain.Cases;

namespace CaseTracker.Domain.Tests.Cases;

public class SimilarRequestsTests
{
    [Fact]
    public void AreSimilar_WhenTheSameThingIsAskedInOtherWords_IsTrue()
        => Assert.True(SimilarRequests.AreSimilar("2025年城市道路维修预算及执行情况", "2025年城市道路维修预算"));

    [Fact]
    public void AreSimilar_WhenAnotherSubject_IsFalse()
        => Assert.False(SimilarRequests.AreSimilar("2025年城市道路维修预算", "某小区拆迁补偿安置方案"));
}
