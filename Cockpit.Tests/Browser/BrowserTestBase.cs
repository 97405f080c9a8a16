using Cockpit.Tests.Etl;
using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>
/// One Debian Chromium per test class (headless, no network chatter), the app started by the test on its own data
/// folder, console errors collected (a Content-Security-Policy violation shows there), screenshots in artifacts/.
/// </summary>
public abstract class BrowserTestBase(string name) : IAsyncLifetime
{
    protected string Folder { get; } = TempFolder.Create(name);

    protected CockpitServer? Server { get; set; }

    protected IBrowser? Browser { get; private set; }

    protected List<string> ConsoleErrors { get; } = [];

    protected static string Artifacts => Path.Combine(AppContext.BaseDirectory, "artifacts");

    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.Chromium)) return;
        Directory.CreateDirectory(Artifacts);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        TempFolder.Delete(Folder);
    }

    /// <summary>A page in a fresh browser context (its own cookies), its console errors collected.</summary>
    protected async Task<IPage> NewPageAsync(int width = 1400, int height = 1000)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") ConsoleErrors.Add(m.Text); };
        return page;
    }

    /// <summary>Waits for the interactive circuit (the layout's marker).</summary>
    /// <summary>Waits (30 s at most) until <paramref name="condition"/> holds; fails saying what it waited for.</summary>
    protected static Task PollAsync(Func<Task<bool>> condition, string what) => PollAsync(condition, () => what);

    protected static async Task PollAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail($"timed out waiting for {what()}");
    }

    protected static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-testid=interactive]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });

    /// <summary>
    /// Removes a filter chip and waits until it is gone. On a loaded machine a click can land while the page is still
    /// rendering its rows (the chip's button replaced under the pointer, no navigation): it is clicked again then.
    /// </summary>
    protected static async Task RemoveChipAsync(ILocator chip)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1 && await chip.CountAsync() == 0)
            {
                return;
            }
            await chip.Locator("button").ClickAsync();
            try
            {
                await chip.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 20_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>The Content-Security-Policy let everything on the pages run.</summary>
    protected void AssertNoCspViolations() =>
        Assert.DoesNotContain(ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
}
