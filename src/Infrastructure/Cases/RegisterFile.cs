using CaseTracker.Domain;

namespace CaseTracker.Infrastructure.Cases;

/// <summary>A register file as read: its format (<c>xlsx</c> or <c>csv</c>), the text encoding of a CSV, the worksheet read and the workbook's sheets, and its rows.</summary>
/// <see cref="Lines"/> are read as they are enumerated (once): no row's text is kept by the reader.
public sealed record RegisterFile(string Format, string? Encoding, string? Sheet, IReadOnlyList<string> Sheets, IEnumerable<RegisterLine> Lines);

/// <summary>
/// Reads the file an office sends (issue 17 item 1): an .xlsx workbook by its ZIP signature (<see cref="RegisterSheet"/>), anything
/// else as CSV text (<see cref="RegisterCsv.Decode(ReadOnlySpan{byte}, out string)"/>: UTF-8, UTF-16 or GB18030). An old .xls is
/// refused with a sentence saying to save it as .xlsx.
/// </summary>
public static class RegisterFileReader
{
    /// <summary>The file of <paramref name="bytes"/>, its rows read lazily; <paramref name="sheet"/> names the worksheet of a workbook (null: the first).</summary>
    public static RegisterFile Read(byte[] bytes, string? sheet)
    {
        if (RegisterSheet.IsOldWorkbook(bytes))
            throw new InvalidInputException("file", "The file is an old Excel workbook (.xls); open it in Excel, save it as .xlsx (Excel 工作簿) and send it again.");
        if (RegisterSheet.IsWorkbook(bytes))
        {
            var (sheets, lines) = RegisterSheet.Read(bytes, sheet);
            return new RegisterFile("xlsx", null, sheet ?? sheets.FirstOrDefault(), sheets, lines);
        }

        var text = RegisterCsv.Decode(bytes, out var encoding);
        return new RegisterFile("csv", encoding, null, [], RegisterCsv.Lines(text));
    }
}
