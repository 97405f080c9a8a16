using System.Globalization;
using Cockpit.Warehouse.Kpis;
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

    /// <summary>Values are plotted in display units: money in 万元, ratios in %.</summary>
    internal static double? Plot(decimal? value, KpiUnit unit) => value is not { } v ? null : unit switch
    {
        KpiUnit.Yuan => (double)Math.Round(v / 10_000m, 2),
        KpiUnit.Percent => (double)Math.Round(v * 100m, 4),
        _ => (double)v,
    };

    internal static string AxisUnit(KpiUnit unit, bool zh) => unit switch
    {
        KpiUnit.Yuan => zh ? "万元" : "10k CNY",
        KpiUnit.Percent => "%",
        KpiUnit.Multiple => "×",
        _ => "",
    };

    private object Options
    {
        get
        {
            var zh = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
            var months = Series.Count == 0 ? [] : Series[0].Points.Select(p => p.Window.AsOf.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
            return new
            {
                chart = new { type = "line", height = 280, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
                series = Series.Select(s => new { name = s.Name, type = s.Type, data = s.Points.Select(p => Plot(p.Value, s.Unit)).ToArray() }).ToArray(),
                xaxis = new { categories = months },
                yaxis = Series.Select((s, i) => new
                {
                    opposite = i == 1,
                    title = new { text = $"{s.Name} ({AxisUnit(s.Unit, zh)})" },
                    decimalsInFloat = 2,
                }).ToArray(),
                stroke = new { width = Series.Select(s => s.Type == "line" ? 3 : 0).ToArray() },
                dataLabels = new { enabled = false },
                legend = new { position = "top" },
                colors = new[] { "#1f4e79", "#c0392b" },
            };
        }
    }

    private Task PointSelected((int Series, int Point) p) =>
        p.Series < Series.Count && p.Point < Series[p.Series].Points.Count
            ? OnSelected.InvokeAsync((Series[p.Series], Series[p.Series].Points[p.Point]))
            : Task.CompletedTask;
}
