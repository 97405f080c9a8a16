using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Web.Services;

/// <summary>
/// How figures are written: money in 万元 with 2 decimals (亿元 for company totals over 1 亿), ratios with 2
/// decimals (0.36%, never 0%), leverage 6.42×, dates yyyy-MM-dd, periods 2026Q3 / 2026年1-9月; English uses
/// the same numbers with English unit words.
/// </summary>
public static class CockpitFormat
{
    public const string Missing = "—";

    private static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    /// <summary>Money: 万元, or 亿元 when <paramref name="allowYi"/> and the amount is over 1 亿.</summary>
    public static string Money(decimal? yuan, CultureInfo culture, bool allowYi = true)
    {
        if (yuan is not { } v) return Missing;
        var zh = IsChinese(culture);
        if (allowYi && Math.Abs(v) >= 100_000_000m)
        {
            return (v / 100_000_000m).ToString("N2", Numbers) + (zh ? " 亿元" : " 100M CNY");
        }
        return (v / 10_000m).ToString("N2", Numbers) + (zh ? " 万元" : " 10k CNY");
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
}
