using System.Globalization;
using System.Text.Json;

namespace CaseTracker.Domain.Calendar;

public sealed record HolidayNoticeDay(DateOnly Date, string Name, bool IsOffDay);

/// <summary>
/// One year's State Council holiday notice (国办发明电), in the JSON shape of holiday-cn:
/// <c>{ "year": 2020, "papers": [...], "days": [{ "name", "date", "isOffDay" }] }</c>.
/// A file may list days of the neighbouring years; later entries amend earlier ones.
/// </summary>
public sealed record HolidayNotice(int Year, IReadOnlyList<string> Papers, IReadOnlyList<HolidayNoticeDay> Days)
{
    /// <summary>
    /// Reads a notice already accepted (bundled or stored): its shape, its dates and names, its year in range.
    /// Throws <see cref="InvalidInputException"/> with every field refused.
    /// </summary>
    public static HolidayNotice Parse(string json) => Read(json, pathYear: null, beforeLoading: false);

    /// <summary>
    /// Checks a notice before it is loaded (law.md §2) and returns it: besides <see cref="Parse"/>, its year is the one it
    /// was sent for (<paramref name="year"/>), it lists at least one day of that year, and no date twice. An empty or
    /// malformed notice (holiday-cn publishes an empty placeholder before the State Council's notice exists) is refused
    /// with <see cref="InvalidInputException"/> naming every field refused.
    /// </summary>
    public static HolidayNotice CheckBeforeLoading(string json, int year) => Read(json, year, beforeLoading: true);

    private static HolidayNotice Read(string json, int? pathYear, bool beforeLoading)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors[field] = errors.TryGetValue(field, out var had) ? [.. had, message] : [message];
        InvalidInputException Refused() => new(errors);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException("notice", $"The notice is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidInputException("notice", "The notice must be a JSON object with year, papers and days.");

            int? year = null;
            if (!root.TryGetProperty("year", out var yearElement) || yearElement.ValueKind != JsonValueKind.Number
                || !yearElement.TryGetInt32(out var read))
                Error("year", "The notice needs a whole-number \"year\".");
            else if (read < WorkingCalendar.FirstSupportedDate.Year || read > WorkingCalendar.LastSupportedDate.Year)
                Error("year", $"The calendar covers {WorkingCalendar.FirstSupportedDate.Year}–{WorkingCalendar.LastSupportedDate.Year}; {read} is outside it.");
            else if (pathYear is { } sentTo && read != sentTo)
                Error("year", $"The notice is for {read}, but it was sent to /api/calendar/{sentTo}: send it to /api/calendar/{read}.");
            else
                year = read;

            var papers = new List<string>();
            if (root.TryGetProperty("papers", out var papersElement))
            {
                if (papersElement.ValueKind != JsonValueKind.Array)
                    Error("papers", "\"papers\" must be a list of document addresses.");
                else
                {
                    foreach (var paper in papersElement.EnumerateArray())
                    {
                        if (paper.ValueKind == JsonValueKind.String) papers.Add(paper.GetString()!);
                        else Error("papers", "Every entry of \"papers\" must be a string.");
                    }
                }
            }

            var days = new List<HolidayNoticeDay>();
            if (!root.TryGetProperty("days", out var daysElement) || daysElement.ValueKind != JsonValueKind.Array)
            {
                Error("days", "The notice needs a \"days\" list.");
                throw Refused();
            }

            var firstListed = new Dictionary<DateOnly, int>();
            var index = 0;
            foreach (var day in daysElement.EnumerateArray())
            {
                var field = $"days[{index++}]";
                if (day.ValueKind != JsonValueKind.Object)
                {
                    Error(field, "Every day must be an object with name, date and isOffDay.");
                    continue;
                }

                DateOnly? date = null;
                if (!day.TryGetProperty("date", out var dateElement) || dateElement.ValueKind != JsonValueKind.String
                    || !DateOnly.TryParseExact(dateElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    Error($"{field}.date", "Each day needs a valid \"date\" written yyyy-MM-dd (e.g. 2027-01-01).");
                else if (year is { } y && Math.Abs(parsed.Year - y) > 1)
                    Error($"{field}.date", $"{parsed:yyyy-MM-dd} does not belong to the {y} notice (only {y} and the days next to it may be listed).");
                else if (parsed < WorkingCalendar.FirstSupportedDate || parsed > WorkingCalendar.LastSupportedDate)
                    Error($"{field}.date", $"{parsed:yyyy-MM-dd} is outside the calendar's range.");
                else if (beforeLoading && !firstListed.TryAdd(parsed, index - 1))
                    Error($"{field}.date", $"{parsed:yyyy-MM-dd} is listed twice (also days[{firstListed[parsed]}]); list each date once.");
                else
                    date = parsed;

                string? name = null;
                if (!day.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(nameElement.GetString()))
                    Error($"{field}.name", "Each day needs the holiday's \"name\", e.g. 春节.");
                else if (FreeText.Problem($"{field}.name", nameElement.GetString()!.Trim()) is { } problem)
                    Error($"{field}.name", problem);
                else
                    name = nameElement.GetString()!.Trim();

                bool? isOffDay = null;
                if (!day.TryGetProperty("isOffDay", out var offElement) || offElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    Error($"{field}.isOffDay", "Each day needs \"isOffDay\": true or false.");
                else
                    isOffDay = offElement.GetBoolean();

                if (date is { } d && name is not null && isOffDay is { } off) days.Add(new HolidayNoticeDay(d, name, off));
            }

            if (beforeLoading && year is { } of && errors.Count == 0 && !days.Any(d => d.Date.Year == of))
                Error("days", $"The notice lists no day of {of}: it is empty or a placeholder. Load the State Council's notice for {of} once it is published.");
            if (errors.Count > 0) throw Refused();

            var notice = new HolidayNotice(year!.Value, papers, days);
            notice.Validate();
            return notice;
        }
    }

    /// <summary>Refuses (<see cref="InvalidInputException"/>) a year outside the calendar and days outside the year and its neighbours.</summary>
    public void Validate()
    {
        if (Year < WorkingCalendar.FirstSupportedDate.Year || Year > WorkingCalendar.LastSupportedDate.Year)
            throw new InvalidInputException("year",
                $"The calendar covers {WorkingCalendar.FirstSupportedDate.Year}–{WorkingCalendar.LastSupportedDate.Year}; {Year} is outside it.");
        for (var i = 0; i < Days.Count; i++)
        {
            var day = Days[i];
            if (Math.Abs(day.Date.Year - Year) > 1)
                throw new InvalidInputException($"days[{i}].date",
                    $"{day.Date:yyyy-MM-dd} does not belong to the {Year} notice (only {Year} and the days next to it may be listed).");
            if (day.Date < WorkingCalendar.FirstSupportedDate || day.Date > WorkingCalendar.LastSupportedDate)
                throw new InvalidInputException($"days[{i}].date", $"{day.Date:yyyy-MM-dd} is outside the calendar's range.");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        year = Year,
        papers = Papers,
        days = Days.Select(d => new { name = d.Name, date = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), isOffDay = d.IsOffDay }),
    }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
