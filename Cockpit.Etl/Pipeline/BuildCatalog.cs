using Cockpit.Warehouse;

namespace Cockpit.Etl.Pipeline;

/// <summary>A published build still on disk: the run that made it, its file's size, and whether it is the current one.</summary>
public sealed record KeptBuild(RunLog Run, long Bytes, bool IsCurrent)
{
    public string BuildId => Run.BuildId;

    /// <summary>Made by an older version of the warehouse's SQL: it cannot be read as an earlier build.</summary>
    public bool Outdated => Run.Schema < WarehouseSchema.Version;
}

/// <summary>
/// The builds kept in <c>builds/</c> (issue 16, item 4): every succeeded run whose build file is still there, newest
/// first. The retention setting (<see cref="WarehouseLayout.SavedKeepBuilds"/>) decides how many a run keeps.
/// </summary>
public static class BuildCatalog
{
    public static List<KeptBuild> Kept(WarehouseLayout layout)
    {
        var current = layout.ReadCurrent()?.BuildId;
        var kept = new List<KeptBuild>();
        foreach (var run in RunLogStore.ReadAll(layout))
        {
            if (run.Status != RunStatus.Succeeded || !WarehouseLayout.IsBuildId(run.BuildId)) continue;
            var file = new FileInfo(layout.BuildFile(run.BuildId));
            if (file.Exists) kept.Add(new KeptBuild(run, file.Length, run.BuildId == current));
        }
        return kept;
    }

    /// <summary>
    /// A published build by its id, as a pointer to read it; null when no succeeded run made a build of that id. Its
    /// file may since have been removed under the retention setting: reading it then says so.
    /// </summary>
    public static BuildPointer? Find(WarehouseLayout layout, string? buildId)
    {
        if (!WarehouseLayout.IsBuildId(buildId)) return null;
        return RunLogStore.ReadAll(layout)
            .FirstOrDefault(r => r.Status == RunStatus.Succeeded && r.BuildId == buildId)
            ?.Pointer(layout);
    }
}
