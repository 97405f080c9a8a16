using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The customer cockpit in a real Chromium: NPS with its band, complaints, comments, the call list and its export.</summary>
public sealed class CustomersBrowserTests() : BrowserTestBase("customers")
{
    [BrowserFact]
    public async Task TheCustomerCockpitShowsNpsWithItsBandAndExportsTheCallList()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "600", ["Etl__DemoSeed"] = "7" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync(1400, 2000);
        await page.GotoAsync(Server.Url + "/customers?period=ttm");
        await BrowserSignIn.SignInAsync(page, "ceo");
        await WaitInteractiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=card-nps]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        // NPS with n and its margin; the change is a rise, a fall or 无显著变化, never a bare sign
        Assert.Contains("±", await page.Locator("[data-testid=nps-n]").InnerTextAsync());
        var change = await page.Locator("[data-testid=card-nps] [data-testid=prev-change]").GetAttributeAsync("data-change");
        Assert.Contains(change, new[] { "Rise", "Fall", "NoSignificantChange", "NotComparable" });
        // the band chart draws (a rangeArea: its area and its line)
        await page.WaitForSelectorAsync("[data-testid=nps-band] svg.apexcharts-svg", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync("[data-testid=csat-trend] svg.apexcharts-svg", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.True(await page.Locator("[data-testid=nps-line]").CountAsync() > 0);
        Assert.True(await page.Locator("[data-testid=tier-row]").CountAsync() > 0);
        Assert.True(await page.Locator("[data-testid=calllist-row]").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "customers.png"), FullPage = true });

        // the call list as a workbook
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=calllist-export]").ClickAsync());
        Assert.StartsWith("续保跟进名单_", download.SuggestedFilename);
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var file = Path.Combine(Folder, "calllist.xlsx");
        await download.SaveAsAsync(file);
        // the page lists the first 20 until asked for all; the workbook has them all
        var shown = await page.Locator("[data-testid=calllist-row]").CountAsync();
        Assert.True(shown <= 20);
        if (await page.Locator("[data-testid=calllist-all]").CountAsync() > 0)
        {
            await page.Locator("[data-testid=calllist-all]").ClickAsync();
            await page.WaitForFunctionAsync($"() => document.querySelectorAll('[data-testid=calllist-row]').length > {shown}", null,
                new PageWaitForFunctionOptions { Timeout = 30_000 });
        }
        using (var book = new ClosedXML.Excel.XLWorkbook(file))
        {
            Assert.Equal(await page.Locator("[data-testid=calllist-row]").CountAsync() + 1, book.Worksheet(1).RowsUsed().Count());
        }

        // the comments' search goes to the data layer (q= in the URL) once typing pauses; what is found contains the words
        await page.Locator("input[data-testid=verbatim-search], [data-testid=verbatim-search] input").First.FillAsync("希望");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/customers\\?.*q="), new PageWaitForURLOptions { Timeout = 30_000 });
        // the page stays on screen while the comments reload: wait until every one shown is a match
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<string> found;
        while (!((found = await page.Locator("[data-testid=verbatim]").AllInnerTextsAsync()).Count > 0 && found.All(v => v.Contains("希望", StringComparison.Ordinal)))
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        Assert.NotEmpty(found);
        Assert.All(found, v => Assert.Contains("希望", v));
        AssertNoCspViolations();
    }
}
