using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// The head of a drill-down page: the figure its rows reconcile to, the rows' columns, and for a concentration KPI the
/// ranking behind it (customers, groups or industries by their amount, each with its ratio; the first line of a
/// max-share KPI is the figure itself).
/// </summary>
public sealed record DrillModel(
    KpiDefinition Kpi, PageDate Date, KpiWindow Window, KpiResult? Figure, IReadOnlyList<string> Columns,
    KpiDimension? RankedBy, IReadOnlyList<KpiBreakdownItem> Ranking)
{
    /// <summary>The figure's largest row (by its numerator), telling the grid counts from amounts; null without rows.</summary>
    public IReadOnlyList<object?>? Sample { get; init; }
}

/// <summary>A drill-down's data on a page's <see cref="ScopedData"/> (the rows themselves page through <see cref="ScopedData.GetDrillDownAsync"/>).</summary>
public static class DrillDashboard
{
    /// <summary>The ranking shown above a concentration KPI's rows: what its group key is.</summary>
    public static KpiDimension? RankedBy(string code) => code switch
    {
        "top_customer_ratio" or "top10_share" => KpiDimension.Customer,
        "top_group_ratio" => KpiDimension.Group,
        "industry_max_share" or "industry_hhi" => KpiDimension.Industry,
        _ => null,
    };

    /// <summary>Lines of the ranking shown.</summary>
    public const int RankingLines = 20;

    /// <summary>The drill-down head, or a model with <see cref="PageDate.OutsideData"/> and no figure for a month without data.</summary>
    public static async Task<DrillModel> LoadAsync(ScopedData data, PageRequest request, string code)
    {
        var kpi = KpiCatalog.Get(code);
        var date = PageDate.Resolve(request, data.FilterOptions());
        var window = KpiWindow.For(date.AsOf, request.State.Period);
        if (date.OutsideData) return new DrillModel(kpi, date, window, null, [], null, []);
        var first = data.GetDrillDownAsync(code, window, limit: 1);
        var rankedBy = RankedBy(code);
        var ranking = rankedBy is { } d ? data.GetBreakdownAsync(code, window, d) : Task.FromResult<IReadOnlyList<KpiBreakdownItem>>([]);
        await Task.WhenAll(first, ranking);
        return new DrillModel(kpi, date, window, first.Result.Figure, first.Result.Columns, rankedBy,
            ranking.Result.Where(r => r.Key is not null).Take(RankingLines).ToList())
        {
            Sample = first.Result.Rows.FirstOrDefault(),
        };
    }
}
