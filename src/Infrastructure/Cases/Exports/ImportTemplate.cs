using CaseTracker.Infrastructure.Reports.Exports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CaseTracker.Infrastructure.Cases.Exports;

/// <summary>
/// A column of the import template: its Chinese header and width, the values its drop-down offers (null: free entry), and
/// whether its cells are dates (shown yyyy-mm-dd) or text (so Excel never turns an ID or phone number into a number).
/// </summary>
public sealed record TemplateColumn(string Header, double Width, IReadOnlyList<string>? Choices = null, bool Date = false, bool Text = false);

/// <summary>
/// The import template workbook (登记台账导入模板, issue 17 item 5): one sheet with the header row (bold, frozen) and 1,000 rows
/// ready for entry, each coded column with a drop-down list (data validation) of the values the import reads, its lists on a
/// hidden second sheet; ID and phone columns formatted as text, date columns as dates.
/// </summary>
public static class ImportTemplate
{
    private const int Rows = 1000;

    /// <summary>Writes the workbook to <paramref name="output"/>; <paramref name="sheetName"/> names the entry sheet, <paramref name="listsName"/> the hidden sheet of lists.</summary>
    public static async Task Write(Stream output, string sheetName, string listsName, IReadOnlyList<TemplateColumn> columns, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();

            var entry = book.AddNewPart<WorksheetPart>();
            var lists = book.AddNewPart<WorksheetPart>();
            var listData = new SheetData();
            var validations = new DataValidations();
            var listColumn = 0;
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Choices is not { Count: > 0 } choices) continue;
                listColumn++;
                for (var r = 0; r < choices.Count; r++)
                {
                    var row = listData.Elements<Row>().ElementAtOrDefault(r) ?? listData.AppendChild(new Row { RowIndex = (uint)(r + 1) });
                    row.AppendChild(new Cell { CellReference = ReportXlsx.ColumnName(listColumn) + (r + 1), DataType = CellValues.InlineString, InlineString = new InlineString(new Text(choices[r])) });
                }

                var target = ReportXlsx.ColumnName(i + 1);
                validations.AppendChild(new DataValidation
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = false,
                    ShowInputMessage = true,
                    PromptTitle = columns[i].Header,
                    Prompt = string.Join("、", choices).Length <= 250 ? string.Join("、", choices) : null,
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{target}2:{target}{Rows + 1}" },
                    Formula1 = new Formula1($"'{listsName}'!${ReportXlsx.ColumnName(listColumn)}$1:${ReportXlsx.ColumnName(listColumn)}${choices.Count}"),
                });
            }

            validations.Count = (uint)validations.ChildElements.Count;
            lists.Worksheet = new Worksheet(listData);

            var header = new Row { RowIndex = 1 };
            for (var i = 0; i < columns.Count; i++)
                header.AppendChild(new Cell { CellReference = ReportXlsx.ColumnName(i + 1) + "1", DataType = CellValues.InlineString, StyleIndex = 1, InlineString = new InlineString(new Text(columns[i].Header)) });
            var worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                    { TabSelected = true, WorkbookViewId = 0 }),
                new Columns(columns.Select((c, i) => new Column
                {
                    Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true,
                    Style = c.Text ? 2u : c.Date ? 3u : 0u,
                })),
                new SheetData(header));
            if (validations.Count > 0) worksheet.AppendChild(validations);
            entry.Worksheet = worksheet;

            book.Workbook.AppendChild(new Sheets(
                new Sheet { Id = book.GetIdOfPart(entry), SheetId = 1, Name = sheetName },
                new Sheet { Id = book.GetIdOfPart(lists), SheetId = 2, Name = listsName, State = SheetStateValues.Hidden }));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    /// <summary>Styles: 0 normal, 1 bold header, 2 text (@), 3 date yyyy-mm-dd.</summary>
    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 49, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 4 });

}
