using System.Collections.Concurrent;
using System.IO.Packaging;
using CaseTracker.Domain.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CaseTracker.Infrastructure.Documents;

/// <summary>
/// The DOCX side of the documents (文书, documents.md "Formats"): the default template of each kind in the layout of GB/T
/// 9704-2012, filling a template from a draft, and checking an uploaded template. Fields are content controls (w:sdt) whose
/// tag (w:tag, or w:alias when a control has no tag) is a field key of <see cref="CaseDocuments.FieldKeys"/>; "number" is the
/// 文号. Text of the form {{field}} is not a field: only content controls are, so a template is edited in Word or WPS with
/// Developer → Content Controls, naming each control's tag.
/// </summary>
public sealed class DocxDocuments
{
    /// <summary>A4 in twips (210 × 297 mm).</summary>
    public const int PageWidth = 11906, PageHeight = 16838;

    /// <summary>Margins in twips giving the 版心 of 156 × 225 mm (GB/T 9704-2012 §5.2.2): top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.</summary>
    public const int MarginTop = 2098, MarginBottom = 1984, MarginLeft = 1587, MarginRight = 1474;

    /// <summary>22 lines in the 225 mm 版心: a line pitch of 579 twips (28.95 pt), spacing exact.</summary>
    public const int LinePitch = 579;

    /// <summary>Characters per line (GB/T 9704-2012 §5.2.3).</summary>
    public const int CharactersPerLine = 28;

    /// <summary>Title font (2号小标宋, 22 pt) and body font (3号仿宋, 16 pt); named, never embedded.</summary>
    public const string TitleFont = "方正小标宋简体", BodyFont = "仿宋_GB2312";

    /// <summary>Font sizes in half-points: 2号 = 22 pt, 3号 = 16 pt.</summary>
    public const int TitleSize = 44, BodySize = 32;

    private const string TitleStyle = "DocTitle", NumberStyle = "DocNumber", AddresseeStyle = "DocAddressee", BodyStyle = "DocBody",
        ItemStyle = "DocItem", SignatureStyle = "DocSignature", DateStyle = "DocDate";

    private static readonly ConcurrentDictionary<DocumentKind, byte[]> Defaults = new();

    /// <summary>
    /// The default template of <paramref name="kind"/> (GB/T 9704: A4, 版心 156×225 mm, title 2号小标宋 (22pt), body 3号仿宋
    /// (16pt), 22 lines × 28 characters, fonts named not embedded), built from <see cref="DocumentLayout.Of"/>: each field a
    /// content control showing its key as placeholder. A new copy of the bytes each call.
    /// </summary>
    public byte[] DefaultTemplate(DocumentKind kind) => (byte[])Defaults.GetOrAdd(kind, Build).Clone();

    /// <summary>
    /// Fills the content controls of <paramref name="template"/> (null: the default template of the draft's kind) with the
    /// draft's fields and <paramref name="number"/> (key "number"), keeping the template's layout and each control's run
    /// formatting; a line break in a value becomes a line break. A paragraph left without any text once its fields are
    /// filled (an empty optional field) is removed. Controls with a key the draft does not know are left as they are.
    /// Throws <see cref="ArgumentException"/> when <paramref name="template"/> is not a DOCX.
    /// </summary>
    public byte[] Render(DocumentDraft draft, string number, byte[]? template = null)
    {
        var values = draft.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        values["number"] = number;
        values.TryAdd("title", draft.Title);
        values.TryAdd("addressee", draft.Addressee);

        using var stream = new MemoryStream();
        var source = template ?? Defaults.GetOrAdd(draft.Kind, Build);
        stream.Write(source);
        stream.Position = 0;
        using (var document = Open(stream, editable: true))
        {
            foreach (var root in Roots(document))
            {
                foreach (var sdt in root.Descendants<SdtElement>().ToList())
                {
                    if (Key(sdt) is { } key && values.TryGetValue(key, out var value))
                        Fill(sdt, value);
                }

                // A receipt without a 查询码 (a closed or Regime 2008 case) promises no lookup: the paragraph holding it goes.
                var noLookup = draft.Kind == DocumentKind.Receipt && values.TryGetValue("lookupCode", out var code) && string.IsNullOrWhiteSpace(code);
                foreach (var paragraph in root.Descendants<Paragraph>().Where(p => p.Descendants<SdtRun>().Any()).ToList())
                {
                    if ((paragraph.InnerText.Trim().Length == 0 || noLookup && paragraph.Descendants<SdtElement>().Any(s => Key(s) == "lookupCode")) && paragraph.Parent is not null)
                        paragraph.Remove();
                }

                if (root is Document main) KeepClosingTogether(main);
                root.Save();
            }

            document.PackageProperties.Title = draft.Title;
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Whether the issued <paramref name="docx"/> says, paragraph by paragraph, what the default template filled with
    /// <paramref name="draft"/> and <paramref name="number"/> says: true for a paper issued from the default template, whose
    /// printable page is the built-in layout; false for one issued from an agency's own template (other wording, an added
    /// sentence, another title), whose printable page is the DOCX itself (<see cref="PrintableDocument.SheetOfDocx"/>, trial C
    /// finding 8). Bytes that are not a DOCX: false.
    /// </summary>
    public bool SaysWhatTheDefaultSays(DocumentDraft draft, string number, byte[] docx)
    {
        try
        {
            return Paragraphs(docx).SequenceEqual(Paragraphs(Render(draft, number)));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // The text of each paragraph of the body, in order (line breaks as \n).
    private static List<string> Paragraphs(byte[] docx)
    {
        using var stream = new MemoryStream(docx, writable: false);
        using var document = Open(stream, editable: false);
        return document.MainDocumentPart!.Document.Body!.Descendants<Paragraph>()
            .Select(p => string.Concat(p.Descendants().Select(e => e switch { Text t => t.Text, Break => "\n", TabChar => "\t", _ => "" })))
            .ToList();
    }

    /// <summary>
    /// GB/T 9704-2012 §7.3.5: the 落款 is never alone on a page. The paragraph holding the agency (署名) and the one holding the
    /// date are kept whole (keep lines) and the agency with the date (keep with next); the last paragraph with text before the
    /// agency is kept with it, so Word or WPS moves the end of the body over with the 落款 rather than leave it alone. Works on
    /// an office's own template too: the paragraphs are found by their fields.
    /// </summary>
    private static void KeepClosingTogether(Document document)
    {
        var paragraphs = document.Body?.Elements<Paragraph>().ToList() ?? [];
        int IndexOf(string key) => paragraphs.FindIndex(p => p.Descendants<SdtElement>().Any(s => Key(s) == key));
        var agency = IndexOf("agency");
        var date = IndexOf("issuedOn");
        if (agency < 0 && date < 0) return;
        var first = agency >= 0 && (date < 0 || agency < date) ? agency : date;
        static ParagraphProperties Properties(Paragraph p) => p.ParagraphProperties ??= new ParagraphProperties();
        for (var i = first; i <= Math.Max(agency, date); i++)
        {
            var properties = Properties(paragraphs[i]);
            properties.KeepLines = new KeepLines();
            if (i < Math.Max(agency, date)) properties.KeepNext = new KeepNext();
        }

        for (var i = first - 1; i >= 0; i--)
        {
            if (paragraphs[i].InnerText.Trim().Length == 0) continue;
            Properties(paragraphs[i]).KeepNext = new KeepNext();
            break;
        }
    }

    /// <summary>
    /// The field keys <paramref name="template"/> uses (content control tags, else aliases) that <see cref="CaseDocuments.FieldKeys"/>
    /// of <paramref name="kind"/> does not know, in order of appearance; empty when the template is acceptable. Throws
    /// <see cref="ArgumentException"/> with a sentence when the bytes are not a DOCX (Word 2007 or later) document.
    /// </summary>
    public IReadOnlyList<string> UnknownFields(DocumentKind kind, byte[] template)
    {
        var known = CaseDocuments.FieldKeys(kind);
        using var stream = new MemoryStream(template ?? [], writable: false);
        using var document = Open(stream, editable: false);
        return Roots(document)
            .SelectMany(r => r.Descendants<SdtElement>())
            .Select(Key)
            .OfType<string>()
            .Where(k => !known.Contains(k))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The fields an agency's template of <paramref name="kind"/> must keep (<see cref="CaseDocuments.RequiredFieldKeys"/>) that
    /// <paramref name="template"/> has no content control for, in the order of that list; empty when it keeps them all. Throws
    /// <see cref="ArgumentException"/> when the bytes are not a DOCX document.
    /// </summary>
    public IReadOnlyList<string> MissingFields(DocumentKind kind, byte[] template)
    {
        using var stream = new MemoryStream(template ?? [], writable: false);
        using var document = Open(stream, editable: false);
        var used = Roots(document).SelectMany(r => r.Descendants<SdtElement>()).Select(Key).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return CaseDocuments.RequiredFieldKeys(kind).Where(k => !used.Contains(k)).ToList();
    }

    private const string NotADocx = "The file is not a DOCX document (Word 2007 or later); save the template as .docx and upload it again.";

    /// <summary>Opens a DOCX and loads every part a field can sit in, so a broken file fails here and nowhere later.</summary>
    private static WordprocessingDocument Open(Stream stream, bool editable)
    {
        WordprocessingDocument? document = null;
        try
        {
            if (stream.Length == 0) throw new InvalidDataException("empty");
            document = WordprocessingDocument.Open(stream, editable);
            if (document.MainDocumentPart?.Document?.Body is null) throw new InvalidDataException("no document body");
            _ = Roots(document).Count();
            return document;
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException
                                      or InvalidOperationException or ArgumentException or System.Xml.XmlException or NotSupportedException)
        {
            document?.Dispose();
            throw new ArgumentException(NotADocx, nameof(stream), e);
        }
    }

    private static IEnumerable<OpenXmlPartRootElement> Roots(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart!;
        yield return main.Document;
        foreach (var header in main.HeaderParts)
            if (header.Header is { } h) yield return h;
        foreach (var footer in main.FooterParts)
            if (footer.Footer is { } f) yield return f;
    }

    private static string? Key(SdtElement sdt)
    {
        var properties = sdt.SdtProperties;
        var key = properties?.GetFirstChild<Tag>()?.Val?.Value ?? properties?.GetFirstChild<SdtAlias>()?.Val?.Value;
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }

    private static void Fill(SdtElement sdt, string value)
    {
        sdt.SdtProperties?.GetFirstChild<ShowingPlaceholder>()?.Remove();
        var lines = value.Replace("\r\n", "\n").Split('\n');
        switch (sdt)
        {
            case SdtRun run when run.SdtContentRun is { } content:
                content.RemoveAllChildren();
                content.Append(Runs(lines, FirstRunProperties(content.Parent!)));
                break;
            case SdtBlock block when block.SdtContentBlock is { } content:
            {
                var first = content.Descendants<Paragraph>().FirstOrDefault();
                var paragraphProperties = first?.ParagraphProperties?.CloneNode(true);
                var runProperties = first is null ? null : FirstRunProperties(first);
                content.RemoveAllChildren();
                foreach (var line in lines)
                {
                    var paragraph = new Paragraph();
                    if (paragraphProperties is not null) paragraph.Append(paragraphProperties.CloneNode(true));
                    paragraph.Append(Runs([line], runProperties));
                    content.Append(paragraph);
                }

                break;
            }
            case SdtCell or SdtRow:
                break;
        }
    }

    private static RunProperties? FirstRunProperties(OpenXmlElement within)
        => within.Descendants<Run>().FirstOrDefault()?.RunProperties?.CloneNode(true) as RunProperties;

    private static IEnumerable<OpenXmlElement> Runs(IReadOnlyList<string> lines, RunProperties? properties)
    {
        var run = new Run();
        if (properties is not null) run.Append(properties.CloneNode(true));
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0) run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        yield return run;
    }

    private static byte[] Build(DocumentKind kind)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = Styles();
            main.AddNewPart<FontTablePart>().Fonts = FontTable();
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(
                new Zoom { Percent = "100" },
                new DefaultTabStop { Val = 420 },
                new CharacterSpacingControl { Val = CharacterSpacingValues.CompressPunctuation },
                new ThemeFontLanguages { EastAsia = "zh-CN", Val = "en-US" });

            var body = new Body();
            var labels = CaseDocumentsLabels(kind);
            foreach (var block in DocumentLayout.Of(kind))
                body.Append(Paragraph(block, labels));
            body.Append(Section());
            main.Document = new Document(body);
            document.PackageProperties.Title = kind.ToString();
            document.PackageProperties.Creator = "CaseTracker";
        }

        return stream.ToArray();
    }

    /// <summary>The placeholder shown in an empty control: 〔key〕, so an administrator editing a copy sees which field is which.</summary>
    private static Dictionary<string, string> CaseDocumentsLabels(DocumentKind kind)
        => CaseDocuments.FieldKeys(kind).ToDictionary(k => k, k => $"〔{k}〕", StringComparer.Ordinal);

    private static Paragraph Paragraph(LayoutBlock block, IReadOnlyDictionary<string, string> labels)
    {
        var style = block.Role switch
        {
            BlockRole.Title => TitleStyle,
            BlockRole.Number => NumberStyle,
            BlockRole.Addressee => AddresseeStyle,
            BlockRole.Body => BodyStyle,
            BlockRole.Item => ItemStyle,
            BlockRole.Signature => SignatureStyle,
            BlockRole.Date => DateStyle,
            _ => BodyStyle,
        };
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        foreach (var segment in block.Segments)
        {
            if (segment.FieldKey is { } key)
            {
                paragraph.Append(new SdtRun(
                    new SdtProperties(new SdtAlias { Val = key }, new Tag { Val = key }, new ShowingPlaceholder()),
                    new SdtContentRun(new Run(new Text(labels.GetValueOrDefault(key, key)) { Space = SpaceProcessingModeValues.Preserve }))));
            }
            else if (!string.IsNullOrEmpty(segment.Text))
            {
                paragraph.Append(new Run(new Text(segment.Text) { Space = SpaceProcessingModeValues.Preserve }));
            }
        }

        return paragraph;
    }

    private static SectionProperties Section()
    {
        var textWidth = PageWidth - MarginLeft - MarginRight;
        // w:charSpace is the change of the character pitch from the default font size, in 1/4096 pt: 28 characters a line.
        var charSpace = (int)Math.Round(((textWidth / 20.0 / CharactersPerLine) - (BodySize / 2.0)) * 4096);
        return new SectionProperties(
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeft, Right = MarginRight, Header = 851, Footer = 992, Gutter = 0 },
            new Columns { Space = "425" },
            new DocGrid { Type = DocGridValues.LinesAndChars, LinePitch = LinePitch, CharacterSpace = charSpace });
    }

    private static Styles Styles()
    {
        var defaults = new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = BodyFont, HighAnsi = BodyFont, EastAsia = BodyFont, ComplexScript = BodyFont },
                new Kern { Val = 2 },
                new FontSize { Val = BodySize.ToString() },
                new FontSizeComplexScript { Val = BodySize.ToString() },
                new Languages { Val = "en-US", EastAsia = "zh-CN", Bidi = "ar-SA" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                new SpacingBetweenLines { Line = LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
                new Justification { Val = JustificationValues.Both })));

        return new Styles(
            defaults,
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            ParagraphStyle(TitleStyle, "文书标题", new ParagraphProperties(
                    new KeepNext(),
                    new SpacingBetweenLines { Line = LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
                    new Justification { Val = JustificationValues.Center }),
                new StyleRunProperties(
                    new RunFonts { Ascii = TitleFont, HighAnsi = TitleFont, EastAsia = TitleFont, ComplexScript = TitleFont },
                    new FontSize { Val = TitleSize.ToString() }, new FontSizeComplexScript { Val = TitleSize.ToString() })),
            // The number stands under the title with one empty line after it (GB/T 9704-2012 §7.2.4, §7.3.1).
            ParagraphStyle(NumberStyle, "文号", new ParagraphProperties(
                new SpacingBetweenLines { Line = LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = "0", After = LinePitch.ToString() },
                new Justification { Val = JustificationValues.Center })),
            ParagraphStyle(AddresseeStyle, "主送", new ParagraphProperties(new Justification { Val = JustificationValues.Both })),
            // 正文: first line indented two characters (GB/T 9704-2012 §7.3.3).
            ParagraphStyle(BodyStyle, "正文", new ParagraphProperties(
                new Indentation { FirstLineChars = 200, FirstLine = "640" },
                new Justification { Val = JustificationValues.Both })),
            ParagraphStyle(ItemStyle, "事项", new ParagraphProperties(
                new Indentation { FirstLineChars = 200, FirstLine = "640" },
                new Justification { Val = JustificationValues.Left })),
            // 落款: the agency one line below the text, right-aligned two characters from the edge; the date under it (§7.3.5.2).
            ParagraphStyle(SignatureStyle, "发文机关署名", new ParagraphProperties(
                new KeepNext(),
                new SpacingBetweenLines { Line = LinePitch.ToString(), LineRule = LineSpacingRuleValues.Exact, Before = LinePitch.ToString(), After = "0" },
                new Indentation { RightChars = 200, Right = "640" },
                new Justification { Val = JustificationValues.Right })),
            ParagraphStyle(DateStyle, "成文日期", new ParagraphProperties(
                new Indentation { RightChars = 200, Right = "640" },
                new Justification { Val = JustificationValues.Right })));
    }

    private static Style ParagraphStyle(string id, string name, ParagraphProperties properties, StyleRunProperties? run = null)
    {
        var style = new Style(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new PrimaryStyle())
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
            CustomStyle = true,
        };
        var styleParagraph = new StyleParagraphProperties();
        foreach (var child in properties.ChildElements) styleParagraph.Append(child.CloneNode(true));
        style.Append(styleParagraph);
        if (run is not null) style.Append(run);
        return style;
    }

    private static Fonts FontTable()
        => new(
            Font(BodyFont, "仿宋", "02010609030101010101"),
            Font(TitleFont, "宋体", "02000000000000000000"));

    private static Font Font(string name, string altName, string panose)
        => new(
            new AltName { Val = altName },
            new Panose1Number { Val = panose },
            new FontCharSet { Val = "86" },
            new FontFamily { Val = FontFamilyValues.Modern },
            new Pitch { Val = FontPitchValues.Fixed })
        { Name = name };
}
