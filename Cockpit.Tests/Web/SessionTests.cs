using System.Diagnostics;
using System.Net;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// The user-admin app with the production session settings and a sign-in limit of <see cref="AttemptsPerMinute"/> a
/// minute per address; in this test host only, a request's client address comes from the <see cref="ClientHeader"/>
/// header (the production limiter is keyed on the connection's remote address, which the test server leaves empty).
/// </summary>
public sealed class SessionApp : UserAdminApp
{
    public const int AttemptsPerMinute = 4;

    public const string ClientHeader = "X-Test-Client-Address";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:SignInAttemptsPerMinute"] = AttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void Configure(IWebHostBuilder host) =>
        host.ConfigureServices(s => s.AddTransient<IStartupFilter, ClientAddressFromHeader>());

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextStep) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[ClientHeader].ToString(), out var ip)) http.Connection.RemoteIpAddress = ip;
                return nextStep(http);
            });
            next(app);
        };
    }
}

/// <summary>
/// Issue 17 items 2 and 3, over HTTP against the real app: sign-out, a password change or reset, disabling and a role
/// change refuse the user's other sessions (and a copy of the cookie) at their next request; the sign-in page answers
/// an unknown user, a wrong password and a locked account alike; sign-in posts are limited per client address.
/// </summary>
public sealed class SessionTests(SessionApp fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SessionApp>
{
    private static int _addresses;

    private WebApplicationFactory<Program> App => fixture.App;

    /// <summary>A client from its own address (so the sign-in limit of one test does not touch another's).</summary>
    private HttpClient ClientFrom(string? address = null, CookieContainer? cookies = null)
    {
        var client = App.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies ?? new CookieContainer()));
        client.DefaultRequestHeaders.Add(SessionApp.ClientHeader, address ?? NewAddress());
        return client;
    }

    private static string NewAddress() => $"10.17.{Interlocked.Increment(ref _addresses) / 250}.{_addresses % 250 + 1}";

    /// <summary>A signed-in session whose cookie can be copied.</summary>
    private async Task<(HttpClient Client, CookieContainer Cookies)> SessionAsync(string user, string password = DemoPassword)
    {
        var cookies = new CookieContainer();
        var client = ClientFrom(cookies: cookies);
        var response = await client.SignInAsync(user, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, cookies);
    }

    private static string AuthCookie(CookieContainer cookies) => cookies.GetCookies(new Uri("http://localhost"))["cockpit.auth"]?.Value
        ?? throw new InvalidOperationException("no sign-in cookie");

    /// <summary>A request carrying exactly the given sign-in cookie (a copy saved earlier).</summary>
    private async Task<HttpResponseMessage> WithCookieAsync(string cookie, HttpMethod method, string path)
    {
        using var client = ClientFrom();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"cockpit.auth={cookie}");
        return await client.SendAsync(request);
    }

    /// <summary>The copy of a session cookie opens nothing: pages send it to the sign-in page with no figures, and no
    /// new page circuit can be opened with it.</summary>
    private async Task AssertRefusedAsync(string cookie, string what)
    {
        var page = await WithCookieAsync(cookie, HttpMethod.Get, "/drill/balance?asof=2026-06&dept=BD1");
        Assert.True(page.StatusCode == HttpStatusCode.Redirect, $"{what}: {page.StatusCode}");
        Assert.Equal("/account/login", new Uri(new Uri("http://localhost"), page.Headers.Location!).AbsolutePath);
        Assert.DoesNotContain("drill-value", await page.Content.ReadAsStringAsync());
        var circuit = await WithCookieAsync(cookie, HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        Assert.True(circuit.StatusCode == HttpStatusCode.Unauthorized, $"{what}: circuit {circuit.StatusCode}");
    }

    private async Task AssertOpensBd1Async(string cookie)
    {
        var page = await WithCookieAsync(cookie, HttpMethod.Get, "/drill/balance?asof=2026-06&dept=BD1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(TestIdText(WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), "drill-value"));
    }

    private async Task<HttpResponseMessage> AdminPostAsync(string path, params (string Key, string Value)[] fields)
    {
        var (admin, _) = await SessionAsync("admin");
        using (admin)
        {
            var token = await FormTokenAsync(admin, "/admin/users");
            var response = await admin.PostAsync(path, new FormUrlEncodedContent(
                [new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]));
            Assert.Equal("/admin/users?saved=1", response.Headers.Location?.OriginalString);
            return response;
        }
    }

    public static TheoryData<string> Events => ["sign-out", "own password change", "password reset", "disabled", "role change"];

    [Theory]
    [MemberData(nameof(Events))]
    public async Task ASessionCopiedBeforeTheEventIsRefusedAtItsNextRequest(string change)
    {
        var name = "s-" + change.Replace(' ', '-');
        var user = await fixture.CreateUserAsync(name, CockpitRoles.Executive);
        var (first, firstCookies) = await SessionAsync(name);
        var (second, secondCookies) = await SessionAsync(name);
        var saved = AuthCookie(firstCookies);
        var other = AuthCookie(secondCookies);
        // before: the executive reads BD1's drill-down with either cookie
        await AssertOpensBd1Async(saved);
        await AssertOpensBd1Async(other);

        switch (change)
        {
            case "sign-out":
                var token = await FormTokenAsync(first, "/account/password");
                var signedOut = await first.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
                Assert.Equal("/account/login", signedOut.Headers.Location?.OriginalString);
                break;
            case "own password change":
                token = await FormTokenAsync(first, "/account/password");
                var changed = await first.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["_handler"] = "password",
                    ["Input.Current"] = DemoPassword, ["Input.New"] = "Changed#2026x", ["Input.Confirm"] = "Changed#2026x",
                }));
                Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync());
                // the session that changed it goes on with its renewed cookie
                await AssertOpensBd1Async(AuthCookie(firstCookies));
                break;
            case "password reset":
                await AdminPostAsync($"/admin/users/{user.Id}/password", ("password", "Reset#2026abc"));
                break;
            case "disabled":
                await AdminPostAsync($"/admin/users/{user.Id}/disable");
                break;
            case "role change":
                // demoted from executive to the head of BD2: BD1's figures are no longer theirs
                await AdminPostAsync($"/admin/users/{user.Id}/role", ("role", CockpitRoles.DepartmentHead), ("department", "BD2"));
                break;
        }

        // at once (well within the 5 s the account's check is cached for): both copies are refused
        await AssertRefusedAsync(saved, $"{change}: the saved cookie");
        await AssertRefusedAsync(other, $"{change}: the other session");
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task AnUnknownUserAWrongPasswordAndALockedAccountGetTheSameAnswer()
    {
        await fixture.CreateUserAsync("s-known", CockpitRoles.Executive);
        async Task<(HttpStatusCode Status, string? Message, TimeSpan Took)> TryAsync(string user, string password)
        {
            using var client = ClientFrom();
            var token = await FormTokenAsync(client, "/account/login");
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = user, ["Input.Password"] = password,
            }));
            var html = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, TestIdText(html, "login-error"), watch.Elapsed);
        }

        var unknown = await TryAsync("s-nobody", "Wrong@Password1");
        var wrong = await TryAsync("s-known", "Wrong@Password1");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Equal(unknown.Status, wrong.Status);
        Assert.Equal(SignInRefused, unknown.Message);
        Assert.Equal(unknown.Message, wrong.Message);

        // timing: a password is hashed for an unknown user too (medians of a few tries each, after the first); the
        // account's fifth wrong password locks it
        var unknownTimes = new List<TimeSpan>();
        var wrongTimes = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            unknownTimes.Add((await TryAsync($"s-nobody{i}", "Wrong@Password1")).Took);
            wrongTimes.Add((await TryAsync("s-known", "Wrong@Password1")).Took);
        }
        var unknownMedian = unknownTimes.Order().ElementAt(2);
        var wrongMedian = wrongTimes.Order().ElementAt(2);
        output.WriteLine($"median of 4: unknown user {unknownMedian.TotalMilliseconds:0} ms, wrong password {wrongMedian.TotalMilliseconds:0} ms");
        Assert.True(unknownMedian > wrongMedian * 0.4, $"unknown user {unknownMedian.TotalMilliseconds} ms, wrong password {wrongMedian.TotalMilliseconds} ms");

        // now locked: the right password gets the same answer
        var locked = await TryAsync("s-known", DemoPassword);
        Assert.Equal((unknown.Status, unknown.Message), (locked.Status, locked.Message));
        var audit = await fixture.AuditAsync("s-known");
        Assert.Equal(["wrong password", "wrong password", "wrong password", "wrong password", "locked", "locked"], audit.Select(a => a.Detail));
        Assert.Equal("unknown user", (await fixture.AuditAsync("s-nobody")).Single().Detail);
    }

    [Fact]
    public async Task SignInPostsAreLimitedPerClientAddressAndTheThrottledAttemptIsAudited()
    {
        await fixture.CreateUserAsync("s-target", CockpitRoles.Executive);
        var address = NewAddress();
        using var guesser = ClientFrom(address);
        for (var i = 0; i < SessionApp.AttemptsPerMinute; i++)
        {
            var response = await guesser.SignInAsync("s-target", $"Guess#{i}abcdef");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(SignInRefused, TestIdText(await response.Content.ReadAsStringAsync(), "login-error"));
        }
        // the next post from that address is refused before any password is checked: 429, the sign-in page saying why
        var throttled = await guesser.SignInAsync("s-target", DemoPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var html = await throttled.Content.ReadAsStringAsync();
        Assert.Equal("登录尝试过于频繁，请一分钟后再试。 Too many sign-in attempts, try again in a minute.", TestIdText(html, "login-error"));
        Assert.Contains("data-testid=\"login-form\"", html);
        Assert.True(throttled.Headers.RetryAfter is not null);
        // showing the page is not limited
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/account/login")).StatusCode);

        // another address signs in as usual (the same account: four wrong passwords did not lock it)
        using var colleague = ClientFrom();
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.SignInAsync("s-target")).StatusCode);

        // the audit log has the throttled attempt: the name tried and the address
        var entry = Assert.Single(await fixture.AuditAsync("s-target"), a => a.Action == AuditActions.SignInThrottled);
        Assert.False(entry.Succeeded);
        Assert.Equal(address, entry.RemoteIp);
        Assert.Equal($"throttled per_minute={SessionApp.AttemptsPerMinute} address={address}", entry.Detail);
    }
}
