using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The stress test in a real Chromium as the risk officer: the baseline, a scenario run from the form, the distribution.</summary>
public sealed class StressBrowserTests() : BrowserTestBase("stress")
{
    [BrowserFact]
    public async Task ARiskOfficerRunsAScenarioAndReadsTheLossDistribution()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "600", ["Etl__DemoSeed"] = "7" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync(1400, 2000);
        await page.GotoAsync(Server.Url + "/risk/stress");
        await BrowserSignIn.SignInAsync(page, "risk");
        await WaitInteractiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=stress-results]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        // the histogram is drawn in the browser once the interactive page has loaded its data: the form is then the
        // live one (the prerendered one is replaced, and a value typed into it would be lost)
        await page.WaitForSelectorAsync("[data-testid=stress-histogram] svg.apexcharts-svg", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.True(await page.Locator("[data-testid=stress-segment]").CountAsync() > 0);
        var baselineLoss = await page.Locator("[data-testid=stress-loss]").InnerTextAsync();

        // ×3 overall from the form: the URL carries the scenario, the projection grows
        var overall = page.Locator("[data-testid=stress-overall] input, input[data-testid=stress-overall]").First;
        await overall.FillAsync("3");
        await overall.PressAsync("Tab");
        await page.Locator("[data-testid=stress-run]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/risk/stress\\?.*mult=3"), new PageWaitForURLOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=stress-scenario]')?.innerText.includes('×3')", null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.NotEqual(baselineLoss, await page.Locator("[data-testid=stress-loss]").InnerTextAsync());
        Assert.Contains("×", await page.Locator("[data-testid=stress-reverse-reserves]").InnerTextAsync());
        Assert.Equal(10, await page.Locator("[data-testid=stress-top-row]").CountAsync());
        await page.WaitForSelectorAsync("[data-testid=stress-histogram] svg.apexcharts-svg", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "risk-stress.png"), FullPage = true });

        // a shared link reloads the same result
        var q999 = await page.Locator("[data-testid=stress-q999]").InnerTextAsync();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-testid=stress-q999]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal(q999, await page.Locator("[data-testid=stress-q999]").InnerTextAsync());
        AssertNoCspViolations();
    }
}
