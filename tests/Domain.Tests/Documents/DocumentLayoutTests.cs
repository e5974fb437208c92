using CaseTracker.Domain.Documents;
using static CaseTracker.Domain.Tests.Documents.DocumentTestCases;

namespace CaseTracker.Domain.Tests.Documents;

/// <summary>The default wording of each kind (GB/T 9704-2012 §7: title, number under it, addressee, body, 落款).</summary>
public class DocumentLayoutTests
{
    [Fact]
    public void Of_EveryKind_TitleNumberFirstAgencyAndDateLast()
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            var blocks = DocumentLayout.Of(kind);
            Assert.Equal(BlockRole.Title, blocks[0].Role);
            Assert.Equal(BlockRole.Number, blocks[1].Role);
            Assert.Equal("number", blocks[1].Segments.Single().FieldKey);
            Assert.Equal([BlockRole.Signature, BlockRole.Date], blocks.TakeLast(2).Select(b => b.Role));
            Assert.Equal("agency", blocks[^2].Segments.Single().FieldKey);
            Assert.Equal("issuedOn", blocks[^1].Segments.Single().FieldKey);
        }
    }

    [Fact]
    public void Fill_Receipt_FillsEveryFieldAndLeavesOutTheEmptyNote()
    {
        var draft = Draft(Case2019(), DocumentKind.Receipt);
        var blocks = DocumentLayout.Fill(draft, "依申请公开受〔2026〕1号");
        Assert.Equal("政府信息公开申请登记回执", blocks[0].Text);
        Assert.Equal("依申请公开受〔2026〕1号", blocks[1].Text);
        Assert.Equal("张三：", blocks[2].Text);
        Assert.Equal("本机关于2026年3月2日收到您以当面提交方式提出的政府信息公开申请，已予登记，案件编号为CX-2026-00001。您申请获取的政府信息为：“2025年城市道路维修预算”。", blocks[3].Text);
        Assert.Contains("本机关将最迟于2026年3月30日作出答复", blocks[4].Text); // receiptNote was empty: its paragraph is gone
        Assert.Equal($"您可凭案件编号和查询码{draft.Value("lookupCode")}查询办理进度。", blocks[5].Text);
        Assert.Equal([Agency, "2026年3月5日"], blocks.TakeLast(2).Select(b => b.Text));
        Assert.DoesNotContain(blocks, b => b.Text.Contains('{'));
    }
}
