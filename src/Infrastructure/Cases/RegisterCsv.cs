using System.Text;
using CaseTracker.Domain;

namespace CaseTracker.Infrastructure.Cases;

/// <summary>One record of the file after the header: its data-row number (1 = the first row after the header) and its fields.</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Fields);

/// <summary>A record the parser could not read (an unterminated or misplaced quote).</summary>
public sealed record CsvDefect(int Row, string Message);

public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records, IReadOnlyList<CsvDefect> Defects, bool TooManyRows)
{
    /// <summary>The spreadsheet row of the header (1 = the sheet's or file's first row); data row N is spreadsheet row <c>HeaderRow + N</c>.</summary>
    public int HeaderRow { get; init; } = 1;
}

/// <summary>One non-empty row of a register file before its header is known: its number in the sheet or file (1 = the first), its fields, and why it could not be read, if so.</summary>
public sealed record RegisterLine(int Number, IReadOnlyList<string> Fields, string? Defect);

/// <summary>The non-empty rows of a register file (CSV records or worksheet rows), in order; <see cref="TooManyRows"/> when reading stopped at the limit.</summary>
public sealed record RegisterTable(IReadOnlyList<RegisterLine> Lines, bool TooManyRows)
{
    /// <summary>
    /// The table under the header <c>Lines[index]</c>: rows above it (a title such as 2025年政府信息公开申请登记台账) are dropped, and
    /// data rows are numbered from the header (row N = the N-th row under it); more than <paramref name="maxRows"/> sets
    /// <see cref="CsvTable.TooManyRows"/>.
    /// </summary>
    public CsvTable WithHeaderAt(int index, int maxRows)
    {
        if (Lines.Count == 0) return new CsvTable([], [], [], TooManyRows);
        var header = Lines[index];
        var records = new List<CsvRecord>();
        var defects = new List<CsvDefect>();
        if (header.Defect is not null) defects.Add(new CsvDefect(0, header.Defect));
        for (var i = index + 1; i < Lines.Count; i++)
        {
            var line = Lines[i];
            var row = line.Number - header.Number;
            if (row > maxRows) return new CsvTable(header.Fields, records, defects, TooManyRows: true) { HeaderRow = header.Number };
            if (line.Defect is not null) defects.Add(new CsvDefect(row, line.Defect));
            else records.Add(new CsvRecord(row, line.Fields));
        }

        return new CsvTable(header.Fields, records, defects, TooManyRows) { HeaderRow = header.Number };
    }
}

/// <summary>
/// RFC 4180 text as spreadsheets write it: comma-separated, CRLF or LF line ends, fields in double quotes when
/// they hold a comma, a quote (doubled) or a line break. The first record is the header. Records whose fields
/// are all empty are skipped but still counted, so row N is the N-th row under the header in the spreadsheet.
/// </summary>
public static class RegisterCsv
{
    /// <summary>Reads at most <paramref name="maxRows"/> data rows; one more sets <see cref="CsvTable.TooManyRows"/> and stops.</summary>
    public static CsvTable Parse(string text, int maxRows) => Lines(text, maxRows + 1).WithHeaderAt(0, maxRows);

    /// <summary>
    /// Every record of the text, numbered from 1 (a record spanning lines in quotes is one), at most <paramref name="maxLines"/>
    /// (one more sets <see cref="RegisterTable.TooManyRows"/>). Fields are separated by commas, or by tabs when the first
    /// line has tabs and no comma (Excel's "Unicode text").
    /// </summary>
    public static RegisterTable Lines(string text, int maxLines)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var firstLine = text.AsSpan(0, Math.Max(0, text.IndexOfAny(['\r', '\n']) is var end and >= 0 ? end : text.Length));
        var separator = firstLine.Contains('\t') && !firstLine.Contains(',') ? '\t' : ',';
        var lines = new List<RegisterLine>();
        var position = 0;
        var number = 0;
        while (position < text.Length)
        {
            var (fields, error) = ReadRecord(text, ref position, separator);
            number++;
            if (number > maxLines) return new RegisterTable(lines, TooManyRows: true);
            if (error is not null || fields.Any(f => f.Length > 0)) lines.Add(new RegisterLine(number, fields, error));
        }

        return new RegisterTable(lines, TooManyRows: false);
    }

    /// <summary>
    /// The text of the file's bytes, without a BOM: UTF-8 or UTF-16 (LE or BE) by their BOM; without one, UTF-8 when the
    /// bytes are valid UTF-8, else GB18030 (which covers GBK and GB2312: what Excel on Chinese Windows writes for "CSV").
    /// Bytes that are not GB18030 either (a binary file) are refused (400, <c>file</c>).
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes) => Decode(bytes, out _);

    /// <summary><see cref="Decode(ReadOnlySpan{byte})"/>, and the name of the encoding found (UTF-8, UTF-16LE, UTF-16BE, GB18030).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, out string encoding)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = "UTF-16LE";
            return Strict(new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = "UTF-16BE";
            return Strict(new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        try
        {
            encoding = "UTF-8";
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            encoding = "GB18030";
            return Strict(Gb18030, bytes);
        }
    }

    private static string Strict(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            var text = encoding.GetString(bytes);
            if (text.Contains('\0')) throw new DecoderFallbackException();
            return text;
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException("file", "The file is neither an Excel workbook (.xlsx) nor text in UTF-8, UTF-16 or GB18030 (GBK): save the spreadsheet as .xlsx or CSV and send it again.");
        }
    }

    /// <summary>GB18030 (code page 54936) from the code-pages provider of the shared framework, throwing on bytes it cannot read.</summary>
    private static readonly Encoding Gb18030 = LoadGb18030();

    private static Encoding LoadGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>Reads one record starting at <paramref name="position"/> and leaves it at the start of the next.</summary>
    private static (List<string> Fields, string? Error) ReadRecord(string text, ref int position, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        string? error = null;
        while (true)
        {
            if (position < text.Length && text[position] == '"')
            {
                var opened = position++;
                while (true)
                {
                    if (position >= text.Length)
                    {
                        // Nothing after an unterminated quote can be trusted: the rest of the file is this field.
                        fields.Add(field.ToString());
                        return (fields, error ?? $"A quoted field opened at character {opened + 1} of the file is never closed.");
                    }

                    var c = text[position++];
                    if (c != '"') field.Append(c);
                    else if (position < text.Length && text[position] == '"')
                    {
                        field.Append('"');
                        position++;
                    }
                    else break;
                }

                if (position < text.Length && text[position] != separator && text[position] is not ('\r' or '\n'))
                {
                    error ??= "A closing quote must be followed by a comma or the end of the line.";
                    while (position < text.Length && text[position] != separator && text[position] is not ('\r' or '\n')) field.Append(text[position++]);
                }
            }
            else
            {
                while (position < text.Length && text[position] != separator && text[position] is not ('\r' or '\n'))
                {
                    if (text[position] == '"')
                        error ??= "A quote inside a field that does not start with one: put the whole field in quotes and double the quote (\"\").";
                    field.Append(text[position++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (position >= text.Length) return (fields, error);
            var ended = text[position++];
            if (ended == separator) continue;
            if (ended == '\r' && position < text.Length && text[position] == '\n') position++;
            return (fields, error);
        }
    }
}
