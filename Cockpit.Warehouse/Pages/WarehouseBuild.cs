using DuckDB.NET.Data;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// One published build opened for reading, shared by every query on it. A session or running query holds a lease;
/// when a newer build is published this one is retired and closes once the last lease ends, so a page that started on
/// it finishes on it.
/// </summary>
internal sealed class WarehouseBuild
{
    private readonly DuckDBConnection _root;
    private readonly Lock _gate = new();
    private int _leases;
    private bool _retired;
    private bool _closed;

    private readonly bool _macrosInMemory;

    public WarehouseBuild(BuildPointer pointer, string file, string? sqlFolder = null)
    {
        Pointer = pointer;
        _root = WarehouseConnection.OpenShared(file);
        _macrosInMemory = sqlFolder is not null && AddMissingMacros(sqlFolder);
    }

    /// <summary>
    /// The KPI files call table macros (sql/macros) that the ETL creates in each build. A build published before a
    /// macro existed lacks it: the reader then creates the missing ones in its in-memory database, so an upgrade
    /// never breaks the build on screen until the next load. True when it had to.
    /// </summary>
    private bool AddMissingMacros(string sqlFolder)
    {
        var folder = Path.Combine(sqlFolder, "macros");
        if (!Directory.Exists(folder)) return false;
        var missing = Directory.EnumerateFiles(folder, "*.sql").Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileNameWithoutExtension(f), Sql: File.ReadAllText(f)))
            .Where(m => !Exists(m.Name))
            .ToList();
        if (missing.Count == 0) return false;
        Execute("use memory; set search_path = 'memory.main,build.main'"); // CREATE goes to the first
        try
        {
            // a macro may use another: create what can be created until nothing more can
            while (missing.Count > 0)
            {
                string? why = null;
                var created = missing.Where(m => TryExecute(m.Sql, ref why)).ToList();
                if (created.Count == 0)
                {
                    throw new InvalidOperationException($"sql/macros cannot be created: {string.Join(", ", missing.Select(m => m.Name))}: {why}");
                }
                missing = missing.Except(created).ToList();
            }
        }
        finally
        {
            Execute("use build; set search_path = 'build.main,memory.main'");
        }
        return true;
    }

    private bool Exists(string macro)
    {
        using var command = _root.CreateCommand();
        command.CommandText = "select count(*) from duckdb_functions() where function_name = $name and database_name = 'build'";
        command.Parameters.Add(new DuckDB.NET.Data.DuckDBParameter("name", macro));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private void Execute(string sql)
    {
        using var command = _root.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private bool TryExecute(string sql, ref string? why)
    {
        try
        {
            Execute(sql);
            return true;
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            why = WarehouseFault.FirstLine(e.Message);
            return false;
        }
    }

    public BuildPointer Pointer { get; }

    public string Id => Pointer.BuildId;

    /// <summary>Takes a lease; false when the build has closed already.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_closed) return false;
            _leases++;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _leases--;
            CloseIfIdle();
        }
    }

    /// <summary>A newer build is published: close when nobody reads this one any more.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            CloseIfIdle();
        }
    }

    private void CloseIfIdle()
    {
        if (!_retired || _leases > 0 || _closed) return;
        _closed = true;
        _root.Dispose();
    }

    /// <summary>A connection of its own for one query; the caller holds a lease.</summary>
    public DuckDBConnection Fork()
    {
        var connection = WarehouseConnection.Fork(_root);
        if (_macrosInMemory)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "set search_path = 'build.main,memory.main'";
            command.ExecuteNonQuery();
        }
        return connection;
    }
}
