using System.Text;
using CaseTracker.Domain;

namespace CaseTracker.Infrastructure.Cases;

/// <summary>One record of the file after the header: its data-row number (1 = the first row after the header) and its fields.</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Fields);

/// <summary>A record the parser could not read (an unterminated or misplaced quote).</summary>
public sealed record CsvDefect(int Row, string Message);

public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<CsvRecord> Records, IReadOnlyList<CsvDefect> Defects, bool TooManyRows);

/// <summary>
/// RFC 4180 text as spreadsheets write it: comma-separated, CRLF or LF line ends, fields in double quotes when
/// they hold a comma, a quote (doubled) or a line break. The first record is the header. Records whose fields
/// are all empty are skipped but still counted, so row N is the N-th row under the header in the spreadsheet.
/// </summary>
public static class RegisterCsv
{
    /// <summary>Reads at most <paramref name="maxRows"/> data rows; one more sets <see cref="CsvTable.TooManyRows"/> and stops.</summary>
    public static CsvTable Parse(string text, int maxRows)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var records = new List<CsvRecord>();
        var defects = new List<CsvDefect>();
        IReadOnlyList<string>? header = null;
        var position = 0;
        var row = 0;
        while (position < text.Length)
        {
            var (fields, error) = ReadRecord(text, ref position);
            if (header is null)
            {
                if (error is not null) defects.Add(new CsvDefect(0, error));
                header = fields;
                continue;
            }

            row++;
            if (row > maxRows) return new CsvTable(header, records, defects, TooManyRows: true);
            if (error is not null) defects.Add(new CsvDefect(row, error));
            else if (fields.Any(f => f.Length > 0)) records.Add(new CsvRecord(row, fields));
        }

        return new CsvTable(header ?? [], records, defects, TooManyRows: false);
    }

    /// <summary>
    /// The text of the file's bytes: strict UTF-8 (a spreadsheet saved in GBK would otherwise import as mojibake), without
    /// the BOM; anything else is refused (400, <c>file</c>).
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException("file", "The file is not UTF-8 text: save the spreadsheet as \"CSV UTF-8\" and send it again.");
        }
    }

    /// <summary>Reads one record starting at <paramref name="position"/> and leaves it at the start of the next.</summary>
    private static (List<string> Fields, string? Error) ReadRecord(string text, ref int position)
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

                if (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                {
                    error ??= "A closing quote must be followed by a comma or the end of the line.";
                    while (position < text.Length && text[position] is not (',' or '\r' or '\n')) field.Append(text[position++]);
                }
            }
            else
            {
                while (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                {
                    if (text[position] == '"')
                        error ??= "A quote inside a field that does not start with one: put the whole field in quotes and double the quote (\"\").";
                    field.Append(text[position++]);
                }
            }

            fields.Add(field.ToString());
            field.Clear();
            if (position >= text.Length) return (fields, error);
            var separator = text[position++];
            if (separator == ',') continue;
            if (separator == '\r' && position < text.Length && text[position] == '\n') position++;
            return (fields, error);
        }
    }
}
