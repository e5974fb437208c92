using System.Globalization;
using CaseTracker.Domain.Outcomes;
using CaseTracker.Domain.Reports;

namespace CaseTracker.Infrastructure.Reports.Exports;

/// <summary>What a cell of the printed form holds.</summary>
internal enum FormCellKind
{
    /// <summary>A column heading (申请人情况, 自然人, 行政复议, 结果维持 …) or the corner text.</summary>
    Header,
    /// <summary>A row label: a numbered item, or a group label (（三）不予公开) merged beside its items.</summary>
    Label,
    /// <summary>A figure of the report: <see cref="FormCell.Row"/> × <see cref="FormCell.ColumnKey"/> of the JSON.</summary>
    Figure,
    /// <summary>The legacy form's 单位 (件, 万元).</summary>
    Unit,
    /// <summary>An empty bordered cell (a section heading row of the legacy form).</summary>
    Blank,
}

/// <summary>
/// One cell of a printed table at grid position (<see cref="Top"/>, <see cref="Left"/>), 0-based, spanning
/// <see cref="RowSpan"/> × <see cref="ColumnSpan"/> grid cells. A figure names its report row and column key.
/// </summary>
internal sealed record FormCell(int Top, int Left, int RowSpan, int ColumnSpan, FormCellKind Kind, string Text,
    ReportRow? Row = null, string? ColumnKey = null, int Indent = 0, bool Bold = false)
{
    public int Bottom => Top + RowSpan - 1;
    public int Right => Left + ColumnSpan - 1;
    public bool IsMerged => RowSpan > 1 || ColumnSpan > 1;
}

/// <summary>
/// One table as the official form prints it (reports.md §7), as a grid of cells shared by the printable page, the XLSX and
/// the DOCX, so all three show the same form. Table 三 (gov2019/gov2021): three label columns — 一、二、四、 across all
/// three, 三、本年度办理结果 down the first beside every outcome row, the group labels （三）不予公开, （四）无法提供,
/// （五）不予处理 and (gov2021) （六）其他处理 merged down the second beside their numbered items and carrying no figure;
/// the two-level applicant header (自然人 | 法人或其他组织: 商业企业 … 其他 | 总计). Table 四: three header rows
/// (行政复议 | 行政诉讼: 未经复议直接起诉, 复议后起诉), each group of five (结果维持 … 总计), and ONE row of 15 figures.
/// Legacy: label (indented as on the form) | 单位 | 统计数. The figures always come from <see cref="AnnualReport.Cells"/>.
/// Column widths are in millimetres and add up to the A4 portrait type area (186 mm).
/// </summary>
internal sealed record PrintedTable(
    ReportTable Table,
    string SheetName,
    int HeaderRows,
    int RowCount,
    IReadOnlyList<double> ColumnWidthsMm,
    IReadOnlyList<FormCell> Cells)
{
    public const string UnitLabel = "单位";

    /// <summary>The width of the A4 portrait page between 12 mm margins, which every table fills.</summary>
    public const double PageWidthMm = 186;

    public int ColumnCount => ColumnWidthsMm.Count;

    public IEnumerable<FormCell> Figures => Cells.Where(c => c.Kind == FormCellKind.Figure);

    public static IReadOnlyList<PrintedTable> Of(ReportDefinition definition) => [.. definition.Tables.Select(Of)];

    public static PrintedTable Of(ReportTable table) => table.Key switch
    {
        "rows" => Legacy(table),
        "table3" => Table3(table),
        "table4" => Table4(table),
        _ => throw new ArgumentOutOfRangeException(nameof(table), table.Key, "No printed layout for this table."),
    };

    private static PrintedTable Table3(ReportTable table)
    {
        const int labels = 3;
        var cells = new List<FormCell>
        {
            new(0, 0, 3, labels, FormCellKind.Header, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
            new(0, labels, 1, table.Columns.Count, FormCellKind.Header, "申请人情况"),
        };
        var organisations = table.Columns.ToList().FindIndex(c => c.Key == "commercial");
        var lastOrganisation = table.Columns.ToList().FindIndex(c => c.Key == "other_org");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (i >= organisations && i <= lastOrganisation)
            {
                if (i == organisations) cells.Add(new(1, labels + i, 1, lastOrganisation - organisations + 1, FormCellKind.Header, "法人或其他组织"));
                cells.Add(new(2, labels + i, 1, 1, FormCellKind.Header, table.Columns[i].Label));
            }
            else
            {
                cells.Add(new(1, labels + i, 2, 1, FormCellKind.Header, table.Columns[i].Label));
            }
        }

        // A sum printed above its members is a group label merged beside them, with no figure of its own.
        var position = table.Rows.Select((r, i) => (r.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var groups = table.Rows.Where(r => r.IsGroup && r.Members.All(m => position[m] > position[r.Key])).ToList();
        var groupOf = groups.SelectMany(g => g.Members.Select(m => (Member: m, Group: g))).ToDictionary(p => p.Member, p => p.Group, StringComparer.Ordinal);
        var printed = table.Rows.Where(r => !groups.Contains(r)).ToList();

        var top = 3;
        var firstOutcome = top + printed.FindIndex(r => r.Key.StartsWith("outcome.", StringComparison.Ordinal));
        var outcomes = printed.Count(r => r.Key.StartsWith("outcome.", StringComparison.Ordinal));
        cells.Add(new(firstOutcome, 0, outcomes, 1, FormCellKind.Label, "三、本年度办理结果", Bold: true));
        for (var i = 0; i < printed.Count; i++)
        {
            var row = printed[i];
            var r = top + i;
            if (!row.Key.StartsWith("outcome.", StringComparison.Ordinal))
                cells.Add(new(r, 0, 1, labels, FormCellKind.Label, row.Label, row, Bold: true));
            else if (groupOf.TryGetValue(row.Key, out var group))
            {
                if (group.Members[0] == row.Key)
                    cells.Add(new(r, 1, group.Members.Count, 1, FormCellKind.Label, group.Label, group));
                cells.Add(new(r, 2, 1, 1, FormCellKind.Label, row.Label, row));
            }
            else
            {
                cells.Add(new(r, 1, 1, 2, FormCellKind.Label, row.Label, row));
            }

            for (var c = 0; c < table.Columns.Count; c++)
                cells.Add(new(r, labels + c, 1, 1, FormCellKind.Figure, "", row, table.Columns[c].Key));
        }

        // 三、本年度办理结果 | （三）不予公开 | the item's label | 7 figures.
        double[] widths = [9, 17, 62, .. Enumerable.Repeat(14.0, table.Columns.Count)];
        return new PrintedTable(table, "三", 3, top + printed.Count, widths, cells);
    }

    private static PrintedTable Table4(ReportTable table)
    {
        var cells = new List<FormCell>();
        var width = table.Columns.Count;
        cells.Add(new(0, 0, 1, width, FormCellKind.Header, "行政复议"));
        cells.Add(new(0, width, 1, width * 2, FormCellKind.Header, "行政诉讼"));
        cells.Add(new(1, width, 1, width, FormCellKind.Header, "未经复议直接起诉"));
        cells.Add(new(1, width * 2, 1, width, FormCellKind.Header, "复议后起诉"));
        string[] groups = ["review", "litigation_direct", "litigation_after_review"];
        for (var g = 0; g < groups.Length; g++)
        {
            var row = table.Row(groups[g]);
            for (var c = 0; c < width; c++)
            {
                var left = g * width + c;
                cells.Add(g == 0
                    ? new(1, left, 2, 1, FormCellKind.Header, table.Columns[c].Label)
                    : new(2, left, 1, 1, FormCellKind.Header, table.Columns[c].Label));
                cells.Add(new(3, left, 1, 1, FormCellKind.Figure, "", row, table.Columns[c].Key));
            }
        }

        return new PrintedTable(table, "四", 3, 4, [.. Enumerable.Repeat(PageWidthMm / (width * 3), width * 3)], cells);
    }

    /// <summary>The official sections a run of legacy rows sits under, by the key of its first row.</summary>
    private static readonly Dictionary<string, string> LegacyHeadings = new(StringComparer.Ordinal)
    {
        ["received.total"] = "三、依申请公开情况",
    };

    private static PrintedTable Legacy(ReportTable table)
    {
        var cells = new List<FormCell>
        {
            new(0, 0, 1, 1, FormCellKind.Header, "统计指标"),
            new(0, 1, 1, 1, FormCellKind.Header, UnitLabel),
            new(0, 2, 1, 1, FormCellKind.Header, "统计数"),
        };

        // A sum printed above its members heads them (（一）收到申请数 over 1.–4.): one step of indentation per sum above.
        var position = table.Rows.Select((r, i) => (r.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var parents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in table.Rows.Where(r => r.IsGroup))
        foreach (var member in row.Members.Where(m => position[m] > position[row.Key]))
            parents[member] = row.Key;

        var r = 1;
        var inSection = false;
        foreach (var row in table.Rows)
        {
            if (LegacyHeadings.TryGetValue(row.Key, out var heading))
            {
                cells.Add(new(r, 0, 1, 1, FormCellKind.Label, heading, Bold: true));
                cells.Add(new(r, 1, 1, 1, FormCellKind.Blank, ""));
                cells.Add(new(r, 2, 1, 1, FormCellKind.Blank, ""));
                r++;
                inSection = true;
            }
            else if (inSection && IsTopLevel(row.Label))
            {
                inSection = false;
            }

            var depth = 0;
            for (var key = row.Key; parents.TryGetValue(key, out var parent); key = parent) depth++;
            cells.Add(new(r, 0, 1, 1, FormCellKind.Label, row.Label, row, Indent: depth + (inSection ? 1 : 0), Bold: row.IsGroup));
            cells.Add(new(r, 1, 1, 1, FormCellKind.Unit, Unit(row), row));
            cells.Add(new(r, 2, 1, 1, FormCellKind.Figure, "", row, AnnualReport.Value));
            r++;
        }

        return new PrintedTable(table, "统计表", 1, r, [126, 20, 40], cells);
    }

    private static bool IsTopLevel(string label) => label.Length > 1 && label[1] == '、' && "一二三四五六七八九十".Contains(label[0], StringComparison.Ordinal);

    public static string Unit(ReportRow row) => row.Kind == ReportRowKind.TenThousandYuan ? "万元" : "件";
}

/// <summary>How every representation writes a figure, names its file and states its circumstances, in Chinese only.</summary>
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

    /// <summary>reports.md §7: <c>&lt;agency name&gt;&lt;year&gt;年政府信息公开工作年度报告</c> — no agency code.</summary>
    public static string Title(AnnualReportDocument document)
        => $"{document.AgencyName}{document.Report.Year.ToString(CultureInfo.InvariantCulture)}年政府信息公开工作年度报告";

    public static string GeneratedAt(AnnualReportDocument document)
        => document.GeneratedAt.ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "（北京时间）";

    public static string Scope(AnnualReportDocument document) => document.Subtree ? "本机关及所属下级机关合计" : "本机关";

    public const string ProvisionalNote = "统计年度尚未结束，以上为截至生成时间的临时数据，不作为正式年度报告。";

    public static string CheckSymbol(CheckResult check) => check.Holds ? "✔" : "✘";

    /// <summary>The check's result in words: ✔ 成立 / ✘ 不成立.</summary>
    public static string CheckResultText(CheckResult check) => check.Holds ? "✔ 成立" : "✘ 不成立";

    /// <summary>
    /// A check's rule in Chinese words (勾稽关系): each row key replaced by its label, <c>+</c> by ＋, <c>=</c> by ＝ and
    /// <c>&lt;=</c> by 不大于 — "一、本年新收政府信息公开申请数量＋二、上年结转政府信息公开申请数量＝（七）总计＋四、结转下年度继续办理".
    /// </summary>
    public static string CheckRule(ReportDefinition definition, CheckResult check)
    {
        var table = definition.Table(check.Table);
        return string.Concat(check.Rule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(token => token switch
        {
            "+" => "＋",
            "=" => "＝",
            "<=" => "不大于",
            _ => table.TryGetRow(token, out var row) ? row.Label : token,
        }));
    }

    /// <summary>The column a check is about, by its label (总计, 自然人 …); the legacy form's single column is 统计数.</summary>
    public static string CheckColumn(ReportDefinition definition, CheckResult check)
        => definition.Table(check.Table).Columns.FirstOrDefault(c => c.Key == check.Column)?.Label ?? "统计数";

    /// <summary>Yuan as printed: thousands separated, two decimals (1,700.00).</summary>
    public static string Yuan(decimal yuan) => yuan.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// reports.md §7, section 六 of the 2021 report (其他需要报告的事项): the year's 信息处理费 in one sentence, e.g.
    /// "本年度发出信息处理费缴费通知3件，收到缴费2件，收取信息处理费共计1,700.00元；减免信息处理费1件（其中减收0件、免收1件）。"
    /// </summary>
    public static string FeesSentence(ReportFees fees)
        => string.Create(CultureInfo.InvariantCulture,
            $"本年度发出信息处理费缴费通知{fees.NoticesIssued}件，收到缴费{fees.Paid}件，收取信息处理费共计{Yuan(fees.CollectedYuan)}元；减免信息处理费{fees.Reduced + fees.Waived}件（其中减收{fees.Reduced}件、免收{fees.Waived}件）。");

    /// <summary>The heading of the fees paragraph.</summary>
    public const string FeesHeading = "六、其他需要报告的事项（信息处理费）";

    /// <summary>Whether the format's printed report carries the fees paragraph (gov2019, gov2021; legacy has its row 七).</summary>
    public static bool PrintsFees(ReportDefinition definition) => definition.Format != ReportFormat.Legacy;
}
