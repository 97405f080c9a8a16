using Bunit;
using Cockpit.Tests.Pages;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Layout;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Tests.Components;

/// <summary>The navigation's alert badge on 风控, on the hand-made company with more signals (4 一级 and 二级 alerts at D).</summary>
public sealed class NavAlertBadgeTests(WarningsCompany company) : BunitTestBase, IClassFixture<WarningsCompany>
{
    private IRenderedComponent<NavMenu> RenderAs(string role, AlertRules? rules = null)
    {
        AddPageData(company, role, rules);
        return Render<NavMenu>();
    }

    [Fact]
    public void ARiskOfficerSeesTheCountOfLevelOneAndTwoAlertsOnTheRiskLink()
    {
        var cut = RenderAs(CockpitRoles.RiskOfficer);
        // K10 downgrade 一级, C4's red signal 一级, K4 downgrade 二级, K10 40 days 二级 (K4's 15 days is 三级)
        cut.WaitForAssertion(() => Assert.Equal("4", cut.Find("[data-testid=nav-risk-alerts]").TextContent.Trim()), TimeSpan.FromSeconds(20));
        Assert.Contains("一级、二级预警 4 条", cut.Find("[data-testid=nav-risk-alerts]").GetAttribute("title"));
        Assert.Contains("2026-06-30", cut.Find("[data-testid=nav-risk-alerts]").GetAttribute("title"));
    }

    [Fact]
    public async Task AnotherRoleSeesNoBadgeAndNeitherDoesARiskOfficerWhenNothingBreaches()
    {
        var executive = RenderAs(CockpitRoles.Executive);
        await Task.Delay(500);
        Assert.NotEmpty(executive.FindAll("[data-testid=nav-risk]"));
        Assert.Empty(executive.FindAll("[data-testid=nav-risk-alerts]"));
        Assert.Null(await Services.GetRequiredService<CockpitData>().RiskAlertCountAsync());
    }

    [Fact]
    public async Task NoBadgeWhenNoAlertOfLevelOneOrTwo()
    {
        var cut = RenderAs(CockpitRoles.RiskOfficer, AlertRules.Create([new AlertRule(3, AlertKinds.OverdueDays, 1)]));
        Assert.Equal(0, (await Services.GetRequiredService<CockpitData>().RiskAlertCountAsync())?.Count);
        Assert.Empty(cut.FindAll("[data-testid=nav-risk-alerts]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=nav-risk]"));
    }
}
