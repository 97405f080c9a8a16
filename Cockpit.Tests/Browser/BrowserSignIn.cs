using Microsoft.Playwright;

namespace Cockpit.Tests.Browser;

/// <summary>Signing in through the real form in the browser.</summary>
public static class BrowserSignIn
{
    public const string Password = "Cockpit@2026";

    /// <summary>On the sign-in page (where the cockpit sends anyone not signed in): type the name and password, submit.</summary>
    public static async Task SignInAsync(IPage page, string user, string password = Password)
    {
        await page.WaitForSelectorAsync("[data-testid=login-form]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.FillAsync("[data-testid=login-username]", user);
        await page.FillAsync("[data-testid=login-password]", password);
        // the click waits for the page signed in to: a cold page on a busy machine can take a while
        await page.ClickAsync("[data-testid=login-submit]", new PageClickOptions { Timeout = 120_000 });
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
    }
}
