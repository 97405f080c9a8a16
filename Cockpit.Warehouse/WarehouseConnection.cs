using DuckDB.NET.Data;

namespace Cockpit.Warehouse;

/// <summary>Opens warehouse builds. Readers open the current build read-only, so a running load never blocks them.</summary>
public static class WarehouseConnection
{
    /// <summary>A read-only connection to the current build, or null when no build has been published.</summary>
    public static DuckDBConnection? OpenCurrent(WarehouseLayout layout)
    {
        var pointer = layout.ReadCurrent();
        return pointer is null ? null : OpenReadOnly(layout.BuildFile(pointer.BuildId));
    }

    public static DuckDBConnection OpenReadOnly(string file)
    {
        var connection = new DuckDBConnection($"Data Source={file};ACCESS_MODE=READ_ONLY");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// An in-memory database with the build attached read-only: connections forked from it (<see cref="Fork"/>)
    /// share one database instance, so a page's queries can run side by side.
    /// </summary>
    public static DuckDBConnection OpenShared(string file)
    {
        var root = new DuckDBConnection("Data Source=:memory:");
        root.Open();
        using var command = root.CreateCommand();
        command.CommandText = $"attach '{file.Replace("'", "''")}' as build (read_only); use build;";
        command.ExecuteNonQuery();
        return root;
    }

    /// <summary>Another connection to the database of <see cref="OpenShared"/>.</summary>
    public static DuckDBConnection Fork(DuckDBConnection shared)
    {
        var connection = shared.Duplicate();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "use build";
        command.ExecuteNonQuery();
        return connection;
    }

    public static DuckDBConnection OpenWrite(string file)
    {
        var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        return connection;
    }
}
