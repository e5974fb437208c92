using System.IO.Compression;
using CaseTracker.Domain.Calendar;
using CaseTracker.Domain.Cases;
using CaseTracker.Domain.Clock;
using CaseTracker.Domain.Documents;
using CaseTracker.Infrastructure.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CaseTracker.Api.Tests.Documents;

/// <summary>
/// documents.md "Formats" and "Templates": the default DOCX templates in GB/T 9704-2012 layout, a template filled from a draft,
/// an uploaded template checked for unknown fields. Each document is opened again with OpenXml.
/// </summary>
public class DocxDocumentsTests
{
    private static readonly DocxDocuments Docx = new();
    private static readonly ClockContext Ctx = new(WorkingCalendar.Bundled, ClockSettings.Default, new DateOnly(2026, 11, 25));

    [Fact]
    public void DefaultTemplate_EveryKind_A4WithTheGbT9704TypeArea()
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            using var document = Open(Docx.DefaultTemplate(kind));
            var section = document.MainDocumentPart!.Document.Body!.Elements<SectionProperties>().Single();
            var size = section.GetFirstChild<PageSize>()!;
            Assert.Equal(11906u, size.Width!.Value);
            Assert.Equal(16838u, size.Height!.Value);
            var margin = section.GetFirstChild<PageMargin>()!;
            // 版心 156 × 225 mm: 210 − 28 − 26 and 297 − 37 − 35 (1 mm = 1440 / 25.4 twips).
            Assert.Equal(156, Millimetres(11906 - (int)margin.Left!.Value - (int)margin.Right!.Value));
            Assert.Equal(225, Millimetres(16838 - margin.Top!.Value - margin.Bottom!.Value));
            Assert.Equal(37, Millimetres(margin.Top!.Value));
            Assert.Equal(28, Millimetres((int)margin.Left!.Value));
            var grid = section.GetFirstChild<DocGrid>()!;
            Assert.Equal(DocGridValues.LinesAndChars, grid.Type!.Value);
            // 22 lines in the type area.
            Assert.Equal(22, (16838 - margin.Top!.Value - margin.Bottom!.Value) / grid.LinePitch!.Value);
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document));
        }
    }

    [Fact]
    public void DefaultTemplate_TitleIs2号小标宋BodyIs3号仿宋_FontsNamedNotEmbedded()
    {
        using var document = Open(Docx.DefaultTemplate(DocumentKind.Answer));
        var styles = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!;
        var defaults = styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal("仿宋_GB2312", defaults.RunFonts!.EastAsia!.Value);
        Assert.Equal("32", defaults.FontSize!.Val!.Value); // 3号 = 16 pt
        var lineSpacing = styles.DocDefaults!.ParagraphPropertiesDefault!.ParagraphPropertiesBaseStyle!.SpacingBetweenLines!;
        Assert.Equal(LineSpacingRuleValues.Exact, lineSpacing.LineRule!.Value);
        Assert.Equal("579", lineSpacing.Line!.Value); // 28.95 pt: 22 lines

        var title = document.MainDocumentPart.Document.Body!.Elements<Paragraph>().First();
        var titleStyle = styles.Elements<Style>().Single(s => s.StyleId == title.ParagraphProperties!.ParagraphStyleId!.Val!.Value);
        Assert.Equal("方正小标宋简体", titleStyle.StyleRunProperties!.RunFonts!.EastAsia!.Value);
        Assert.Equal("44", titleStyle.StyleRunProperties.FontSize!.Val!.Value); // 2号 = 22 pt
        Assert.Equal(JustificationValues.Center, titleStyle.StyleParagraphProperties!.Justification!.Val!.Value);

        var fonts = document.MainDocumentPart.FontTablePart!.Fonts!.Elements<Font>().Select(f => f.Name!.Value).ToList();
        Assert.Contains("仿宋_GB2312", fonts);
        Assert.Contains("方正小标宋简体", fonts);
        Assert.Empty(document.MainDocumentPart.FontTablePart.FontParts);
        Assert.Null(document.MainDocumentPart.DocumentSettingsPart!.Settings!.GetFirstChild<EmbedTrueTypeFonts>());
    }

    [Fact]
    public void DefaultTemplate_EveryKind_HasAContentControlPerLayoutFieldAndTheNumberUnderTheTitle()
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            var template = Docx.DefaultTemplate(kind);
            using var document = Open(template);
            var tags = document.MainDocumentPart!.Document.Descendants<SdtRun>().Select(s => s.SdtProperties!.GetFirstChild<Tag>()!.Val!.Value).ToList();
            Assert.Equal(DocumentLayout.FieldKeysOf(kind).Order(), tags.Distinct().Order());
            var paragraphs = document.MainDocumentPart.Document.Body!.Elements<Paragraph>().ToList();
            Assert.Equal("title", Tags(paragraphs[0]).Single());
            Assert.Equal("number", Tags(paragraphs[1]).Single());
            Assert.Equal("issuedOn", Tags(paragraphs[^1]).Single());
            Assert.Equal("agency", Tags(paragraphs[^2]).Single());
            Assert.Empty(Docx.UnknownFields(kind, template));
        }
    }

    [Fact]
    public void Render_EveryKind_EveryFieldValueAndTheNumberAppear()
    {
        foreach (var (@case, kind) in CasesOfEveryKind())
        {
            var draft = CaseDocuments.Draft(@case, kind, Context());
            var number = DocumentNumber.Format(DocumentNumber.DefaultPrefix(kind), 2026, 7);
            var bytes = Docx.Render(draft, number);
            using var document = Open(bytes);
            var text = Text(document);
            Assert.Contains(number, text);
            var printed = DocumentLayout.FieldKeysOf(kind);
            foreach (var field in draft.Fields.Where(f => f.Value.Length > 0 && printed.Contains(f.Key)))
                foreach (var line in field.Value.Split('\n'))
                    Assert.True(text.Contains(line, StringComparison.Ordinal), $"{kind}: {field.Key} \"{line}\" missing");
            Assert.DoesNotContain("〔" + "dueOn" + "〕", text);
            Assert.Empty(document.MainDocumentPart!.Document.Descendants<ShowingPlaceholder>());
            Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document));
            // The page set-up is the template's.
            Assert.Equal(11906u, document.MainDocumentPart.Document.Body!.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!.Width!.Value);
        }
    }

    [Fact]
    public void Render_Receipt_DatesSitInTheirControls_EmptyNoteParagraphDropped()
    {
        // Received Monday 2026-03-02 in person: due 2026-03-30 (Art. 33).
        var draft = CaseDocuments.Draft(Case2019(), DocumentKind.Receipt, Context());
        using var document = Open(Docx.Render(draft, "依申请公开受〔2026〕1号"));
        Assert.Equal("2026年3月30日", Control(document, "dueOn"));
        Assert.Equal("2026年3月2日", Control(document, "receivedOn"));
        Assert.Equal("依申请公开受〔2026〕1号", Control(document, "number"));
        Assert.Equal(draft.Value("lookupCode"), Control(document, "lookupCode"));
        Assert.DoesNotContain(document.MainDocumentPart!.Document.Descendants<SdtRun>(), s => Tag(s) == "receiptNote");
        Assert.Equal("政府信息公开申请登记回执", document.PackageProperties.Title);
    }

    [Fact]
    public void Render_MultiLineItems_BecomeLineBreaks()
    {
        var c = Case2019();
        c.RequestSupplement(new DateOnly(2026, 3, 4), "1. 信息所属年份\n2. 道路名称", null, Ctx);
        using var document = Open(Docx.Render(CaseDocuments.Draft(c, DocumentKind.SupplementNotice, Context()), "依申请公开补〔2026〕1号"));
        var items = document.MainDocumentPart!.Document.Descendants<SdtRun>().Single(s => Tag(s) == "items");
        Assert.Single(items.Descendants<Break>());
        Assert.Equal(["1. 信息所属年份", "2. 道路名称"], items.Descendants<Text>().Select(t => t.Text));
    }

    [Fact]
    public void Render_AgencyTemplate_KeepsItsLayoutAndFillsBlockAndInlineControls()
    {
        var template = Template(
            body => body.Append(
                Paragraph(Inline("number"), new Run(new Text(" 致 ") { Space = SpaceProcessingModeValues.Preserve }), Inline("applicant.name")),
                new SdtBlock(new SdtProperties(new Tag { Val = "remedies" }), new SdtContentBlock(new Paragraph(new Run(new RunProperties(new Bold()), new Text("救济"))))),
                new SectionProperties(new PageSize { Width = 12240, Height = 15840 })));
        Assert.Empty(Docx.UnknownFields(DocumentKind.Answer, template));
        var c = Case2019();
        c.Decide(new DateOnly(2026, 3, 20), "Disclosed", null, Ctx);
        var draft = CaseDocuments.Draft(c, DocumentKind.Answer, Context());
        using var document = Open(Docx.Render(draft, "武政信答〔2026〕3号", template));
        Assert.Equal("武政信答〔2026〕3号 致 张三", document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().First().InnerText);
        var remedies = document.MainDocumentPart.Document.Descendants<SdtBlock>().Single();
        Assert.Equal(draft.Value("remedies"), remedies.InnerText);
        Assert.NotNull(remedies.Descendants<Run>().Single().RunProperties!.Bold); // the control's own formatting is kept
        Assert.Equal(12240u, document.MainDocumentPart.Document.Body.Elements<SectionProperties>().Single().GetFirstChild<PageSize>()!.Width!.Value);
    }

    [Fact]
    public void UnknownFields_UnknownTagOrAlias_IsNamed()
    {
        var template = Template(body => body.Append(Paragraph(Inline("applicant.name"), Inline("applicant.phone"), Inline("dueOn")),
            Paragraph(new SdtRun(new SdtProperties(new SdtAlias { Val = "经办人" }), new SdtContentRun(new Run(new Text("x")))))));
        Assert.Equal(["applicant.phone", "经办人"], Docx.UnknownFields(DocumentKind.Receipt, template));
        // dueOn is a receipt's field, not an answer letter's.
        Assert.Equal(["applicant.phone", "dueOn", "经办人"], Docx.UnknownFields(DocumentKind.Answer, template));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("empty")]
    [InlineData("zip")]
    [InlineData("xlsx")]
    public void UnknownFields_NotADocx_IsRefusedWithASentence(string what)
    {
        var bytes = what switch
        {
            "text" => "这不是 Word 文档"u8.ToArray(),
            "empty" => [],
            "zip" => Zip(),
            _ => Xlsx(),
        };
        var error = Assert.Throws<ArgumentException>(() => Docx.UnknownFields(DocumentKind.Answer, bytes));
        Assert.StartsWith("The file is not a DOCX document (Word 2007 or later)", error.Message);
        Assert.Throws<ArgumentException>(() => Docx.Render(CaseDocuments.Draft(Case2019(), DocumentKind.Receipt, Context()), "x〔2026〕1号", bytes));
    }

    private static DocumentContext Context()
        => new("武汉市人民政府办公厅", "武汉市人民政府", null, Ctx, new DateOnly(2026, 3, 5), LookupCode.New());

    private static Case Case2019()
        => Case.Register(CaseId.New(), "CX-2026-00001", new Registration
        {
            AgencyCode = "CX",
            Channel = Channel.InPerson,
            SubmittedOn = new DateOnly(2026, 3, 2),
            ReceivedOn = new DateOnly(2026, 3, 2),
            Applicant = new Applicant(ApplicantKind.NaturalPerson, "张三", null, null, null, null),
            Description = "2025年城市道路维修预算",
        }, Ctx);

    private static IEnumerable<(Case, DocumentKind)> CasesOfEveryKind()
    {
        var d = (int month, int day) => new DateOnly(2026, month, day);
        yield return (Case2019(), DocumentKind.Receipt);
        var supplement = Case2019();
        supplement.RequestSupplement(d(3, 4), "信息所属年份", null, Ctx);
        yield return (supplement, DocumentKind.SupplementNotice);
        var consulted = Case2019();
        consulted.SendConsultation(ConsultationKind.ThirdParty, "某公司", d(3, 4), Ctx);
        yield return (consulted, DocumentKind.ConsultationLetter);
        yield return (consulted, DocumentKind.ConsultationNotice);
        var extended = Case2019();
        extended.ApproveExtension(d(3, 20), 10, "需要调取档案", d(3, 20), "王主任", Ctx);
        yield return (extended, DocumentKind.ExtensionNotice);
        var deferred = Case2019();
        deferred.ApproveDeferral(d(3, 20), d(4, 30), "数量较多", "王主任", Ctx);
        yield return (deferred, DocumentKind.DeferralNotice);
        var fee = Case2019();
        fee.IssueFeeNotice(d(3, 5), FeeMethod.PerPage, 150, 1, Ctx);
        yield return (fee, DocumentKind.FeeNotice);
        var delivered = Case2019();
        delivered.Decide(d(3, 20), "PartiallyDisclosed", "第三页涉及个人信息", Ctx);
        yield return (delivered, DocumentKind.Answer);
        delivered.Deliver(d(3, 23), DeliveryMethod.Post, Ctx);
        yield return (delivered, DocumentKind.DeliveryRecord);
    }

    private static WordprocessingDocument Open(byte[] bytes) => WordprocessingDocument.Open(new MemoryStream(bytes), false);

    private static string Text(WordprocessingDocument document)
        => string.Join("\n", document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p =>
            string.Concat(p.Descendants().Select(e => e switch { Text t => t.Text, Break => "\n", _ => "" }))));

    private static string Control(WordprocessingDocument document, string tag)
        => document.MainDocumentPart!.Document.Descendants<SdtRun>().Single(s => Tag(s) == tag).InnerText;

    private static string? Tag(SdtElement sdt) => sdt.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value;

    private static IEnumerable<string> Tags(Paragraph paragraph) => paragraph.Descendants<SdtRun>().Select(s => Tag(s)!);

    private static int Millimetres(long twips) => (int)Math.Round(twips * 25.4 / 1440);

    private static Paragraph Paragraph(params OpenXmlElement[] content) => new(content);

    private static SdtRun Inline(string tag)
        => new(new SdtProperties(new Tag { Val = tag }), new SdtContentRun(new Run(new Text(tag))));

    private static byte[] Template(Action<Body> fill)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            fill(body);
            document.AddMainDocumentPart().Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static byte[] Zip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("a.txt").Open());
            writer.Write("hello");
        }

        return stream.ToArray();
    }

    private static byte[] Xlsx()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            document.AddWorkbookPart().Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
        }

        return stream.ToArray();
    }
    [Fact]
    public void Render_KeepsTheLastBodyParagraphWithThe落款_AndThe落款Whole_GbT9704_7_3_5()
    {
        foreach (var kind in Enum.GetValues<DocumentKind>())
        {
            var fields = CaseDocuments.FieldKeys(kind).Where(k => k != "number").Select(k => new DocumentField(k, k, $"〈{k}〉", k == "body")).ToList();
            var draft = new DocumentDraft(kind, "标题", "张三", 1, fields);
            using var document = Open(Docx.Render(draft, "测〔2026〕1号"));
            var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Where(p => p.InnerText.Trim().Length > 0).ToList();
            var agency = paragraphs.FindIndex(p => p.InnerText.Contains("〈agency〉", StringComparison.Ordinal));
            var date = paragraphs.FindIndex(p => p.InnerText.Contains("〈issuedOn〉", StringComparison.Ordinal));
            Assert.True(agency > 0 && date == agency + 1, kind.ToString());
            Assert.NotNull(paragraphs[agency - 1].ParagraphProperties?.KeepNext);
            Assert.NotNull(paragraphs[agency].ParagraphProperties?.KeepNext);
            Assert.NotNull(paragraphs[agency].ParagraphProperties?.KeepLines);
            Assert.NotNull(paragraphs[date].ParagraphProperties?.KeepLines);
            // Still a valid document (the properties in schema order).
            Assert.DoesNotContain(new OpenXmlValidator().Validate(document), e => e.Part?.Uri.ToString().Contains("document.xml", StringComparison.Ordinal) == true);
        }
    }
}
