using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// The filter bar's state. It lives in the URL query string (asof=2026-09, period=ytd, dept, product, industry,
/// region, tier) so a copied link reproduces the view and back/forward work.
/// </summary>
public sealed record FilterState(
    DateOnly? AsOf = null, KpiPeriod Period = KpiPeriod.Ytd, string? Department = null, string? Product = null,
    string? Industry = null, string? Region = null, string? Tier = null)
{
    public KpiFilter ToKpiFilter() => new(Department, Product, Industry, Region, Tier);

    /// <summary>No dimension narrows the data (as-of and period aside).</summary>
    public bool IsUnfiltered => Department is null && Product is null && Industry is null && Region is null && Tier is null;

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
    };

    /// <summary>The query string (with '?'), empty parameters left out.</summary>
    public string QueryString()
    {
        var parts = ToQuery().Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString((string)p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
