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

    public WarehouseBuild(BuildPointer pointer, string file)
    {
        Pointer = pointer;
        _root = WarehouseConnection.OpenShared(file);
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
    public DuckDBConnection Fork() => WarehouseConnection.Fork(_root);
}
