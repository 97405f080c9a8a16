using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// One slice of a structure: a key (for the drill-down filter), its label and its value; a remainder ("other")
/// has no key and may say how many items it sums.
/// </summary>
public sealed record StructureItem(string? Key, string Label, decimal Value, int? Count = null);

/// <summary>
/// A structure chart (donut or bar) of a KPI by a dimension; a click opens that slice's rows. A bar chart does not
/// draw the remainder as a bar (it would dwarf the ranked bars): <see cref="Remainder"/>, or a last item without a
/// key, is a caption under the chart ("其他 N 项合计 X 亿元").
/// </summary>
public partial class StructureChart
{
    [Inject] private IStringLocalizer<Strings> L { get; set; } = default!;

    /// <summary>The chart's title.</summary>
    [Parameter, EditorRequired] public string Title { get; set; } = "";

    /// <summary>The slices, largest first.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<StructureItem> Items { get; set; } = [];

    /// <summary>donut or bar.</summary>
    [Parameter] public string Kind { get; set; } = "donut";

    /// <summary>The unit of the values.</summary>
    [Parameter] public KpiUnit Unit { get; set; } = KpiUnit.Yuan;

    /// <summary>
    /// What the items leave out (the sum of the rest, with their count when known), written as a caption under the
    /// chart, never drawn. Without it, a bar chart takes a last item without a key as the remainder (a donut keeps
    /// such an item as a slice: it is a share of the whole).
    /// </summary>
    [Parameter] public StructureItem? Remainder { get; set; }

    /// <summary>Called with the slice clicked.</summary>
    [Parameter] public EventCallback<StructureItem> OnSelected { get; set; }

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    private bool IsBar => Kind != "donut";

    /// <summary>The items drawn: a bar chart's remainder is left out (it is the caption).</summary>
    internal IReadOnlyList<StructureItem> Drawn =>
        IsBar && Remainder is null && Items.Count > 0 && Items[^1].Key is null ? [.. Items.Take(Items.Count - 1)] : Items;

    /// <summary>The remainder a bar chart writes as a caption, if any.</summary>
    internal StructureItem? RemainderItem =>
        Remainder ?? (IsBar && Items.Count > 0 && Items[^1].Key is null ? Items[^1] : null);

    /// <summary>The caption under the chart: 其他 23 项合计 85.65 亿元（占 45.20%） / Other (23 items): CNY 8.57 bn (45.20% of the total).</summary>
    internal string? RemainderCaption
    {
        get
        {
            if (RemainderItem is not { } r) return null;
            var culture = CultureInfo.CurrentUICulture;
            var total = Drawn.Sum(i => i.Value) + r.Value;
            var share = total == 0 ? CockpitFormat.Missing : CockpitFormat.Percent(r.Value / total);
            var value = CockpitFormat.Value(r.Value, Unit, culture);
            var label = string.IsNullOrWhiteSpace(r.Label) ? L["Other"].Value : r.Label;
            return r.Count is { } n
                ? L["Structure_RemainderCount", label, n, value, share]
                : L["Structure_Remainder", label, value, share];
        }
    }

    /// <summary>The ApexCharts options: values in the unit the largest takes, tooltips as cards write them, full names.</summary>
    internal object Options
    {
        get
        {
            var culture = CultureInfo.CurrentUICulture;
            var items = Drawn;
            var axis = ChartAxis.For(Unit, items.Select(i => (decimal?)i.Value), culture);
            var values = items.Select(i => axis.Plot(i.Value) ?? 0).ToArray();
            var labels = items.Select(i => i.Label).ToArray();
            var texts = items.Select(i => CockpitFormat.Value(i.Value, Unit, culture)).ToArray();
            if (!IsBar)
            {
                return new
                {
                    chart = new { type = "donut", height = 300, animations = new { enabled = false }, fontFamily = "inherit" },
                    series = values,
                    labels,
                    colors = ChartFormat.Colors(items.Count),
                    // many slices: a compact legend, and no percentage on slivers
                    legend = new { position = "bottom", fontSize = "11px", itemMargin = new { horizontal = 4, vertical = 0 } },
                    dataLabels = new { enabled = true },
                    plotOptions = new { pie = new { dataLabels = new { minAngleToShowLabel = 18 }, donut = new { size = "55%" } } },
                    // the slice's name and its value with the unit, as a card writes it
                    tooltip = new { y = new { formatter = ChartFormat.LookupFormatter(texts) } },
                };
            }
            return new
            {
                chart = new { type = "bar", height = BarHeight, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
                series = new[] { new { name = Title, data = values } },
                xaxis = new
                {
                    // long names on up to 3 lines of 9 characters
                    categories = labels.Select(l => ChartFormat.Wrap(l)).ToArray(),
                    title = new { text = axis.Unit },
                    min = axis.FromZero ? 0 : (double?)null,
                    tickAmount = 2, // the plot beside 140 px of names is narrow: three ticks never overlap
                    labels = new { formatter = axis.TickFormatter, hideOverlappingLabels = true },
                },
                yaxis = new { labels = new { maxWidth = 140 } }, // the lines of a wrapped name are not cut
                plotOptions = new { bar = new { horizontal = true, distributed = false, barHeight = "70%" } },
                dataLabels = new { enabled = false },
                // the full name and the value with its unit
                tooltip = new
                {
                    x = new { formatter = ChartFormat.LookupFormatter(labels) },
                    y = new { formatter = ChartFormat.LookupFormatter(texts) },
                },
                colors = ChartFormat.Colors(1),
            };
        }
    }

    /// <summary>Room for two-line names: 32 px a bar and 70 px for the axis, 260 to 600 px.</summary>
    internal int BarHeight => Math.Clamp(70 + 32 * Drawn.Count, 260, 600);

    private int Height => IsBar ? BarHeight : 300;

    private Task PointSelected((int Series, int Point) p)
    {
        var items = Drawn;
        return p.Point >= 0 && p.Point < items.Count ? OnSelected.InvokeAsync(items[p.Point]) : Task.CompletedTask;
    }
}
