using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>Each demo role signs in in a real Chromium and sees its own navigation; the admin runs the ETL by hand and
/// the audit log shows it with the browser's address; signing out returns to the sign-in page.</summary>
[Collection("console")]
public sealed class SignInBrowserTests() : BrowserTestBase("browser-signin")
{
    private static readonly string[] AllNav = ["nav-leadership", "nav-business", "nav-risk", "nav-customers", "nav-explore", "nav-admin", "nav-users", "nav-audit"];

    // PAGES.md, written out: where each role lands and what its navigation offers
    public static readonly (string User, string Home, string[] Nav)[] Roles =
    [
        ("ceo", "/", ["nav-leadership", "nav-business", "nav-risk", "nav-customers", "nav-explore"]),
        ("bd1", "/", ["nav-leadership", "nav-business", "nav-customers"]),
        ("risk", "/risk", ["nav-risk", "nav-customers"]),
        ("audit", "/", ["nav-leadership", "nav-business", "nav-risk", "nav-customers", "nav-explore", "nav-audit"]),
        ("admin", "/admin", ["nav-admin", "nav-users", "nav-audit"]),
    ];

    [BrowserFact]
    public async Task EachDemoRoleSignsInAndSeesItsNavigationAndTheAdminsRunIsAudited()
    {
        Server = await CockpitServer.StartAsync(Folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "300", ["Etl__DemoSeed"] = "11" });
        await Server.WaitForBuildAsync(TimeSpan.FromSeconds(120));

        foreach (var (user, home, nav) in Roles)
        {
            var page = await NewPageAsync();
            await page.GotoAsync(Server.Url + "/");
            Assert.Contains("/account/login", page.Url); // nobody sees anything without signing in
            if (user == "ceo") await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "sign-in.png") });
            await BrowserSignIn.SignInAsync(page, user);
            Assert.Equal(Server.Url + home, page.Url);
            await WaitInteractiveAsync(page);
            foreach (var item in AllNav)
            {
                var shown = await page.Locator($"[data-testid={item}]").CountAsync() > 0;
                Assert.True(nav.Contains(item) == shown, $"{user}: {item} {(shown ? "shown" : "missing")}");
            }
            Assert.Contains(user == "bd1" ? "部门负责人 BD1" : "", await page.Locator("[data-testid=user-name]").InnerTextAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, $"home-{user}.png") });

            if (user == "admin")
            {
                // run the ETL by hand: queued, audited with the browser's address
                await page.ClickAsync("[data-testid=etl-run-now]");
                await page.WaitForSelectorAsync("[data-testid=etl-started]");
                await page.GotoAsync(Server.Url + "/admin/audit");
                await WaitInteractiveAsync(page);
                var row = page.Locator("[data-testid=audit-log] tbody tr", new PageLocatorOptions { HasText = "手动运行 ETL" }).First;
                await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                var text = await row.InnerTextAsync();
                Assert.Contains("admin", text);
                Assert.Contains("127.0.0.1", text);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "audit-log.png") });
            }

            // sign out from the user menu: back to the sign-in page, and the cockpit is closed again
            await page.ClickAsync("[data-testid=user-name]");
            await page.ClickAsync("[data-testid=sign-out]");
            await page.WaitForURLAsync("**/account/login**");
            await page.GotoAsync(Server.Url + home);
            Assert.Contains("/account/login", page.Url);
            await page.Context.CloseAsync();
        }
        AssertNoCspViolations();
    }
}
