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
    public static HolidayNotice Parse(string json)
    {
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

            if (!root.TryGetProperty("year", out var yearElement) || yearElement.ValueKind != JsonValueKind.Number
                || !yearElement.TryGetInt32(out var year))
                throw new InvalidInputException("year", "The notice needs a whole-number \"year\".");

            var papers = new List<string>();
            if (root.TryGetProperty("papers", out var papersElement))
            {
                if (papersElement.ValueKind != JsonValueKind.Array)
                    throw new InvalidInputException("papers", "\"papers\" must be a list of document addresses.");
                foreach (var paper in papersElement.EnumerateArray())
                {
                    if (paper.ValueKind != JsonValueKind.String)
                        throw new InvalidInputException("papers", "Every entry of \"papers\" must be a string.");
                    papers.Add(paper.GetString()!);
                }
            }

            if (!root.TryGetProperty("days", out var daysElement) || daysElement.ValueKind != JsonValueKind.Array)
                throw new InvalidInputException("days", "The notice needs a \"days\" list.");

            var days = new List<HolidayNoticeDay>();
            var index = 0;
            foreach (var day in daysElement.EnumerateArray())
            {
                var field = $"days[{index}]";
                if (day.ValueKind != JsonValueKind.Object)
                    throw new InvalidInputException(field, "Every day must be an object with name, date and isOffDay.");
                if (!day.TryGetProperty("date", out var dateElement) || dateElement.ValueKind != JsonValueKind.String
                    || !DateOnly.TryParseExact(dateElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw new InvalidInputException($"{field}.date", "Each day needs a \"date\" written yyyy-MM-dd.");
                if (!day.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(nameElement.GetString()))
                    throw new InvalidInputException($"{field}.name", "Each day needs the holiday's \"name\", e.g. 春节.");
                if (!day.TryGetProperty("isOffDay", out var offElement)
                    || offElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw new InvalidInputException($"{field}.isOffDay", "Each day needs \"isOffDay\": true or false.");
                days.Add(new HolidayNoticeDay(date, nameElement.GetString()!.Trim(), offElement.GetBoolean()));
                index++;
            }

            var notice = new HolidayNotice(year, papers, days);
            notice.Validate();
            return notice;
        }
    }

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
