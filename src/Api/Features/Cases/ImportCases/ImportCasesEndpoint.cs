using CaseTracker.Api.Errors;
using CaseTracker.Api.Identity;
using CaseTracker.Api.Pipeline;
using CaseTracker.Domain;
using CaseTracker.Infrastructure.Cases;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CaseTracker.Api.Features.Cases.ImportCases;

public static class ImportCasesEndpoint
{
    private static readonly string[] FileMediaTypes =
    [
        "text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "text/tab-separated-values", "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ];

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/import/template", (CancellationToken ct) => TypedResults.Stream(
                stream => Infrastructure.Cases.Exports.ImportTemplate.Write(stream, "登记台账", "选项", TemplateColumns(), ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "登记台账导入模板.xlsx"))
            .RequireAuthorization(Policies.Register)
            .WithName("ImportTemplate")
            .WithSummary("The import template workbook: Chinese headers, drop-down lists for the coded columns, ID and phone columns as text.");
        group.MapPost("/import", async (HttpRequest http, ISender sender, bool? dryRun, bool? deliveredOnFromDecision, bool? allowDuplicates, string? agency, string? sheet,
                CancellationToken ct) =>
            {
                var file = await ReadFile(http, ct);
                ImportAnswer answer;
                try
                {
                answer = await sender.Send(new ImportCasesCommand
                {
                    File = file,
                    DryRun = dryRun ?? false,
                    DeliveredOnFromDecision = deliveredOnFromDecision ?? false,
                    AllowDuplicates = allowDuplicates ?? false,
                    Agency = string.IsNullOrWhiteSpace(agency) ? null : agency.Trim(),
                    Sheet = string.IsNullOrWhiteSpace(sheet) ? null : sheet,
                    IdempotencyKey = dryRun == true ? null : Preconditions.IdempotencyKey(http),
                }, ct);
                }
                catch (ValidationException refused) when (ChineseText.PrefersChinese(http))
                {
                    // The keys a clerk reads in Chinese too: 第3行：申请人类型, not row 3 (the messages are put into Chinese by the problem details).
                    throw new ValidationException(refused.Errors.ToDictionary(e => ImportErrors.ChineseKey(e.Key), e => e.Value), refused.Summary);
                }

                // The preview's errors and warnings, and the result's warnings, in Chinese when Accept-Language asks for zh (as the desk shows them).
                var chinese = ChineseText.PrefersChinese(http);
                http.HttpContext.Response.Headers.Vary = "Accept-Language";
                if (answer.Preview is { } preview)
                    return Results.Ok(chinese
                        ? preview with
                        {
                            Errors = preview.Errors.Select(e => e with { Message = ChineseText.Instance.Zh(e.Message) }).ToList(),
                            Warnings = preview.Warnings.Select(ChineseText.Instance.Zh).ToList(),
                            RowWarnings = preview.RowWarnings.Select(e => e with { Message = ChineseText.Instance.Zh(e.Message) }).ToList(),
                        }
                        : preview);
                return Results.Ok(chinese ? answer.Result! with { Warnings = answer.Result!.Warnings.Select(ChineseText.Instance.Zh).ToList() } : answer.Result);
            })
        .RequireAuthorization(Policies.Register)
        // One import at a time per agency: a second one while the first runs is 429 with Retry-After.
        .RequireRateLimiting(RateLimits.ImportPerAgency)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .Accepts<string>("text/csv", "multipart/form-data", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .Produces<ImportResult>()
        .Produces<ImportPreview>(StatusCodes.Status200OK)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .WithMetadata(new RequestSizeLimitAttribute(ImportCasesCommand.MaxBytes + 1024 * 1024))
        .WithName("ImportCases")
        .WithSummary("Import an existing register from .xlsx or CSV, all or nothing; dryRun=true previews; errors keyed \"row N: column\" (row 1 = first row under the header).")
        .WithDescription($"""
            Body: the file as a multipart form with the file in the field `file`, or as the body (`text/csv`, the .xlsx type, or
            `application/octet-stream`): an .xlsx workbook (the first sheet, or `sheet=`), or CSV in UTF-8 (BOM or not), UTF-16 (BOM) or
            GB18030/GBK; at most {ImportCasesCommand.MaxRowsText} rows and 20 MB (413 above). The header row (found under a title row) names the
            columns, in any order, by the English keys or the Chinese names of an office's register (申请日期, 申请人, 答复结果, 备注 …, see
            README) or by the agency's saved mapping (`PUT /api/agencies/CODE/import-mapping`); other columns are left out and named once in
            `warnings`. Required: {string.Join(", ", RegisterColumns.Required)} (agencyCode not when `agency=CODE` is given). Optional:
            {string.Join(", ", RegisterColumns.Optional)}. Dates are 2025-01-06, 2025/1/6, 2025.1.6, 2025年1月6日 or Excel date cells; coded
            values are the JSON API's names or their Chinese (当面, 自然人, 予以公开 …); 送达方式 当场答复 is an on-the-spot answer; 撤回 in the
            outcome is a withdrawal on the decision date. `deliveredOnFromDecision=true`: a delivery method without its date was delivered on
            the decision date (and, without a 送达方式, by the way the request came; a warning says so). Rows that look like a case already
            in the agency's register or an earlier row (same submission date, description, and applicant ID number or name) are named in
            the dry run's errors (as the import refuses them) unless `allowDuplicates=true`, then in its `rowWarnings` with the case they repeat.
            `dryRun=true`: 200 with the preview (mapping, warnings, every error by row with `row` and `sheetRow` — the spreadsheet's row —,
            `rowWarnings` such as a row with neither 答复日期 nor 答复结果 imported as an open case and how overdue it is, counts; rows
            without a decision counted under `byOutcome.Open`), nothing written; `valid` is true when the import would succeed.
            Each row is one case, replayed through every step it names
            in date order under the rules of live entry (the importer is recorded as the actor; extensionApprover names the approver).
            caseNumber, when given, is kept (<agencyCode>-<year>-<5 digits>, unique); it does not move the agency's sequence for that
            year, which skips it when it gets there. Otherwise the case takes the sequence's next free number. An Idempotency-Key header makes a retry return the first result.
            Any error and nothing is written: 400 with `errors` keyed `file`, `header: <column>`, `row N: <column>` or `row N`,
            where row N is the N-th row under the header (spreadsheet row N+1).
            """);
    }

    /// <summary>The outcome names the template's drop-down offers (Regime 2019; each read back by the import).</summary>
    public static readonly IReadOnlyList<string> TemplateOutcomes =
    [
        "予以公开", "已主动公开", "部分公开", "不予公开（属于国家秘密）", "不予公开（其他法律行政法规禁止公开）", "不予公开（三安全一稳定）",
        "不予公开（保护第三方合法权益）", "不予公开（属于三类内部事务信息）", "不予公开（属于四类过程性信息）", "不予公开（属于行政执法案卷）",
        "不予公开（属于行政查询事项）", "信息不存在", "非本机关", "需另行制作", "补正后申请内容仍不明确", "信访举报投诉类申请", "重复申请",
        "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息", "逾期不补正", "逾期未缴费", "撤回", "其他",
    ];

    /// <summary>The template's columns: every field under its Chinese name, with the drop-downs of the coded ones.</summary>
    public static IReadOnlyList<Infrastructure.Cases.Exports.TemplateColumn> TemplateColumns()
    {
        static string[] Split(string list) => list.Split(", ");
        var choices = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [RegisterColumns.Channel] = Split(RegisterValues.Accepted[typeof(Domain.Cases.Channel)]),
            [RegisterColumns.LetterMail] = Split(RegisterValues.Accepted[typeof(Domain.Cases.LetterMail)]),
            [RegisterColumns.ApplicantKind] = Split(RegisterValues.Accepted[typeof(Domain.Cases.ApplicantKind)]),
            [RegisterColumns.DeliveryForm] = Split(RegisterValues.Accepted[typeof(Domain.Cases.DeliveryForm)]),
            [RegisterColumns.ConsultationKind] = Split(RegisterValues.Accepted[typeof(Domain.Cases.ConsultationKind)]),
            [RegisterColumns.Consultation(2).Kind] = Split(RegisterValues.Accepted[typeof(Domain.Cases.ConsultationKind)]),
            [RegisterColumns.Consultation(3).Kind] = Split(RegisterValues.Accepted[typeof(Domain.Cases.ConsultationKind)]),
            [RegisterColumns.FeeMethod] = Split(RegisterValues.Accepted[typeof(Domain.Cases.FeeMethod)]),
            [RegisterColumns.DeliveryMethod] = Split(RegisterValues.Accepted[typeof(Domain.Cases.DeliveryMethod)]),
            [RegisterColumns.Outcome] = TemplateOutcomes,
        };
        string[] text = [RegisterColumns.ApplicantIdNumber, RegisterColumns.ApplicantPhone, RegisterColumns.CaseNumber];
        return RegisterColumns.All
            .Select(f => new Infrastructure.Cases.Exports.TemplateColumn(RegisterColumns.ChineseName(f), f is RegisterColumns.Description or RegisterColumns.Note or RegisterColumns.Summary ? 40 : 16,
                choices.GetValueOrDefault(f), Date: f.EndsWith("On", StringComparison.Ordinal) || f == RegisterColumns.SupplementSupplyBy, Text: text.Contains(f)))
            .ToList();
    }

    /// <summary>The bytes of the request body or of the form's <c>file</c>, at most 20 MB (413 above).</summary>
    internal static async Task<byte[]> ReadFile(HttpRequest request, CancellationToken cancellationToken)
    {
        Stream body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? throw new InvalidInputException("file", "Send the register (.xlsx or CSV) in the form field \"file\".");
            if (file.Length > ImportCasesCommand.MaxBytes) throw TooLarge();
            body = file.OpenReadStream();
        }
        else
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
            if (mediaType is null || !FileMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
                throw new BadHttpRequestException("Send the register as .xlsx or text/csv, or as a multipart form with the file in the field \"file\".",
                    StatusCodes.Status415UnsupportedMediaType);
            if (request.ContentLength > ImportCasesCommand.MaxBytes) throw TooLarge();
            body = request.Body;
        }

        await using (body)
        {
            // A known length is read straight into its array (no doubling buffer and copy: for a 9 MB CSV that was ~25 MB of garbage).
            var length = request.HasFormContentType ? body.Length : request.ContentLength;
            if (length is { } known and > 0 and <= ImportCasesCommand.MaxBytes)
            {
                var bytes = new byte[known];
                await body.ReadExactlyAsync(bytes, cancellationToken);
                if (await body.ReadAsync(new byte[1], cancellationToken) > 0) throw TooLarge();
                return bytes;
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > ImportCasesCommand.MaxBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static BadHttpRequestException TooLarge()
        => new($"The file is larger than 20 MB; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.", StatusCodes.Status413PayloadTooLarge);
}
