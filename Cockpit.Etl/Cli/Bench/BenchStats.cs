using System.Globalization;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>The median and the spread of repeated measurements, as <c>bench</c> reports them.</summary>
internal static class BenchStats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(values));
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return Math.Round(median, median >= 100 ? 0 : 2);
    }

    /// <summary>min–max of the repeats (the one value when there is one), for a note.</summary>
    public static string Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        var format = list.Max() >= 100 ? "N0" : "N2";
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return list.Count == 1 ? F(list[0]) : $"{F(list.Min())}–{F(list.Max())}";
    }
}
