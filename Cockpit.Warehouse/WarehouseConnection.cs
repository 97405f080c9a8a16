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

    public static DuckDBConnection OpenWrite(string file)
    {
        var connection = new DuckDBConnection($"Data Source={file}");
        connection.Open();
        return connection;
    }
}
