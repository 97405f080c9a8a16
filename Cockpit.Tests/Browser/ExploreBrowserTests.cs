using System.Globalization;
using ClosedXML.Excel;
using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The explore page and its export in a real Chromium, as the auditor.</summary>
public sealed class ExploreBrowserTests() : BrowserTestBase("audit")
{
    [BrowserFact]
    public async Task AnAuditorSearchesRemovesAFilterAndExportsWhatIsOnScreen()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "600", ["Etl__DemoSeed"] = "7" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync(1400, 1100);
        await page.GotoAsync(Server.Url + "/explore?kpi=balance&dept=BD1");
        await BrowserSignIn.SignInAsync(page, "audit");
        await WaitInteractiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=grid-row]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var departmentValue = (await page.Locator("[data-testid=drill-value]").InnerTextAsync()).Trim();
        var chip = page.Locator("[data-testid=filter-chip][data-parameter=dept]");
        Assert.Contains("业务一部", await chip.InnerTextAsync());

        // a search across the text columns narrows the rows and says what part of the figure they are
        var search = page.Locator("input[data-testid=grid-search], [data-testid=grid-search] input");
        await search.FillAsync("集团");
        await search.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("q=", StringComparison.Ordinal));
        await page.Locator("[data-testid=grid-selected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var names = await page.Locator("[data-testid=grid-row] td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(names);
        var groups = await page.Locator("[data-testid=grid-row]").AllInnerTextsAsync();
        Assert.All(groups, row => Assert.Contains("集团", row));

        // removing the department chip widens the figure to the company's, the search stays
        await RemoveChipAsync(chip);
        Assert.DoesNotContain("dept=", page.Url, StringComparison.Ordinal);
        await PollAsync(async () => (await page.Locator("[data-testid=drill-value]").InnerTextAsync()).Trim() != departmentValue, "the company's figure");
        Assert.Contains("q=", page.Url);
        await page.Locator("[data-testid=grid-selected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var info = await page.Locator("[data-testid=grid-info]").InnerTextAsync();
        var total = int.Parse(info[(info.LastIndexOf('共') + 1)..].Replace("行", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "explore.png"), FullPage = true });

        // the export holds exactly the rows on screen (all pages), named for its filters
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=drill-export]").ClickAsync(),
            new PageRunAndWaitForDownloadOptions { Timeout = 60_000 });
        Assert.StartsWith("在保余额_", download.SuggestedFilename);
        Assert.Contains("集团", download.SuggestedFilename);
        var file = Path.Combine(Folder, "explore.xlsx");
        await download.SaveAsAsync(file);
        using var book = new XLWorkbook(file);
        Assert.Equal(total + 2, book.Worksheet("数据 Data").LastRowUsed().RowNumber()); // header, rows, total
        Assert.Contains("搜索：集团", string.Join("\n", book.Worksheet("来源 Lineage").CellsUsed().Select(c => c.GetString())));
        await page.Locator("[data-testid=export-message]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        AssertNoCspViolations();
    }
}
