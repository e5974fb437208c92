using System.Data;
using System.Globalization;
using Dapper;

namespace CaseTracker.Infrastructure.Persistence;

/// <summary>
/// Dapper's type handlers are process-wide, so each handler writes the value in the form the
/// parameter's own provider wants: SQLite stores dates as ISO text, PostgreSQL and SQL Server as dates.
/// Instants are always stored in UTC (Npgsql takes only UTC for timestamptz).
/// </summary>
public static class DapperSetup
{
    private static int done;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref done, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    private static bool IsSqlite(IDbDataParameter parameter) => parameter.GetType().Name == "SqliteParameter";

    private static bool IsNpgsql(IDbDataParameter parameter) => parameter.GetType().Name.StartsWith("NpgsqlParameter", StringComparison.Ordinal);

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (IsSqlite(parameter))
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else if (IsNpgsql(parameter))
            {
                parameter.DbType = DbType.Date;
                parameter.Value = value;
            }
            else
            {
                parameter.DbType = DbType.Date;
                parameter.Value = value.ToDateTime(TimeOnly.MinValue);
            }
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as a date."),
        };
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            var utc = value.ToUniversalTime();
            if (IsSqlite(parameter))
            {
                parameter.DbType = DbType.String;
                parameter.Value = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            }
            else if (IsNpgsql(parameter))
            {
                parameter.Value = utc.UtcDateTime;
            }
            else
            {
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = utc;
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read {value.GetType().Name} as an instant."),
        };
    }
}
