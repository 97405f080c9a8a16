using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;

namespace Cockpit.Web.Services;

/// <summary>Data freshness for the badge: the current build and the last ETL run.</summary>
public sealed record Freshness(BuildPointer? Current, RunLog? LastRun)
{
    public bool NoBuild => Current is null;

    /// <summary>The last run failed (the cockpit still shows the previous build).</summary>
    public bool LastRunFailed => LastRun is { Status: RunStatus.Failed or RunStatus.Refused or RunStatus.Abandoned };
}

/// <summary>Reads freshness from the warehouse folder; cheap enough to call on every page render.</summary>
public sealed class WarehouseStatus(WarehouseLayout layout)
{
    public WarehouseLayout Layout { get; } = layout;

    public Freshness Read()
    {
        var runs = RunLogStore.ReadAll(Layout);
        return new Freshness(Layout.ReadCurrent(), runs.FirstOrDefault(r => r.Status != RunStatus.Running));
    }
}
