using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;

namespace Cockpit.Tests.Components;

public sealed class FormatTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    [Theory]
    [InlineData(123_456.78, "12.35 万元", "12.35 10k CNY")]
    [InlineData(99_999_999.99, "10,000.00 万元", "10,000.00 10k CNY")]
    [InlineData(8_960_183_412.5, "89.60 亿元", "89.60 100M CNY")]
    [InlineData(-2_500_000, "-250.00 万元", "-250.00 10k CNY")]
    public void MoneyIsInWanYuanAndYiYuanOverOneYi(decimal yuan, string zh, string en)
    {
        Assert.Equal(zh, CockpitFormat.Money(yuan, Zh));
        Assert.Equal(en, CockpitFormat.Money(yuan, En));
    }

    [Fact]
    public void DepartmentFiguresStayInWanYuanWhenYiIsNotAllowed()
    {
        Assert.Equal("89,601.83 万元", CockpitFormat.Money(896_018_341.2m, Zh, allowYi: false));
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
        Assert.Equal("2026-09-30", CockpitFormat.Date(d));
        // China time whatever the server's zone: 02:30 UTC is 10:30 in Beijing
        Assert.Equal("2026-10-01 10:30", CockpitFormat.Time(new DateTimeOffset(2026, 10, 1, 2, 30, 0, TimeSpan.Zero)));
    }
}
