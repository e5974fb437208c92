using CaseTracker.Infrastructure.Reports.Exports;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CaseTracker.Infrastructure.Cases.Exports;

/// <summary>A column of an exported list: its header as the office reads it (Chinese) and its width in characters for the workbook.</summary>
public sealed record ListColumn(string Header, double Width);

/// <summary>
/// A list of records (the 案件列表 export) written as it is read, so memory does not grow with the number of rows. A cell is
/// a <see cref="string"/>, a <see cref="DateOnly"/> (a China date, written yyyy-MM-dd), an <see cref="int"/>, or null (empty).
/// </summary>
public static class ListExport
{
    /// <summary>
    /// CSV (RFC 4180) in UTF-8 with a byte-order mark (Excel then reads the Chinese), CRLF line ends, one header line.
    /// A text cell starting with <c>= + - @</c> or a tab gets a leading apostrophe, so a spreadsheet never runs it as a
    /// formula (CSV injection); numbers are written as they are.
    /// </summary>
    public static async Task WriteCsv(Stream output, IReadOnlyList<ListColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        var line = new StringBuilder();
        Line(line, columns.Select(c => (object?)c.Header).ToArray());
        await writer.WriteAsync(line, cancellationToken);
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            Line(line, row);
            await writer.WriteAsync(line, cancellationToken);
            if (++count % 1000 == 0) await writer.FlushAsync(cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static void Line(StringBuilder line, object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append(',');
            line.Append(CsvField(cells[i]));
        }

        line.Append("\r\n");
    }

    private static string CsvField(object? cell) => cell switch
    {
        null => "",
        DateOnly date => Date(date),
        int number => number.ToString(CultureInfo.InvariantCulture),
        string text => Quote(text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text),
        _ => Quote(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    private static string Quote(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// An Excel workbook with one worksheet named <paramref name="sheetName"/>: the header row (bold, frozen, with an
    /// autofilter), then one row per record; text as inline strings, numbers as numbers, dates as date cells shown
    /// <c>yyyy-mm-dd</c>. The package is written part by part into a zip in create mode (System.IO.Packaging would keep
    /// the worksheet in memory until closed), the rows through the SAX writer, into a temporary file deleted when closed,
    /// which is then copied to <paramref name="output"/>: neither the rows nor the workbook are held in memory.
    /// </summary>
    public static async Task WriteXlsx(Stream output, string sheetName, IReadOnlyList<ListColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "casetracker-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """);
            Part(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Part(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                """);
            Part(zip, "xl/styles.xml", Stylesheet().OuterXml);

            var last = ReportXlsx.ColumnName(columns.Count);
            var rowCount = 1;
            await using (var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open())
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartDocument(true);
                writer.WriteStartElement(new Worksheet());
                writer.WriteElement(new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft }) { WorkbookViewId = 0 }));
                writer.WriteElement(new Columns(columns.Select((c, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true })));
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, columns.Select(c => (object?)c.Header).ToArray(), HeaderStyle);
                await foreach (var row in rows.WithCancellation(cancellationToken))
                    WriteRow(writer, ++rowCount, row, 0);
                writer.WriteEndElement();
                writer.WriteElement(new AutoFilter { Reference = $"A1:{last}{rowCount}" });
                writer.WriteEndElement();
            }

            var workbook = new Workbook(
                new Sheets(new Sheet { Id = "rId1", SheetId = 1, Name = sheetName }),
                new DefinedNames(new DefinedName($"'{sheetName}'!$A$1:${last}${rowCount}") { Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true }));
            workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
            Part(zip, "xl/workbook.xml", workbook.OuterXml);
        }

        file.Position = 0;
        await file.CopyToAsync(output, cancellationToken);
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var text = xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml : "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + xml;
        stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }

    private const uint DateStyle = 1;
    private const uint HeaderStyle = 2;

    private static void WriteRow(OpenXmlWriter writer, int index, object?[] cells, uint textStyle)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)index });
        for (var i = 0; i < cells.Length; i++)
        {
            var reference = ReportXlsx.ColumnName(i + 1) + index.ToString(CultureInfo.InvariantCulture);
            switch (cells[i])
            {
                case null:
                    break;
                case DateOnly date:
                    writer.WriteElement(new Cell(new CellValue(Serial(date).ToString(CultureInfo.InvariantCulture))) { CellReference = reference, StyleIndex = DateStyle });
                    break;
                case int number:
                    writer.WriteElement(new Cell(new CellValue(number.ToString(CultureInfo.InvariantCulture))) { CellReference = reference, DataType = CellValues.Number });
                    break;
                case var value:
                    var text = XmlSafe(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                    writer.WriteElement(new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
                        { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = textStyle == 0 ? null : textStyle });
                    break;
            }
        }

        writer.WriteEndElement();
    }

    /// <summary>The 1900 date system's serial number of a date (1900-03-01 and later: Excel's phantom 1900-02-29 counted).</summary>
    private static int Serial(DateOnly date) => date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;


    /// <summary>Characters XML 1.0 cannot hold (control characters other than tab, CR, LF) are dropped rather than failing the whole file.</summary>
    private static string XmlSafe(string text)
        => text.Any(c => c < 0x20 && c is not '\t' and not '\r' and not '\n') ? new string(text.Where(c => c >= 0x20 || c is '\t' or '\r' or '\n').ToArray()) : text;

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 3 });
}
