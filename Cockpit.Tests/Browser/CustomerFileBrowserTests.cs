using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The customer file (客户档案) in a real Chromium as the risk officer, reached from a drill-down's rows.</summary>
public sealed class CustomerFileBrowserTests() : BrowserTestBase("custfile")
{
    [BrowserFact]
    public async Task ARiskOfficerOpensACustomersFileFromTheRowsBehindAFigure()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "600", ["Etl__DemoSeed"] = "7" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync(1400, 2400);
        await page.GotoAsync(Server.Url + "/drill/balance");
        await BrowserSignIn.SignInAsync(page, "risk");
        await WaitInteractiveAsync(page);
        var link = page.Locator("[data-testid=drill-grid] a[data-testid=customer-link]").First;
        await link.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var name = (await link.InnerTextAsync()).Trim();
        await link.ClickAsync();
        await page.WaitForURLAsync("**/customers/**");
        await page.WaitForSelectorAsync("[data-testid=customer-name]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(name, (await page.Locator("[data-testid=customer-name]").InnerTextAsync()).Trim());
        // a balance in force (the link came from the balance's rows), a contract, its five-level history and the chart
        Assert.True(await page.Locator("[data-testid=file-contract]").CountAsync() > 0);
        Assert.True(await page.Locator("[data-testid=history-cell]").CountAsync() > 0);
        Assert.NotEqual("0.00 万元", (await page.Locator("[data-testid=customer-balance]").InnerTextAsync()).Trim());
        await page.WaitForSelectorAsync("[data-testid=customer-trend] svg.apexcharts-svg", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "customer-file.png"), FullPage = true });
        AssertNoCspViolations();
    }
}
