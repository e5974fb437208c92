using System.Text;
using CaseTracker.Domain.Reports;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>
/// The report as CSV (RFC 4180): UTF-8 with a byte-order mark so Excel shows the Chinese labels, CRLF line ends,
/// one header line, then one line per cell — <see cref="Header"/> — for every row × column of every table of the
/// format, zeros included (a legacy row has one cell, column_key empty); then one line per check with
/// table <c>check</c>, row_key the rule, row_label the title of the table checked, column_key/column_label the
/// column, value 1 if it holds and 0 if not. Fees are in 万元 with 4 decimals, counts are integers.
/// Nothing else: the agency and the year are in the file name.
/// </summary>
public static class ReportCsv
{
    public const string Header = "table,row_key,row_label,column_key,column_label,value";
    public const string CheckTable = "check";

    public static byte[] Render(AnnualReportDocument document)
    {
        var report = document.Report;
        var csv = new StringBuilder();
        Line(csv, "table", "row_key", "row_label", "column_key", "column_label", "value");
        foreach (var table in report.Definition.Tables)
        {
            var cells = report.Cells[table.Key];
            foreach (var row in table.Rows)
            {
                if (table.Columns.Count == 0)
                {
                    Line(csv, table.Key, row.Key, row.Label, AnnualReport.Value, "", ReportText.Figure(row, cells[row.Key][AnnualReport.Value]));
                    continue;
                }

                foreach (var column in table.Columns)
                    Line(csv, table.Key, row.Key, row.Label, column.Key, column.Label, ReportText.Figure(row, cells[row.Key][column.Key]));
            }
        }

        foreach (var check in report.Checks)
        {
            var table = report.Definition.Table(check.Table);
            var columnLabel = table.Columns.FirstOrDefault(c => c.Key == check.Column)?.Label ?? "";
            Line(csv, CheckTable, check.Rule, table.Title, check.Column, columnLabel, check.Holds ? "1" : "0");
        }

        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(csv.ToString());
        return [.. preamble, .. body];
    }

    private static void Line(StringBuilder csv, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    internal static string Field(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
