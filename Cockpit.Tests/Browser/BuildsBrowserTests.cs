using System.Globalization;
using System.Text.Json;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>
/// The cockpit as of an earlier build (issue 16, item 4), as an auditor uses it in a real browser: two builds whose
/// figures differ, the builds page, the earlier build on every page and in an export, and the way back.
/// </summary>
[Collection("console")] // it runs the CLI, which writes to the shared Console
public sealed class BuildsBrowserTests() : BrowserTestBase("builds")
{
    private string Warehouse => Path.Combine(Folder, "warehouse");

    private Dictionary<string, decimal?> KpisJson(string? build)
    {
        string[] args = ["kpis", "--warehouse", Warehouse, "--period", "ytd", "--json"];
        var (code, output, error) = Cli.Run(build is null ? args : [.. args, "--build", build]);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("code").GetString()!,
            e => e.GetProperty("value").ValueKind == JsonValueKind.Null ? (decimal?)null : e.GetProperty("value").GetDecimal());
    }

    private static async Task<string> CardValueAsync(IPage page, string code) =>
        (await page.Locator($"[data-testid=card-{code}] [data-testid=value]").InnerTextAsync()).Trim();

    private static async Task AssertCardsAsync(IPage page, Dictionary<string, decimal?> expected)
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        foreach (var code in KpiPages.LeadershipCards)
        {
            var want = CockpitFormat.Value(expected[code], KpiCatalog.Get(code).Unit, zh);
            string shown = "";
            await PollAsync(async () => (shown = await CardValueAsync(page, code)) == want, () => $"{code}: {want} on the card, not {shown}");
        }
    }

    [BrowserFact]
    public async Task AnAuditorViewsTheCockpitAsOfAnEarlierBuildOnEveryPageAndInExportsAndReturns()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "400", ["Etl__DemoSeed"] = "11" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var first = JsonDocument.Parse(File.ReadAllText(Path.Combine(Warehouse, "current.json"))).RootElement;
        var firstBuild = first.GetProperty("buildId").GetString()!;
        var firstRun = first.GetProperty("runId").GetInt64();
        var before = KpisJson(null);

        // the core system changes: every balance at the latest month end halves; a second run publishes that
        using (var db = new SqliteConnection($"Data Source={Path.Combine(Folder, "source.db")};Pooling=False"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "update balance_snapshots set outstanding = round(outstanding / 2, 2) where as_of = (select max(as_of) from balance_snapshots)";
            Assert.True(update.ExecuteNonQuery() > 0);
        }
        var (code, _, error) = Cli.Run(["run", "--source", Path.Combine(Folder, "source.db"), "--inbox", Path.Combine(Folder, "inbox"), "--warehouse", Warehouse]);
        Assert.True(code == 0, error);
        var current = KpisJson(null);
        Assert.NotEqual(before["balance"], current["balance"]); // the two builds differ where the test looks

        // `kpis --build` reads the earlier build file: the figures before the change
        var earlier = KpisJson(firstBuild);
        Assert.Equal(before, earlier);
        Assert.Equal(earlier, KpisJson(firstRun.ToString(CultureInfo.InvariantCulture)));

        var page = await NewPageAsync(1400, 1600);
        await page.GotoAsync(Server.Url + "/admin/builds");
        await BrowserSignIn.SignInAsync(page, "audit");
        await WaitInteractiveAsync(page);
        // both builds listed, the newer one current
        var rows = page.Locator("[data-testid=build-row]");
        await PollAsync(async () => await rows.CountAsync() == 2, "two kept builds");
        Assert.Equal(1, await page.Locator($"[data-testid=build-row][data-build='{firstBuild}'] [data-testid=build-view]").CountAsync());
        Assert.Equal(1, await rows.First.Locator("[data-testid=build-current]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "builds.png"), FullPage = true });

        // view the earlier build: the auditor lands on the leadership page, which shows that build's figures
        await page.Locator($"[data-testid=build-row][data-build='{firstBuild}'] [data-testid=build-view]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/admin/builds", StringComparison.Ordinal));
        await WaitInteractiveAsync(page);
        await AssertCardsAsync(page, earlier);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "builds-leadership-earlier.png"), FullPage = true });

        // every page the auditor opens says which build it reads
        foreach (var path in new[] { "/", "/business", "/risk", "/risk/stress", "/customers", "/explore", "/drill/balance", "/admin/builds", "/admin/audit" })
        {
            await page.GotoAsync(Server.Url + path);
            await WaitInteractiveAsync(page);
            var banner = page.Locator("[data-testid=as-of-build]");
            await banner.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            Assert.Equal(firstBuild, await banner.GetAttributeAsync("data-build"));
            Assert.Contains($"批次 #{firstRun}", await banner.InnerTextAsync());
            Assert.Equal("true", await page.Locator("[data-testid=freshness]").GetAttributeAsync("data-viewing"));
        }
        // the drill-down reconciles to the earlier balance
        await page.GotoAsync(Server.Url + "/drill/balance");
        await WaitInteractiveAsync(page);
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var balanceText = CockpitFormat.Value(earlier["balance"], KpiUnit.Yuan, zh);
        await PollAsync(async () => (await page.Locator("[data-testid=drill-value]").InnerTextAsync()).Trim() == balanceText, "the earlier balance in the drill-down");

        // an export reads the same build and says so on its cover
        await page.GotoAsync(Server.Url + "/customers");
        await WaitInteractiveAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=calllist-export]").ClickAsync());
        var file = Path.Combine(Folder, "calllist.xlsx");
        await download.SaveAsAsync(file);
        using (var book = new ClosedXML.Excel.XLWorkbook(file))
        {
            var about = book.Worksheet("说明 About");
            var buildLine = about.RowsUsed().Single(r => r.Cell(1).GetString() == "数据版本 Build").Cell(2).GetString();
            Assert.StartsWith($"{firstBuild} (ETL #{firstRun})", buildLine);
            Assert.Contains("历史数据版本", buildLine);
        }

        // back to the current data, on the page the auditor is on
        await page.GotoAsync(Server.Url + "/");
        await WaitInteractiveAsync(page);
        await page.Locator("[data-testid=as-of-return]").ClickAsync();
        await page.WaitForURLAsync(Server.Url + "/");
        await WaitInteractiveAsync(page);
        Assert.Equal(0, await page.Locator("[data-testid=as-of-build]").CountAsync());
        await AssertCardsAsync(page, current);
        Assert.Null(await page.Locator("[data-testid=freshness]").GetAttributeAsync("data-viewing"));
        AssertNoCspViolations();
    }
}
