namespace Cockpit.Web.Exports;

/// <summary>Lines every export's cover or lineage sheet shares.</summary>
public static class ExportLabels
{
    /// <summary>
    /// The build the file was read from; an earlier build viewed on /admin/builds (the cockpit "as of build X") says
    /// so, so that a file from an audit view is never taken for the current figures.
    /// </summary>
    public static string Build(string buildId, long? runId, bool earlier) =>
        (runId is { } run ? $"{buildId} (ETL #{run})" : buildId)
        + (earlier ? " · 历史数据版本（只读查看，非当前数据） earlier build, viewed read-only (not the current data)" : "");
}
