using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cockpit.Tests.Web;

/// <summary>The real app (Program) over HTTP with its own data folder, and signing in through the real form.</summary>
public static partial class WebTestSupport
{
    public const string DemoPassword = "Cockpit@2026";

    /// <summary>The sign-in page's one answer to an unknown user, a wrong password and a locked or disabled account.</summary>
    public const string SignInRefused = "用户名或密码错误，或账号已锁定或停用（连续输错 5 次锁定 15 分钟）。请稍后再试或联系管理员。";

    /// <summary>An app on the given source, inbox and warehouse; accounts and the audit log live in <paramref name="dataFolder"/>.</summary>
    public static WebApplicationFactory<Program> App(string dataFolder, string sourceDb, string inbox, string warehouse,
        IDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development"); // demo accounts on
            // no console logging: the CLI tests capture Console.Out while these hosts run in parallel
            b.ConfigureLogging(l => l.ClearProviders());
            b.UseSetting("Source:Provider", "sqlite");
            b.UseSetting("Source:ConnectionString", $"Data Source={sourceDb}");
            b.UseSetting("Etl:DataDirectory", dataFolder);
            b.UseSetting("Etl:InboxDirectory", inbox);
            b.UseSetting("Warehouse:Directory", warehouse);
            b.UseSetting("Hangfire:Storage", "memory"); // the app's default is a SQLite file; a test that wants it says so
            // the tests' clients all sign in from one address: the per-address sign-in limit (10 a minute) is raised;
            // SignInProtectionTests sets its own
            b.UseSetting("Auth:SignInAttemptsPerMinute", "1000");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            configure?.Invoke(b);
        });

    /// <summary>A client that keeps cookies; redirects followed unless asked otherwise.</summary>
    public static HttpClient Client(this WebApplicationFactory<Program> app, bool followRedirects = true) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, HandleCookies = true });

    /// <summary>Signs in through the sign-in form (antiforgery token and all); returns the response to the post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string user, string password = DemoPassword, string path = "/account/login")
    {
        var token = await FormTokenAsync(client, path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>A client of <paramref name="app"/> signed in as <paramref name="user"/> (fails the test if the sign-in fails).</summary>
    public static async Task<HttpClient> SignedInAsync(this WebApplicationFactory<Program> app, string user, bool followRedirects = true)
    {
        var client = app.Client(followRedirects);
        var response = await client.SignInAsync(user);
        var signedIn = followRedirects
            ? response.RequestMessage!.RequestUri!.AbsolutePath != "/account/login"
            : response.StatusCode == HttpStatusCode.Redirect;
        Assert.True(signedIn, $"sign-in as {user} failed: {response.StatusCode} {response.RequestMessage?.RequestUri}");
        return client;
    }

    /// <summary>The audit log of <paramref name="app"/>, oldest first (one user's, or everyone's).</summary>
    public static async Task<List<Cockpit.Web.Security.AuditEntry>> AuditAsync(this WebApplicationFactory<Program> app, string? user = null)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<Cockpit.Web.Security.IdentityDb>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().Where(e => user == null || e.UserName == user).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = Token().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The text of the element with data-testid=<paramref name="testId"/> (first text node), or null.</summary>
    public static string? TestIdText(string html, string testId, int from = 0)
    {
        var at = html.IndexOf($"data-testid=\"{testId}\"", from, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = html.IndexOf('>', at) + 1;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('<', start)]).Trim();
    }

    /// <summary>The value shown on a KPI card.</summary>
    public static string? CardValue(string html, string code)
    {
        var card = html.IndexOf($"data-testid=\"card-{code}\"", StringComparison.Ordinal);
        return card < 0 ? null : TestIdText(html, "value", card);
    }

    public static async Task<string> WaitForAsync(HttpClient client, string path, Func<string, bool> ready, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string html;
        do
        {
            html = WebUtility.HtmlDecode(await client.GetStringAsync(path));
            if (ready(html)) return html;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);
        return html;
    }

    public static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
