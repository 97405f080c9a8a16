using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// The filter bar's state. It lives in the URL query string (asof=2026-09, period=ytd, dept, product, industry,
/// region, tier) so a copied link reproduces the view and back/forward work. A drill-down may narrow further by the
/// risk page's own dimensions (risk, class, counter, rating): rows that lack those columns refuse them, so the
/// dashboards never carry them (<see cref="WithoutDrillDimensions"/>).
/// </summary>
public sealed record FilterState(
    DateOnly? AsOf = null, KpiPeriod Period = KpiPeriod.Ytd, string? Department = null, string? Product = null,
    string? Industry = null, string? Region = null, string? Tier = null,
    string? RiskLevel = null, string? FiveLevelClass = null, string? CounterGuarantee = null, string? Rating = null)
{
    /// <summary>The query parameters of the drill-down's own dimensions.</summary>
    public static readonly IReadOnlyList<string> DrillParameters = ["risk", "class", "counter", "rating"];

    /// <summary>Every query parameter a filter state reads.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["asof", "period", "dept", "product", "industry", "region", "tier", .. DrillParameters];

    public KpiFilter ToKpiFilter() => new(Department, Product, Industry, Region, Tier, RiskLevel, FiveLevelClass, CounterGuarantee, Rating);

    /// <summary>No dimension narrows the data (as-of and period aside).</summary>
    public bool IsUnfiltered => Department is null && Product is null && Industry is null && Region is null && Tier is null && !HasDrillDimensions;

    /// <summary>A drill-down dimension (risk level, five-level class, counter-guarantee, rating) is set.</summary>
    public bool HasDrillDimensions => RiskLevel is not null || FiveLevelClass is not null || CounterGuarantee is not null || Rating is not null;

    /// <summary>This state for a dashboard: the drill-down's own dimensions dropped.</summary>
    public FilterState WithoutDrillDimensions() => this with { RiskLevel = null, FiveLevelClass = null, CounterGuarantee = null, Rating = null };

    /// <summary>
    /// The dimensions that narrow this state, in the filter bar's order: query parameter and code. A page shows them
    /// (as chips) and removes one with <see cref="Without"/>.
    /// </summary>
    public IReadOnlyList<(string Parameter, string Code)> ActiveDimensions() =>
        new (string Parameter, string? Code)[]
        {
            ("dept", Department), ("product", Product), ("industry", Industry), ("region", Region), ("tier", Tier),
            ("risk", RiskLevel), ("class", FiveLevelClass), ("counter", CounterGuarantee), ("rating", Rating),
        }.Where(d => d.Code is not null).Select(d => (d.Parameter, d.Code!)).ToList();

    /// <summary>This state without one dimension (by its query parameter).</summary>
    public FilterState Without(string parameter) => parameter switch
    {
        "dept" => this with { Department = null },
        "product" => this with { Product = null },
        "industry" => this with { Industry = null },
        "region" => this with { Region = null },
        "tier" => this with { Tier = null },
        "risk" => this with { RiskLevel = null },
        "class" => this with { FiveLevelClass = null },
        "counter" => this with { CounterGuarantee = null },
        "rating" => this with { Rating = null },
        _ => this,
    };

    public static KpiPeriod ParsePeriod(string? value) => value?.ToLowerInvariant() switch
    {
        "month" => KpiPeriod.Month,
        "quarter" => KpiPeriod.Quarter,
        "ttm" => KpiPeriod.Ttm,
        _ => KpiPeriod.Ytd,
    };

    public static string PeriodCode(KpiPeriod period) => period.ToString().ToLowerInvariant();

    /// <summary>asof=yyyy-MM → that month's end.</summary>
    public static DateOnly? ParseMonth(string? value) =>
        DateOnly.TryParseExact((value ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        && d.Year is >= 1900 and < 9999 // 9999-12 has no month end DateOnly can hold
            ? KpiWindow.MonthEnd(d) : null;

    public static FilterState FromQuery(string? asOf, string? period, string? dept, string? product, string? industry, string? region, string? tier) =>
        new(ParseMonth(asOf), ParsePeriod(period), Empty(dept), Empty(product), Empty(industry), Empty(region), Empty(tier));

    /// <summary>The state of a query string, every parameter of <see cref="Parameters"/> read through <paramref name="query"/>.</summary>
    public static FilterState FromQuery(Func<string, string?> query) =>
        FromQuery(query("asof"), query("period"), query("dept"), query("product"), query("industry"), query("region"), query("tier")) with
        {
            RiskLevel = Empty(query("risk")), FiveLevelClass = Empty(query("class")),
            CounterGuarantee = Empty(query("counter")), Rating = Empty(query("rating")),
        };

    private static string? Empty(string? v) => string.IsNullOrWhiteSpace(v) ? null : v;

    /// <summary>The query parameters for this state (null removes a parameter).</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["asof"] = AsOf?.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ["period"] = Period == KpiPeriod.Ytd ? null : PeriodCode(Period),
        ["dept"] = Department,
        ["product"] = Product,
        ["industry"] = Industry,
        ["region"] = Region,
        ["tier"] = Tier,
        ["risk"] = RiskLevel,
        ["class"] = FiveLevelClass,
        ["counter"] = CounterGuarantee,
        ["rating"] = Rating,
    };

    /// <summary>The query string (with '?'), empty parameters left out.</summary>
    public string QueryString()
    {
        var parts = ToQuery().Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString((string)p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
