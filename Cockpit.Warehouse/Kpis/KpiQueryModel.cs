namespace Cockpit.Warehouse.Kpis;

/// <summary>The period P ending at the as-of date D.</summary>
public enum KpiPeriod
{
    Month,
    Quarter,
    /// <summary>Year to date (the default).</summary>
    Ytd,
    /// <summary>Trailing twelve months.</summary>
    Ttm,
}

/// <summary>The dates a KPI is computed for: the period [From, To] and the as-of date D (= To).</summary>
public sealed record KpiWindow(DateOnly From, DateOnly To)
{
    public DateOnly AsOf => To;

    public static DateOnly MonthEnd(DateOnly d) => new DateOnly(d.Year, d.Month, 1).AddMonths(1).AddDays(-1);

    /// <summary>The period ending at <paramref name="asOf"/>.</summary>
    public static KpiWindow For(DateOnly asOf, KpiPeriod period) => period switch
    {
        KpiPeriod.Month => new(new DateOnly(asOf.Year, asOf.Month, 1), asOf),
        KpiPeriod.Quarter => new(new DateOnly(asOf.Year, (asOf.Month - 1) / 3 * 3 + 1, 1), asOf),
        KpiPeriod.Ytd => new(new DateOnly(asOf.Year, 1, 1), asOf),
        KpiPeriod.Ttm => new(MonthEnd(asOf.AddMonths(-12)).AddDays(1), asOf),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    /// <summary>同比: the same period one year earlier.</summary>
    public static KpiWindow YearAgo(DateOnly asOf, KpiPeriod period) => For(MonthEnd(asOf.AddYears(-1)), period);

    /// <summary>
    /// 环比: the period before — the previous month, quarter or twelve months; for year to date, the year to date
    /// one month earlier (for January, the whole previous year).
    /// </summary>
    public static KpiWindow Previous(DateOnly asOf, KpiPeriod period) => period switch
    {
        KpiPeriod.Month or KpiPeriod.Ytd => For(MonthEnd(asOf.AddMonths(-1)), period),
        KpiPeriod.Quarter => For(MonthEnd(asOf.AddMonths(-3)), period),
        KpiPeriod.Ttm => For(MonthEnd(asOf.AddMonths(-12)), period),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };
}

/// <summary>
/// The filter bar (department, product, industry, region and tier codes) and the drill-down's own dimensions (risk
/// level, five-level class, counter-guarantee, rating), which narrow the rows that carry them; null = all.
/// </summary>
public sealed record KpiFilter(
    string? Department = null, string? Product = null, string? Industry = null, string? Region = null, string? Tier = null,
    string? RiskLevel = null, string? FiveLevelClass = null, string? CounterGuarantee = null, string? Rating = null)
{
    public static readonly KpiFilter None = new();

    internal string Key => $"{Department}|{Product}|{Industry}|{Region}|{Tier}|{RiskLevel}|{FiveLevelClass}|{CounterGuarantee}|{Rating}";
}

/// <summary>
/// The departments a caller may see, applied in SQL to every figure and row: company-wide roles see all; a
/// department head sees rows of their department (and company-level rows such as net assets).
/// </summary>
public sealed record KpiScope
{
    private KpiScope(bool all, IReadOnlyList<string> departments)
    {
        IsAll = all;
        Departments = departments;
    }

    public static readonly KpiScope All = new(true, []);

    public static KpiScope Only(params string[] departmentCodes) =>
        new(false, departmentCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct().Order(StringComparer.Ordinal).ToList());

    public bool IsAll { get; }
    public IReadOnlyList<string> Departments { get; }

    internal string Key => IsAll ? "*" : string.Join(',', Departments);

    public bool Allows(string? departmentCode) => IsAll || departmentCode is null || Departments.Contains(departmentCode);
}

/// <summary>One KPI value: null with a reason when it cannot be computed.</summary>
public sealed record KpiResult(
    string Code, KpiWindow Window, decimal? Value, decimal? Numerator, decimal? Denominator, long Rows,
    long Positive, long Negative, string? ReasonZh, string? ReasonEn)
{
    /// <summary>For NPS: the 95 % margin on the −100…100 scale (docs/kpis.md).</summary>
    public decimal? Margin
    {
        get
        {
            if (Code != "nps" || Rows == 0) return null;
            var pPlus = (double)Positive / Rows;
            var pMinus = (double)Negative / Rows;
            var n = pPlus - pMinus;
            var variance = pPlus + pMinus - n * n;
            return (decimal)(1.96 * Math.Sqrt(Math.Max(0, variance) / Rows) * 100);
        }
    }

    /// <summary>For NPS: fewer than 30 responses.</summary>
    public bool Unreliable => Code == "nps" && Rows < 30;
}

/// <summary>A KPI with its comparisons: 同比 (same period last year) and 环比 (previous period).</summary>
public sealed record KpiFigure(KpiDefinition Kpi, KpiResult Current, KpiResult YearAgo, KpiResult Previous);

/// <summary>One group of a breakdown by a dimension.</summary>
public sealed record KpiBreakdownItem(string? Key, string? Label, decimal? Value, decimal? Numerator, decimal? Denominator, long Rows);

/// <summary>The dimensions a KPI can be broken down by.</summary>
public enum KpiDimension
{
    Department,
    Product,
    Industry,
    Region,
    Tier,
    Customer,
    Group,
    /// <summary>The customer manager (客户经理) of the row: the contract's, the application's A manager, or the customer's.</summary>
    Manager,
    /// <summary>The customer's risk level (风险等级).</summary>
    RiskLevel,
    /// <summary>The contract's five-level class at the month end (五级分类).</summary>
    FiveLevelClass,
    /// <summary>The contract's counter-guarantee (反担保方式).</summary>
    CounterGuarantee,
    /// <summary>The customer's credit rating (信用评级).</summary>
    Rating,
}

/// <summary>
/// A page of the rows behind a figure; Σ numerator and Σ denominator of all rows reconcile to it. Under a narrowing
/// <see cref="RowSelection"/>, <see cref="TotalRows"/> counts the selected rows and <see cref="Selected"/> sums them.
/// </summary>
public sealed record KpiDrillDown(
    KpiResult Figure, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, long TotalRows)
{
    public KpiSelectionTotals? Selected { get; init; }
}

/// <summary>The rows a search or column filter kept: their count, Σ numerator and Σ denominator.</summary>
public sealed record KpiSelectionTotals(long Rows, decimal? Numerator, decimal? Denominator);
