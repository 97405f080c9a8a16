using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Widgets;

/// <summary>One line of a trend chart: a KPI's monthly values, as bars or a line, on its own axis.</summary>
public sealed record TrendSeries(string Name, KpiUnit Unit, IReadOnlyList<KpiResult> Points, string Type = "line");

/// <summary>A trend of one or two KPIs over months (each series on its own axis); a click opens that month's rows.</summary>
public partial class TrendChart
{
    /// <summary>The chart's title.</summary>
    [Parameter, EditorRequired] public string Title { get; set; } = "";

    /// <summary>One or two series with the same months.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<TrendSeries> Series { get; set; } = [];

    /// <summary>Called with the series and the month clicked.</summary>
    [Parameter] public EventCallback<(TrendSeries Series, KpiResult Point)> OnSelected { get; set; }

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    /// <summary>
    /// Series of the same unit share one axis (rates beside each other, amounts as grouped columns); otherwise each
    /// series has its own (a balance and a monthly amount differ by a hundred times).
    /// </summary>
    [Parameter] public bool ShareAxes { get; set; }

    /// <summary>
    /// The ApexCharts options: each series on its own axis in the unit its largest value takes (money from zero,
    /// ticks without trailing zeros), tooltips naming the series and giving the value as a card writes it.
    /// </summary>
    internal object Options
    {
        get
        {
            var culture = CultureInfo.CurrentUICulture;
            var months = Series.Count == 0 ? [] : Series[0].Points.Select(p => p.Window.AsOf.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
            // with shared axes, a series draws on the first series of its unit (the axis spans all their values)
            var owner = Series.Select((s, i) => ShareAxes ? Series.Select((o, j) => (o, j)).First(x => x.o.Unit == s.Unit).j : i).ToList();
            var axes = Series.Select((s, i) => ChartAxis.For(s.Unit,
                Series.Where((_, j) => owner[j] == owner[i]).SelectMany(o => o.Points.Select(p => p.Value)), culture)).ToList();
            var drawn = owner.Distinct().ToList();
            // ApexCharts scales an axis on its first series only: a shared axis is given the largest of its series
            double? Max(int i) => ShareAxes && owner.Count(o => o == owner[i]) > 1
                ? Series.Where((_, j) => owner[j] == owner[i]).SelectMany(o => o.Points.Select(p => axes[i].Plot(p.Value))).Max()
                : null;
            return new
            {
                chart = new { type = "line", height = 280, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
                series = Series.Select((s, i) => new { name = s.Name, type = s.Type, data = s.Points.Select(p => axes[i].Plot(p.Value)).ToArray() }).ToArray(),
                // more than a year of months: every other label, so that they never overlap
                xaxis = new { categories = months, tickAmount = months.Length > 12 ? 12 : (int?)null },
                yaxis = Series.Select((s, i) => new
                {
                    seriesName = owner[i] == i ? null : Series[owner[i]].Name,
                    show = owner[i] == i,
                    opposite = drawn.IndexOf(owner[i]) == 1,
                    title = new { text = owner[i] == i ? AxisTitle(i, axes[i], culture) : "" },
                    min = axes[i].FromZero ? 0 : (double?)null,
                    max = Max(i),
                    forceNiceScale = true,
                    labels = new { formatter = axes[i].TickFormatter },
                }).ToArray(),
                tooltip = new
                {
                    shared = true,
                    intersect = false,
                    y = Series.Select(s => new { formatter = ChartFormat.LookupFormatter(s.Points.Select(p => CockpitFormat.Value(p.Value, s.Unit, culture))) }).ToArray(),
                },
                stroke = new { width = Series.Select(s => s.Type == "line" ? 3 : 0).ToArray() },
                // columns a little lighter, so a line over them stays visible on both themes
                fill = new { opacity = Series.Select(s => s.Type == "line" ? 1 : 0.75).ToArray() },
                dataLabels = new { enabled = false },
                legend = new { position = "top" },
                colors = ChartFormat.Colors(Series.Count),
            };
        }
    }

    /// <summary>An axis' title: the series' name and unit, or only the unit when series share it.</summary>
    private string AxisTitle(int i, ChartAxis axis, CultureInfo culture) =>
        !ShareAxes || Series.Count(s => s.Unit == Series[i].Unit) == 1 ? axis.Title(Series[i].Name, culture)
        : Series[i].Unit is KpiUnit.Yuan ? axis.Title(ChartFormat.IsChinese(culture) ? "金额" : "Amount", culture)
        : "";

    private Task PointSelected((int Series, int Point) p) =>
        p.Series < Series.Count && p.Point < Series[p.Series].Points.Count
            ? OnSelected.InvokeAsync((Series[p.Series], Series[p.Series].Points[p.Point]))
            : Task.CompletedTask;
}
