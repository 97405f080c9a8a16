using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// What the charts share: the palette, the axis of a KPI unit, the formatter specs our charts.js turns into
/// functions, and the wrapping of long category names.
/// </summary>
/// <remarks>
/// JSON carries no functions, so an option that ApexCharts wants as a function is sent as a spec object
/// (see wwwroot/js/charts.js): <c>{ cockpitFormat: "number", decimals, prefix, suffix }</c> formats a number
/// with thousands separators and at most <c>decimals</c> decimals (no trailing zeros: axis ticks read 25, 12.5);
/// <c>{ cockpitFormat: "lookup", texts }</c> returns <c>texts[dataPointIndex]</c>: texts written here by
/// <see cref="CockpitFormat"/>, so a tooltip says exactly what a card says.
/// </remarks>
public static class ChartFormat
{
    /// <summary>
    /// Twelve distinct colours of middle lightness, readable on the light (white) and the dark (#32333d)
    /// background (Tableau 10, then raspberry and sky blue). The first is the colour of a single series.
    /// </summary>
    public static readonly IReadOnlyList<string> Palette =
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#d37295", "#a0cbe8",
    ];

    /// <summary>The colours of <paramref name="count"/> series or slices: the palette, repeated only beyond 12.</summary>
    public static string[] Colors(int count) => [.. Enumerable.Range(0, Math.Max(count, 1)).Select(i => Palette[i % Palette.Count])];

    public static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    /// <summary>Axis ticks: separators, at most <paramref name="decimals"/> decimals, no trailing zeros.</summary>
    public static object NumberFormatter(int decimals = 2, string prefix = "", string suffix = "") =>
        new { cockpitFormat = "number", decimals, prefix, suffix };

    /// <summary>A text per data point (a tooltip's value, a category's full name).</summary>
    public static object LookupFormatter(IEnumerable<string> texts) => new { cockpitFormat = "lookup", texts = texts.ToArray() };

    /// <summary>
    /// A long category name in lines of at most 16 width units (a Chinese character is 2, a Latin one 1; Latin
    /// text breaks at spaces), at most 3 lines; the tooltip gives the full name.
    /// </summary>
    public static string[] Wrap(string label, int width = 16, int maxLines = 3)
    {
        static int W(char c) => c >= '\u2E80' ? 2 : 1;
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        var used = 0;
        // split into breakable pieces: a Chinese character alone, a Latin word with its trailing space
        var pieces = new List<string>();
        var word = new System.Text.StringBuilder();
        foreach (var c in label)
        {
            if (W(c) == 2)
            {
                if (word.Length > 0) { pieces.Add(word.ToString()); word.Clear(); }
                pieces.Add(c.ToString());
            }
            else
            {
                word.Append(c);
                if (c == ' ') { pieces.Add(word.ToString()); word.Clear(); }
            }
        }
        if (word.Length > 0) pieces.Add(word.ToString());
        foreach (var piece in pieces)
        {
            var w = piece.TrimEnd().Sum(W);
            if (used > 0 && used + w > width)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                used = 0;
            }
            line.Append(piece);
            used += piece.Sum(W);
        }
        if (line.Length > 0) lines.Add(line.ToString().TrimEnd());
        if (lines.Count > maxLines)
        {
            lines = [.. lines.Take(maxLines)];
            lines[^1] += "…";
        }
        return [.. lines];
    }
}

/// <summary>
/// The value axis of a KPI unit: money in the unit its largest amount takes (亿元/万元, CNY bn/m/k), ratios in %,
/// multiples as ×. <see cref="Plot"/> turns a value into the axis' number.
/// </summary>
public sealed record ChartAxis(decimal Divisor, string Unit, string TickSuffix, bool FromZero)
{
    public static ChartAxis For(KpiUnit unit, IEnumerable<decimal?> values, CultureInfo culture)
    {
        var known = values.OfType<decimal>().ToList();
        var max = known.Count == 0 ? 0m : known.Max(Math.Abs);
        var nonNegative = known.All(v => v >= 0);
        switch (unit)
        {
            case KpiUnit.Yuan:
                var (divisor, name) = CockpitFormat.MoneyAxis(max, culture);
                return new ChartAxis(divisor, name, "", nonNegative); // amounts start from zero
            case KpiUnit.Count:
                return new ChartAxis(1m, "", "", nonNegative);
            case KpiUnit.Percent:
                return new ChartAxis(0.01m, "%", "%", false);
            case KpiUnit.Multiple:
                return new ChartAxis(1m, "×", "×", false);
            default:
                return new ChartAxis(1m, "", "", false);
        }
    }

    /// <summary>A value in the axis' unit (4 decimals kept; the tooltip has the exact text).</summary>
    public double? Plot(decimal? value) => value is { } v ? (double)Math.Round(v / Divisor, 4) : null;

    /// <summary>The axis title: the name with the unit, when the ticks do not carry it (money: 在保余额（亿元）, Balance (CNY bn)).</summary>
    public string Title(string name, CultureInfo culture) =>
        Unit.Length == 0 || TickSuffix.Length > 0 ? name
        : ChartFormat.IsChinese(culture) ? $"{name}（{Unit}）" : $"{name} ({Unit})";

    /// <summary>The ticks' formatter: at most 2 decimals, no trailing zeros, the suffix of % and ×.</summary>
    public object TickFormatter => ChartFormat.NumberFormatter(2, "", TickSuffix);
}
