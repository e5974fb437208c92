using CaseTracker.Api.Features.PersonalData.ErasePersonalData;
using CaseTracker.Api.Tests.Support;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static CaseTracker.Api.Tests.Attachments.AttachmentKit;
using static CaseTracker.Api.Tests.Support.Scenario;

namespace CaseTracker.Api.Tests.Attachments;

/// <summary>security.md "Retention": a case's attachments (an ID copy is personal data) go with its applicant's personal data.</summary>
public class RetentionOfAttachmentsTests(CaseTrackerFactory factory) : IClassFixture<CaseTrackerFactory>
{
    [Fact]
    public async Task Erase_OfACaseClosedMoreThanTheRetentionAgo_DeletesItsAttachmentsContent_KeepsTheirRows()
    {
        var s = await Create(factory);
        var id = await Closed(s);
        var aid = await Uploaded(s.Handler, id, SampleFiles.Jpeg(), "身份证.jpg", "Identity");
        await Ok(s.Admin.PutAsync($"/api/agencies/{s.Child}/retention", System.Net.Http.Json.JsonContent.Create(new { years = 1 })));
        factory.Time.SetUtcNow(factory.Time.GetUtcNow().AddYears(2));
        using (var scope = factory.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ErasePersonalDataCommand()) >= 1);
        Assert.Equal(0L, Convert.ToInt64(factory.Database.Scalar("SELECT COUNT(*) FROM attachment_chunks WHERE attachment_id = @id", ("id", aid))));
        Assert.Equal("Removed", (string)factory.Database.Scalar("SELECT status FROM attachments WHERE id = @id", ("id", aid))!);
        Assert.Contains("保存期", (string)factory.Database.Scalar("SELECT removal_reason FROM attachments WHERE id = @id", ("id", aid))!);
    }
}
