using System.Globalization;
using System.Text;
using System.Xml;
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
    /// The non-empty rows of the worksheet <paramref name="sheetName"/> (null: the first one), numbered as Excel numbers them, read
    /// one at a time as they are enumerated (nothing of a row is kept once the caller lets it go), and the workbook's sheet names.
    /// Refuses at once (400, <c>file</c>) a package that is not a workbook, and a sheet name the workbook lacks (naming the
    /// sheets it has).
    /// </summary>
    public static (IReadOnlyList<string> Sheets, IEnumerable<RegisterLine> Lines) Read(byte[] workbook, string? sheetName)
    {
        using var document = Open(workbook);
        var (book, sheets, _) = Find(document, sheetName);
        return (sheets.Select(s => s.Name?.Value ?? "").ToList(), Rows(workbook, sheetName));
    }

    private static SpreadsheetDocument Open(byte[] workbook)
    {
        try
        {
            return SpreadsheetDocument.Open(new MemoryStream(workbook, writable: false), isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException)
        {
            throw new InvalidInputException("file", "The file is not an Excel workbook that can be read (.xlsx); open it in Excel, save it again as .xlsx and send it again.");
        }
    }

    private static (WorkbookPart Book, List<Sheet> Sheets, WorksheetPart Part) Find(SpreadsheetDocument document, string? sheetName)
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
        return (book, sheets, part);
    }

    /// <summary>
    /// The sheet's rows from the part's XML with a forward-only <see cref="XmlReader"/>: no element tree is built for a row or a cell
    /// (building one per row cost a third of a 50,000-row import's time and most of its garbage).
    /// </summary>
    private static IEnumerable<RegisterLine> Rows(byte[] workbook, string? sheetName)
    {
        using var document = Open(workbook);
        var (book, _, part) = Find(document, sheetName);
        var strings = SharedStrings(book);
        var dateStyles = DateStyles(book);
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { IgnoreComments = true, IgnoreProcessingInstructions = true, DtdProcessing = DtdProcessing.Prohibit });
        var lastNumber = 0;
        List<string>? fields = null;
        var number = 0;
        var next = 0;
        // The cell being read: its column, type, style, value (<v>) and inline text (<is>, phonetic runs left out).
        var column = 0;
        string? type = null;
        uint? style = null;
        StringBuilder? value = null;
        StringBuilder? inline = null;
        var inValue = false;
        var inText = false;
        var phonetic = 0;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    switch (xml.LocalName)
                    {
                        case "row":
                            number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : lastNumber + 1;
                            lastNumber = number;
                            fields = xml.IsEmptyElement ? null : [];
                            next = 0;
                            break;
                        case "c" when fields is not null:
                            column = xml.GetAttribute("r") is { } reference ? ColumnIndex(reference) : next;
                            if (column < next) column = next;
                            type = xml.GetAttribute("t");
                            style = uint.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
                            value = null;
                            inline = null;
                            phonetic = 0;
                            if (xml.IsEmptyElement) next = column + 1;
                            break;
                        case "v" when fields is not null && !xml.IsEmptyElement:
                            value = new StringBuilder();
                            inValue = true;
                            break;
                        case "is" when fields is not null:
                            inline = new StringBuilder();
                            break;
                        case "rPh" when !xml.IsEmptyElement:
                            phonetic++;
                            break;
                        case "t" when inline is not null && phonetic == 0 && !xml.IsEmptyElement:
                            inText = true;
                            break;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (inValue) value!.Append(xml.Value);
                    else if (inText) inline!.Append(xml.Value);
                    break;
                case XmlNodeType.EndElement:
                    switch (xml.LocalName)
                    {
                        case "v":
                            inValue = false;
                            break;
                        case "t":
                            inText = false;
                            break;
                        case "rPh":
                            phonetic--;
                            break;
                        case "c" when fields is not null:
                            var text = Text(type, style, value?.ToString(), inline?.ToString(), strings, dateStyles);
                            if (text.Length > 0)
                            {
                                while (fields.Count < column) fields.Add("");
                                fields.Add(text);
                            }

                            next = column + 1;
                            break;
                        case "row" when fields is not null:
                            var done = fields;
                            fields = null;
                            if (done.Count > 0) yield return new RegisterLine(number, done, null);
                            break;
                    }

                    break;
            }
        }
    }

    private static string Text(string? type, uint? style, string? value, string? inline, IReadOnlyList<string> strings, HashSet<uint> dateStyles)
    {
        if (type == "inlineStr") return inline ?? "";
        if (value is null) return "";
        if (type == "s")
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : "";
        if (type == "b") return value == "1" ? "TRUE" : "FALSE";
        if (type is "str" or "e") return value;
        if (type == "d")
            return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : value;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return value;
        if (style is { } st && dateStyles.Contains(st) && number is >= 1 and < 2958466)
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
