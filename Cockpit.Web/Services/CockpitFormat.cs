using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Web.Services;

/// <summary>
/// How figures are written: money in 万元 with 2 decimals, 亿元 from 1 亿 up (English: CNY 8.57 bn from 1 bn,
/// CNY 85.65 m from 1 m, whole yuan below: CNY 123,457), ratios with 2 decimals (0.36%, never 0%), leverage
/// 6.42×, dates yyyy-MM-dd, periods 2026Q3 / 2026年1-9月; English uses the same numbers with English unit words.
/// Charts follow the same rule: tooltips are these texts, axes are in the unit their largest value takes
/// (<see cref="MoneyAxis"/>).
/// </summary>
public static class CockpitFormat
{
    public const string Missing = "—";

    private static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    /// <summary>
    /// Money by magnitude. Chinese: 万元 with 2 decimals, 亿元 from 1 亿 (when <paramref name="allowYi"/>):
    /// "12.35 万元", "89.60 亿元". English: "CNY 8.96 bn" from 1 bn (when <paramref name="allowYi"/>),
    /// "CNY 85.65 m" from 1 m, whole yuan below ("CNY 123,457"); a negative amount is "-CNY 2.50 m".
    /// The unit is chosen on the amount before rounding.
    /// </summary>
    public static string Money(decimal? yuan, CultureInfo culture, bool allowYi = true)
    {
        if (yuan is not { } v) return Missing;
        var a = Math.Abs(v);
        if (IsChinese(culture))
        {
            return allowYi && a >= 100_000_000m
                ? MinusIfNegative(v, a / 100_000_000m, "N2") + " 亿元"
                : MinusIfNegative(v, a / 10_000m, "N2") + " 万元";
        }
        var (amount, format, suffix) = allowYi && a >= 1_000_000_000m ? (a / 1_000_000_000m, "N2", " bn")
            : a >= 1_000_000m ? (a / 1_000_000m, "N2", " m")
            : (a, "N0", "");
        var text = amount.ToString(format, Numbers);
        return (v < 0 && !IsZero(text) ? "-" : "") + "CNY " + text + suffix;
    }

    /// <summary>The amount's text with a minus sign when it is negative and does not round to zero.</summary>
    private static string MinusIfNegative(decimal value, decimal magnitude, string format)
    {
        var text = magnitude.ToString(format, Numbers);
        return (value < 0 && !IsZero(text) ? "-" : "") + text;
    }

    private static bool IsZero(string text) => text.All(c => c is '0' or '.' or ',');

    /// <summary>
    /// The unit of a money axis whose largest amount (absolute) is <paramref name="maxYuan"/>: Chinese 亿元 from 1 亿,
    /// else 万元; English CNY bn from 1 bn, CNY m from 1 m, else CNY k. Plot yuan / Divisor.
    /// </summary>
    public static (decimal Divisor, string Unit) MoneyAxis(decimal maxYuan, CultureInfo culture)
    {
        var a = Math.Abs(maxYuan);
        if (IsChinese(culture)) return a >= 100_000_000m ? (100_000_000m, "亿元") : (10_000m, "万元");
        return a >= 1_000_000_000m ? (1_000_000_000m, "CNY bn") : a >= 1_000_000m ? (1_000_000m, "CNY m") : (1_000m, "CNY k");
    }

    /// <summary>A fraction as a percentage with 2 decimals: 0.0036 → 0.36%.</summary>
    public static string Percent(decimal? fraction) =>
        fraction is { } v ? (v * 100m).ToString("N2", Numbers) + "%" : Missing;

    public static string Multiple(decimal? value) => value is { } v ? v.ToString("N2", Numbers) + "×" : Missing;

    /// <summary>A KPI value in its unit.</summary>
    public static string Value(decimal? value, KpiUnit unit, CultureInfo culture, bool allowYi = true) => unit switch
    {
        KpiUnit.Yuan => Money(value, culture, allowYi),
        KpiUnit.Percent => Percent(value),
        KpiUnit.Multiple => Multiple(value),
        KpiUnit.Score => value is { } s ? s.ToString("N1", Numbers) : Missing,
        KpiUnit.Count => value is { } c ? c.ToString("N0", Numbers) + (IsChinese(culture) ? "" : "") : Missing,
        KpiUnit.Days => value is { } d ? d.ToString("N1", Numbers) + (IsChinese(culture) ? " 天" : " days") : Missing,
        KpiUnit.Hours => value is { } h ? h.ToString("N1", Numbers) + (IsChinese(culture) ? " 小时" : " h") : Missing,
        KpiUnit.Hhi => value is { } x ? x.ToString("N4", Numbers) : Missing,
        _ => value?.ToString(Numbers) ?? Missing,
    };

    /// <summary>
    /// A change against a comparison value: money and counts as a relative change (+12.30%), ratios and
    /// multiples as a difference in their own unit (+0.25pp, +0.40×), NPS in points.
    /// </summary>
    public static string Change(decimal? current, decimal? before, KpiUnit unit)
    {
        if (current is not { } c || before is not { } b) return Missing;
        return unit switch
        {
            KpiUnit.Percent => Signed((c - b) * 100m) + "pp",
            KpiUnit.Multiple => Signed(c - b) + "×",
            KpiUnit.Score or KpiUnit.Days or KpiUnit.Hours => Signed(c - b),
            KpiUnit.Hhi => Signed(c - b, "N4"),
            _ => b == 0 ? Missing : Signed((c - b) / Math.Abs(b) * 100m) + "%",
        };
    }

    private static string Signed(decimal v, string format = "N2") => (v > 0 ? "+" : "") + v.ToString(format, Numbers);

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", Numbers) ?? Missing;

    /// <summary>A time in China Standard Time, whatever the server's zone.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, Cockpit.Etl.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm", Numbers) : Missing;

    /// <summary>
    /// What was counted: 2026年9月 / 2026Q3 / 2026年1-9月 / 2025年10月-2026年9月 (English: Sep 2026, 2026Q3, Jan–Sep 2026,
    /// Oct 2025–Sep 2026); a quarter not yet over says how far it goes (2026Q4 至11月, 2026Q4 to Nov), January
    /// year-to-date is the month (2026年1月).
    /// </summary>
    public static string Period(DateOnly asOf, KpiPeriod period, CultureInfo culture)
    {
        var zh = IsChinese(culture);
        var en = CultureInfo.GetCultureInfo("en-US");
        string Month(DateOnly d) => d.ToString("MMM", en);
        switch (period)
        {
            case KpiPeriod.Month:
                return zh ? $"{asOf.Year}年{asOf.Month}月" : $"{Month(asOf)} {asOf.Year}";
            case KpiPeriod.Quarter:
                var quarter = $"{asOf.Year}Q{(asOf.Month - 1) / 3 + 1}";
                return asOf.Month % 3 == 0 ? quarter : zh ? $"{quarter} 至{asOf.Month}月" : $"{quarter} to {Month(asOf)}";
            case KpiPeriod.Ytd:
                return asOf.Month == 1 ? (zh ? $"{asOf.Year}年1月" : $"Jan {asOf.Year}")
                    : zh ? $"{asOf.Year}年1-{asOf.Month}月" : $"Jan–{Month(asOf)} {asOf.Year}";
            default:
                var from = KpiWindow.For(asOf, KpiPeriod.Ttm).From;
                return zh ? $"{from.Year}年{from.Month}月-{asOf.Year}年{asOf.Month}月" : $"{Month(from)} {from.Year}–{Month(asOf)} {asOf.Year}";
        }
    }

    /// <summary>
    /// What a KPI counted: a stock (a balance, a ratio at a date) is read at a date, "截至 2026-11-30" / "as of
    /// 2026-11-30"; a flow over its period (see <see cref="Period"/>).
    /// </summary>
    public static string PeriodOf(KpiDefinition kpi, DateOnly asOf, KpiPeriod period, CultureInfo culture) =>
        kpi.Timing == KpiTiming.Stock
            ? (IsChinese(culture) ? "截至 " : "as of ") + Date(asOf)
            : Period(asOf, period, culture);

    /// <summary>
    /// A gap to a target in the KPI's own unit, signed (negative = short of it): −300.00 万元, −0.20 个百分点 / −0.20 pp,
    /// +4.3 分 / +4.3 pts, −2 (a count), +1.5 天.
    /// </summary>
    public static string Gap(decimal? gap, KpiUnit unit, CultureInfo culture)
    {
        if (gap is not { } g) return Missing;
        var zh = IsChinese(culture);
        var sign = g > 0 ? "+" : g < 0 ? "-" : "";
        var a = Math.Abs(g);
        return sign + unit switch
        {
            KpiUnit.Yuan => Money(a, culture),
            KpiUnit.Percent => (a * 100m).ToString("N2", Numbers) + (zh ? " 个百分点" : " pp"),
            KpiUnit.Score => a.ToString("N1", Numbers) + (zh ? " 分" : " pts"),
            KpiUnit.Multiple => a.ToString("N2", Numbers) + "×",
            _ => Value(a, unit, culture),
        };
    }
}
