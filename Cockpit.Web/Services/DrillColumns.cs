using System.Globalization;
using System.Numerics;
using System.Resources;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Web.Services;

/// <summary>What a drill-down column holds, for how it is shown and exported.</summary>
public enum ColumnKind
{
    Text,
    /// <summary>A warehouse code (<c>in_force</c>, <c>farmer</c>): shown by its name.</summary>
    Code,
    /// <summary>An identifier (contract number, credit code): text, every character kept.</summary>
    Identifier,
    /// <summary>Yuan: shown in 万元 with the full amount on hover, exported as yuan.</summary>
    Money,
    /// <summary>A fraction: shown and exported as a percentage.</summary>
    Rate,
    Integer,
    Number,
    Date,
    DateTime,
    /// <summary>A yes/no: 是/否.</summary>
    Flag,
}

/// <summary>
/// The drill-down's columns as a reader sees them: what each holds, its heading with the unit, which are technical
/// (ids and lineage, behind the column chooser), the order (the figure's own first) and code values by their names.
/// Shared by the grid and the export, so both say the same.
/// </summary>
public static class DrillColumns
{
    private static readonly HashSet<string> MoneyColumns = new(StringComparer.Ordinal)
    {
        "amount", "outstanding", "liability", "guarantor_part", "customer_loan_balance", "customer_balance", "fee_amount",
        "compensation_amount", "recovery_amount", "write_off_amount", "requested_amount",
    };

    private static readonly HashSet<string> RateColumns = new(StringComparer.Ordinal) { "fee_rate", "bank_risk_share", "weight" };

    private static readonly HashSet<string> IntegerColumns = new(StringComparer.Ordinal)
    {
        "overdue_days", "max_overdue_days", "nps_score", "csat", "row_number",
    };

    private static readonly HashSet<string> CodeColumns = new(StringComparer.Ordinal)
    {
        "row_kind", "status", "five_level_class", "counter_guarantee", "customer_kind", "customer_size", "tier", "product_category",
        "channel", "decision", "signal_kind", "severity", "risk_level", "nps_group", "method",
    };

    /// <summary>Ids and lineage: behind the column chooser unless asked for.</summary>
    public static bool IsTechnical(string column) =>
        column is "row_kind" or "source_ref" or "department_code" or "product_code" or "industry_code" or "region_code"
            or "manager_code" or "manager_b_code" or "group_key" or "file_name" or "row_number" or "weight"
        || column.EndsWith("_id", StringComparison.Ordinal) || column.EndsWith("_source_ref", StringComparison.Ordinal);

    /// <summary>The columns that name the row: first in the grid.</summary>
    private static readonly string[] Leading =
        ["contract_no", "customer_name", "credit_code", "complaint_id", "response_id", "group_name", "month", "as_of"];

    /// <summary>The figure's own columns first (what names the row, then the amounts it adds up), the rest in the rows' order, technical ones last.</summary>
    public static IReadOnlyList<string> Ordered(IReadOnlyList<string> columns)
    {
        var lead = Leading.Where(columns.Contains).Concat(["numerator", "denominator"]).Where(columns.Contains).ToList();
        var rest = columns.Where(c => !lead.Contains(c)).ToList();
        return [.. lead, .. rest.Where(c => !IsTechnical(c)), .. rest.Where(IsTechnical)];
    }

    /// <summary>The columns shown when the URL names none: every non-technical one (a sum's empty denominator left out).</summary>
    public static IReadOnlyList<string> Default(IReadOnlyList<string> columns, KpiDefinition kpi) =>
        Ordered(columns).Where(c => !IsTechnical(c) && !(c == "denominator" && kpi.Aggregation is KpiAggregation.Sum or KpiAggregation.Median)).ToList();

    /// <summary>What <paramref name="column"/> holds; <paramref name="sample"/> (a value of it) tells counts from amounts in numerator and denominator.</summary>
    public static ColumnKind Kind(string column, KpiDefinition kpi, object? sample)
    {
        if (column is "numerator" or "denominator")
        {
            if (sample is int or long or short or BigInteger) return ColumnKind.Integer;
            return kpi.Unit is KpiUnit.Yuan or KpiUnit.Percent or KpiUnit.Multiple or KpiUnit.Hhi ? ColumnKind.Money : ColumnKind.Number;
        }
        if (MoneyColumns.Contains(column)) return ColumnKind.Money;
        if (RateColumns.Contains(column)) return ColumnKind.Rate;
        if (IntegerColumns.Contains(column)) return ColumnKind.Integer;
        if (CodeColumns.Contains(column)) return ColumnKind.Code;
        return sample switch
        {
            DateOnly => ColumnKind.Date,
            DateTime t => t.TimeOfDay == TimeSpan.Zero && column.EndsWith("_on", StringComparison.Ordinal) ? ColumnKind.Date : ColumnKind.DateTime,
            bool => ColumnKind.Flag,
            int or long or short or BigInteger => ColumnKind.Integer,
            decimal or double or float => ColumnKind.Number,
            _ when column.EndsWith("_no", StringComparison.Ordinal) || column.EndsWith("_code", StringComparison.Ordinal) || column.EndsWith("_id", StringComparison.Ordinal) => ColumnKind.Identifier,
            _ => column.EndsWith("_on", StringComparison.Ordinal) || column == "as_of" ? ColumnKind.Date : ColumnKind.Text,
        };
    }

    /// <summary>The heading: the column's name and, for amounts and rates, the unit (万元, %).</summary>
    public static string Heading(string column, ColumnKind kind, bool zh) => KpiColumns.Name(column, zh) + kind switch
    {
        ColumnKind.Money => zh ? "（万元）" : " (10k yuan)",
        ColumnKind.Rate => zh ? "（%）" : " (%)",
        _ => "",
    };

    private static readonly ResourceManager Resources = new("Cockpit.Web.Resources.Strings", typeof(Strings).Assembly);

    /// <summary>A code by its name in <paramref name="culture"/>: <c>Code_column_value</c>, then <c>Code_value</c>; the code itself when it has none.</summary>
    public static string CodeName(string column, string value, CultureInfo culture) =>
        Resources.GetString($"Code_{column}_{value}", culture) ?? Resources.GetString($"Code_{value}", culture) ?? value;

    /// <summary>The codes whose name (or code) contains <paramref name="text"/>: a filter typed as a name finds the codes.</summary>
    public static IReadOnlyList<string> CodesNamed(string column, string text, IEnumerable<string> codes, CultureInfo culture) =>
        codes.Where(c => c.Contains(text, StringComparison.OrdinalIgnoreCase) || CodeName(column, c, culture).Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>A cell as the grid shows it (money in 万元, rates as percentages, codes by name, flags 是/否).</summary>
    public static string Display(object? value, ColumnKind kind, string column, CultureInfo culture)
    {
        if (value is null) return "";
        var zh = culture.TwoLetterISOLanguageName == "zh";
        return (kind, value) switch
        {
            (ColumnKind.Money, _) when Decimal(value) is { } m => (m / 10_000m).ToString("N2", CultureInfo.InvariantCulture),
            (ColumnKind.Rate, _) when Decimal(value) is { } r => (r * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%",
            (ColumnKind.Integer, _) when Decimal(value) is { } i => i.ToString("N0", CultureInfo.InvariantCulture),
            (ColumnKind.Number, _) when Decimal(value) is { } n => n.ToString("#,##0.####", CultureInfo.InvariantCulture),
            (ColumnKind.Code, string code) => CodeName(column, code, culture),
            (_, bool b) => b ? (zh ? "是" : "Yes") : (zh ? "否" : "No"),
            (_, DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            (_, DateTime t) => kind == ColumnKind.Date || t.TimeOfDay == TimeSpan.Zero
                ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            (_, decimal d) => d.ToString("#,##0.####", CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <summary>The full amount, for the hover of a money cell.</summary>
    public static string? Hover(object? value, ColumnKind kind) =>
        kind == ColumnKind.Money && Decimal(value) is { } m ? m.ToString("N2", CultureInfo.InvariantCulture) + " 元" : null;

    public static bool RightAligned(ColumnKind kind) => kind is ColumnKind.Money or ColumnKind.Rate or ColumnKind.Integer or ColumnKind.Number;

    /// <summary>A number cell as decimal (null when it is none).</summary>
    public static decimal? Decimal(object? value) => value switch
    {
        decimal d => d,
        double x when double.IsFinite(x) => (decimal)x,
        float f when float.IsFinite(f) => (decimal)f,
        int i => i,
        long l => l,
        short s => s,
        BigInteger b when b >= (BigInteger)decimal.MinValue && b <= (BigInteger)decimal.MaxValue => (decimal)b,
        _ => null,
    };
}
