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
    /// A long category name in balanced lines of at most <paramref name="width"/> units (a Chinese character is 2,
    /// a Latin one 1; Latin text breaks at spaces), at most <paramref name="maxLines"/> lines, the last one ending in
    /// "…" if the name is longer still (the tooltip gives the full name): 计算机、通信和其 / 他电子设备制造业.
    /// 18 units: 9 Chinese characters at 11 px are 100 px, within what ApexCharts leaves of the labels' maxWidth of
    /// 140 px before it cuts a line with "..." ((140 − 15) / 1.1 = 113 px).
    /// </summary>
    public static string[] Wrap(string label, int width = 18, int maxLines = 3)
    {
        var pieces = Pieces(label.Trim());
        var total = pieces.Sum(p => p.Width);
        if (total <= width) return [label.Trim()];
        // as many lines as needed, of even length; if word breaks need more, lines of the full width
        var count = (total + width - 1) / width;
        var lines = count <= maxLines ? Greedy(pieces, Math.Min(width, (total + count - 1) / count + 1)) : null;
        if (lines is null || lines.Count > count) lines = Greedy(pieces, width);
        if (lines.Count > maxLines)
        {
            lines = [.. lines.Take(maxLines)];
            lines[^1] += "…";
        }
        return [.. lines];
    }

    private static int CharWidth(char c) => c >= '\u2E80' ? 2 : 1;

    /// <summary>Breakable pieces: a Chinese character alone, a Latin word with its trailing space; width without the space.</summary>
    private static List<(string Text, int Width)> Pieces(string label)
    {
        var pieces = new List<(string, int)>();
        var word = new System.Text.StringBuilder();
        void Flush()
        {
            if (word.Length == 0) return;
            var text = word.ToString();
            pieces.Add((text, text.TrimEnd().Sum(CharWidth)));
            word.Clear();
        }
        foreach (var c in label)
        {
            if (CharWidth(c) == 2)
            {
                Flush();
                pieces.Add((c.ToString(), 2));
            }
            else
            {
                word.Append(c);
                if (c == ' ') Flush();
            }
        }
        Flush();
        return pieces;
    }

    private static List<string> Greedy(List<(string Text, int Width)> pieces, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        var used = 0;
        foreach (var (text, w) in pieces)
        {
            if (used > 0 && used + w > width)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                used = 0;
            }
            line.Append(text);
            used += text.Sum(CharWidth);
        }
        if (line.Length > 0) lines.Add(line.ToString().TrimEnd());
        return lines;
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
