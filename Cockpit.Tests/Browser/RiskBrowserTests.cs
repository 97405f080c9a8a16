using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The risk cockpit in a real Chromium as the risk officer.</summary>
public sealed class RiskBrowserTests() : BrowserTestBase("risk")
{
    [BrowserFact]
    public async Task ARiskOfficerSeesExposureConcentrationAndTheLines()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "600", ["Etl__DemoSeed"] = "7" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync(1400, 2000);
        await page.GotoAsync(Server.Url + "/risk");
        await BrowserSignIn.SignInAsync(page, "risk");
        await WaitInteractiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=top-customers] [data-testid=concentration-row]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(10, await page.Locator("[data-testid=top-customers] [data-testid=concentration-row]").CountAsync());
        Assert.Equal(4, await page.Locator("[data-testid=risk-redline]").CountAsync());
        Assert.Equal(4, await page.Locator("[data-testid=overdue-bucket]").CountAsync());
        Assert.True(await page.Locator("[data-testid=exposure-row]").CountAsync() > 0);
        // the ratios are percentages of net assets, the first customer's the single-customer figure
        var first = (await page.Locator("[data-testid=top-customers] [data-testid=concentration-ratio]").First.InnerTextAsync()).Trim();
        Assert.Contains(first, await page.Locator("[data-testid=risk-redline][data-kpi=top_customer_ratio]").InnerTextAsync());
        // compensation and recovery: the six figures, the cohorts, the charts
        Assert.Equal(6, await page.Locator("[data-testid=recovery-figure]").CountAsync());
        Assert.True(await page.Locator("[data-testid=recovery-cohort]").CountAsync() > 0);
        foreach (var chart in new[] { "risk-trend", "recovery-monthly", "recovery-rates", "industry-treemap" })
        {
            await page.WaitForSelectorAsync($"[data-testid={chart}] svg.apexcharts-svg", new PageWaitForSelectorOptions { Timeout = 30_000 });
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "risk.png"), FullPage = true });
        // an industry's tile opens its rows, and so does its line in the exposure table
        await page.Locator("[data-testid=industry-treemap] .apexcharts-treemap-rect").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/drill/balance\\?.*industry="));
        await page.WaitForSelectorAsync("[data-testid=drill-value]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await BackToRisk(page);
        var industry = page.Locator("[data-testid=exposure-row] a").First;
        await industry.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/drill/balance\\?.*industry="));
        await page.WaitForSelectorAsync("[data-testid=drill-value]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        // so does a five-level class: the drill-down narrows to it and says so in a chip, which removes it again
        await BackToRisk(page);
        await page.Locator("[data-testid=exposure] .mud-tab", new PageLocatorOptions { HasTextString = "五级分类" }).ClickAsync();
        await page.Locator("[data-testid=exposure-link][href*='class=']").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/drill/balance\\?.*class="));
        var chip = page.Locator("[data-testid=filter-chip][data-parameter=class]");
        await chip.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("五级分类", await chip.InnerTextAsync());
        await page.WaitForSelectorAsync("[data-testid=drill-value]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var byClass = await page.Locator("[data-testid=drill-value]").InnerTextAsync();
        await RemoveChipAsync(chip);
        Assert.DoesNotContain("class=", page.Url);
        Assert.NotEqual(byClass, await page.Locator("[data-testid=drill-value]").InnerTextAsync()); // the whole balance again
        // the migration from a chosen month end
        await page.GotoAsync(Server.Url + "/risk?migfrom=2026-05");
        await page.WaitForSelectorAsync("[data-testid=migration-row]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("2026-05", await page.Locator("[data-testid=migration-from]").InnerTextAsync());
        AssertNoCspViolations();
    }

    /// <summary>
    /// Back to /risk as the browser's back button does. Blazor may take the back step itself (no page load, so
    /// waiting for one timed out on a loaded machine) or the browser may load the page: wait for the page, not the load.
    /// </summary>
    private static async Task BackToRisk(IPage page)
    {
        await page.GoBackAsync(new PageGoBackOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/risk(\\?|$)"), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("[data-testid=exposure-row] a", new PageWaitForSelectorOptions { Timeout = 60_000 });
    }
}
