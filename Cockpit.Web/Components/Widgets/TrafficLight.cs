using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;

namespace Cockpit.Web.Components.Widgets;

/// <summary>A KPI's light: against its target's status when it has one, else against its red line.</summary>
public static class TrafficLight
{
    public const string Green = "green";
    public const string Amber = "amber";
    public const string Red = "red";
    public const string None = "none";

    /// <summary>
    /// With a limit (red line or ceiling): red above it, amber from 90 % of it, green below (lower-is-better);
    /// with a target status: that status.
    /// </summary>
    public static string For(KpiDefinition kpi, decimal? value, decimal? limit, TargetStatus? target)
    {
        if (target?.Status is { } status) return status;
        if (value is not { } v || limit is not { } l || l == 0) return None;
        if (kpi.Direction == KpiDirection.LowerIsBetter) return v > l ? Red : v >= 0.9m * l ? Amber : Green;
        return v < l ? Red : v <= 1.1m * l ? Amber : Green;
    }

    public static MudBlazor.Color Color(string light) => light switch
    {
        Green => MudBlazor.Color.Success,
        Amber => MudBlazor.Color.Warning,
        Red => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };
}
