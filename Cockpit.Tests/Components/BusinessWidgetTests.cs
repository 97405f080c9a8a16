using Bunit;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Components.Widgets;

namespace Cockpit.Tests.Components;

/// <summary>The business page's goals table and funnel, in Chinese and English.</summary>
public sealed class BusinessWidgetTests : BunitTestBase
{
    private static TargetStatus Target(string kpi, decimal target, decimal? actual, decimal? completion, decimal progress, string? status, int? quarter = 2)
    {
        var window = new KpiWindow(new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 31));
        return new TargetStatus(2026, quarter, "BD1", kpi, target, actual, completion, progress, status, false,
            window.From, new DateOnly(2026, 6, 30), new KpiResult(kpi, window, actual, actual, null, 1, 0, 0, null, null));
    }

    [Fact]
    public void TheGoalsTableListsTheWorstFirstWithTheGapInTheKpisUnit()
    {
        var lines = GoalLine.WorstFirst([
            Target("fee_income", 1_000_000m, 900_000m, 0.9m, 0.67m, "green"),
            Target("new_amount", 80_000_000m, 20_000_000m, 0.25m, 0.67m, "red"),
            Target("compensation_rate", 0.02m, 0.023m, 0.02m / 0.023m, 0.67m, "amber", quarter: null),
            Target("new_customers", 30m, 12m, 0.4m, 0.67m, "red"),
        ]);
        var cut = Render<GoalsTable>(p => p.Add(c => c.Title, "季度目标").Add(c => c.Lines, lines).Add(c => c.DrillHref, g => $"/drill/{g.Target.KpiCode}"));
        var rows = cut.FindAll("[data-testid=goal-row]");
        // red before amber before green; within red the lower completion first
        Assert.Equal(["new_amount", "new_customers", "compensation_rate", "fee_income"], rows.Select(r => r.GetAttribute("data-kpi")));
        Assert.Equal("-6,000.00 万元", rows[0].QuerySelector("[data-testid=goal-gap]")!.TextContent.Trim()); // 2,000 万 of 8,000 万
        Assert.Equal("-18", rows[1].QuerySelector("[data-testid=goal-gap]")!.TextContent.Trim()); // customers
        Assert.Equal("-0.30 个百分点", rows[2].QuerySelector("[data-testid=goal-gap]")!.TextContent.Trim()); // 2.30 % over a 2 % ceiling
        Assert.Equal("25.00%", rows[0].QuerySelector("[data-testid=goal-completion]")!.TextContent.Trim());
        Assert.Equal("2,000.00 万元", rows[0].QuerySelector("[data-testid=goal-actual]")!.TextContent.Trim());
        Assert.Equal("/drill/new_amount", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("担保发生额", rows[0].TextContent);

        UseCulture("en-US");
        var en = Render<GoalsTable>(p => p.Add(c => c.Title, "Quarterly goals").Add(c => c.Lines, lines));
        var enRows = en.FindAll("[data-testid=goal-row]");
        Assert.Equal("-CNY 60.00 m", enRows[0].QuerySelector("[data-testid=goal-gap]")!.TextContent.Trim());
        Assert.Equal("-0.30 pp", enRows[2].QuerySelector("[data-testid=goal-gap]")!.TextContent.Trim());
        Assert.Contains("New guarantees", enRows[0].TextContent);
    }

    [Fact]
    public void AnEmptyGoalsTableSaysSo()
    {
        var cut = Render<GoalsTable>(p => p.Add(c => c.Title, "季度目标").Add(c => c.Lines, []));
        Assert.Equal("该期间没有目标。", cut.Find("[data-testid=goals-empty]").TextContent.Trim());
    }

    [Fact]
    public void TheFunnelShowsEachStagesCountConversionAndMedianDays()
    {
        var cut = Render<FunnelView>(p => p.Add(c => c.Funnel, new Funnel(5, 5, 4, 3, 3, 3m, 5m, 14.5m, 7m)));
        var stages = cut.FindAll("[data-testid=funnel-stage]");
        Assert.Equal(["受理", "尽调", "评审", "通过", "签约"], stages.Select(s => s.QuerySelector("td")!.TextContent.Trim()));
        Assert.Equal(["5", "5", "4", "3", "3"], stages.Select(s => s.QuerySelector("[data-testid=funnel-count]")!.TextContent.Trim()));
        Assert.Equal(["—", "100.00%", "80.00%", "75.00%", "100.00%"], stages.Select(s => s.QuerySelector("[data-testid=funnel-conversion]")!.TextContent.Trim()));
        Assert.Equal(["", "3.0 天", "5.0 天", "14.5 天", "7.0 天"], stages.Select(s => s.QuerySelector("[data-testid=funnel-days]")!.TextContent.Trim()));

        UseCulture("en-US");
        var en = Render<FunnelView>(p => p.Add(c => c.Funnel, new Funnel(0, 0, 0, 0, 0, null, null, null, null)));
        Assert.Equal(["Received", "Due diligence", "Review", "Approved", "Signed"], en.FindAll("[data-testid=funnel-stage]").Select(s => s.QuerySelector("td")!.TextContent.Trim()));
        Assert.All(en.FindAll("[data-testid=funnel-conversion]"), c => Assert.Equal("—", c.TextContent.Trim()));
    }

    [Fact]
    public void TheMigrationMatrixShowsRowsThatAddUpAndMarksDowngrades()
    {
        var matrix = new MigrationMatrix(new DateOnly(2026, 3, 31), new DateOnly(2026, 6, 30), new Dictionary<(string, string), (long, decimal)>
        {
            [("normal", "normal")] = (2, 12_000_000m),
            [("normal", "special_mention")] = (1, 1_500_000m),
            [("normal", "ended")] = (2, 8_500_000m),
            [("special_mention", "ended")] = (1, 1_000_000m),
        });
        var cut = Render<MigrationMatrixView>(p => p.Add(c => c.Matrix, matrix));
        var rows = cut.FindAll("[data-testid=migration-row]");
        Assert.Equal(["normal", "special_mention"], rows.Select(r => r.GetAttribute("data-from")));
        Assert.Equal(["2", "1", "0", "0", "0", "2"], rows[0].QuerySelectorAll("[data-testid=migration-cell]").Select(c => c.TextContent.Trim()));
        Assert.Equal("5", rows[0].QuerySelector("[data-testid=migration-total]")!.TextContent.Trim());
        Assert.Contains("正常", rows[0].TextContent);
        Assert.Contains("已结清/代偿", cut.Find("thead").TextContent);
        // a move to a worse class is marked; staying or ending is not
        var cells = rows[0].QuerySelectorAll("[data-testid=migration-cell]");
        Assert.Contains("mud-error-text", cells[1].ClassName ?? "");
        Assert.DoesNotContain("mud-error-text", cells[0].ClassName ?? "");

        UseCulture("en-US");
        var balances = Render<MigrationMatrixView>(p => p.Add(c => c.Matrix, matrix).Add(c => c.ByBalance, true));
        var first = balances.FindAll("[data-testid=migration-row]")[0];
        Assert.Equal("CNY 22.00 m", first.QuerySelector("[data-testid=migration-total]")!.TextContent.Trim());
        Assert.Contains("Special mention", balances.Find("thead").TextContent);
    }
}
