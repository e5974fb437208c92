using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using CaseTracker.Domain;

namespace CaseTracker.Infrastructure.Cases;

/// <summary>
/// An office's register workbook (.xlsx) read row by row with <see cref="OpenXmlReader"/> (the sheet is never loaded whole):
/// the first worksheet or the one named, each cell as text the importer reads like a CSV field. Cell types are respected: a
/// shared or inline string is its text (phonetic guides left out), a number formatted as a date is that China date written
/// yyyy-MM-dd, a whole number below 10^15 its digits, any other number its stored text (so an ID number Excel turned into
/// 5.32329199001011E+17 stays recognisably mangled), a boolean 1/0 as TRUE/FALSE, an error value (#N/A) its text.
/// </summary>
public static class RegisterSheet
{
    /// <summary>Whether the bytes are a ZIP package (an .xlsx), by the local-file signature PK\x03\x04.</summary>
    public static bool IsWorkbook(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]);

    /// <summary>Whether the bytes are an old binary workbook (.xls, an OLE compound file), which is refused with a sentence.</summary>
    public static bool IsOldWorkbook(ReadOnlySpan<byte> bytes) => bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]);

    /// <summary>
    /// The non-empty rows of the worksheet <paramref name="sheetName"/> (null: the first one), at most <paramref name="maxLines"/>
    /// (one more sets <see cref="RegisterTable.TooManyRows"/>), numbered as Excel numbers them. Refuses (400, <c>file</c>) a
    /// package that is not a workbook, and a sheet name the workbook lacks (naming the sheets it has).
    /// </summary>
    public static RegisterTable Read(Stream workbook, string? sheetName, int maxLines)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(workbook, isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException)
        {
            throw new InvalidInputException("file", "The file is not an Excel workbook that can be read (.xlsx); open it in Excel, save it again as .xlsx and send it again.");
        }

        using (document)
        {
            var book = document.WorkbookPart
                       ?? throw new InvalidInputException("file", "The file is not an Excel workbook that can be read (.xlsx); open it in Excel, save it again as .xlsx and send it again.");
            var sheets = book.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            var sheet = sheetName is null
                ? sheets.FirstOrDefault()
                : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value?.Trim(), sheetName.Trim(), StringComparison.OrdinalIgnoreCase));
            if (sheet?.Id?.Value is not { } id || book.GetPartById(id) is not WorksheetPart part)
                throw new InvalidInputException("sheet", sheetName is null
                    ? "The workbook has no worksheet."
                    : $"The workbook has no sheet named \"{sheetName}\"; its sheets are: {string.Join(", ", sheets.Select(s => s.Name?.Value))}.");

            var strings = SharedStrings(book);
            var dateStyles = DateStyles(book);
            return Rows(part, strings, dateStyles, maxLines);
        }
    }

    /// <summary>The names of the workbook's worksheets, in order (for the preview, so a clerk can pick one).</summary>
    public static IReadOnlyList<string> SheetNames(Stream workbook)
    {
        using var document = SpreadsheetDocument.Open(workbook, isEditable: false);
        return document.WorkbookPart?.Workbook.Sheets?.Elements<Sheet>().Select(s => s.Name?.Value ?? "").ToList() ?? [];
    }

    private static RegisterTable Rows(WorksheetPart part, IReadOnlyList<string> strings, HashSet<uint> dateStyles, int maxLines)
    {
        var lines = new List<RegisterLine>();
        using var reader = OpenXmlReader.Create(part);
        var lastNumber = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var number = row.RowIndex?.Value is { } index ? (int)index : lastNumber + 1;
            lastNumber = number;
            var fields = new List<string>();
            var next = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
                if (column < next) column = next;
                var text = Text(cell, strings, dateStyles);
                if (text.Length > 0)
                {
                    while (fields.Count < column) fields.Add("");
                    fields.Add(text);
                }

                next = column + 1;
            }

            if (fields.Count == 0) continue;
            if (number > maxLines) return new RegisterTable(lines, TooManyRows: true);
            lines.Add(new RegisterLine(number, fields, null));
        }

        return new RegisterTable(lines, TooManyRows: false);
    }

    private static string Text(Cell cell, IReadOnlyList<string> strings, HashSet<uint> dateStyles)
    {
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString is { } inline ? StringItem(inline) : "";
        var value = cell.CellValue?.Text;
        if (value is null) return "";
        if (type == CellValues.SharedString)
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : "";
        if (type == CellValues.Boolean) return value == "1" ? "TRUE" : "FALSE";
        if (type == CellValues.String || type == CellValues.Error) return value;
        if (type == CellValues.Date)
            return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return value;
        if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style) && number is >= 1 and < 2958466)
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(number))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (Math.Abs(number) < 1e15 && number == Math.Floor(number)) return ((long)number).ToString(CultureInfo.InvariantCulture);
        return value;
    }

    /// <summary>A shared or inline string: its text, or its runs' text; phonetic guides (rPh) left out.</summary>
    private static string StringItem(OpenXmlCompositeElement item)
    {
        var text = item.GetFirstChild<Text>();
        if (text is not null) return text.Text;
        return string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));
    }

    private static List<string> SharedStrings(WorkbookPart book)
    {
        var strings = new List<string>();
        if (book.SharedStringTablePart is not { } part) return strings;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                strings.Add(StringItem((SharedStringItem)reader.LoadCurrentElement()!));
        }

        return strings;
    }

    /// <summary>
    /// The cell styles (cellXfs indexes) whose number format shows a date: the built-in date formats (14–17, 22, and 27–36, 50–58 of
    /// the Chinese editions) and custom formats with a year, day, 年 or 日 outside quotes.
    /// </summary>
    private static HashSet<uint> DateStyles(WorkbookPart book)
    {
        var result = new HashSet<uint>();
        var stylesheet = book.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is not { } formats) return result;
        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var format in formats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (custom.TryGetValue(id, out var code) ? IsDateFormat(code) : IsBuiltInDate(id)) result.Add(index);
            index++;
        }

        return result;
    }

    private static bool IsBuiltInDate(uint id) => id is (>= 14 and <= 17) or 22 or (>= 27 and <= 36) or (>= 50 and <= 58);

    private static bool IsDateFormat(string code)
    {
        var bare = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.", "");
        return bare.IndexOfAny(['y', 'Y', 'd', 'D', '年', '日']) >= 0;
    }

    private static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z') column = column * 26 + (c - 'A' + 1);
            else if (c is >= 'a' and <= 'z') column = column * 26 + (c - 'a' + 1);
            else break;
        }

        return column - 1;
    }
}
