using System.Globalization;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>
/// The report as an Excel workbook in the official layout: one worksheet per table (三, 四; 统计表 for legacy) with
/// the official title, the agency, the year, the form's source, when generated (and the provisional note), then the
/// grouped column header, the row labels indented as on the form, the figures as numeric cells (fees 0.0000 万元).
/// Under the header a hidden row holds the column keys (<c>column_key</c> in column A), and a hidden trailing column
/// (headed <c>row_key</c> in that row) holds each row's key, so the sheet parses back to the same figures.
/// The sheet 校验 lists each check: table, rule, column key, column label, left, right, holds (1/0), ✔/✘.
/// </summary>
public static class ReportXlsx
{
    public const string ColumnKeyMarker = "column_key";
    public const string RowKeyMarker = "row_key";
    public const string ChecksSheet = "校验";

    public static byte[] Render(AnnualReportDocument document)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            package.PackageProperties.Title = XmlSafe($"{document.AgencyName} {document.Report.Year}年 {document.Report.Definition.Source}");
            package.PackageProperties.Creator = "CaseTracker";
            var workbookPart = package.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = Styles.Stylesheet();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            foreach (var layout in TableLayout.Of(document.Report.Definition))
                AddSheet(workbookPart, sheets, sheetId++, layout.SheetName, TableSheet(document, layout));
            AddSheet(workbookPart, sheets, sheetId, ChecksSheet, ChecksSheetOf(document));
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

    private static Worksheet TableSheet(AnnualReportDocument document, TableLayout layout)
    {
        var report = document.Report;
        var cells = report.Cells[layout.Table.Key];
        var sheet = new SheetBuilder();
        var valueColumns = layout.Columns.Count;
        var lastColumn = valueColumns + 1; // A = labels, then the value columns
        var keyColumn = lastColumn + 1;

        sheet.Text(1, 1, layout.Table.Title, Styles.Title);
        sheet.Merge(1, 1, 1, lastColumn);
        var metadata = Metadata(document);
        for (var i = 0; i < metadata.Count; i++)
        {
            sheet.Text(2 + i, 1, metadata[i], Styles.Meta);
            sheet.Merge(2 + i, 1, 2 + i, lastColumn);
        }

        var headerTop = 2 + metadata.Count + 1;
        for (var r = 0; r < layout.HeaderRows; r++)
        for (var c = 0; c <= valueColumns; c++)
            sheet.Blank(headerTop + r, 1 + c, Styles.Header); // borders under the merged areas
        sheet.Text(headerTop, 1, layout.Corner, Styles.Header);
        if (layout.HeaderRows > 1) sheet.Merge(headerTop, 1, headerTop + layout.HeaderRows - 1, 1);
        foreach (var header in layout.Header)
        {
            var row = headerTop + header.HeaderRow;
            var column = 2 + header.Column;
            sheet.Text(row, column, header.Label, Styles.Header);
            if (header.ColumnSpan > 1 || header.RowSpan > 1)
                sheet.Merge(row, column, row + header.RowSpan - 1, column + header.ColumnSpan - 1);
        }

        var keyRow = headerTop + layout.HeaderRows;
        sheet.Text(keyRow, 1, ColumnKeyMarker, Styles.Key);
        for (var c = 0; c < valueColumns; c++)
            if (layout.Columns[c].Key is { } key) sheet.Text(keyRow, 2 + c, key, Styles.Key);
        sheet.Text(keyRow, keyColumn, RowKeyMarker, Styles.Key);
        sheet.HideRow(keyRow);

        var rowIndex = keyRow + 1;
        foreach (var line in layout.Rows)
        {
            sheet.Text(rowIndex, 1, line.Label, Styles.Label(line.Indent, bold: line.IsHeading || line.IsGroup));
            for (var c = 0; c < valueColumns; c++)
            {
                var column = layout.Columns[c];
                if (line.Row is not { } row) sheet.Blank(rowIndex, 2 + c, Styles.Unit);
                else if (column.IsUnit) sheet.Text(rowIndex, 2 + c, TableLayout.Unit(row), Styles.Unit);
                else sheet.Number(rowIndex, 2 + c, cells[row.Key][column.Key!], row.Kind == ReportRowKind.TenThousandYuan ? Styles.Fee : Styles.Count);
            }

            if (line.Key is { } rowKey) sheet.Text(rowIndex, keyColumn, rowKey, Styles.Key);
            rowIndex++;
        }

        var widths = new List<(int Column, double Width, bool Hidden)> { (1, layout.Table.Key == "table3" ? 52 : 44, false) };
        for (var c = 0; c < valueColumns; c++) widths.Add((2 + c, layout.Columns[c].IsUnit ? 8 : 12, false));
        widths.Add((keyColumn, 36, true));
        return sheet.Build(widths, landscape: layout.Columns.Count > 4);
    }

    private static Worksheet ChecksSheetOf(AnnualReportDocument document)
    {
        var report = document.Report;
        var sheet = new SheetBuilder();
        string[] headers = ["表", "规则", "列键", "栏目", "左边", "右边", "成立(1/0)", "结果"];
        sheet.Text(1, 1, "勾稽关系校验", Styles.Title);
        sheet.Merge(1, 1, 1, headers.Length);
        sheet.Text(2, 1, $"{document.AgencyName}（{document.AgencyCode}） {report.Year}年 {report.Definition.Source}", Styles.Meta);
        sheet.Merge(2, 1, 2, headers.Length);
        for (var c = 0; c < headers.Length; c++) sheet.Text(3, 1 + c, headers[c], Styles.Header);
        var row = 4;
        foreach (var check in report.Checks)
        {
            var table = report.Definition.Table(check.Table);
            sheet.Text(row, 1, check.Table, Styles.Unit);
            sheet.Text(row, 2, check.Rule, Styles.Label(0, bold: false));
            sheet.Text(row, 3, check.Column, Styles.Unit);
            sheet.Text(row, 4, table.Columns.FirstOrDefault(c => c.Key == check.Column)?.Label ?? "", Styles.Unit);
            sheet.Number(row, 5, check.Left, Styles.Plain);
            sheet.Number(row, 6, check.Right, Styles.Plain);
            sheet.Number(row, 7, check.Holds ? 1 : 0, Styles.Count);
            sheet.Text(row, 8, ReportText.CheckSymbol(check), Styles.Unit);
            row++;
        }

        return sheet.Build([(1, 10, false), (2, 52, false), (3, 18, false), (4, 14, false), (5, 10, false), (6, 10, false), (7, 10, false), (8, 8, false)], landscape: true);
    }

    internal static List<string> Metadata(AnnualReportDocument document)
    {
        var report = document.Report;
        var lines = new List<string>
        {
            $"填报单位：{document.AgencyName}（{document.AgencyCode}），{ReportText.Scope(document)}",
            $"统计年度：{report.Year}年",
            $"表式：{report.Definition.Source}",
            $"生成时间：{ReportText.GeneratedAt(document)}",
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
        private readonly HashSet<int> hiddenRows = [];

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

        public void HideRow(int row) => hiddenRows.Add(row);

        private void Put(int row, int column, Cell cell)
        {
            cell.CellReference = Reference(row, column);
            if (!rows.TryGetValue(row, out var line)) rows[row] = line = [];
            line[column] = cell;
        }

        public Worksheet Build(IEnumerable<(int Column, double Width, bool Hidden)> widths, bool landscape)
        {
            var data = new SheetData();
            foreach (var (index, line) in rows)
            {
                var row = new Row { RowIndex = (uint)index };
                if (hiddenRows.Contains(index)) row.Hidden = true;
                row.Append(line.Values);
                data.Append(row);
            }

            var columns = new Columns();
            foreach (var (column, width, hidden) in widths)
            {
                columns.Append(new Column
                {
                    Min = (uint)column, Max = (uint)column, Width = width, CustomWidth = true,
                    Hidden = hidden ? true : null,
                });
            }

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
                FitToHeight = 0,
            });
            return worksheet;
        }

        private static string Reference(int row, int column) => ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);
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
        private const int Indents = 4;

        public static uint Label(int indent, bool bold) => LabelFirst + (bold ? (uint)Indents : 0) + (uint)Math.Clamp(indent, 0, Indents - 1);

        public static Stylesheet Stylesheet()
        {
            var fonts = new Fonts(
                Font(11, bold: false),
                Font(11, bold: true),
                Font(16, bold: true));
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
                Format(font: 0, border: 0, horizontal: HorizontalAlignmentValues.Left),
                Format(font: 1, border: 1, horizontal: HorizontalAlignmentValues.Center, wrap: true));
            for (var bold = 0; bold < 2; bold++)
            for (var indent = 0; indent < Indents; indent++)
                formats.Append(Format(font: (uint)bold, border: 1, horizontal: HorizontalAlignmentValues.Left, wrap: true, indent: (uint)indent));
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Right, numberFormat: 1));
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Right, numberFormat: FeeFormatId));
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Center));
            formats.Append(new CellFormat());
            formats.Append(Format(font: 0, border: 1, horizontal: HorizontalAlignmentValues.Right));

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
