using Cockpit.Tests.Web;
using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>The admin uploads targets on 管理 in a real Chromium: a bad workbook's errors as a table, a good one
/// accepted, pending, then live once the queued rebuild is published; the upload in the audit log with the address.</summary>
[Collection("console")]
public sealed class TargetUploadBrowserTests() : BrowserTestBase("browser-upload")
{
    [BrowserFact]
    public async Task AnAdminUploadsTargetsOnTheAdminPageAndSeesThemGoLive()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "300", ["Etl__DemoSeed"] = "11" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));
        var page = await NewPageAsync();
        await page.GotoAsync(Server.Url + "/");
        await BrowserSignIn.SignInAsync(page, "admin");
        await WaitInteractiveAsync(page);
        var year = DateTime.Now.Year;
        // MudFileUpload adds a fresh input after each pick: the last one is the live one
        ILocator Input() => page.Locator("[data-testid=target-upload] input[type=file]").Last;

        // one bad row: refused, shown by row and column, nothing stored. A file picked while the upload component is
        // still starting on a loaded machine can be lost (no result at all): pick it again then, as a user would.
        var error = page.Locator("[data-testid=upload-error]").First;
        for (var attempt = 1; ; attempt++)
        {
            await Input().SetInputFilesAsync(new FilePayload
            {
                Name = "目标.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Buffer = TargetUploadTests.Workbook([year, null, "ALL", "nps", 42m], [year, 7, "ALL", "nps", 1m]),
            });
            try
            {
                await error.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
                break;
            }
            catch (TimeoutException)
            {
                // nothing came of the pick: pick again (a result without the error rows is a real failure)
                if (attempt >= 3 || await page.Locator("[data-testid=upload-refused], [data-testid=upload-accepted]").CountAsync() > 0) throw;
            }
        }
        var cells = await error.Locator("td").AllInnerTextsAsync();
        Assert.Equal("3", cells[0].Trim());
        Assert.Equal("quarter", cells[1].Trim());

        // a good one: accepted, then live once the rebuild it queued is published
        await Input().SetInputFilesAsync(new FilePayload
        {
            Name = "目标.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = TargetUploadTests.Workbook([year, null, "ALL", "nps", 42m]),
        });
        await page.WaitForSelectorAsync("[data-testid=upload-accepted]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.Locator("[data-testid=upload-status]", new PageLocatorOptions { HasText = "已生效" })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "target-upload.png"), FullPage = true });

        await page.GotoAsync(Server.Url + "/admin/audit");
        await WaitInteractiveAsync(page);
        var row = page.Locator("[data-testid=audit-log] tbody tr", new PageLocatorOptions { HasText = "targets_upload_" }).First;
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var text = await row.InnerTextAsync();
        Assert.Contains("admin", text);
        Assert.Contains("127.0.0.1", text);
        AssertNoCspViolations();
    }
}
