using System.Globalization;
using System.Text.Json;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The leadership cockpit in a real Chromium (Debian's), driven by Playwright, against the real app.</summary>
[Collection("console")] // it runs the CLI, which writes to the shared Console
public sealed class LeadershipBrowserTests() : BrowserTestBase("browser")
{
    private async Task<IPage> OpenAsync(string path)
    {
        var page = await NewPageAsync(1400, 1900);
        // the cockpit asks for sign-in first, then returns to the page asked for
        await page.GotoAsync(Server!.Url + path);
        await BrowserSignIn.SignInAsync(page, "ceo");
        await WaitInteractiveAsync(page);
        return page;
    }

    private static async Task<string> CardValueAsync(IPage page, string code) =>
        (await page.Locator($"[data-testid=card-{code}] [data-testid=value]").InnerTextAsync()).Trim();

    /// <summary>#rrggbb with every channel at least 0xC0 (light-theme labels are #373d3f).</summary>
    private static bool IsLight(string? hex) =>
        hex is { Length: 7 } && hex[0] == '#' && Enumerable.Range(0, 3).All(i => Convert.ToInt32(hex.Substring(1 + 2 * i, 2), 16) >= 0xC0);

    private Dictionary<string, (decimal? Value, KpiUnit Unit)> KpisJson(string period)
    {
        var (code, output, _) = Cli.Run(["kpis", "--warehouse", Path.Combine(Folder, "warehouse"), "--period", period, "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("code").GetString()!,
            e => (e.GetProperty("value").ValueKind == JsonValueKind.Null ? (decimal?)null : e.GetProperty("value").GetDecimal(),
                  KpiCatalog.Get(e.GetProperty("code").GetString()!).Unit));
    }

    [BrowserFact]
    public async Task TheLeadershipCockpitShowsTheKpiFiguresDrillsDownSwitchesLanguageAndPeriod()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "600", ["Etl__DemoSeed"] = "7" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var zh = CultureInfo.GetCultureInfo("zh-CN");

        var page = await OpenAsync("/");
        await page.WaitForSelectorAsync("[data-testid=card-balance] [data-testid=sparkline] svg.apexcharts-svg", new PageWaitForSelectorOptions { Timeout = 30_000 });

        // every card shows exactly what `kpis --json` gives for the same as-of date and period, formatted
        var ytd = KpisJson("ytd");
        foreach (var code in KpiPages.LeadershipCards)
        {
            Assert.Equal(CockpitFormat.Value(ytd[code].Value, ytd[code].Unit, zh), await CardValueAsync(page, code));
        }
        Assert.True(await page.Locator("[data-testid=trend-balance] svg.apexcharts-svg").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "leadership-zh.png"), FullPage = true });

        // a card opens the rows behind it, with the figure they reconcile to
        var balance = await CardValueAsync(page, "balance");
        await page.Locator("[data-testid=card-balance] [data-testid=value-link]").ClickAsync();
        await page.WaitForURLAsync("**/drill/balance**");
        try
        {
            await page.WaitForSelectorAsync("[data-testid=drill-grid] tbody tr", new PageWaitForSelectorOptions { Timeout = 30_000 });
        }
        finally
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "drill.png") });
        }
        Assert.Equal(balance, (await page.Locator("[data-testid=drill-value]").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("[data-testid=drill-grid] tbody tr").CountAsync() > 10);

        // the grid sorts on the server, largest amount first; a header click turns the order round, the URL keeps it
        var columns = await page.Locator("[data-testid=drill-grid] thead tr:first-child th").EvaluateAllAsync<string[]>("ths => ths.map(t => t.dataset.column)");
        var column = Array.IndexOf(columns, "numerator");
        Assert.True(column >= 0, "the numerator in the balance drill-down: " + string.Join(", ", columns));
        Assert.Equal("分子（万元）", (await page.Locator("[data-testid=drill-grid] thead tr:first-child th").Nth(column).InnerTextAsync()).Trim().TrimEnd('↓', '↑', ' '));
        var header = page.Locator("[data-testid=drill-grid] thead tr:first-child th").Nth(column).Locator("[data-testid=grid-sort]");
        var lastCells = new List<string>();
        Func<Task<bool>> SortedBy(Func<List<decimal>, IEnumerable<decimal>> order) => async () =>
        {
            var cells = await page.Locator($"[data-testid=drill-grid] tbody tr td:nth-child({column + 1})").AllInnerTextsAsync();
            lastCells = [.. cells.Take(10)];
            var values = lastCells.Select(c => decimal.Parse(c, NumberStyles.Number, CultureInfo.InvariantCulture)).ToList();
            return values.Count >= 10 && values.SequenceEqual(order(values));
        };
        await PollAsync(SortedBy(v => v.OrderDescending()), () => "rows by the money column, largest first: " + string.Join(" | ", lastCells));
        await header.ClickAsync();
        await PollAsync(SortedBy(v => v.Order()), () => "rows by the money column, smallest first: " + string.Join(" | ", lastCells));
        Assert.Contains("sort=numerator&dir=asc", page.Url);

        // a chart element opens the rows behind it: the region chart's first bar → balance of that region
        await page.GotoAsync(Server.Url + "/");
        await WaitInteractiveAsync(page);
        var slice = page.Locator("[data-testid=structure-region] path.apexcharts-bar-area").First;
        await slice.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        // a chart may be redrawn right after it first appears (its data arrives); a click on the old drawing is lost
        for (var attempt = 0; attempt < 5 && !page.Url.Contains("/drill/balance", StringComparison.Ordinal); attempt++)
        {
            await slice.ClickAsync();
            try
            {
                await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/drill/balance\\?.*region="), new PageWaitForURLOptions { Timeout = 3_000 });
            }
            catch (TimeoutException)
            {
                // try again
            }
        }
        Assert.Matches("/drill/balance\\?.*region=", page.Url);
        await page.WaitForSelectorAsync("[data-testid=drill-grid] tbody tr", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var sliceValue = (await page.Locator("[data-testid=drill-value]").InnerTextAsync()).Trim();
        Assert.NotEqual(balance, sliceValue); // one region's balance, not the company's

        // the dark theme is remembered by the browser
        await page.GotoAsync(Server.Url + "/");
        await WaitInteractiveAsync(page);
        await page.Locator("[data-testid=theme]").ClickAsync();
        await PollAsync(async () => await page.Locator("[data-testid=theme]").GetAttributeAsync("data-dark") == "true", "dark theme");
        await page.ReloadAsync();
        await WaitInteractiveAsync(page);
        await PollAsync(async () => await page.Locator("[data-testid=theme]").GetAttributeAsync("data-dark") == "true", "dark theme after a reload");
        // and the charts' text follows it (light text on the dark background)
        string? fill = null;
        await PollAsync(async () => IsLight(fill = await page.Locator("[data-testid=trend-balance] text.apexcharts-xaxis-label").First.GetAttributeAsync("fill")),
            () => $"chart labels in a light colour on the dark background, not {fill}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "leadership-dark.png") });
        await page.Locator("[data-testid=theme]").ClickAsync();
        await PollAsync(async () => await page.Locator("[data-testid=theme]").GetAttributeAsync("data-dark") == "false", "light theme");

        // English and back
        await page.Locator("[data-testid=language]").ClickAsync();
        await PollAsync(async () => (await page.Locator("[data-testid=app-name]").InnerTextAsync()).Contains("Guarantee Business Cockpit"), "English");
        await WaitInteractiveAsync(page);
        Assert.Contains("In-force balance", await page.Locator("[data-testid=card-balance]").InnerTextAsync());
        await page.WaitForSelectorAsync("[data-testid=card-balance] [data-testid=sparkline] svg.apexcharts-svg");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "leadership-en.png"), FullPage = true });
        await page.Locator("[data-testid=language]").ClickAsync();
        await PollAsync(async () => (await page.Locator("[data-testid=app-name]").InnerTextAsync()).Contains("担保经营驾驶舱"), "Chinese");
        await WaitInteractiveAsync(page);

        // the period: month → the URL and the figures change
        var month = KpisJson("month");
        await page.Locator("[data-testid=filter-period]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "当月" }).ClickAsync();
        await PollAsync(() => Task.FromResult(page.Url.Contains("period=month")), "period=month in the URL");
        var expected = CockpitFormat.Value(month["new_amount"].Value, month["new_amount"].Unit, zh);
        await PollAsync(async () => await CardValueAsync(page, "new_amount") == expected, $"new_amount = {expected}");
        Assert.NotEqual(CockpitFormat.Value(ytd["new_amount"].Value, ytd["new_amount"].Unit, zh), expected);
        // and back restores the year to date
        await page.GoBackAsync();
        await PollAsync(() => Task.FromResult(!page.Url.Contains("period=month")), "back to year to date");

        // a department head: company totals with their own department's part under each; the part opens the
        // drill-down, which shows exactly that part (the card and its drill-down agree for them too)
        var head = await NewPageAsync(1400, 1900);
        await head.GotoAsync(Server.Url + "/");
        await BrowserSignIn.SignInAsync(head, "bd1");
        await WaitInteractiveAsync(head);
        await head.WaitForSelectorAsync("[data-testid=own-balance]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(balance, await CardValueAsync(head, "balance")); // the company's total
        var own = (await head.Locator("[data-testid=own-balance]").InnerTextAsync()).Trim();
        Assert.StartsWith("其中业务一部：", own);
        await head.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "leadership-bd1.png"), FullPage = true });
        await head.Locator("[data-testid=own-balance]").ClickAsync();
        await head.WaitForURLAsync("**/drill/balance**");
        await head.WaitForSelectorAsync("[data-testid=drill-value]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(own["其中业务一部：".Length..], (await head.Locator("[data-testid=drill-value]").InnerTextAsync()).Trim());
        Assert.NotEqual(balance, (await head.Locator("[data-testid=drill-value]").InnerTextAsync()).Trim());

        // the Content-Security-Policy let Blazor, MudBlazor and ApexCharts do all of the above
        AssertNoCspViolations();
    }
}
