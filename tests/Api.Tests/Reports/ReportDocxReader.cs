using System.Globalization;
using CaseTracker.Domain.Outcomes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CaseTracker.Api.Tests.Reports;

public partial class ReportExportTests
{
    /// <summary>
    /// The annual report's DOCX as the tests read it: the body's paragraphs, and each table as a grid (grid spans and
    /// vertical merges resolved), so that a figure is found by its position on the official form, not by a tag.
    /// </summary>
    private sealed class ReportDocxReader
    {
        public List<string> Paragraphs { get; } = [];
        public List<DocxTable> Tables { get; } = [];
        public string Text { get; private init; } = "";

        public static ReportDocxReader Read(byte[] bytes)
        {
            using var stream = new MemoryStream(bytes);
            using var package = WordprocessingDocument.Open(stream, false);
            var errors = new OpenXmlValidator().Validate(package).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path?.XPath}: {e.Description}")));
            var body = package.MainDocumentPart!.Document.Body!;
            var reader = new ReportDocxReader { Text = body.InnerText };
            Paragraph? last = null;
            foreach (var element in body.ChildElements)
            {
                if (element is Paragraph p)
                {
                    reader.Paragraphs.Add(p.InnerText);
                    last = p;
                }
                else if (element is Table t)
                {
                    reader.Tables.Add(new DocxTable(t, last));
                }
            }

            // A4 portrait, 12 mm side margins: the 186 mm the tables are laid out for.
            var section = body.Elements<SectionProperties>().Single();
            Assert.Equal(11906u, section.GetFirstChild<PageSize>()!.Width!.Value);
            Assert.Equal(16838u, section.GetFirstChild<PageSize>()!.Height!.Value);
            return reader;
        }

        public bool PageBreakBefore(Paragraph? paragraph) => paragraph?.ParagraphProperties?.PageBreakBefore is not null;

        /// <summary>Every figure of the report's tables by its place on the form: rows in the format's order (merged group rows skipped), columns in its order.</summary>
        public Figures Figures(ReportDefinition definition)
        {
            var figures = new Figures();
            for (var i = 0; i < definition.Tables.Count; i++)
            {
                var table = definition.Tables[i];
                var grid = Tables[i];
                switch (table.Key)
                {
                    case "table4":
                        string[] groups = ["review", "litigation_direct", "litigation_after_review"];
                        for (var c = 0; c < 15; c++)
                            figures.Add((table.Key, groups[c / 5], table.Columns[c % 5].Key), Number(grid.TextAt(3, c)));
                        break;
                    case "table3":
                    {
                        var rows = table.Rows.Where(r => !MergedGroups[definition.Id].Contains(r.Key)).ToList();
                        Assert.Equal(grid.Rows.Count - grid.HeaderRows, rows.Count);
                        for (var k = 0; k < rows.Count; k++)
                        {
                            var r = grid.HeaderRows + k;
                            Assert.Equal(rows[k].Label, grid.TextAt(r, 2));
                            for (var c = 0; c < table.Columns.Count; c++) figures.Add((table.Key, rows[k].Key, table.Columns[c].Key), Number(grid.TextAt(r, 3 + c)));
                        }

                        break;
                    }
                    default:
                    {
                        var rows = Enumerable.Range(1, grid.Rows.Count - 1).Where(r => grid.TextAt(r, 1).Length > 0).ToList(); // headings have no unit
                        Assert.Equal(table.Rows.Count, rows.Count);
                        for (var k = 0; k < rows.Count; k++)
                        {
                            Assert.Equal(table.Rows[k].Label, grid.TextAt(rows[k], 0));
                            Assert.Equal(table.Rows[k].Kind == ReportRowKind.TenThousandYuan ? "万元" : "件", grid.TextAt(rows[k], 1));
                            figures.Add((table.Key, table.Rows[k].Key, ""), Number(grid.TextAt(rows[k], 2)));
                        }

                        break;
                    }
                }
            }

            return figures;
        }

        private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private sealed record DocxCell(string Text, int Span, bool Continues, bool Restarts);

    /// <summary>A Word table resolved to its grid: which cell covers each (row, grid column), its text, spans and row heights.</summary>
    private sealed class DocxTable
    {
        private readonly Dictionary<(int Row, int Column), (int Row, int Column)> origin = [];
        private readonly Dictionary<(int Row, int Column), string> text = [];

        public DocxTable(Table table, Paragraph? heading)
        {
            Heading = heading;
            var r = 0;
            foreach (var row in table.Elements<TableRow>())
            {
                var cells = new List<DocxCell>();
                var c = 0;
                foreach (var tc in row.Elements<TableCell>())
                {
                    var span = tc.TableCellProperties?.GridSpan?.Val?.Value ?? 1;
                    var merge = tc.TableCellProperties?.VerticalMerge;
                    var continues = merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                    cells.Add(new DocxCell(tc.InnerText, span, continues, merge?.Val?.Value == MergedCellValues.Restart));
                    for (var k = 0; k < span; k++)
                        origin[(r, c + k)] = continues ? origin[(r - 1, c)] : (r, c);
                    if (!continues) text[(r, c)] = tc.InnerText;
                    c += span;
                }

                Rows.Add(cells);
                Heights.Add((int)(row.TableRowProperties?.GetFirstChild<TableRowHeight>() is { } h && h.HeightType?.Value == HeightRuleValues.AtLeast ? h.Val!.Value : 0));
                if (row.TableRowProperties?.GetFirstChild<TableHeader>() is not null) HeaderRows++;
                Assert.True(row.TableRowProperties?.GetFirstChild<CantSplit>() is not null, "a row is never split across pages");
                r++;
            }
        }

        public Paragraph? Heading { get; }
        public List<List<DocxCell>> Rows { get; } = [];
        public List<int> Heights { get; } = [];
        public int HeaderRows { get; }

        public string TextAt(int row, int column) => text[origin[(row, column)]];

        /// <summary>The top-left grid position of the cell whose text is <paramref name="label"/>.</summary>
        public (int Row, int Column) Origin(string label) => text.Single(t => t.Value == label).Key;

        /// <summary>How many rows the cell starting at (row, column) covers.</summary>
        public int RowSpan(int row, int column) => origin.Count(o => o.Key.Column == column && o.Value == (row, column));
    }
}
