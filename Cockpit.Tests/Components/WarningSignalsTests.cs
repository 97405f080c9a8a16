using Bunit;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;

namespace Cockpit.Tests.Components;

/// <summary>The 风险预警 widget on a hand-made model.</summary>
public sealed class WarningSignalsTests : BunitTestBase
{
    private static readonly DateOnly D = new(2026, 6, 30);

    private static RiskWarnings Model() => new(D,
        [
            new WarningSignal(7, 4, "客户4", "91369121MA0000004X", "red", "litigation", "open", new(2026, 6, 20), null, 10, 14_000_000m, 2, ["李强", "赵磊"]),
            new WarningSignal(2, 3, "客户3", "91 3/3", "orange", "overdue", "closed", new(2026, 6, 10), new(2026, 7, 5), 20, 2_100_000m, 2, ["李强"]),
        ],
        [new SignalCount("red", "litigation", 1), new SignalCount("orange", "overdue", 1)],
        [
            new RiskAlert(new AlertRule(1, AlertKinds.ClassDowngrade, Class: "substandard"), 3, "客户3", "91 3/3", "K10", 600_000m, null, "special_mention", "substandard"),
            new RiskAlert(new AlertRule(1, AlertKinds.RedSignalBalance, 10_000_000m), 4, "客户4", "91369121MA0000004X", null, 14_000_000m, 14_000_000m),
            new RiskAlert(new AlertRule(2, AlertKinds.OverdueDays, 30), 3, "客户3", "91 3/3", "K10", 600_000m, 40),
        ]);

    [Fact]
    public void SignalsShowSeverityKindAndStatusByNameWithDaysBalanceAndALinkToTheCustomerFile()
    {
        var cut = Render<WarningSignals>(p => p.Add(c => c.Warnings, Model()));
        var rows = cut.FindAll("[data-testid=signal-row]");
        Assert.Equal(2, rows.Count);
        var cells = rows[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["红色", "诉讼", "客户4", "待处理", "2026-06-20", "10", "1,400.00 万元", "2", "李强、赵磊"], cells);
        Assert.Equal("/customers/91369121MA0000004X", rows[0].QuerySelector("[data-testid=signal-customer]")!.GetAttribute("href"));
        // a credit code is escaped in the link; a signal closed after D says so
        Assert.Equal("/customers/91%203%2F3", rows[1].QuerySelector("[data-testid=signal-customer]")!.GetAttribute("href"));
        Assert.Contains("已于 2026-07-05 关闭", rows[1].InnerHtml);
        Assert.Equal("orange", rows[1].GetAttribute("data-severity"));
    }

    [Fact]
    public void CountsBySeverityAndKindAndAlertsByLevelInTheirColours()
    {
        var cut = Render<WarningSignals>(p => p.Add(c => c.Warnings, Model()));
        var red = cut.Find("[data-testid=signal-count-row][data-severity=red]");
        Assert.Equal("1", red.QuerySelector("[data-kind=litigation]")!.TextContent.Trim());
        Assert.Equal("0", red.QuerySelector("[data-kind=overdue]")!.TextContent.Trim());
        Assert.Equal("0", cut.Find("[data-testid=signal-count-row][data-severity=yellow] [data-testid=signal-count-total]").TextContent.Trim());

        Assert.Equal(["一级预警 2", "二级预警 1", "三级预警 0"], cut.FindAll("[data-testid=alert-level-count]").Select(c => c.TextContent.Trim()));
        var alerts = cut.FindAll("[data-testid=alert-row]");
        Assert.Equal(["1", "1", "2"], alerts.Select(a => a.GetAttribute("data-level")));
        Assert.Contains("五级分类下调至次级或更差", alerts[0].TextContent);
        Assert.Equal("关注 → 次级", alerts[0].QuerySelector("[data-testid=alert-value]")!.TextContent.Trim());
        Assert.Contains("红色信号且客户余额 ≥ 1,000.00 万元", alerts[1].TextContent);
        Assert.Equal("40 天", alerts[2].QuerySelector("[data-testid=alert-value]")!.TextContent.Trim());
        Assert.Contains("#d32f2f", alerts[0].QuerySelector(".mud-chip")!.GetAttribute("style")); // 一级 red
        Assert.Contains("#ef6c00", alerts[2].QuerySelector(".mud-chip")!.GetAttribute("style")); // 二级 orange
    }

    [Fact]
    public void InEnglishAndWithNothingOpenItSaysSo()
    {
        UseCulture("en-US");
        var cut = Render<WarningSignals>(p => p.Add(c => c.Warnings, new RiskWarnings(D, [], [], [])));
        Assert.Contains("No threshold is breached", cut.Find("[data-testid=warnings-no-alerts]").TextContent);
        Assert.Contains("No signal is open", cut.Find("[data-testid=warnings-no-signals]").TextContent);
        var model = Render<WarningSignals>(p => p.Add(c => c.Warnings, Model()));
        Assert.Equal("Red", model.Find("[data-testid=signal-severity]").TextContent.Trim());
        Assert.Contains("Overdue ≥ 30 days", model.FindAll("[data-testid=alert-row]")[2].TextContent);
    }

    [Fact]
    public void LongListsShowTheFirstRowsAndCountTheRest()
    {
        var cut = Render<WarningSignals>(p => p.Add(c => c.Warnings, Model()).Add(c => c.MaxRows, 1));
        // one signal of two; 一级 one alert of two, 二级 its only one
        Assert.Single(cut.FindAll("[data-testid=signal-row]"));
        Assert.Equal("另有 1 条未列出", cut.Find("[data-testid=signal-more]").TextContent.Trim());
        Assert.Equal(["1", "2"], cut.FindAll("[data-testid=alert-row]").Select(a => a.GetAttribute("data-level")));
        Assert.Equal("一级预警 · 另有 1 条未列出", Assert.Single(cut.FindAll("[data-testid=alert-more]")).TextContent.Trim());
        // the counts still count everything
        Assert.Equal(["一级预警 2", "二级预警 1", "三级预警 0"], cut.FindAll("[data-testid=alert-level-count]").Select(c => c.TextContent.Trim()));
    }
}
