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

    /// <summary>
    /// The provider type of each value type bound as it is (no conversion), the same as Dapper's own type map gives them; dates and
    /// instants are converted by the handlers below, whose SQLite forms <see cref="BindSqlite"/> shares.
    /// </summary>
    private static readonly Dictionary<Type, DbType> PlainTypes = new()
    {
        [typeof(string)] = DbType.String,
        [typeof(int)] = DbType.Int32,
        [typeof(long)] = DbType.Int64,
        [typeof(bool)] = DbType.Boolean,
        [typeof(double)] = DbType.Double,
        [typeof(decimal)] = DbType.Decimal,
    };

    /// <summary>Whether <see cref="BindSqlite"/> binds <paramref name="value"/>: null, a date, an instant or a type of <see cref="PlainTypes"/>.</summary>
    internal static bool IsBindable(object? value) => value is null or DateOnly or DateTimeOffset || PlainTypes.ContainsKey(value.GetType());

    /// <summary>
    /// Sets a SQLite parameter to <paramref name="value"/> exactly as Dapper does with these handlers (for a command run many times
    /// without Dapper, <c>DbSession.InsertRows</c>): null as NULL, a date as yyyy-MM-dd text, an instant as UTC ISO 8601 text, any
    /// other value of <see cref="IsBindable"/> as it is with its provider type. Refuses (<see cref="ArgumentException"/>) any other value.
    /// </summary>
    internal static void BindSqlite(IDbDataParameter parameter, object? value)
    {
        switch (value)
        {
            case null:
                parameter.DbType = DbType.String;
                parameter.Value = DBNull.Value;
                break;
            case DateOnly date:
                SetSqlite(parameter, date);
                break;
            case DateTimeOffset instant:
                SetSqlite(parameter, instant);
                break;
            default:
                parameter.DbType = PlainTypes.TryGetValue(value.GetType(), out var type)
                    ? type
                    : throw new ArgumentException($"A {value.GetType().Name} is not a value bound without Dapper.", nameof(value));
                parameter.Value = value;
                break;
        }
    }

    /// <summary>A date on SQLite: yyyy-MM-dd text.</summary>
    private static void SetSqlite(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>An instant on SQLite: UTC ISO 8601 text with seven decimals and Z.</summary>
    private static void SetSqlite(IDbDataParameter parameter, DateTimeOffset value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    private static bool IsSqlite(IDbDataParameter parameter) => parameter.GetType().Name == "SqliteParameter";

    private static bool IsNpgsql(IDbDataParameter parameter) => parameter.GetType().Name.StartsWith("NpgsqlParameter", StringComparison.Ordinal);

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (IsSqlite(parameter))
            {
                SetSqlite(parameter, value);
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
                SetSqlite(parameter, utc);
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
