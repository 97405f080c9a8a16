namespace Cockpit.Warehouse.Kpis;

/// <summary>Which KPIs each page shows (PAGES.md), so pages and benchmarks ask for the same figures.</summary>
public static class KpiPages
{
    /// <summary>领导驾驶舱 cards: value, 同比, a 12-month trend and a traffic light each.</summary>
    public static readonly IReadOnlyList<string> LeadershipCards =
        ["balance", "new_amount", "fee_income", "compensation_rate", "leverage", "top_customer_ratio", "nps"];

    /// <summary>The red-line panel (监管指标), worst first on the page.</summary>
    public static readonly IReadOnlyList<string> LeadershipRedLines =
        ["leverage", "top_customer_ratio", "top_group_ratio", "compensation_rate", "overdue_rate", "npl_rate"];

    /// <summary>Everything the leadership page asks for: the figures (with 同比 and 环比) and the cards' 12-month trends.</summary>
    public static async Task LoadLeadershipAsync(KpiService kpis, DateOnly asOf, KpiPeriod period, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var codes = LeadershipCards.Concat(LeadershipRedLines).Distinct().ToList();
        var figures = kpis.GetFiguresAsync(codes, asOf, period, filter, scope);
        var trends = LeadershipCards.Select(c => kpis.GetSeriesAsync(c, asOf, period, 12, filter, scope));
        await Task.WhenAll([figures, .. trends]);
    }

    /// <summary>The (code, window) pairs <see cref="LoadLeadershipAsync"/> computes, for running the same SQL directly.</summary>
    public static IEnumerable<(string Code, KpiWindow Window)> LeadershipQueries(DateOnly asOf, KpiPeriod period)
    {
        var codes = LeadershipCards.Concat(LeadershipRedLines).Distinct().ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<(string, KpiWindow)> all = codes.SelectMany(c => new[]
            {
                (c, KpiWindow.For(asOf, period)), (c, KpiWindow.YearAgo(asOf, period)), (c, KpiWindow.Previous(asOf, period)),
            })
            .Concat(LeadershipCards.SelectMany(c => Enumerable.Range(0, 12).Select(i => (c, KpiWindow.For(KpiWindow.MonthEnd(asOf.AddMonths(-i)), period)))));
        foreach (var (code, window) in all)
        {
            var timing = KpiCatalog.Get(code).Timing;
            var key = $"{code}|{(timing == KpiTiming.Stock ? window.AsOf : window.From)}|{window.To}";
            if (seen.Add(key)) yield return (code, window); // the service computes each distinct query once
        }
    }
}
