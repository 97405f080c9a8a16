using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Widgets;

/// <summary>One slice of a structure: a key (for the drill-down filter), its label and its value.</summary>
public sealed record StructureItem(string? Key, string Label, decimal Value);

/// <summary>A structure chart (donut or bar) of a KPI by a dimension; a click opens that slice's rows.</summary>
public partial class StructureChart
{
    /// <summary>The chart's title.</summary>
    [Parameter, EditorRequired] public string Title { get; set; } = "";

    /// <summary>The slices, largest first.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<StructureItem> Items { get; set; } = [];

    /// <summary>donut or bar.</summary>
    [Parameter] public string Kind { get; set; } = "donut";

    /// <summary>The unit of the values.</summary>
    [Parameter] public KpiUnit Unit { get; set; } = KpiUnit.Yuan;

    /// <summary>Called with the slice clicked.</summary>
    [Parameter] public EventCallback<StructureItem> OnSelected { get; set; }

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    private object Options
    {
        get
        {
            var zh = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
            var values = Items.Select(i => TrendChart.Plot(i.Value, Unit) ?? 0).ToArray();
            var labels = Items.Select(i => i.Label).ToArray();
            var unit = TrendChart.AxisUnit(Unit, zh);
            if (Kind == "donut")
            {
                return new
                {
                    chart = new { type = "donut", height = 300, animations = new { enabled = false }, fontFamily = "inherit" },
                    series = values,
                    labels,
                    // many slices: a compact legend, and no percentage on slivers
                    legend = new { position = "bottom", fontSize = "11px", itemMargin = new { horizontal = 4, vertical = 0 } },
                    dataLabels = new { enabled = true },
                    plotOptions = new { pie = new { dataLabels = new { minAngleToShowLabel = 18 }, donut = new { size = "55%" } } },
                    title = new { text = unit, align = "right", style = new { fontSize = "11px" } },
                };
            }
            return new
            {
                chart = new { type = "bar", height = 260, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
                series = new[] { new { name = Title, data = values } },
                xaxis = new { categories = labels, title = new { text = unit }, tickAmount = 3, decimalsInFloat = 0, labels = new { hideOverlappingLabels = true } },
                yaxis = new { labels = new { maxWidth = 96 } }, // long industry names are cut, the bars keep their room
                plotOptions = new { bar = new { horizontal = true, distributed = false } },
                dataLabels = new { enabled = false },
                colors = new[] { "#1f4e79" },
            };
        }
    }

    private Task PointSelected((int Series, int Point) p) =>
        p.Point < Items.Count ? OnSelected.InvokeAsync(Items[p.Point]) : Task.CompletedTask;
}
