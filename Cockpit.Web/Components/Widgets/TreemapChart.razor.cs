using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// A treemap of amounts (the balance by industry): one tile per item, its area its amount, labelled with its name and
/// amount as a card writes it; the tooltip adds its share of the whole. The largest <see cref="MaxTiles"/> items are
/// drawn; the rest are one caption under the chart (slivers are unreadable and cannot be clicked). A click on a tile
/// opens its rows.
/// </summary>
public partial class TreemapChart
{
    [Inject] private IStringLocalizer<Strings> L { get; set; } = default!;

    /// <summary>The chart's title.</summary>
    [Parameter, EditorRequired] public string Title { get; set; } = "";

    /// <summary>The items, any order (drawn largest first); items without a key cannot be clicked.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<StructureItem> Items { get; set; } = [];

    /// <summary>The unit of the values.</summary>
    [Parameter] public KpiUnit Unit { get; set; } = KpiUnit.Yuan;

    /// <summary>At most this many tiles.</summary>
    [Parameter] public int MaxTiles { get; set; } = 16;

    /// <summary>Height in pixels.</summary>
    [Parameter] public int Height { get; set; } = 340;

    /// <summary>Called with the tile clicked.</summary>
    [Parameter] public EventCallback<StructureItem> OnSelected { get; set; }

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    private IReadOnlyList<StructureItem> Ordered => [.. Items.Where(i => i.Value > 0).OrderByDescending(i => i.Value)];

    /// <summary>The tiles drawn: the largest items with a positive value.</summary>
    internal IReadOnlyList<StructureItem> Drawn => [.. Ordered.Take(MaxTiles)];

    /// <summary>"其他 N 项合计 X（占 y%）" for the items not drawn, if any.</summary>
    internal string? RemainderCaption
    {
        get
        {
            var rest = Ordered.Skip(MaxTiles).ToList();
            if (rest.Count == 0) return null;
            var culture = CultureInfo.CurrentUICulture;
            var total = Ordered.Sum(i => i.Value);
            var value = rest.Sum(i => i.Value);
            return L["Structure_RemainderCount", L["Other"].Value, rest.Count, CockpitFormat.Value(value, Unit, culture), CockpitFormat.Percent(value / total)];
        }
    }

    /// <summary>The ApexCharts options: tiles sized in the axis unit of the largest value, texts as cards write them.</summary>
    internal object Options
    {
        get
        {
            var culture = CultureInfo.CurrentUICulture;
            var items = Drawn;
            var total = Ordered.Sum(i => i.Value);
            var axis = ChartAxis.For(Unit, items.Select(i => (decimal?)i.Value), culture);
            var values = items.Select(i => CockpitFormat.Value(i.Value, Unit, culture)).ToArray();
            var shares = items.Select(i => total == 0 ? "" : CockpitFormat.Percent(i.Value / total)).ToArray();
            var separator = ChartFormat.IsChinese(culture) ? "，占 " : ", ";
            var tail = ChartFormat.IsChinese(culture) ? "" : " of the total";
            return new
            {
                chart = new { type = "treemap", height = Height, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
                series = new[] { new { name = Title, data = items.Select(i => new { x = i.Label, y = axis.Plot(i.Value) ?? 0 }).ToArray() } },
                // the name over its amount; ApexCharts hides the label of a tile too small for it
                dataLabels = new
                {
                    enabled = true,
                    style = new { fontSize = "12px" },
                    formatter = ChartFormat.LookupFormatter(items.Select((i, n) => $"{i.Label} {values[n]}")),
                },
                tooltip = new { y = new { formatter = ChartFormat.LookupFormatter(values.Select((v, n) => shares[n].Length == 0 ? v : $"{v}{separator}{shares[n]}{tail}")) } },
                plotOptions = new { treemap = new { distributed = true, enableShades = false } },
                colors = ChartFormat.Colors(items.Count),
                legend = new { show = false },
            };
        }
    }

    private Task PointSelected((int Series, int Point) p)
    {
        var items = Drawn;
        return p.Point >= 0 && p.Point < items.Count && items[p.Point].Key is not null ? OnSelected.InvokeAsync(items[p.Point]) : Task.CompletedTask;
    }
}
