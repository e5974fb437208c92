using System.Globalization;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>
/// The report as an Excel workbook in the official layout (reports.md §7), in Chinese only: one worksheet per table (三, 四;
/// 统计表 for legacy) with the report's title (no agency code), the table's heading, scope/year/form/generation time (and the
/// provisional note), then the table exactly as <see cref="PrintedTable"/> lays it out — merged group labels beside their
/// items in table 三, table 四 as one row of 15 figures under three groups — figures as numeric cells (fees 0.0000 万元).
/// Every row has a height that fits its wrapped labels; no row or column is hidden; each table sheet prints on one A4
/// portrait page (fit to 1 × 1) with its print area set. The sheet 校验 lists each check in Chinese words; the sheet
/// 键 maps every figure cell to its keys (sheet, cell, table, row_key, column_key), so the workbook parses back.
/// </summary>
public static class ReportXlsx
{
    public const string ChecksSheet = "校验";
    public const string KeysSheet = "键";

    /// <summary>Points per printed line of 11 pt 宋体, and the padding added to a row.</summary>
    internal const double LineHeightPt = 14.25;
    private const double RowPaddingPt = 3;

    public static byte[] Render(AnnualReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            package.PackageProperties.Title = XmlSafe(ReportText.Title(document));
            package.PackageProperties.Creator = "CaseTracker";
            var workbookPart = package.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = Styles.Stylesheet();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            var printAreas = new DefinedNames();
            var keys = new List<(string Sheet, string Cell, string Table, string Row, string Column)>();
            uint sheetId = 1;
            foreach (var table in PrintedTable.Of(document.Report.Definition))
            {
                var (worksheet, area) = TableSheet(document, table, keys);
                AddSheet(workbookPart, sheets, sheetId, table.SheetName, worksheet);
                printAreas.Append(new DefinedName($"'{table.SheetName}'!{area}") { Name = "_xlnm.Print_Area", LocalSheetId = sheetId - 1 });
                sheetId++;
            }

            AddSheet(workbookPart, sheets, sheetId++, ChecksSheet, ChecksSheetOf(document));
            AddSheet(workbookPart, sheets, sheetId, KeysSheet, KeysSheetOf(keys));
            workbookPart.Workbook.Append(printAreas);
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbookPart, Sheets sheets, uint id, string name, Worksheet worksheet)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        part.Worksheet = worksheet;
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id, Name = name });
    }

    /// <summary>Excel column width units (one digit of the default font) for a width in millimetres.</summary>
    internal static double WidthUnits(double mm) => Math.Round(mm / 1.9, 1);

    private static (Worksheet Sheet, string PrintArea) TableSheet(AnnualReportDocument document, PrintedTable table,
        List<(string Sheet, string Cell, string Table, string Row, string Column)> keys)
    {
        var values = document.Report.Cells[table.Table.Key];
        var sheet = new SheetBuilder();
        var lastColumn = table.ColumnCount;
        var widths = table.ColumnWidthsMm.Select(WidthUnits).ToList();
        var totalWidth = widths.Sum();

        var lines = new List<(string Text, uint Style)> { (ReportText.Title(document), Styles.Title), (table.Table.Title, Styles.Heading) };
        lines.AddRange(Metadata(document).Select(m => (m, Styles.Meta)));
        for (var i = 0; i < lines.Count; i++)
        {
            sheet.Text(1 + i, 1, lines[i].Text, lines[i].Style);
            sheet.Merge(1 + i, 1, 1 + i, lastColumn);
            sheet.Height(1 + i, i == 0 ? 27 : Lines(lines[i].Text, totalWidth) * LineHeightPt + RowPaddingPt);
        }

        var top = 1 + lines.Count + 1; // one empty row between the circumstances and the table
        // Borders under every merged area first, then the cells.
        for (var r = 0; r < table.RowCount; r++)
        for (var c = 0; c < table.ColumnCount; c++)
            sheet.Blank(top + r, 1 + c, r < table.HeaderRows ? Styles.Header : Styles.Unit);
        foreach (var cell in table.Cells)
        {
            var row = top + cell.Top;
            var column = 1 + cell.Left;
            switch (cell.Kind)
            {
                case FormCellKind.Header:
                    sheet.Text(row, column, cell.Text, Styles.Header);
                    break;
                case FormCellKind.Label:
                    sheet.Text(row, column, cell.Text, cell.RowSpan > 1 ? Styles.MergedLabel(cell.Bold) : Styles.Label(cell.Indent, cell.Bold));
                    break;
                case FormCellKind.Unit:
                    sheet.Text(row, column, PrintedTable.Unit(cell.Row!), Styles.Unit);
                    break;
                case FormCellKind.Figure:
                    var reportRow = cell.Row!;
                    sheet.Number(row, column, values[reportRow.Key][cell.ColumnKey!], reportRow.Kind == ReportRowKind.TenThousandYuan ? Styles.Fee : Styles.Count);
                    keys.Add((table.SheetName, SheetBuilder.Reference(row, column), table.Table.Key, reportRow.Key, cell.ColumnKey!));
                    break;
            }

            if (cell.IsMerged) sheet.Merge(row, column, row + cell.RowSpan - 1, column + cell.ColumnSpan - 1);
        }

        // Each row as high as its tallest wrapped text (a cell merged down several rows shares their height).
        for (var r = 0; r < table.RowCount; r++)
        {
            var needed = 1;
            foreach (var cell in table.Cells.Where(c => c.Top == r && c.RowSpan == 1 && c.Kind is FormCellKind.Header or FormCellKind.Label))
                needed = Math.Max(needed, Lines(cell.Text, widths.Skip(cell.Left).Take(cell.ColumnSpan).Sum() - IndentUnits(cell.Indent)));
            foreach (var cell in table.Cells.Where(c => c.Bottom == r && c.RowSpan > 1))
            {
                var height = Lines(cell.Text, widths.Skip(cell.Left).Take(cell.ColumnSpan).Sum());
                needed = Math.Max(needed, (int)Math.Ceiling((double)height / cell.RowSpan));
            }

            sheet.Height(top + r, needed * LineHeightPt + RowPaddingPt);
        }

        var bottom = top + table.RowCount - 1;
        var area = $"$A$1:${ColumnName(lastColumn)}${bottom.ToString(CultureInfo.InvariantCulture)}";
        return (sheet.Build(widths.Select((w, i) => (i + 1, w)), landscape: false, onePage: true), area);
    }

    private static double IndentUnits(int indent) => indent * 3;

    /// <summary>
    /// How many lines <paramref name="text"/> takes in a cell <paramref name="widthUnits"/> wide: a CJK character is two
    /// units, any other one; one unit is left for the cell's padding.
    /// </summary>
    internal static int Lines(string text, double widthUnits)
    {
        var perLine = Math.Max(2, widthUnits - 1);
        var width = text.Sum(c => c > 0x2E80 ? 2 : 1);
        return Math.Max(1, (int)Math.Ceiling(width / perLine));
    }

    private static Worksheet ChecksSheetOf(AnnualReportDocument document)
    {
        var report = document.Report;
        var sheet = new SheetBuilder();
        string[] headers = ["表", "勾稽关系", "栏目", "左边合计", "右边合计", "结果"];
        double[] widths = [12, 60, 12, 10, 10, 10];
        sheet.Text(1, 1, "勾稽关系校验", Styles.Title);
        sheet.Merge(1, 1, 1, headers.Length);
        sheet.Text(2, 1, $"{ReportText.Title(document)}（{report.Definition.Source}）", Styles.Meta);
        sheet.Merge(2, 1, 2, headers.Length);
        for (var c = 0; c < headers.Length; c++) sheet.Text(3, 1 + c, headers[c], Styles.Header);
        var row = 4;
        foreach (var check in report.Checks)
        {
            var table = report.Definition.Table(check.Table);
            var rule = ReportText.CheckRule(report.Definition, check);
            sheet.Text(row, 1, table.Key switch { "table3" => "表三", "table4" => "表四", _ => table.Title }, Styles.Unit);
            sheet.Text(row, 2, rule, Styles.Label(0, bold: false));
            sheet.Text(row, 3, ReportText.CheckColumn(report.Definition, check), Styles.Unit);
            sheet.Number(row, 4, check.Left, Styles.Plain);
            sheet.Number(row, 5, check.Right, Styles.Plain);
            sheet.Text(row, 6, ReportText.CheckResultText(check), Styles.Unit);
            sheet.Height(row, Lines(rule, widths[1]) * LineHeightPt + RowPaddingPt);
            row++;
        }

        return sheet.Build(widths.Select((w, i) => (i + 1, w)), landscape: true, onePage: false);
    }

    /// <summary>The machine-readable map of the figures: which cell of which sheet holds which (table, row, column) of the JSON.</summary>
    private static Worksheet KeysSheetOf(List<(string Sheet, string Cell, string Table, string Row, string Column)> keys)
    {
        var sheet = new SheetBuilder();
        string[] headers = ["工作表", "单元格", "表键", "行键", "列键"];
        for (var c = 0; c < headers.Length; c++) sheet.Text(1, 1 + c, headers[c], Styles.Header);
        var row = 2;
        foreach (var key in keys)
        {
            sheet.Text(row, 1, key.Sheet, Styles.Plain);
            sheet.Text(row, 2, key.Cell, Styles.Plain);
            sheet.Text(row, 3, key.Table, Styles.Plain);
            sheet.Text(row, 4, key.Row, Styles.Plain);
            sheet.Text(row, 5, key.Column, Styles.Plain);
            row++;
        }

        return sheet.Build([(1, 8), (2, 8), (3, 10), (4, 40), (5, 18)], landscape: false, onePage: false);
    }

    internal static List<string> Metadata(AnnualReportDocument document)
    {
        var report = document.Report;
        var lines = new List<string>
        {
            $"统计范围：{ReportText.Scope(document)}　统计年度：{report.Year}年　表式：{report.Definition.Source}　生成时间：{ReportText.GeneratedAt(document)}",
        };
        if (document.Provisional) lines.Add("注：" + ReportText.ProvisionalNote);
        return lines;
    }

    /// <summary>
    /// The text without the characters XML 1.0 cannot hold (control characters, U+FFFE/U+FFFF, broken surrogates): text
    /// stored before the register refused them (<see cref="Domain.FreeText"/>) must not make the workbook fail for good.
    /// </summary>
    internal static string XmlSafe(string text)
    {
        var clean = true;
        foreach (var c in text) clean &= FreeTextXml(c);
        if (clean) return text;
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            if (System.Text.Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) == System.Buffers.OperationStatus.Done
                && Domain.FreeText.IsXmlCharacter(rune.Value))
                builder.Append(text, i, used);
            i += Math.Max(used, 1);
        }

        return builder.ToString();
    }

    // Fast path: a char that is XML-safe on its own (surrogates go the slow way, to check they are paired).
    private static bool FreeTextXml(char c) => !char.IsSurrogate(c) && Domain.FreeText.IsXmlCharacter(c);

    /// <summary>Collects cells by position and writes them in the order the schema wants (rows, then cells, ascending).</summary>
    private sealed class SheetBuilder
    {
        private readonly SortedDictionary<int, SortedDictionary<int, Cell>> rows = [];
        private readonly List<string> merges = [];
        private readonly Dictionary<int, double> heights = [];

        public void Text(int row, int column, string text, uint style)
            => Put(row, column, new Cell
            {
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
                StyleIndex = style,
            });

        public void Blank(int row, int column, uint style) => Put(row, column, new Cell { StyleIndex = style });

        public void Number(int row, int column, decimal value, uint style)
            => Put(row, column, new Cell
            {
                DataType = CellValues.Number,
                CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)),
                StyleIndex = style,
            });

        public void Merge(int top, int left, int bottom, int right)
            => merges.Add($"{Reference(top, left)}:{Reference(bottom, right)}");

        /// <summary>The row's height in points (a custom height: Excel and LibreOffice keep it).</summary>
        public void Height(int row, double points) => heights[row] = Math.Max(heights.GetValueOrDefault(row), points);

        private void Put(int row, int column, Cell cell)
        {
            cell.CellReference = Reference(row, column);
            if (!rows.TryGetValue(row, out var line)) rows[row] = line = [];
            line[column] = cell;
        }

        public Worksheet Build(IEnumerable<(int Column, double Width)> widths, bool landscape, bool onePage)
        {
            var data = new SheetData();
            foreach (var (index, line) in rows)
            {
                var row = new Row { RowIndex = (uint)index };
                if (heights.TryGetValue(index, out var height))
                {
                    row.Height = Math.Round(height, 2);
                    row.CustomHeight = true;
                }

                row.Append(line.Values);
                data.Append(row);
            }

            var columns = new Columns();
            foreach (var (column, width) in widths)
                columns.Append(new Column { Min = (uint)column, Max = (uint)column, Width = width, CustomWidth = true });

            var worksheet = new Worksheet(
                new SheetProperties(new PageSetupProperties { FitToPage = true }),
                columns,
                data);
            if (merges.Count > 0)
                worksheet.Append(new MergeCells(merges.Select(m => new MergeCell { Reference = m })));
            worksheet.Append(new PrintOptions { HorizontalCentered = true });
            worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            worksheet.Append(new PageSetup
            {
                PaperSize = 9, // A4
                Orientation = landscape ? OrientationValues.Landscape : OrientationValues.Portrait,
                FitToWidth = 1,
                FitToHeight = onePage ? 1u : 0u,
            });
            return worksheet;
        }

        public static string Reference(int row, int column) => ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A, B, … Z, AA, … for a 1-based column number (every XLSX the service writes).</summary>
    internal static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }

    /// <summary>The workbook's cell formats, by index.</summary>
    private static class Styles
    {
        public const uint Title = 1;
        public const uint Meta = 2;
        public const uint Header = 3;
        private const uint LabelFirst = 4; // 4–7 plain, indent 0–3; 8–11 bold, indent 0–3
        public const uint Count = 12;
        public const uint Fee = 13;
        public const uint Unit = 14;
        public const uint Key = 15;
        public const uint Plain = 16;
        public const uint Heading = 17;
        private const uint MergedLabelFirst = 18; // 18 plain, 19 bold: centred, wrapped
        private const int Indents = 4;

        public static uint MergedLabel(bool bold) => MergedLabelFirst + (bold ? 1u : 0u);

        public static uint Label(int indent, bool bold) => LabelFirst + (bold ? (uint)Indents : 0) + (uint)Math.Clamp(indent, 0, Indents - 1);

        public static Stylesheet Stylesheet()
        {
            var fonts = new Fonts(
                Font(11, bold: false),
                Font(11, bold: true),
                Font(16, bold: true),
                Font(12, bold: true));
            var fills = new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }));
            var borders = new Borders(
                new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
                new Border(
                    new LeftBorder { Style = BorderStyleValues.Thin },
                    new RightBorder { Style = BorderStyleValues.Thin },
                    new TopBorder { Style = BorderStyleValues.Thin },
                    new BottomBorder { Style = BorderStyleValues.Thin },
                    new DiagonalBorder()));
            var formats = new CellFormats(
                new CellFormat(),
                Format(font: 2, border: 0, horizontal: HorizontalAlignmentValues.Center),
                Format(font: 0, border: 0, horizontal: HorizontalAlignmentValues.Left, wrap: true),
                Format(font: 1, border: 1, horizontal: HorizontalAlignmentValues.Center, wrap: true));
            for (var bold = 0; bold < 2; bold++)
            for (var indent = 0; indent < Indents; indent++)
                formats.Append(Format(font: (uint)bold, border: 1, horizontal: HorizontalAlignmentValues.Left, wrap: true, indent: (uint)indent));
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Center, numberFormat: 1));
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Center, numberFormat: FeeFormatId));
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Center));
            formats.Append(new CellFormat());
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Right));
            formats.Append(Format(font: 3, border: 0, horizontal: HorizontalAlignmentValues.Left));
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Center, wrap: true));
            formats.Append(Format(font: 1, border: 1, horizontal: HorizontalAlignmentValues.Center, wrap: true));

            return new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = FeeFormatId, FormatCode = "0.0000" }),
                fonts,
                fills,
                borders,
                new CellStyleFormats(new CellFormat()),
                formats,
                new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
        }

        private const uint FeeFormatId = 164;

        private static Font Font(double size, bool bold)
        {
            var font = new Font();
            if (bold) font.Append(new Bold());
            font.Append(new FontSize { Val = size });
            font.Append(new FontName { Val = "宋体" });
            font.Append(new FontCharSet { Val = 134 }); // GB2312
            return font;
        }

        private static CellFormat Format(uint font, uint border, HorizontalAlignmentValues horizontal, bool wrap = false, uint indent = 0, uint numberFormat = 0)
            => new(new Alignment
            {
                Horizontal = horizontal,
                Vertical = VerticalAlignmentValues.Center,
                WrapText = wrap ? true : null,
                Indent = indent > 0 ? indent : null,
            })
            {
                FontId = font,
                FillId = 0,
                BorderId = border,
                NumberFormatId = numberFormat,
                ApplyFont = true,
                ApplyBorder = true,
                ApplyAlignment = true,
                ApplyNumberFormat = numberFormat != 0 ? true : null,
            };
    }
}
