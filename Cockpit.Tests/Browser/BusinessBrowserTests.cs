using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The business cockpit in a real Chromium as a department head: from the quarter down to a contract.</summary>
public sealed class BusinessBrowserTests() : BrowserTestBase("business")
{
    [BrowserFact]
    public async Task ADepartmentHeadFollowsAManagerDownToAContract()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "600", ["Etl__DemoSeed"] = "7" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync(1400, 2200);
        await page.GotoAsync(Server.Url + "/business");
        await BrowserSignIn.SignInAsync(page, "bd1");
        await WaitInteractiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=managers] [data-testid=manager-name] a", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("业务一部", await page.Locator("[data-testid=business-title]").InnerTextAsync());
        Assert.True(await page.Locator("[data-testid=goals-year] [data-testid=goal-row]").CountAsync() > 0);
        Assert.Equal(5, await page.Locator("[data-testid=funnel-stage]").CountAsync());
        // their department's targets can be uploaded from here (the upload itself is tested in TargetUploadTests)
        Assert.Equal(1, await page.Locator("[data-testid=target-upload] [data-testid=upload-button]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=upload-forbidden]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "business-bd1.png"), FullPage = true });

        // the first manager → their book; the first customer → that customer's contracts
        var manager = (await page.Locator("[data-testid=manager-name]").First.InnerTextAsync()).Trim();
        await page.Locator("[data-testid=manager-name] a").First.ClickAsync();
        await page.WaitForURLAsync("**/business/managers/**");
        await page.WaitForSelectorAsync("[data-testid=book-customer] a", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains(manager, await page.Locator("[data-testid=book-title]").InnerTextAsync());
        var customer = (await page.Locator("[data-testid=book-customer] a").First.InnerTextAsync()).Trim();
        await page.Locator("[data-testid=book-customer] a").First.ClickAsync();
        await page.WaitForURLAsync("**customer=**");
        await page.WaitForSelectorAsync("[data-testid=book-contract]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        // the book's whole list stays on screen until the customer's has loaded: wait for it rather than race it
        IReadOnlyList<string> contracts = [];
        await PollAsync(async () =>
        {
            contracts = await page.Locator("[data-testid=book-contract]").AllInnerTextsAsync();
            return contracts.Count > 0 && contracts.All(c => c.Contains(customer, StringComparison.Ordinal));
        }, () => $"only {customer}'s contracts: {string.Join(" | ", contracts.Take(3))}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "business-contract.png"), FullPage = true });

        // another department's manager is refused, not shown empty
        await page.GotoAsync(Server.Url + "/business?dept=BD2");
        await page.WaitForSelectorAsync("[data-testid=scope-refused]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        AssertNoCspViolations();
    }
}
