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
    private static readonly string[] CsvMediaTypes = ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"];

    public static void Map(RouteGroupBuilder group) => group.MapPost("/import", async (HttpRequest http, ISender sender, CancellationToken ct) =>
        {
            var csv = await ReadCsv(http, ct);
            return TypedResults.Ok(await sender.Send(new ImportCasesCommand { Csv = csv, IdempotencyKey = Preconditions.IdempotencyKey(http) }, ct));
        })
        .RequireAuthorization(Policies.Register)
        // One import at a time per agency: a second one while the first runs is 429 with Retry-After.
        .RequireRateLimiting(RateLimits.ImportPerAgency)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .Accepts<string>("text/csv", "multipart/form-data")
        .Produces<ImportResult>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .WithMetadata(new RequestSizeLimitAttribute(ImportCasesCommand.MaxBytes + 1024 * 1024))
        .WithName("ImportCases")
        .WithSummary("Import an existing register from CSV, all or nothing; errors keyed \"row N: column\" (row 1 = first row under the header).")
        .WithDescription($"""
            Body: the CSV file as `text/csv` (UTF-8, a BOM is fine), or a multipart form with the file in the field `file`; at most
            {ImportCasesCommand.MaxRowsText} rows and 20 MB (413 above). The first row names the columns, in any order and case.
            Required: {string.Join(", ", RegisterColumns.Required)}. Optional: {string.Join(", ", RegisterColumns.Optional)}.
            Dates are yyyy-MM-dd; enums are the names of the JSON API. Each row is one case, replayed through every step it names
            in date order under the rules of live entry (the importer is recorded as the actor; extensionApprover names the approver).
            caseNumber, when given, is kept (<agencyCode>-<year>-<5 digits>, unique); it does not move the agency's sequence for that
            year, which skips it when it gets there. Otherwise the case takes the sequence's next free number. An Idempotency-Key header makes a retry return the first result.
            Any error and nothing is written: 400 with `errors` keyed `file`, `header: <column>`, `row N: <column>` or `row N`,
            where row N is the N-th row under the header (spreadsheet row N+1).
            """);

    /// <summary>The CSV text of the request body or of the form's <c>file</c>, at most 20 MB of UTF-8.</summary>
    internal static async Task<string> ReadCsv(HttpRequest request, CancellationToken cancellationToken)
    {
        Stream body;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? throw new InvalidInputException("file", "Send the CSV file in the form field \"file\".");
            if (file.Length > ImportCasesCommand.MaxBytes) throw TooLarge();
            body = file.OpenReadStream();
        }
        else
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
            if (mediaType is null || !CsvMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
                throw new BadHttpRequestException("Send the register as text/csv (UTF-8), or as a multipart form with the file in the field \"file\".",
                    StatusCodes.Status415UnsupportedMediaType);
            if (request.ContentLength > ImportCasesCommand.MaxBytes) throw TooLarge();
            body = request.Body;
        }

        await using (body)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > ImportCasesCommand.MaxBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }

            return RegisterCsv.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
    }

    private static BadHttpRequestException TooLarge()
        => new($"The file is larger than 20 MB; import it in parts of at most {ImportCasesCommand.MaxRowsText} rows.", StatusCodes.Status413PayloadTooLarge);
}
