using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;
using DuckDB.NET.Data;

namespace Cockpit.Tests.Etl;

/// <summary>A clock standing still at a given instant.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

public static class EtlTestSupport
{
    /// <summary>The run date of the tests: two weeks after the fixture's as-of date, China time.</summary>
    public static readonly TimeProvider Clock = new FixedTime(new DateTimeOffset(2026, 10, 15, 2, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// A run of the test clock on a SQLite source. <paramref name="cube"/> false leaves out the KPI cube: for the tests
    /// of the load's faults and guards, which run the ETL hundreds of times and judge rows, not pages.
    /// </summary>
    public static EtlRunRequest Request(string sourceDb, string inbox, string warehouse, bool cube = true) =>
        new(new SourceOptions { Provider = SourceProviders.Sqlite, ConnectionString = $"Data Source={sourceDb}" }, inbox, warehouse)
        {
            Time = Clock,
            BuildCube = cube,
        };

    /// <summary>A copy of a source database in <paramref name="folder"/> with some SQL applied to it.</summary>
    public static string SourceWith(string source, string folder, string sql)
    {
        var db = Path.Combine(folder, $"source-{Guid.NewGuid():N}.db");
        File.Copy(source, db);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return db;
    }

    public static List<object?[]> Query(string buildFile, string sql)
    {
        using var connection = WarehouseConnection.OpenReadOnly(buildFile);
        return Query(connection, sql);
    }

    public static List<object?[]> Query(DuckDBConnection connection, string sql) => Sql.Rows(connection, sql);

    public static long Count(string buildFile, string table) => Convert.ToInt64(Query(buildFile, $"select count(*) from {table}")[0][0]);

    public static string CurrentBuildFile(string warehouse)
    {
        var layout = new WarehouseLayout(warehouse);
        return layout.BuildFile(layout.ReadCurrent()!.BuildId);
    }
}
