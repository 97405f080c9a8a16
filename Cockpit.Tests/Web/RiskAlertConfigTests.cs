using System.Net;
using System.Text.RegularExpressions;
using Cockpit.Tests.Etl;

namespace Cockpit.Tests.Web;

/// <summary>Risk:Alerts is checked when the app starts: an unusable rule set stops it with the rule and what is wrong.</summary>
public sealed class RiskAlertConfigTests
{
    [Fact]
    public void AnUnusableAlertRuleStopsTheStartWithWhatIsWrong()
    {
        var folder = TempFolder.Create("alerts-config");
        try
        {
            using var app = WebTestSupport.App(folder, Path.Combine(folder, "source.db"), Path.Combine(folder, "inbox"), Path.Combine(folder, "warehouse"),
                new Dictionary<string, string>
                {
                    ["Etl:GenerateDemoWhenMissing"] = "false",
                    ["Risk:Alerts:Rules:0:Level"] = "1",
                    ["Risk:Alerts:Rules:0:Kind"] = "overdue_days",
                    ["Risk:Alerts:Rules:0:Threshold"] = "90",
                    ["Risk:Alerts:Rules:1:Level"] = "5",
                    ["Risk:Alerts:Rules:1:Kind"] = "overdue_days",
                    ["Risk:Alerts:Rules:1:Threshold"] = "30",
                });
            var error = Record.Exception(() => app.CreateClient());
            Assert.NotNull(error);
            Assert.Contains("Risk:Alerts:Rules:1: Level must be 1 (一级), 2 (二级) or 3 (三级), not 5.", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }
}

/// <summary>The navigation's alert badge through a signed-in client, on the hand-made company.</summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed partial class RiskAlertNavTests(SecuredCompany secured)
{
    [Fact]
    public async Task ARiskOfficerSeesTheAlertCountOnTheRiskLinkAndAnExecutiveDoesNot()
    {
        // at D: K10 downgraded to substandard (一级) and 40 days overdue (二级), K4 downgraded to special mention (二级);
        // K4's 15 days overdue is 三级 and not counted
        using var risk = await secured.App.SignedInAsync("risk");
        var html = WebUtility.HtmlDecode(await risk.GetStringAsync("/risk"));
        var badge = Badge().Match(html);
        Assert.True(badge.Success, "no alert badge for the risk officer");
        Assert.Equal("3", badge.Groups[2].Value);
        Assert.Contains("一级、二级预警 3 条（全公司，截至 2026-06-30）", badge.Groups[1].Value, StringComparison.Ordinal);

        using var ceo = await secured.App.SignedInAsync("ceo");
        var page = await ceo.GetStringAsync("/risk");
        Assert.Contains("data-testid=\"nav-risk\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("nav-risk-alerts", page, StringComparison.Ordinal);
    }

    // the chip's title, then its number as the first text in it
    [GeneratedRegex("data-testid=\"nav-risk-alerts\"[^>]*?title=\"([^\"]*)\"[^>]*>(?:\\s*<[^>]+>)*\\s*(\\d+)\\s*<")]
    private static partial Regex Badge();
}
