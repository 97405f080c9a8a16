using System.Text.Json;
using Bunit;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Components.Widgets;

namespace Cockpit.Tests.Components;

/// <summary>
/// The options our charts hand to ApexCharts (as charts.js receives them, JSON): units of the axes, zero-based money
/// axes, tick and tooltip formatter specs, series names, colours, full category names, the remainder caption.
/// </summary>
public sealed class ChartTests : BunitTestBase
{
    private static KpiResult Month(string code, int month, decimal? value) =>
        new(code, KpiWindow.For(new DateOnly(2026, month, 1).AddMonths(1).AddDays(-1), KpiPeriod.Month), value, value, 1, 10, 0, 0, null, null);

    private static IReadOnlyList<KpiResult> Months(string code, params decimal?[] values) =>
        [.. values.Select((v, i) => Month(code, 7 + i, v))];

    private static readonly decimal?[] Balances = [8_000_000_000m, 8_570_000_000m, 8_655_432_100m];
    private static readonly decimal?[] NewAmounts = [650_000_000m, 700_000_000m, 90_000_000m];

    private static JsonElement OptionsOf(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        JsonSerializer.SerializeToElement(cut.FindComponent<ApexChart>().Instance.Options);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static double?[] Numbers(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble())];

    private IRenderedComponent<TrendChart> RenderTrend(string balance, string newAmount) => Render<TrendChart>(p => p
        .Add(c => c.Title, "trend")
        .Add(c => c.Series, [
            new TrendSeries(balance, KpiUnit.Yuan, Months("balance", Balances), "line"),
            new TrendSeries(newAmount, KpiUnit.Yuan, Months("new_amount", NewAmounts), "column"),
        ]));

    [Fact]
    public void ATrendInChineseHasMoneyAxesIn亿元FromZeroWithPlainTicksAndTooltipsAsCardsWriteThem()
    {
        var o = OptionsOf(RenderTrend("在保余额", "新增担保额"));

        var series = o.GetProperty("series");
        Assert.Equal(["在保余额", "新增担保额"], series.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([80, 85.7, 86.5543], Numbers(series[0].GetProperty("data")));
        Assert.Equal([6.5, 7, 0.9], Numbers(series[1].GetProperty("data")));
        Assert.Equal(["2026-07", "2026-08", "2026-09"], Strings(o.GetProperty("xaxis").GetProperty("categories")));

        var yaxis = o.GetProperty("yaxis");
        Assert.Equal("在保余额（亿元）", yaxis[0].GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("新增担保额（亿元）", yaxis[1].GetProperty("title").GetProperty("text").GetString());
        foreach (var axis in yaxis.EnumerateArray())
        {
            Assert.Equal(0, axis.GetProperty("min").GetDouble()); // amounts from zero
            var ticks = axis.GetProperty("labels").GetProperty("formatter");
            Assert.Equal("number", ticks.GetProperty("cockpitFormat").GetString());
            Assert.Equal(2, ticks.GetProperty("decimals").GetInt32()); // at most 2, trailing zeros dropped by charts.js
            Assert.Equal("", ticks.GetProperty("suffix").GetString());
        }
        Assert.False(yaxis[0].GetProperty("opposite").GetBoolean());
        Assert.True(yaxis[1].GetProperty("opposite").GetBoolean());

        // the tooltip names the series (ApexCharts' default) and gives each value with its unit, as a card does
        var tooltip = o.GetProperty("tooltip");
        Assert.True(tooltip.GetProperty("shared").GetBoolean());
        var y = tooltip.GetProperty("y");
        Assert.Equal("lookup", y[0].GetProperty("formatter").GetProperty("cockpitFormat").GetString());
        Assert.Equal(["80.00 亿元", "85.70 亿元", "86.55 亿元"], Strings(y[0].GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(["6.50 亿元", "7.00 亿元", "9,000.00 万元"], Strings(y[1].GetProperty("formatter").GetProperty("texts")));

        Assert.Equal(["#4e79a7", "#f28e2b"], Strings(o.GetProperty("colors")));
    }

    [Fact]
    public void ATrendInEnglishHasAxesInCnyBnAndCnyMAndEnglishTooltips()
    {
        UseCulture("en-US");
        var o = OptionsOf(RenderTrend("In-force balance", "New guarantees"));

        var yaxis = o.GetProperty("yaxis");
        Assert.Equal("In-force balance (CNY bn)", yaxis[0].GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("New guarantees (CNY m)", yaxis[1].GetProperty("title").GetProperty("text").GetString()); // its largest is 700 m
        Assert.Equal(0, yaxis[0].GetProperty("min").GetDouble());
        Assert.Equal(0, yaxis[1].GetProperty("min").GetDouble());
        Assert.Equal([8, 8.57, 8.6554], Numbers(o.GetProperty("series")[0].GetProperty("data")));
        Assert.Equal([650, 700, 90], Numbers(o.GetProperty("series")[1].GetProperty("data")));

        var y = o.GetProperty("tooltip").GetProperty("y");
        Assert.Equal(["CNY 8.00 bn", "CNY 8.57 bn", "CNY 8.66 bn"], Strings(y[0].GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(["CNY 650.00 m", "CNY 700.00 m", "CNY 90.00 m"], Strings(y[1].GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(["In-force balance", "New guarantees"], o.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public void ARatioAxisIsInPercentWithTheSignOnItsTicksAndIsNotForcedToZero()
    {
        UseCulture("en-US");
        var o = OptionsOf(Render<TrendChart>(p => p
            .Add(c => c.Title, "risk")
            .Add(c => c.Series, [
                new TrendSeries("Compensation", KpiUnit.Yuan, Months("compensation_amount", 0m, 12_345m, null), "column"),
                new TrendSeries("Recovery rate (TTM)", KpiUnit.Percent, Months("recovery_rate", 0.4523m, 0.5m, null), "line"),
            ])));
        var yaxis = o.GetProperty("yaxis");
        Assert.Equal("Compensation (CNY k)", yaxis[0].GetProperty("title").GetProperty("text").GetString());
        Assert.Equal([0, 12.345, null], Numbers(o.GetProperty("series")[0].GetProperty("data")));
        Assert.Equal("Recovery rate (TTM)", yaxis[1].GetProperty("title").GetProperty("text").GetString()); // the ticks carry the %
        Assert.Equal("%", yaxis[1].GetProperty("labels").GetProperty("formatter").GetProperty("suffix").GetString());
        Assert.Equal(JsonValueKind.Null, yaxis[1].GetProperty("min").ValueKind); // left out by charts.js
        Assert.Equal([45.23, 50, null], Numbers(o.GetProperty("series")[1].GetProperty("data")));
        var y = o.GetProperty("tooltip").GetProperty("y");
        Assert.Equal(["CNY 0", "CNY 12,345", "—"], Strings(y[0].GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(["45.23%", "50.00%", "—"], Strings(y[1].GetProperty("formatter").GetProperty("texts")));
    }

    private const string Computers = "计算机、通信和其他电子设备制造业";

    private static StructureItem[] Industries(string other) =>
    [
        new("C39", Computers, 2_000_000_000m),
        new("C34", "通用设备制造业", 1_500_000_000m),
        new("F51", "批发业", 450_000_000m),
        new(null, other, 5_000_000_000m),
    ];

    [Fact]
    public async Task ABarChartInChineseShowsFullNamesMoneyFromZeroAndTheRemainderAsACaptionNotABar()
    {
        var selected = new List<StructureItem>();
        var items = Industries("其他");
        var cut = Render<StructureChart>(p => p
            .Add(c => c.Title, "按行业")
            .Add(c => c.Items, items)
            .Add(c => c.Kind, "bar")
            .Add(c => c.TestId, "structure-industry")
            .Add(c => c.OnSelected, (StructureItem i) => selected.Add(i)));
        var o = OptionsOf(cut);

        var series = o.GetProperty("series");
        Assert.Equal("按行业", series[0].GetProperty("name").GetString()); // the tooltip names the series
        Assert.Equal([20, 15, 4.5], Numbers(series[0].GetProperty("data"))); // three bars: no bar for 其他

        var xaxis = o.GetProperty("xaxis");
        Assert.Equal("亿元", xaxis.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(0, xaxis.GetProperty("min").GetDouble());
        Assert.Equal("number", xaxis.GetProperty("labels").GetProperty("formatter").GetProperty("cockpitFormat").GetString());
        // long names wrap on balanced lines of at most 9 characters, nothing is cut
        var categories = xaxis.GetProperty("categories");
        Assert.Equal(["计算机、通信和其", "他电子设备制造业"], Strings(categories[0]));
        Assert.Equal(["通用设备制造业"], Strings(categories[1]));
        Assert.Equal(["批发业"], Strings(categories[2]));
        Assert.Equal(140, o.GetProperty("yaxis").GetProperty("labels").GetProperty("maxWidth").GetInt32());

        var tooltip = o.GetProperty("tooltip");
        Assert.Equal([Computers, "通用设备制造业", "批发业"], Strings(tooltip.GetProperty("x").GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(["20.00 亿元", "15.00 亿元", "4.50 亿元"], Strings(tooltip.GetProperty("y").GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(["#4e79a7"], Strings(o.GetProperty("colors")));

        // 50 of 89.5 亿元
        Assert.Equal("其他合计 50.00 亿元（占 55.87%）", cut.Find("[data-testid=structure-industry-remainder]").TextContent.Trim());

        // a click on the second bar opens 通用设备制造业; there is no fourth bar
        var chart = cut.FindComponent<ApexChart>();
        await cut.InvokeAsync(() => chart.Instance.OnPointSelectedAsync(0, 1));
        await cut.InvokeAsync(() => chart.Instance.OnPointSelectedAsync(0, 3));
        Assert.Equal([items[1]], selected);
    }

    [Fact]
    public void ABarChartInEnglishHasACnyAxisEnglishTooltipsAndTheRemainderWithItsCount()
    {
        UseCulture("en-US");
        var cut = Render<StructureChart>(p => p
            .Add(c => c.Title, "By industry")
            .Add(c => c.Items, Industries("Other")[..3])
            .Add(c => c.Remainder, new StructureItem(null, "Other", 5_000_000_000m, 23))
            .Add(c => c.Kind, "bar"));
        var o = OptionsOf(cut);
        Assert.Equal("CNY bn", o.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal([2, 1.5, 0.45], Numbers(o.GetProperty("series")[0].GetProperty("data")));
        Assert.Equal(["CNY 2.00 bn", "CNY 1.50 bn", "CNY 450.00 m"],
            Strings(o.GetProperty("tooltip").GetProperty("y").GetProperty("formatter").GetProperty("texts")));
        Assert.Equal("Other (23 items): CNY 5.00 bn (55.87% of the total)", cut.Find("[data-testid=structure-remainder]").TextContent.Trim());
    }

    [Fact]
    public void TheRemainderCaptionInChineseCountsItsItems()
    {
        var cut = Render<StructureChart>(p => p
            .Add(c => c.Title, "按行业")
            .Add(c => c.Items, Industries("其他")[..3])
            .Add(c => c.Remainder, new StructureItem(null, "其他", 5_000_000_000m, 23))
            .Add(c => c.Kind, "bar"));
        Assert.Equal("其他 23 项合计 50.00 亿元（占 55.87%）", cut.Find("[data-testid=structure-remainder]").TextContent.Trim());
        Assert.Equal(3, OptionsOf(cut).GetProperty("series")[0].GetProperty("data").GetArrayLength());
    }

    [Fact]
    public void ABarChartWithoutARemainderHasNoCaption()
    {
        var cut = Render<StructureChart>(p => p.Add(c => c.Title, "按区域").Add(c => c.Items, Industries("其他")[..3]).Add(c => c.Kind, "bar"));
        Assert.Empty(cut.FindAll("[data-testid=structure-remainder]"));
    }

    [Fact]
    public void ADonutOfTwelveProductsHasTwelveDistinctColoursAndTooltipsWithTheUnit()
    {
        var products = Enumerable.Range(1, 12).Select(i => new StructureItem($"P{i}", $"产品{i}", i * 100_000_000m)).ToArray();
        var o = OptionsOf(Render<StructureChart>(p => p.Add(c => c.Title, "按产品").Add(c => c.Items, products)));

        var colours = Strings(o.GetProperty("colors"));
        Assert.Equal(12, colours.Length);
        Assert.Equal(12, colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain("#1f4e79", colours); // the dark blue that vanishes on the dark theme
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (double?)i), Numbers(o.GetProperty("series")));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"产品{i}"), Strings(o.GetProperty("labels")));
        var texts = Strings(o.GetProperty("tooltip").GetProperty("y").GetProperty("formatter").GetProperty("texts"));
        Assert.Equal("1.00 亿元", texts[0]);
        Assert.Equal("12.00 亿元", texts[11]);
    }

    [Fact]
    public void ADonutKeepsItsOtherSlice()
    {
        UseCulture("en-US");
        StructureItem[] items = [new("A", "A", 30_000_000m), new("B", "B", 20_000_000m), new(null, "Other", 5_000_000m)];
        var cut = Render<StructureChart>(p => p.Add(c => c.Title, "By product").Add(c => c.Items, items));
        var o = OptionsOf(cut);
        Assert.Equal([30, 20, 5], Numbers(o.GetProperty("series"))); // CNY m
        Assert.Equal(["CNY 30.00 m", "CNY 20.00 m", "CNY 5.00 m"], Strings(o.GetProperty("tooltip").GetProperty("y").GetProperty("formatter").GetProperty("texts")));
        Assert.Empty(cut.FindAll("[data-testid=structure-remainder]")); // a share of the whole stays a slice
    }

    [Fact]
    public void ThePaletteHasTwelveDistinctColoursAndRepeatsOnlyBeyond()
    {
        Assert.Equal(12, ChartFormat.Palette.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(ChartFormat.Palette[0], ChartFormat.Colors(13)[12]);
        Assert.Equal(["#4e79a7"], ChartFormat.Colors(1));
    }

    [Theory]
    [InlineData("批发业", new[] { "批发业" })]
    [InlineData("高新技术产业开发区", new[] { "高新技术产业开发区" })]
    [InlineData("软件和信息技术服务业", new[] { "软件和信息", "技术服务业" })]
    [InlineData("计算机、通信和其他电子设备制造业", new[] { "计算机、通信和其", "他电子设备制造业" })]
    [InlineData("电力、热力、燃气及水生产和供应业", new[] { "电力、热力、燃气", "及水生产和供应业" })]
    [InlineData("建筑装饰、装修和其他建筑业", new[] { "建筑装饰、装修", "和其他建筑业" })]
    [InlineData("Wholesale trade", new[] { "Wholesale trade" })]
    [InlineData("General equipment manufacturing", new[] { "General equipment", "manufacturing" })]
    [InlineData("Manufacture of computers, communication and other electronic equipment", new[] { "Manufacture of", "computers,", "communication and…" })]
    public void LongCategoryNamesWrapOnAtMostThreeLines(string label, string[] lines) => Assert.Equal(lines, ChartFormat.Wrap(label));
    [Fact]
    public async Task ATreemapHasOneTileAnAmountAndAShareEachTheLargestFirstAndTheRestAsACaption()
    {
        var selected = new List<StructureItem>();
        // 20 + 15 + 4.5 + 50 亿元 (a remainder without a key, the largest) = 89.5 亿元; two tiles drawn
        var cut = Render<TreemapChart>(p => p
            .Add(c => c.Title, "在保余额行业分布")
            .Add(c => c.Items, Industries("未分类"))
            .Add(c => c.MaxTiles, 3)
            .Add(c => c.TestId, "industry-treemap")
            .Add(c => c.OnSelected, (StructureItem i) => selected.Add(i)));
        var o = OptionsOf(cut);
        Assert.Equal("treemap", o.GetProperty("chart").GetProperty("type").GetString());
        var data = o.GetProperty("series")[0].GetProperty("data");
        Assert.Equal(["未分类", Computers, "通用设备制造业"], data.EnumerateArray().Select(d => d.GetProperty("x").GetString()));
        Assert.Equal([50, 20, 15], data.EnumerateArray().Select(d => d.GetProperty("y").GetDouble()));
        Assert.Equal(["未分类 50.00 亿元", $"{Computers} 20.00 亿元", "通用设备制造业 15.00 亿元"],
            Strings(o.GetProperty("dataLabels").GetProperty("formatter").GetProperty("texts")));
        // shares of the whole 89.5: 55.87 %, 22.35 %, 16.76 %; 批发业 4.5 (5.03 %) is the caption
        Assert.Equal(["50.00 亿元，占 55.87%", "20.00 亿元，占 22.35%", "15.00 亿元，占 16.76%"],
            Strings(o.GetProperty("tooltip").GetProperty("y").GetProperty("formatter").GetProperty("texts")));
        Assert.Equal("其他 1 项合计 4.50 亿元（占 5.03%）", cut.Find("[data-testid=industry-treemap-remainder]").TextContent.Trim());
        Assert.Equal(3, Strings(o.GetProperty("colors")).Distinct().Count());

        // a click on the second tile opens its industry; the remainder without a key opens nothing
        var chart = cut.FindComponent<ApexChart>();
        await cut.InvokeAsync(() => chart.Instance.OnPointSelectedAsync(0, 1));
        await cut.InvokeAsync(() => chart.Instance.OnPointSelectedAsync(0, 0));
        Assert.Equal(["C39"], selected.Select(i => i.Key));
    }

    [Fact]
    public void ATreemapInEnglishWritesCnyAndTheShareOfTheTotal()
    {
        UseCulture("en-US");
        var cut = Render<TreemapChart>(p => p.Add(c => c.Title, "Balance by industry").Add(c => c.Items, Industries("Other")[..3]));
        var o = OptionsOf(cut);
        // 2.0 + 1.5 + 0.45 bn = 3.95 bn
        Assert.Equal(["CNY 2.00 bn, 50.63% of the total", "CNY 1.50 bn, 37.97% of the total", "CNY 450.00 m, 11.39% of the total"],
            Strings(o.GetProperty("tooltip").GetProperty("y").GetProperty("formatter").GetProperty("texts")));
        Assert.Empty(cut.FindAll("[data-testid$=remainder]"));
    }

    [Fact]
    public void ColumnsWithALineShareOneMoneyAxisAndOneRateAxisWhenAsked()
    {
        // compensation up to 1.5 亿元 and recoveries up to 800 万元: on one axis in 亿元, not each in its own unit
        IReadOnlyList<TrendSeries> series =
        [
            new("代偿额", KpiUnit.Yuan, Months("compensation_amount", 150_000_000m, 20_000_000m, null), "column"),
            new("追偿回收", KpiUnit.Yuan, Months("recovery_rate", 8_000_000m, 5_000_000m, 0m), "column"),
            new("代偿率（滚动12个月）", KpiUnit.Percent, Months("compensation_rate", 0.012m, 0.0135m, 0.011m)),
            new("损失率（滚动12个月）", KpiUnit.Percent, Months("loss_rate", 0.002m, 0.0025m, 0.003m)),
        ];
        var o = OptionsOf(Render<TrendChart>(p => p.Add(c => c.Title, "月度代偿、回收与核销").Add(c => c.Series, series).Add(c => c.ShareAxes, true)));
        var data = o.GetProperty("series");
        Assert.Equal(["column", "column", "line", "line"], data.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        Assert.Equal([1.5, 0.2, null], Numbers(data[0].GetProperty("data")));
        Assert.Equal([0.08, 0.05, 0], Numbers(data[1].GetProperty("data")));
        Assert.Equal([1.2, 1.35, 1.1], Numbers(data[2].GetProperty("data")));

        var yaxis = o.GetProperty("yaxis");
        // the first money series draws the axis; the second joins it (seriesName) and draws none
        Assert.Equal((true, "金额（亿元）", false), (yaxis[0].GetProperty("show").GetBoolean(), yaxis[0].GetProperty("title").GetProperty("text").GetString(), yaxis[0].GetProperty("opposite").GetBoolean()));
        Assert.Equal((false, "代偿额"), (yaxis[1].GetProperty("show").GetBoolean(), yaxis[1].GetProperty("seriesName").GetString()));
        // the rates: one axis on the right in %
        Assert.Equal((true, true), (yaxis[2].GetProperty("show").GetBoolean(), yaxis[2].GetProperty("opposite").GetBoolean()));
        Assert.Equal("%", yaxis[2].GetProperty("labels").GetProperty("formatter").GetProperty("suffix").GetString());
        Assert.Equal((false, "代偿率（滚动12个月）", true), (yaxis[3].GetProperty("show").GetBoolean(), yaxis[3].GetProperty("seriesName").GetString(), yaxis[3].GetProperty("opposite").GetBoolean()));
        Assert.Equal([0, 0, 3, 3], o.GetProperty("stroke").GetProperty("width").EnumerateArray().Select(w => w.GetInt32()));
        Assert.Equal(["1.20%", "1.35%", "1.10%"], Strings(o.GetProperty("tooltip").GetProperty("y")[2].GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(0, yaxis[0].GetProperty("min").GetDouble());
        // the shared axes span every series on them (ApexCharts would scale on the first alone)
        Assert.Equal([1.5, 1.5, 1.35, 1.35], yaxis.EnumerateArray().Select(a => a.GetProperty("max").GetDouble()));
    }
}
