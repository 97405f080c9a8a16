using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Widgets;

/// <summary>A KPI card: value and unit, 同比 and 环比, a 12-month sparkline, a traffic light; click → drill-down.</summary>
public partial class KpiCard
{
    /// <summary>The KPI with its comparisons.</summary>
    [Parameter, EditorRequired] public KpiFigure Figure { get; set; } = default!;

    /// <summary>The last months' values for the sparkline, oldest first.</summary>
    [Parameter] public IReadOnlyList<KpiResult>? Series { get; set; }

    /// <summary>A target to show progress against (and to set the light).</summary>
    [Parameter] public TargetStatus? Target { get; set; }

    /// <summary>A limit to judge against: the KPI's red line, or a ceiling from the targets.</summary>
    [Parameter] public decimal? Limit { get; set; }

    /// <summary>Where a click goes: the drill-down of this figure.</summary>
    [Parameter] public string Href { get; set; } = "#";

    /// <summary>Company totals may be shown in 亿元.</summary>
    [Parameter] public bool AllowYi { get; set; } = true;

    /// <summary>More lines under the value (e.g. NPS sample size and margin).</summary>
    [Parameter] public RenderFragment? ChildContent { get; set; }

    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    private static bool Zh => Culture.TwoLetterISOLanguageName == "zh";

    private string Light => TrafficLight.For(Figure.Kpi, Figure.Current.Value, Limit, Target);

    private string LimitLabel => Figure.Kpi.Direction == KpiDirection.LowerIsBetter ? L["Limit"] : L["Card_Target"];

    private string LightText => Light switch
    {
        TrafficLight.None => "",
        _ => L[$"Status_{Light}"],
    };

    /// <summary>
    /// For NPS, what the change may be called (<see cref="NpsComparison"/>): rise or fall only beyond its 95 % margin;
    /// null for other KPIs.
    /// </summary>
    private NpsChange? Verdict(KpiResult before) => Figure.Kpi.Code == "nps" ? NpsComparison.Compare(before, Figure.Current) : null;

    /// <summary>
    /// The change against <paramref name="before"/> as the unit writes it; for NPS with its verdict: "↑ 上升 +12.00",
    /// "↓ 下降 −9.50", "无显著变化 (+3.20)": a survey's noise is never shown as a rise or a fall.
    /// </summary>
    private string Change(KpiResult before)
    {
        var text = CockpitFormat.Change(Figure.Current.Value, before.Value, Figure.Kpi.Unit);
        return Verdict(before) switch
        {
            NpsChange.Rise => $"↑ {L["Nps_Rise"]} {text}",
            NpsChange.Fall => $"↓ {L["Nps_Fall"]} {text}",
            NpsChange.NoSignificantChange => $"{L["Nps_NoChange"]} ({text})",
            _ => text,
        };
    }

    private object SparklineOptions => new
    {
        chart = new { type = "area", height = 48, sparkline = new { enabled = true }, animations = new { enabled = false } },
        stroke = new { width = 2, curve = "smooth" },
        fill = new { opacity = 0.2 },
        series = new[] { new { name = Figure.Kpi.Code, data = Series!.Select(s => s.Value is { } v ? (double?)(double)v : null).ToArray() } },
        tooltip = new { enabled = false },
        colors = ChartFormat.Colors(1),
    };
}
