using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// Monthly NPS (净推荐值) as a line inside its 95 % band (NPS ± margin, an ApexCharts rangeArea), the responses in the
/// tooltip; a month with fewer than 30 responses has a hollow marker and says so (样本不足): its band is wide for a reason.
/// </summary>
public partial class NpsBandChart
{
    [Inject] private IStringLocalizer<Strings> L { get; set; } = default!;

    /// <summary>The chart's title.</summary>
    [Parameter, EditorRequired] public string Title { get; set; } = "";

    /// <summary>The monthly NPS results (code nps), oldest first; a month without responses is a gap.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<KpiResult> Months { get; set; } = [];

    /// <summary>Called with the month clicked.</summary>
    [Parameter] public EventCallback<KpiResult> OnSelected { get; set; }

    /// <summary>Height in pixels.</summary>
    [Parameter] public int Height { get; set; } = 300;

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    /// <summary>NPS below this many responses is marked unreliable (docs/kpis.md).</summary>
    public const int ReliableResponses = 30;

    private const string Hollow = "#ffffff";

    /// <summary>The ApexCharts options: series 0 the band, series 1 the line; tooltips on the line only, saying everything.</summary>
    internal object Options
    {
        get
        {
            var culture = CultureInfo.CurrentUICulture;
            var zh = ChartFormat.IsChinese(culture);
            var colour = ChartFormat.Palette[0];
            var months = Months.Select(m => m.Window.AsOf.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
            var texts = Months.Select(Tooltip).ToArray();
            return new
            {
                chart = new { type = "rangeArea", height = Height, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
                series = new object[]
                {
                    new
                    {
                        name = L["NpsBand_Band"].Value,
                        type = "rangeArea",
                        data = Months.Select((m, i) => new { x = months[i], y = Band(m) }).ToArray(),
                    },
                    new
                    {
                        name = "NPS",
                        type = "line",
                        data = Months.Select((m, i) => new { x = months[i], y = Point(m.Value) }).ToArray(),
                    },
                },
                xaxis = new { type = "category", tickAmount = months.Length > 12 ? 12 : (int?)null },
                yaxis = new
                {
                    title = new { text = zh ? "NPS（分）" : "NPS (points)" },
                    forceNiceScale = true,
                    labels = new { formatter = ChartFormat.NumberFormatter(0) },
                },
                stroke = new { curve = "straight", width = new[] { 0, 3 } },
                fill = new { opacity = new[] { 0.24, 1 } },
                colors = new[] { colour, colour },
                // the line's months under 30 responses: hollow markers
                markers = new
                {
                    size = new[] { 0, 5 },
                    hover = new { size = 6 },
                    discrete = Months.Select((m, i) => (m, i)).Where(x => x.m.Rows > 0 && x.m.Unreliable)
                        .Select(x => new { seriesIndex = 1, dataPointIndex = x.i, fillColor = Hollow, strokeColor = colour, size = 5 }).ToArray(),
                },
                tooltip = new
                {
                    shared = true,
                    intersect = false,
                    enabledOnSeries = new[] { 1 },
                    y = new[] { new { formatter = ChartFormat.LookupFormatter(texts) }, new { formatter = ChartFormat.LookupFormatter(texts) } },
                },
                dataLabels = new { enabled = false },
                legend = new { position = "top" },
            };
        }
    }

    /// <summary>NPS ± margin, within −100…100; null without responses.</summary>
    private static double?[]? Band(KpiResult m) =>
        m.Value is { } v && m.Margin is { } margin
            ? [Point(Math.Max(-100m, v - margin)), Point(Math.Min(100m, v + margin))]
            : null;

    private static double? Point(decimal? value) => value is { } v ? (double)Math.Round(v, 1) : null;

    /// <summary>"32.0 ±8.5（n = 120）", with "样本不足" under 30 responses; "无回复" without any.</summary>
    internal string Tooltip(KpiResult m)
    {
        if (m.Value is not { } v || m.Rows == 0) return L["NpsBand_NoResponses"];
        var text = string.Format(CultureInfo.InvariantCulture, L["NpsBand_Tooltip"], v.ToString("N1", CultureInfo.InvariantCulture),
            (m.Margin ?? 0).ToString("N1", CultureInfo.InvariantCulture), m.Rows.ToString("N0", CultureInfo.InvariantCulture));
        return m.Unreliable ? $"{text} {L["NpsBand_TooFew"]}" : text;
    }

    private Task PointSelected((int Series, int Point) p) =>
        p.Point < Months.Count && Months[p.Point].Rows > 0 ? OnSelected.InvokeAsync(Months[p.Point]) : Task.CompletedTask;
}
