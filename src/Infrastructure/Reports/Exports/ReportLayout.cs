using System.Globalization;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>A printed row: a row of the format, or a section heading of the official form that carries no figure.</summary>
internal sealed record LayoutRow(ReportRow? Row, string Label, int Indent)
{
    public string? Key => Row?.Key;
    public bool IsHeading => Row is null;
    public bool IsGroup => Row?.IsGroup ?? false;
}

/// <summary>A printed value column: a column of the format (<see cref="Key"/>; "" for the legacy value), or the legacy 单位 column (null key).</summary>
internal sealed record LayoutColumn(string? Key, string Label)
{
    public bool IsUnit => Key is null;
}

/// <summary>A header cell over the value columns, <see cref="Column"/> counted from 0 after the row-label column.</summary>
internal sealed record HeaderCell(string Label, int Column, int ColumnSpan, int HeaderRow, int RowSpan);

/// <summary>
/// One table as the official form prints it: section headings, indentation of sub-rows, the grouped column header
/// (申请人情况 / 法人或其他组织 in table 三), the legacy 单位 column. Shared by the XLSX and the printable HTML so
/// both show the same form; the figures themselves always come from <see cref="AnnualReport.Cells"/>.
/// </summary>
internal sealed record TableLayout(
    ReportTable Table,
    string SheetName,
    string Corner,
    IReadOnlyList<LayoutColumn> Columns,
    int HeaderRows,
    IReadOnlyList<HeaderCell> Header,
    IReadOnlyList<LayoutRow> Rows)
{
    public const string UnitLabel = "单位";

    public static IReadOnlyList<TableLayout> Of(ReportDefinition definition) => [.. definition.Tables.Select(Of)];

    public static TableLayout Of(ReportTable table)
    {
        var rows = LayoutRows(table);
        switch (table.Key)
        {
            case "rows":
            {
                LayoutColumn[] columns = [new(null, UnitLabel), new(AnnualReport.Value, "统计数")];
                return new TableLayout(table, "统计表", "统计指标", columns, 1,
                    [new HeaderCell(UnitLabel, 0, 1, 0, 1), new HeaderCell("统计数", 1, 1, 0, 1)], rows);
            }
            case "table3":
            {
                // The official header: 申请人情况 over every column; 法人或其他组织 over the five kinds of organisation.
                var columns = table.Columns.Select(c => new LayoutColumn(c.Key, c.Label)).ToList();
                var header = new List<HeaderCell> { new("申请人情况", 0, columns.Count, 0, 1) };
                var organisations = columns.FindIndex(c => c.Key == "commercial");
                var lastOrganisation = columns.FindIndex(c => c.Key == "other_org");
                for (var i = 0; i < columns.Count; i++)
                {
                    if (i >= organisations && i <= lastOrganisation)
                    {
                        if (i == organisations) header.Add(new HeaderCell("法人或其他组织", i, lastOrganisation - organisations + 1, 1, 1));
                        header.Add(new HeaderCell(columns[i].Label, i, 1, 2, 1));
                    }
                    else
                    {
                        header.Add(new HeaderCell(columns[i].Label, i, 1, 1, 2));
                    }
                }

                return new TableLayout(table, "三", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", columns, 3, header, rows);
            }
            default:
            {
                var columns = table.Columns.Select(c => new LayoutColumn(c.Key, c.Label)).ToList();
                var header = columns.Select((c, i) => new HeaderCell(c.Label, i, 1, 0, 1)).ToList();
                var sheet = table.Key == "table4" ? "四" : table.Key;
                return new TableLayout(table, sheet, "", columns, 1, header, rows);
            }
        }
    }

    /// <summary>The official sections a run of rows sits under, by the key of its first row.</summary>
    private static readonly Dictionary<(string Table, string FirstRow), string> Headings = new()
    {
        [("rows", "received.total")] = "三、依申请公开情况",
        [("table3", "outcome.disclosed")] = "三、本年度办理结果",
    };

    /// <summary>
    /// Rows with their indentation: one step per sum row heading them, one more under a section heading. A heading covers
    /// the rows after it up to the next top-level row of the form (a label opening with 四、, 五、…).
    /// </summary>
    private static List<LayoutRow> LayoutRows(ReportTable table)
    {
        // A sum printed above its members heads them (（三）不予公开 over 1.–8.); one printed below them closes them
        // (（七）总计 under （一）–（六）) and does not indent them.
        var position = table.Rows.Select((r, i) => (r.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in table.Rows.Where(r => r.IsGroup))
        foreach (var member in row.Members.Where(m => position[m] > position[row.Key]))
            parents[member] = row.Key;

        var result = new List<LayoutRow>();
        var inSection = false;
        foreach (var row in table.Rows)
        {
            if (Headings.TryGetValue((table.Key, row.Key), out var heading))
            {
                result.Add(new LayoutRow(null, heading, 0));
                inSection = true;
            }
            else if (inSection && IsTopLevel(row.Label))
            {
                inSection = false;
            }

            var depth = 0;
            for (var key = row.Key; parents.TryGetValue(key, out var parent); key = parent) depth++;
            result.Add(new LayoutRow(row, row.Label, depth + (inSection ? 1 : 0)));
        }

        return result;
    }

    private static bool IsTopLevel(string label) => label.Length > 1 && label[1] == '、' && "一二三四五六七八九十".Contains(label[0], StringComparison.Ordinal);

    public static string Unit(ReportRow row) => row.Kind == ReportRowKind.TenThousandYuan ? "万元" : "件";
}

/// <summary>How every representation writes a figure, names its file and states its circumstances.</summary>
public static class ReportText
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>A count as an integer, a fee in 万元 with its 4 decimals; invariant culture.</summary>
    public static string Figure(ReportRow row, decimal value) => row.Kind == ReportRowKind.TenThousandYuan
        ? value.ToString("0.0000", CultureInfo.InvariantCulture)
        : value.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>The export's file name, <c>&lt;agency&gt;-&lt;year&gt;-&lt;format&gt;.&lt;extension&gt;</c>.</summary>
    public static string FileName(AnnualReportDocument document, string extension)
        => $"{document.AgencyCode}-{document.Report.Year}-{document.Report.Definition.Id}.{extension}";

    public static string GeneratedAt(AnnualReportDocument document)
        => document.GeneratedAt.ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "（北京时间）";

    public static string Scope(AnnualReportDocument document) => document.Subtree ? "本机关及所属下级机关合计" : "本机关";

    public const string ProvisionalNote = "统计年度尚未结束，以上为截至生成时间的临时数据，不作为正式年度报告。";

    public static string CheckSymbol(CheckResult check) => check.Holds ? "✔" : "✘";
}
