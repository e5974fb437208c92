using System.Text;
using CaseTracker.Domain;

namespace CaseTracker.Infrastructure.Cases;

/// <summary>One record of the file after the header: its data-row number (1 = the first row after the header) and its fields.</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Fields);

/// <summary>One non-empty row of a register file before its header is known: its number in the sheet or file (1 = the first), its fields, and why it could not be read, if so.</summary>
public sealed record RegisterLine(int Number, IReadOnlyList<string> Fields, string? Defect);

/// <summary>
/// RFC 4180 text as spreadsheets write it: comma-separated, CRLF or LF line ends, fields in double quotes when
/// they hold a comma, a quote (doubled) or a line break. Records whose fields are all empty are skipped but still
/// counted, so a record's number is its row in the spreadsheet.
/// </summary>
public static class RegisterCsv
{
    /// <summary>
    /// Every non-empty record of the text, numbered from 1 (a record spanning lines in quotes is one), read one at a time as they
    /// are enumerated. Fields are separated by commas, or by tabs when the first line has tabs and no comma (Excel's "Unicode text").
    /// </summary>
    public static IEnumerable<RegisterLine> Lines(string text)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var firstEnd = text.IndexOfAny(['\r', '\n'], start);
        var firstLine = text.AsSpan(start, (firstEnd >= 0 ? firstEnd : text.Length) - start);
        var separator = firstLine.Contains('\t') && !firstLine.Contains(',') ? '\t' : ',';
        return Records(text, start, separator);
    }

    private static IEnumerable<RegisterLine> Records(string text, int position, char separator)
    {
        var number = 0;
        var field = new StringBuilder();
        while (position < text.Length)
        {
            var (fields, error) = ReadRecord(text, ref position, separator, field);
            number++;
            if (error is not null || fields.Any(f => f.Length > 0)) yield return new RegisterLine(number, fields, error);
        }
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
    private static (List<string> Fields, string? Error) ReadRecord(string text, ref int position, char separator, StringBuilder field)
    {
        var fields = new List<string>();
        field.Clear();
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
