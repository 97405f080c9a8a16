using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The Hangfire dashboard (/hangfire, admins) works in a real Chromium under the cockpit's one strict
/// Content-Security-Policy (no inline script): its pages load, its live counters poll /hangfire/stats with the
/// dashboard's own form post (which the cockpit's guard lets through), and nothing is blocked.</summary>
[Collection("console")]
public sealed class HangfireBrowserTests() : BrowserTestBase("browser-hangfire")
{
    [BrowserFact]
    public async Task TheDashboardRunsUnderTheStrictPolicy()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "300", ["Etl__DemoSeed"] = "12" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync();
        await page.GotoAsync(Server.Url + "/admin");
        await BrowserSignIn.SignInAsync(page, "admin");

        // the dashboard's page carries the strict policy, and its counters are refreshed by posts to /hangfire/stats
        var stats = page.WaitForResponseAsync(r => r.Url.EndsWith("/hangfire/stats", StringComparison.Ordinal) && r.Request.Method == "POST",
            new PageWaitForResponseOptions { Timeout = 30_000 });
        var dashboard = await page.GotoAsync(Server.Url + "/hangfire");
        Assert.NotNull(dashboard);
        var csp = await dashboard.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline';", csp!.Split("style-src")[0]);
        Assert.Equal(200, (await stats).Status);

        // another page of it, with its scripts
        await page.GotoAsync(Server.Url + "/hangfire/recurring");
        await page.WaitForSelectorAsync("h1.page-header", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "hangfire.png") });
        AssertNoCspViolations();
    }
}
