namespace Cockpit.Warehouse.Kpis;

/// <summary>The codes of the KPI catalogue: targets may only name these.</summary>
public static class KpiCodes
{
    public static readonly IReadOnlySet<string> All = KpiCatalog.All.Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
}
