using System.Globalization;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>
/// The report as a Word document (DOCX) an office pastes into, or attaches to, its published annual report (reports.md §7),
/// in Chinese only: the title <c>&lt;agency name&gt;&lt;year&gt;年政府信息公开工作年度报告</c> (no agency code), scope, year,
/// form, generation time (and the provisional note), then each table of <see cref="PrintedTable"/> under its heading, each
/// starting a new A4 portrait page (type area 186 × 267 mm: margins 15 mm top and bottom, 12 mm left and right), as real
/// Word tables: merged group labels (vertical merge) beside their items in table 三, table 四 as three header rows and ONE
/// row of 15 figures; every row with an at-least height that fits its wrapped labels, rows never split, header rows
/// repeated. After the last table: the fees paragraph (gov2019/gov2021, 六、其他需要报告的事项) and the checks (勾稽关系)
/// in Chinese words. Fonts are named, not embedded: 宋体 (body, 10 pt in tables), 黑体 (headings), 方正小标宋简体 (title).
/// </summary>
public static class ReportDocx
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const int PageWidth = 11906, PageHeight = 16838; // A4 in twips
    private const int MarginTopBottom = 850, MarginLeftRight = 680; // 15 mm, 12 mm
    private const double TwipsPerMm = 56.6929;
    private const string BodyFont = "宋体", HeadingFont = "黑体", TitleFont = "方正小标宋简体";
    private const int TableFontHalfPoints = 20; // 10 pt
    private const double TableFontPt = TableFontHalfPoints / 2.0;

    /// <summary>The at-least height of a table row of one line, in twips (10 pt text, 1.2 line spacing and cell margins).</summary>
    public const int SingleLineRowTwips = 340;

    /// <summary>The height one more wrapped line adds, in twips.</summary>
    public const int LineTwips = 240;

    public static byte[] Render(AnnualReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            package.PackageProperties.Title = ReportXlsx.XmlSafe(ReportText.Title(document));
            package.PackageProperties.Creator = "CaseTracker";
            var main = package.AddMainDocumentPart();
            var body = new Body();
            var report = document.Report;

            body.Append(Paragraph(ReportText.Title(document), TitleFont, 36, bold: false, JustificationValues.Center, after: 120));
            body.Append(Paragraph(
                $"统计范围：{ReportText.Scope(document)}　统计年度：{report.Year.ToString(CultureInfo.InvariantCulture)}年　表式：{report.Definition.Source}　生成时间：{ReportText.GeneratedAt(document)}",
                BodyFont, 20, bold: false, JustificationValues.Left, after: 60));
            if (document.Provisional)
                body.Append(Paragraph("注：" + ReportText.ProvisionalNote, BodyFont, 20, bold: true, JustificationValues.Left, after: 60));

            var first = true;
            foreach (var table in PrintedTable.Of(report.Definition))
            {
                var heading = Paragraph(table.Table.Title, HeadingFont, 28, bold: false, JustificationValues.Left, after: 120, before: first ? 120 : 0);
                if (!first) heading.ParagraphProperties!.PrependChild(new PageBreakBefore());
                heading.ParagraphProperties!.PrependChild(new KeepNext());
                body.Append(heading);
                body.Append(Table(document, table));
                first = false;
            }

            if (ReportText.PrintsFees(report.Definition))
            {
                body.Append(Paragraph(ReportText.FeesHeading, HeadingFont, 28, bold: false, JustificationValues.Left, after: 60, before: 240));
                var fees = Paragraph(ReportText.FeesSentence(report.Fees), BodyFont, 24, bold: false, JustificationValues.Both, after: 60);
                fees.ParagraphProperties!.InsertBefore(new Indentation { FirstLineChars = 200 }, fees.ParagraphProperties.GetFirstChild<Justification>());
                body.Append(fees);
            }

            body.Append(Paragraph("勾稽关系校验", HeadingFont, 24, bold: false, JustificationValues.Left, after: 60, before: 240));
            body.Append(ChecksTable(document));
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Portrait },
                new PageMargin { Top = MarginTopBottom, Bottom = MarginTopBottom, Left = (uint)MarginLeftRight, Right = (uint)MarginLeftRight, Header = 425, Footer = 425, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>How many lines a text takes in a cell <paramref name="widthMm"/> wide at 10 pt (a CJK character is 1 em, others ½).</summary>
    public static int Lines(string text, double widthMm)
    {
        var em = TableFontPt * 0.3528; // mm
        var perLine = Math.Max(1, (widthMm - 2.2) / em); // less the cell's left and right margins
        var width = text.Sum(c => c > 0x2E80 ? 1.0 : 0.5);
        return Math.Max(1, (int)Math.Ceiling(width / perLine - 0.001));
    }

    private static Table Table(AnnualReportDocument document, PrintedTable table)
    {
        var values = document.Report.Cells[table.Table.Key];
        var widths = table.ColumnWidthsMm.Select(mm => (int)Math.Round(mm * TwipsPerMm)).ToList();
        var result = new Table(TableProperties(widths.Sum()), new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        for (var r = 0; r < table.RowCount; r++)
        {
            var row = new TableRow();
            var properties = new TableRowProperties(new CantSplit(), new TableRowHeight { Val = (uint)RowHeight(table, r), HeightType = HeightRuleValues.AtLeast });
            if (r < table.HeaderRows) properties.Append(new TableHeader());
            row.Append(properties);
            for (var c = 0; c < table.ColumnCount;)
            {
                var cell = table.Cells.Single(x => x.Top <= r && r <= x.Bottom && x.Left <= c && c <= x.Right);
                var tc = new TableCell();
                var tcp = new TableCellProperties(new TableCellWidth { Width = widths.Skip(cell.Left).Take(cell.ColumnSpan).Sum().ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
                if (cell.ColumnSpan > 1) tcp.Append(new GridSpan { Val = cell.ColumnSpan });
                if (cell.RowSpan > 1) tcp.Append(new VerticalMerge { Val = cell.Top == r ? MergedCellValues.Restart : MergedCellValues.Continue });
                tcp.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
                tc.Append(tcp);
                if (cell.Top != r)
                {
                    tc.Append(CellParagraph("", JustificationValues.Center, bold: false, indent: 0));
                }
                else
                {
                    tc.Append(cell.Kind switch
                    {
                        FormCellKind.Header => CellParagraph(cell.Text, JustificationValues.Center, bold: true, indent: 0),
                        FormCellKind.Label => CellParagraph(cell.Text, cell.RowSpan > 1 ? JustificationValues.Center : JustificationValues.Left, cell.Bold, cell.Indent),
                        FormCellKind.Unit => CellParagraph(PrintedTable.Unit(cell.Row!), JustificationValues.Center, bold: false, indent: 0),
                        FormCellKind.Figure => CellParagraph(ReportText.Figure(cell.Row!, values[cell.Row!.Key][cell.ColumnKey!]), JustificationValues.Center, bold: false, indent: 0),
                        _ => CellParagraph("", JustificationValues.Center, bold: false, indent: 0),
                    });
                }

                row.Append(tc);
                c += cell.ColumnSpan;
            }

            result.Append(row);
        }

        return result;
    }

    /// <summary>
    /// The at-least height of grid row <paramref name="r"/> in twips: as many lines as its tallest wrapped text (a cell merged
    /// down several rows shares its lines between them), so that no label overlaps another.
    /// </summary>
    internal static int RowHeight(PrintedTable table, int r)
    {
        double Width(FormCell cell) => table.ColumnWidthsMm.Skip(cell.Left).Take(cell.ColumnSpan).Sum() - cell.Indent * 3.5;
        var lines = 1;
        foreach (var cell in table.Cells.Where(c => c.Top == r && c.RowSpan == 1 && c.Kind is FormCellKind.Header or FormCellKind.Label))
            lines = Math.Max(lines, Lines(cell.Text, Width(cell)));
        foreach (var cell in table.Cells.Where(c => c.Bottom == r && c.RowSpan > 1))
            lines = Math.Max(lines, (int)Math.Ceiling((double)Lines(cell.Text, Width(cell)) / cell.RowSpan));
        return SingleLineRowTwips + (lines - 1) * LineTwips;
    }

    private static Table ChecksTable(AnnualReportDocument document)
    {
        var report = document.Report;
        double[] mm = [16, 110, 16, 14, 14, 16];
        var widths = mm.Select(m => (int)Math.Round(m * TwipsPerMm)).ToList();
        var table = new Table(TableProperties(widths.Sum()), new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        void Row(IReadOnlyList<string> texts, bool header)
        {
            var row = new TableRow(new TableRowProperties(new CantSplit()));
            for (var i = 0; i < texts.Count; i++)
            {
                row.Append(new TableCell(
                    new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                        new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center }),
                    CellParagraph(texts[i], i == 1 && !header ? JustificationValues.Left : JustificationValues.Center, header, 0)));
            }

            table.Append(row);
        }

        Row(["表", "勾稽关系", "栏目", "左边合计", "右边合计", "结果"], header: true);
        foreach (var check in report.Checks)
        {
            var name = check.Table switch { "table3" => "表三", "table4" => "表四", _ => report.Definition.Table(check.Table).Title };
            Row([name, ReportText.CheckRule(report.Definition, check), ReportText.CheckColumn(report.Definition, check),
                check.Left.ToString(CultureInfo.InvariantCulture), check.Right.ToString(CultureInfo.InvariantCulture), ReportText.CheckResultText(check)], header: false);
        }

        return table;
    }

    private static TableProperties TableProperties(int width)
    {
        BorderType Line<T>() where T : BorderType, new() => new T { Val = BorderValues.Single, Size = 4, Space = 0, Color = "000000" };
        return new TableProperties(
            new TableWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableJustification { Val = TableRowAlignmentValues.Center },
            new TableBorders(Line<TopBorder>(), Line<LeftBorder>(), Line<BottomBorder>(), Line<RightBorder>(), Line<InsideHorizontalBorder>(), Line<InsideVerticalBorder>()),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(
                new TopMargin { Width = "20", Type = TableWidthUnitValues.Dxa },
                new TableCellLeftMargin { Width = 57, Type = TableWidthValues.Dxa },
                new BottomMargin { Width = "20", Type = TableWidthUnitValues.Dxa },
                new TableCellRightMargin { Width = 57, Type = TableWidthValues.Dxa }));
    }

    private static Paragraph CellParagraph(string text, JustificationValues justification, bool bold, int indent)
    {
        var properties = new ParagraphProperties(new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto });
        if (indent > 0) properties.Append(new Indentation { Left = (indent * 200).ToString(CultureInfo.InvariantCulture) });
        properties.Append(new Justification { Val = justification });
        var paragraph = new Paragraph(properties);
        if (text.Length > 0) paragraph.Append(Run(text, BodyFont, TableFontHalfPoints, bold));
        return paragraph;
    }

    private static Paragraph Paragraph(string text, string font, int halfPoints, bool bold, JustificationValues justification, int after, int before = 0)
        => new(
            new ParagraphProperties(
                new SpacingBetweenLines { Before = before.ToString(CultureInfo.InvariantCulture), After = after.ToString(CultureInfo.InvariantCulture), Line = "300", LineRule = LineSpacingRuleValues.Auto },
                new Justification { Val = justification }),
            Run(text, font, halfPoints, bold));

    private static Run Run(string text, string font, int halfPoints, bool bold)
    {
        var properties = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold) properties.Append(new Bold());
        properties.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }, new FontSizeComplexScript { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        return new Run(properties, new Text(ReportXlsx.XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve });
    }
}
