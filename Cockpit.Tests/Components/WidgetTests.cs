using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Tests.Components;

public sealed class WidgetTests : BunitTestBase
{
    private static readonly DateOnly D = new(2026, 9, 30);

    private static KpiResult Result(string code, decimal? value, long rows = 10, string? zh = null, string? en = null) =>
        new(code, KpiWindow.For(D, KpiPeriod.Ytd), value, value, 1, rows, 0, 0, zh, en);

    private static KpiFigure Figure(string code, decimal? value, decimal? yearAgo, decimal? previous, string? zh = null, string? en = null) =>
        new(KpiCatalog.Get(code), Result(code, value, zh: zh, en: en), Result(code, yearAgo), Result(code, previous));

    [Fact]
    public void AKpiCardShowsValueUnitComparisonsAndALightAgainstItsRedLine()
    {
        var cut = Render<KpiCard>(p => p
            .Add(c => c.Figure, Figure("leverage", 9.5m, 8.0m, 9.0m))
            .Add(c => c.Limit, 10m)
            .Add(c => c.Href, "/drill/leverage"));
        Assert.Equal("9.50×", cut.Find("[data-testid=value]").TextContent.Trim());
        Assert.Contains("同比 +1.50×", cut.Find("[data-testid=yoy]").TextContent);
        Assert.Contains("环比 +0.50×", cut.Find("[data-testid=yoy]").TextContent);
        Assert.Equal("amber", cut.Find("[data-testid=light]").GetAttribute("data-light")); // within 90 % of 10×
        Assert.Contains("10.00×", cut.Find("[data-testid=limit]").TextContent);
        Assert.Equal("/drill/leverage", cut.Find("[data-testid=value-link]").GetAttribute("href"));
    }

    [Fact]
    public void AKpiCardOverItsLimitIsRedAndBelowIsGreen()
    {
        string Light(decimal value) => Render<KpiCard>(p => p.Add(c => c.Figure, Figure("top_customer_ratio", value, null, null)).Add(c => c.Limit, 0.10m))
            .Find("[data-testid=light]").GetAttribute("data-light")!;
        Assert.Equal("red", Light(0.1035m));
        Assert.Equal("green", Light(0.05m));
    }

    [Fact]
    public void AFigureThatCannotBeComputedShowsADashWithItsReason()
    {
        var cut = Render<KpiCard>(p => p.Add(c => c.Figure, Figure("compensation_rate", null, 0.02m, null, "期间内没有解保的担保", "nothing released")));
        Assert.Equal("—", cut.Find("[data-testid=value]").TextContent.Trim());
        Assert.Equal("期间内没有解保的担保", cut.Find("[data-testid=value]").GetAttribute("title")); // also the tooltip's text
        Assert.Contains("同比 —", cut.Find("[data-testid=yoy]").TextContent);
        Assert.Equal("none", cut.Find("[data-testid=light]").GetAttribute("data-light"));
    }

    [Fact]
    public void AKpiCardWithATargetShowsCompletionAndTimeProgressAndTakesItsStatus()
    {
        var figure = Figure("new_amount", 7_736_000_000m, 7_264_000_000m, 6_900_000_000m);
        var target = new TargetStatus(2026, null, "ALL", "new_amount", 9_595_000_000m, 7_736_000_000m, 0.8062m, 0.8329m, "amber", false,
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), figure.Current);
        var cut = Render<KpiCard>(p => p.Add(c => c.Figure, figure).Add(c => c.Target, target));
        Assert.Equal("77.36 亿元", cut.Find("[data-testid=value]").TextContent.Trim());
        Assert.Contains("同比 +6.50%", cut.Find("[data-testid=yoy]").TextContent);
        Assert.Contains("80.62%", cut.Find("[data-testid=completion]").TextContent);
        Assert.Contains("83.29%", cut.Markup); // time progress
        Assert.Equal("amber", cut.Find("[data-testid=light]").GetAttribute("data-light"));
        Assert.Contains("left:83.3%", cut.Find("[data-testid=time-marker]").GetAttribute("style"));
        // the completion bar takes the target's colour too (amber → warning)
        Assert.Contains("mud-progress-linear-color-warning", cut.Find("[data-testid=target-progress] .mud-progress-linear").ClassName);
    }

    [Theory]
    [InlineData("green", "success")]
    [InlineData("amber", "warning")]
    [InlineData("red", "error")]
    [InlineData(null, "default")]
    public void ATargetBarIsColouredByItsStatus(string? status, string colour)
    {
        var cut = Render<TargetProgress>(p => p.Add(c => c.Completion, 0.5m).Add(c => c.TimeProgress, 0.6m).Add(c => c.Status, status));
        Assert.Contains($"mud-progress-linear-color-{colour}", cut.Find(".mud-progress-linear").ClassName);
    }

    [Fact]
    public void InEnglishTheCardUsesEnglishNamesAndUnits()
    {
        UseCulture("en-US");
        var cut = Render<KpiCard>(p => p.Add(c => c.Figure, Figure("balance", 8_960_183_412.5m, 8_000_000_000m, 8_900_000_000m)));
        Assert.Contains("In-force balance", cut.Markup);
        Assert.Equal("CNY 8.96 bn", cut.Find("[data-testid=value]").TextContent.Trim());
        Assert.Contains("YoY +12.00%", cut.Find("[data-testid=yoy]").TextContent);
    }

    /// <summary>An NPS period of 100 responses: promoters and detractors (NPS = their difference in points).</summary>
    private static KpiResult Nps(long promoters, long detractors, long rows = 100) =>
        new("nps", KpiWindow.For(D, KpiPeriod.Quarter), rows == 0 ? null : (promoters - detractors) * 100m / rows, null, null, rows, promoters, detractors, null, null);

    [Fact]
    public void AnNpsCardCallsAChangeARiseOrFallOnlyBeyondItsMargin()
    {
        // now 50 promoters, 20 detractors of 100: NPS 30, variance .5 + .2 − .3² = .61
        // 环比 30/30: NPS 0, variance .6; margin 1.96 × √(.61/100 + .6/100) × 100 = 1.96 × .11 × 100 = 21.56 < 30: a rise
        // 同比 45/25: NPS 20, variance .7 − .2² = .66; margin 1.96 × √(.0127) × 100 = 22.09 > 10: no significant change
        var figure = new KpiFigure(KpiCatalog.Get("nps"), Nps(50, 20), Nps(45, 25), Nps(30, 30));
        var cut = Render<KpiCard>(p => p.Add(c => c.Figure, figure));
        Assert.Equal("无显著变化 (+10.00)", cut.Find("[data-testid=yoy-change]").TextContent.Trim());
        Assert.Equal("NoSignificantChange", cut.Find("[data-testid=yoy-change]").GetAttribute("data-change"));
        Assert.Equal("↑ 上升 +30.00", cut.Find("[data-testid=prev-change]").TextContent.Trim());
        Assert.DoesNotContain("↓", cut.Markup);

        // 环比 70/10: NPS 60, variance .8 − .36 = .44; margin 1.96 × √(.0105) × 100 = 20.08 < 30: a fall
        UseCulture("en-US");
        cut = Render<KpiCard>(p => p.Add(c => c.Figure, figure with { Previous = Nps(70, 10) }));
        Assert.Equal("↓ Fall -30.00", cut.Find("[data-testid=prev-change]").TextContent.Trim());
        Assert.Equal("No significant change (+10.00)", cut.Find("[data-testid=yoy-change]").TextContent.Trim());
    }

    [Fact]
    public void AnNpsCardWithoutResponsesBeforeAndOtherKpisShowOnlyTheChange()
    {
        var figure = new KpiFigure(KpiCatalog.Get("nps"), Nps(50, 20), Nps(0, 0, rows: 0), Nps(45, 25));
        var cut = Render<KpiCard>(p => p.Add(c => c.Figure, figure));
        Assert.Equal("—", cut.Find("[data-testid=yoy-change]").TextContent.Trim()); // nothing to compare with
        Assert.Equal("NotComparable", cut.Find("[data-testid=yoy-change]").GetAttribute("data-change"));
        // a large change of another KPI is written as before, without a verdict
        cut = Render<KpiCard>(p => p.Add(c => c.Figure, Figure("csat", 0.9m, 0.5m, 0.89m)));
        Assert.Equal("+40.00pp", cut.Find("[data-testid=yoy-change]").TextContent.Trim());
        Assert.Null(cut.Find("[data-testid=yoy-change]").GetAttribute("data-change"));
    }

    [Fact]
    public void TheFilterBarReadsItsStateAndWritesChangesIntoTheUrl()
    {
        var options = new FilterOptions([D, D.AddMonths(-1)], [new("BD1", "业务一部"), new("BD2", "业务二部")], [new("LWC", "流动资金贷款担保")],
            [new("C34", "通用设备制造业")], [new("369102", "东湖区")], [new("core", "核心客户")]);
        var nav = Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("/?asof=2026-09&period=quarter&dept=BD2");
        var state = FilterState.FromQuery("2026-09", "quarter", "BD2", null, null, null, null);
        Assert.Equal(new FilterState(D, KpiPeriod.Quarter, "BD2"), state);
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<FilterBar>(p => p.Add(c => c.State, state).Add(c => c.Options, options));

        // choose another department: the URL changes, the rest of the state stays
        var select = cut.Find("[data-testid=filter-dept]");
        Assert.Equal("业务二部", select.TextContent.Trim()); // the state read from the URL
        select.Closest("div.mud-input-control")!.MouseDown();
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll("div.mud-list-item"), i => i.TextContent.Contains("业务一部")));
        popovers.FindAll("div.mud-list-item").First(i => i.TextContent.Contains("业务一部")).Click();
        // MudSelect hands the value on asynchronously: wait for the navigation rather than race it
        cut.WaitForAssertion(() => Assert.Contains("dept=BD1", new Uri(nav.Uri).Query), TimeSpan.FromSeconds(5));
        var uri = new Uri(nav.Uri);
        Assert.Contains("dept=BD1", uri.Query);
        Assert.Contains("period=quarter", uri.Query);
        Assert.Contains("asof=2026-09", uri.Query);
    }

    [Fact]
    public void FilterStateRoundTripsThroughTheQueryString()
    {
        var state = new FilterState(new DateOnly(2026, 6, 30), KpiPeriod.Ttm, "BD1", "LWC", "C34", "369102", "core");
        Assert.Equal("?asof=2026-06&period=ttm&dept=BD1&product=LWC&industry=C34&region=369102&tier=core", state.QueryString());
        var back = FilterState.FromQuery("2026-06", "ttm", "BD1", "LWC", "C34", "369102", "core");
        Assert.Equal(state, back);
        Assert.Equal("", new FilterState().QueryString()); // year to date, latest month: nothing in the URL
    }

    [Fact]
    public void TheDrillDownsOwnDimensionsRoundTripAndADashboardDropsThem()
    {
        var state = new FilterState(new DateOnly(2026, 6, 30), KpiPeriod.Month, Product: "LWC", RiskLevel: "high",
            FiveLevelClass: "substandard", CounterGuarantee: "mortgage", Rating: "A+");
        Assert.Equal("?asof=2026-06&period=month&product=LWC&risk=high&class=substandard&counter=mortgage&rating=A%2B", state.QueryString());
        var query = new Dictionary<string, string?> { ["asof"] = "2026-06", ["period"] = "month", ["product"] = "LWC",
            ["risk"] = "high", ["class"] = "substandard", ["counter"] = "mortgage", ["rating"] = "A+" };
        Assert.Equal(state, FilterState.FromQuery(p => query.GetValueOrDefault(p)));
        Assert.Equal(new KpiFilter(Product: "LWC", RiskLevel: "high", FiveLevelClass: "substandard", CounterGuarantee: "mortgage", Rating: "A+"),
            state.ToKpiFilter());
        Assert.Equal("?asof=2026-06&period=month&product=LWC", state.WithoutDrillDimensions().QueryString());
        Assert.Equal([("product", "LWC"), ("risk", "high"), ("class", "substandard"), ("counter", "mortgage"), ("rating", "A+")],
            state.ActiveDimensions());
        Assert.Equal("?asof=2026-06&period=month&product=LWC&risk=high&counter=mortgage&rating=A%2B", state.Without("class").QueryString());
        Assert.False(state.WithoutDrillDimensions().HasDrillDimensions);
        Assert.True(new FilterState(Rating: "AA").HasDrillDimensions);
    }

    [Fact]
    public void FilterChipsNameEachFilterAndRemoveOne()
    {
        var options = new FilterOptions([D], [new("BD1", "业务一部"), new("BD2", "业务二部")], [new("LWC", "流动资金贷款担保")],
            [new("C34", "通用设备制造业")], [new("369102", "东湖区")], [new("core", "核心客户")]);
        var nav = Services.GetRequiredService<NavigationManager>();
        var state = new FilterState(D, KpiPeriod.Month, Department: "BD2", Industry: "C34", Tier: "core", FiveLevelClass: "substandard", Rating: "AA");
        nav.NavigateTo("/drill/balance?asof=2026-09&period=month&dept=BD2&industry=C34&tier=core&class=substandard&rating=AA&q=x&page=3");
        var cut = Render<FilterChips>(p => p.Add(c => c.State, state).Add(c => c.Options, options));

        var chips = cut.FindAll("[data-testid=filter-chip]");
        Assert.Equal(["dept", "industry", "tier", "class", "rating"], chips.Select(c => c.GetAttribute("data-parameter")));
        // codes by their names, never the warehouse's code
        Assert.Contains("业务二部", chips[0].TextContent);
        Assert.Contains("通用设备制造业", chips[1].TextContent);
        Assert.Contains("核心客户", chips[2].TextContent);
        Assert.Contains("五级分类", chips[3].TextContent);
        Assert.Contains("次级", chips[3].TextContent);
        Assert.DoesNotContain("substandard", chips[3].TextContent);
        Assert.Contains("AA", chips[4].TextContent);

        // closing the class chip keeps every other filter and the grid's search, from the first page
        chips[3].QuerySelector("button")!.Click();
        var uri = new Uri(nav.Uri);
        Assert.Equal("/drill/balance", uri.AbsolutePath);
        Assert.Equal("?asof=2026-09&period=month&dept=BD2&industry=C34&tier=core&rating=AA&q=x", uri.Query);

        Assert.Empty(Render<FilterChips>(p => p.Add(c => c.State, new FilterState(D)).Add(c => c.Options, options)).FindAll("[data-testid=filter-chips]"));
    }
}
