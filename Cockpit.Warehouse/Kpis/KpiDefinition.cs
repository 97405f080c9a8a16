namespace Cockpit.Warehouse.Kpis;

/// <summary>How a KPI's value is shown and exported.</summary>
public enum KpiUnit
{
    /// <summary>Money in yuan (shown as 万元 / 亿元).</summary>
    Yuan,
    /// <summary>A percentage, held as a fraction: 0.25 is 25 %.</summary>
    Percent,
    /// <summary>A multiple, e.g. leverage 6.42×.</summary>
    Multiple,
    /// <summary>NPS on its −100…100 scale.</summary>
    Score,
    Count,
    Days,
    Hours,
    /// <summary>A concentration index between 0 and 1.</summary>
    Hhi,
}

public enum KpiDirection
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>Whether the KPI is measured over the period P (flow) or at its end date D (stock).</summary>
public enum KpiTiming
{
    Flow,
    Stock,
}

/// <summary>How the value comes from the KPI's rows (columns <c>numerator</c>, <c>denominator</c>, <c>group_key</c>).</summary>
public enum KpiAggregation
{
    /// <summary>Σ numerator.</summary>
    Sum,
    /// <summary>Σ numerator ÷ Σ denominator; null when Σ denominator is 0.</summary>
    Ratio,
    /// <summary>The median of numerator.</summary>
    Median,
    /// <summary>The largest group's Σ numerator ÷ Σ denominator (groups by group_key).</summary>
    MaxShare,
    /// <summary>The ten largest groups' Σ numerator ÷ Σ denominator.</summary>
    TopShare,
    /// <summary>Σ over groups of (group Σ numerator ÷ Σ denominator)².</summary>
    SquaredShares,
}

/// <summary>
/// One KPI of the catalogue (docs/kpis.md): defined once, by its rows in <c>sql/kpi/&lt;code&gt;.sql</c>
/// and an aggregation over them. Pages, targets and exports refer to it by code only.
/// </summary>
public sealed record KpiDefinition(
    string Code,
    string Category,
    string NameZh,
    string NameEn,
    KpiUnit Unit,
    KpiDirection Direction,
    KpiTiming Timing,
    KpiAggregation Aggregation,
    string FormulaZh,
    string FormulaEn,
    string NullReasonZh,
    string NullReasonEn)
{
    /// <summary>A regulatory or company limit, in the KPI's unit (e.g. leverage 10, single customer 0.10).</summary>
    public decimal? RedLine { get; init; }

    public string? RedLineNote { get; init; }

    /// <summary>
    /// A regulatory ratio of the whole company (leverage, single-customer and group concentration against net assets):
    /// by regulation it has no department, product or region version, so pages show it at company level whatever
    /// the filter, and say so.
    /// </summary>
    public bool CompanyLevel => RequiresRowKind == "net_assets";

    /// <summary>A row kind that must be present (e.g. the month's net assets); without it the value is null.</summary>
    public string? RequiresRowKind { get; init; }

    public string? RequiresReasonZh { get; init; }

    public string? RequiresReasonEn { get; init; }

    /// <summary>The SQL file that defines the KPI's rows, relative to <c>sql/</c>.</summary>
    public string SqlFile => $"kpi/{Code}.sql";

    /// <summary>A cumulative KPI adds up over the period: its target is judged against time progress.</summary>
    public bool IsCumulative => Timing == KpiTiming.Flow && Aggregation == KpiAggregation.Sum;
}
