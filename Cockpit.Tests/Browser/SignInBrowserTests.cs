using Cockpit.Tests.Etl;
using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>Each demo role signs in in a real Chromium and sees its own navigation; the admin runs the ETL by hand and
/// the audit log shows it with the browser's address; signing out returns to the sign-in page.</summary>
[Collection("console")]
public sealed class SignInBrowserTests : IAsyncLifetime
{
    private readonly string _folder = TempFolder.Create("browser-signin");
    private readonly List<string> _consoleErrors = [];
    private CockpitServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private static string Artifacts => Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.Chromium)) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        TempFolder.Delete(_folder);
    }

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

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") _consoleErrors.Add(m.Text); };
        return page;
    }

    private static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-testid=interactive]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });

    [BrowserFact]
    public async Task EachDemoRoleSignsInAndSeesItsNavigationAndTheAdminsRunIsAudited()
    {
        Directory.CreateDirectory(Artifacts);
        _server = await CockpitServer.StartAsync(_folder, new Dictionary<string, string> { ["Etl__DemoContracts"] = "300", ["Etl__DemoSeed"] = "11" });
        await _server.WaitForBuildAsync(TimeSpan.FromSeconds(120));

        foreach (var (user, home, nav) in Roles)
        {
            var page = await NewPageAsync();
            await page.GotoAsync(_server.Url + "/");
            Assert.Contains("/account/login", page.Url); // nobody sees anything without signing in
            if (user == "ceo") await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "sign-in.png") });
            await BrowserSignIn.SignInAsync(page, user);
            Assert.Equal(_server.Url + home, page.Url);
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
                await page.GotoAsync(_server.Url + "/admin/audit");
                await WaitInteractiveAsync(page);
                var row = page.Locator("[data-testid=audit-log] tbody tr", new PageLocatorOptions { HasText = "etl_manual" }).First;
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
            await page.GotoAsync(_server.Url + home);
            Assert.Contains("/account/login", page.Url);
            await page.Context.CloseAsync();
        }
        Assert.DoesNotContain(_consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}
