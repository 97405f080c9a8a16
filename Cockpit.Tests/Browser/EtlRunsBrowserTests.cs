using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>
/// The admin runs the ETL from 运行记录 in a real Chromium: the progress shows and moves, a second run-now while it
/// runs is refused with the reason, and the list shows the new run as succeeded without a reload.
/// </summary>
[Collection("console")]
public sealed class EtlRunsBrowserTests() : BrowserTestBase("browser-etlruns")
{
    [BrowserFact]
    public async Task RunNowShowsMovingProgressRefusesASecondRunAndListsTheRunWithoutAReload()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoSeed"] = "11" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(180));
        var page = await NewPageAsync();
        await page.GotoAsync(Server.Url + "/");
        await BrowserSignIn.SignInAsync(page, "admin");
        await page.GotoAsync(Server.Url + "/admin/runs");
        await WaitInteractiveAsync(page);
        Assert.Equal(1, await page.Locator("[data-testid=etl-run]").CountAsync());

        await page.Locator("[data-testid=etl-run-now]").ClickAsync();
        await page.WaitForURLAsync("**/admin/runs?etl=started", new PageWaitForURLOptions { Timeout = 30_000 });
        await WaitInteractiveAsync(page);
        // from here on the page is not reloaded: a reload would drop this marker
        await page.EvaluateAsync("() => window.__noReload = true");

        await page.Locator("[data-testid=etl-progress]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        // while it runs the button is disabled and says why; a post anyway is refused with the reason
        Assert.True(await page.Locator("[data-testid=etl-run-now]").IsDisabledAsync());
        Assert.Contains("已有一次运行正在进行", await page.Locator("[data-testid=etl-busy]").InnerTextAsync(), StringComparison.Ordinal);
        var refusedAt = await page.EvaluateAsync<string>(
            "async () => { const f = document.querySelector('[data-testid=etl-run-form]'); const r = await fetch(f.action, { method: 'POST', body: new FormData(f) }); return r.url; }");
        var refused = Uri.UnescapeDataString(refusedAt);
        Assert.Contains("etl=busy", refused, StringComparison.Ordinal);
        Assert.Contains("已有一次运行正在进行", refused, StringComparison.Ordinal);

        // the progress moves: more than one state is seen before the run ends
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            var progress = page.Locator("[data-testid=etl-progress]");
            if (await progress.CountAsync() == 0) break;
            try
            {
                seen.Add(await progress.InnerTextAsync(new LocatorInnerTextOptions { Timeout = 1_000 }));
            }
            catch (TimeoutException)
            {
                // the run ended between the count and the read
            }
            await Task.Delay(150);
        }
        Assert.True(seen.Count >= 2, $"the progress did not move: {string.Join(" | ", seen)}");

        var newRun = page.Locator("[data-testid=etl-run][data-run='2']");
        await newRun.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await PollAsync(async () => await newRun.GetAttributeAsync("data-status") == "succeeded", "run #2 shown as succeeded");
        Assert.Equal("成功", (await newRun.Locator("[data-testid=etl-run-status]").InnerTextAsync()).Trim());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page was reloaded");
        Assert.False(await page.Locator("[data-testid=etl-run-now]").IsDisabledAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "etl-runs.png"), FullPage = true });
        AssertNoCspViolations();
    }
}
