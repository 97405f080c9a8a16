using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;

namespace Cockpit.Tests.Components;

public sealed class FormatTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    [Theory]
    [InlineData(123_456.78, "12.35 万元", "CNY 123,457")]
    [InlineData(999_999, "100.00 万元", "CNY 999,999")]
    [InlineData(1_000_000, "100.00 万元", "CNY 1.00 m")]
    [InlineData(85_650_000, "8,565.00 万元", "CNY 85.65 m")]
    [InlineData(99_999_999.99, "10,000.00 万元", "CNY 100.00 m")]
    [InlineData(100_000_000, "1.00 亿元", "CNY 100.00 m")]
    [InlineData(999_999_999, "10.00 亿元", "CNY 1,000.00 m")]
    [InlineData(1_000_000_000, "10.00 亿元", "CNY 1.00 bn")]
    [InlineData(8_570_000_000, "85.70 亿元", "CNY 8.57 bn")]
    [InlineData(8_960_183_412.5, "89.60 亿元", "CNY 8.96 bn")]
    [InlineData(1_234_567_890_123, "12,345.68 亿元", "CNY 1,234.57 bn")]
    public void MoneyTakesItsUnitByMagnitudeInBothLanguages(decimal yuan, string zh, string en)
    {
        Assert.Equal(zh, CockpitFormat.Money(yuan, Zh));
        Assert.Equal(en, CockpitFormat.Money(yuan, En));
    }

    [Theory]
    [InlineData(-2_500_000, "-250.00 万元", "-CNY 2.50 m")]
    [InlineData(-8_570_000_000, "-85.70 亿元", "-CNY 8.57 bn")]
    [InlineData(-12_345, "-1.23 万元", "-CNY 12,345")]
    // an amount that rounds to zero has no minus sign
    [InlineData(-0.4, "0.00 万元", "CNY 0")]
    [InlineData(0, "0.00 万元", "CNY 0")]
    public void NegativeAmountsAndZero(decimal yuan, string zh, string en)
    {
        Assert.Equal(zh, CockpitFormat.Money(yuan, Zh));
        Assert.Equal(en, CockpitFormat.Money(yuan, En));
        Assert.Equal(zh, CockpitFormat.Value(yuan, KpiUnit.Yuan, Zh));
        Assert.Equal(en, CockpitFormat.Value(yuan, KpiUnit.Yuan, En));
    }

    [Fact]
    public void AMissingAmountIsADashInBothLanguages()
    {
        Assert.Equal("—", CockpitFormat.Money(null, Zh));
        Assert.Equal("—", CockpitFormat.Money(null, En));
        Assert.Equal("—", CockpitFormat.Value(null, KpiUnit.Yuan, En));
    }

    [Fact]
    public void DepartmentFiguresStayInWanYuanWhenYiIsNotAllowed()
    {
        Assert.Equal("89,601.83 万元", CockpitFormat.Money(896_018_341.2m, Zh, allowYi: false));
        Assert.Equal("CNY 896.02 m", CockpitFormat.Money(896_018_341.2m, En, allowYi: false));
        Assert.Equal("CNY 8,960.18 m", CockpitFormat.Money(8_960_183_412.5m, En, allowYi: false));
    }

    [Theory]
    [InlineData(8_570_000_000, "亿元", 100_000_000, "CNY bn", 1_000_000_000)]
    [InlineData(-8_570_000_000, "亿元", 100_000_000, "CNY bn", 1_000_000_000)]
    [InlineData(100_000_000, "亿元", 100_000_000, "CNY m", 1_000_000)]
    [InlineData(99_999_999, "万元", 10_000, "CNY m", 1_000_000)]
    [InlineData(1_000_000, "万元", 10_000, "CNY m", 1_000_000)]
    [InlineData(999_999, "万元", 10_000, "CNY k", 1_000)]
    [InlineData(0, "万元", 10_000, "CNY k", 1_000)]
    public void AMoneyAxisTakesTheUnitOfItsLargestAmount(decimal max, string zhUnit, decimal zhDivisor, string enUnit, decimal enDivisor)
    {
        Assert.Equal((zhDivisor, zhUnit), CockpitFormat.MoneyAxis(max, Zh));
        Assert.Equal((enDivisor, enUnit), CockpitFormat.MoneyAxis(max, En));
    }

    [Theory]
    [InlineData(0.0036, "0.36%")]
    [InlineData(0.00004, "0.00%")]
    [InlineData(0.25, "25.00%")]
    [InlineData(1.2345, "123.45%")]
    public void RatiosHaveTwoDecimals(decimal fraction, string expected) => Assert.Equal(expected, CockpitFormat.Percent(fraction));

    [Fact]
    public void UnitsLeverageScoresAndMissingValues()
    {
        Assert.Equal("6.42×", CockpitFormat.Value(6.4213m, KpiUnit.Multiple, Zh));
        Assert.Equal("32.8", CockpitFormat.Value(32.8421m, KpiUnit.Score, Zh));
        Assert.Equal("1,508", CockpitFormat.Value(1508m, KpiUnit.Count, Zh));
        Assert.Equal("24.5 天", CockpitFormat.Value(24.5m, KpiUnit.Days, Zh));
        Assert.Equal("24.5 days", CockpitFormat.Value(24.5m, KpiUnit.Days, En));
        Assert.Equal("—", CockpitFormat.Value(null, KpiUnit.Percent, Zh));
    }

    [Fact]
    public void ChangesAreRelativeForMoneyAndInPointsForRatios()
    {
        Assert.Equal("+10.00%", CockpitFormat.Change(110m, 100m, KpiUnit.Yuan));
        Assert.Equal("-0.25pp", CockpitFormat.Change(0.0100m, 0.0125m, KpiUnit.Percent));
        Assert.Equal("+0.40×", CockpitFormat.Change(5.0m, 4.6m, KpiUnit.Multiple));
        Assert.Equal("—", CockpitFormat.Change(1m, null, KpiUnit.Yuan));
    }

    [Fact]
    public void PeriodsAndDates()
    {
        var d = new DateOnly(2026, 9, 30);
        Assert.Equal("2026Q3", CockpitFormat.Period(d, KpiPeriod.Quarter, Zh));
        Assert.Equal("2026年1-9月", CockpitFormat.Period(d, KpiPeriod.Ytd, Zh));
        // what was counted: January alone, and a quarter not yet over
        Assert.Equal("2026年1月", CockpitFormat.Period(new DateOnly(2026, 1, 31), KpiPeriod.Ytd, Zh));
        Assert.Equal("Jan 2026", CockpitFormat.Period(new DateOnly(2026, 1, 31), KpiPeriod.Ytd, En));
        Assert.Equal("2026Q4 至11月", CockpitFormat.Period(new DateOnly(2026, 11, 30), KpiPeriod.Quarter, Zh));
        Assert.Equal("2026Q4 to Nov", CockpitFormat.Period(new DateOnly(2026, 11, 30), KpiPeriod.Quarter, En));
        Assert.Equal("2026年9月", CockpitFormat.Period(d, KpiPeriod.Month, Zh));
        Assert.Equal("2025年10月-2026年9月", CockpitFormat.Period(d, KpiPeriod.Ttm, Zh));
        Assert.Equal("Jan–Sep 2026", CockpitFormat.Period(d, KpiPeriod.Ytd, En));
        // a balance is read at a date, whatever the period; a flow over it
        Assert.Equal("截至 2026-09-30", CockpitFormat.PeriodOf(KpiCatalog.Get("balance"), d, KpiPeriod.Ytd, Zh));
        Assert.Equal("as of 2026-09-30", CockpitFormat.PeriodOf(KpiCatalog.Get("leverage"), d, KpiPeriod.Quarter, En));
        Assert.Equal("2026年1-9月", CockpitFormat.PeriodOf(KpiCatalog.Get("new_amount"), d, KpiPeriod.Ytd, Zh));
        Assert.Equal("2026-09-30", CockpitFormat.Date(d));
        // China time whatever the server's zone: 02:30 UTC is 10:30 in Beijing
        Assert.Equal("2026-10-01 10:30", CockpitFormat.Time(new DateTimeOffset(2026, 10, 1, 2, 30, 0, TimeSpan.Zero)));
    }
}
