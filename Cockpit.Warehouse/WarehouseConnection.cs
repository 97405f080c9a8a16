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

    /// <summary>
    /// Null when the build file opens as a DuckDB warehouse build; otherwise why not, in Chinese and English
    /// (a truncated or foreign file, no permission).
    /// </summary>
    public static string? Probe(string file)
    {
        if (!File.Exists(file)) return $"数据版本文件不存在 the build file is missing: {file}";
        try
        {
            using var connection = OpenReadOnly(file);
            using var command = connection.CreateCommand();
            command.CommandText = "select count(*) from etl_source_counts";
            command.ExecuteScalar();
            return null;
        }
        catch (Exception e) when (e is DuckDBException or IOException or UnauthorizedAccessException)
        {
            return $"数据版本文件无法打开 the build file cannot be opened: {Path.GetFileName(file)}: {WarehouseFault.FirstLine(e.Message)}";
        }
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
