namespace Cockpit.Warehouse.Kpis;

/// <summary>What a change of NPS between two periods may be called (docs/kpis.md).</summary>
public enum NpsChange
{
    /// <summary>Higher, and the difference is larger than its 95 % margin.</summary>
    Rise,
    /// <summary>Lower, and the difference is larger than its 95 % margin.</summary>
    Fall,
    /// <summary>The difference lies within its margin: 无显著变化.</summary>
    NoSignificantChange,
    /// <summary>
    /// One of the two periods has fewer than <see cref="NpsComparison.MinimumResponses"/> responses: its figure is
    /// unreliable, and its variance (0 when every answer is alike) would make any difference look significant.
    /// </summary>
    NotComparable,
}

/// <summary>
/// Whether NPS moved: the difference of two NPS values against its own margin,
/// 1.96 × √(var₁/n₁ + var₂/n₂) × 100, with var = p₊ + p₋ − (p₊ − p₋)² of each period (the variance of one response
/// scored +1, 0, −1). A change is a rise or a fall only when it is larger than that margin and both periods have at
/// least <see cref="MinimumResponses"/> responses.
/// </summary>
public static class NpsComparison
{
    /// <summary>Fewer responses than this make a period's NPS unreliable (docs/kpis.md): no change is called on it.</summary>
    public const int MinimumResponses = 30;

    /// <summary>The 95 % margin of the difference between two NPS values, on the −100…100 scale (null without responses).</summary>
    public static decimal? DifferenceMargin(KpiResult previous, KpiResult current)
    {
        if (previous.Rows == 0 || current.Rows == 0) return null;
        return (decimal)(1.96 * Math.Sqrt(Variance(previous) / previous.Rows + Variance(current) / current.Rows) * 100);
    }

    /// <summary>Rise, fall or no significant change from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public static NpsChange Compare(KpiResult previous, KpiResult current)
    {
        if (previous.Rows < MinimumResponses || current.Rows < MinimumResponses
            || DifferenceMargin(previous, current) is not { } margin || previous.Value is not { } before || current.Value is not { } after)
        {
            return NpsChange.NotComparable;
        }
        var difference = after - before;
        return Math.Abs(difference) <= margin ? NpsChange.NoSignificantChange : difference > 0 ? NpsChange.Rise : NpsChange.Fall;
    }

    private static double Variance(KpiResult nps)
    {
        var plus = (double)nps.Positive / nps.Rows;
        var minus = (double)nps.Negative / nps.Rows;
        return Math.Max(0, plus + minus - (plus - minus) * (plus - minus));
    }
}
