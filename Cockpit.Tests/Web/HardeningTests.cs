using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// What the running cockpit gives away and how it takes hostile input (issue 17): the demo's run configuration leaks
/// no stack trace or request header, no input gives a 500 and every redirect stays on the site, and behind a
/// TLS-terminating proxy only the configured proxies' forwarded headers count.
/// </summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class HardeningTests(SecuredCompany secured)
{
    private WebApplicationFactory<Program> App => secured.App;

    /// <summary>The environment <c>dotnet run --project Cockpit.Web</c> runs: launchSettings.json's first profile.</summary>
    private static string DemoEnvironment()
    {
        var path = Path.Combine(Cockpit.Tests.Browser.CockpitServer.RepositoryRoot(), "Cockpit.Web", "Properties", "launchSettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var first = json.RootElement.GetProperty("profiles").EnumerateObject().First();
        return first.Value.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString()!;
    }

    /// <summary>Another host of the cockpit on the hand-made company, in <paramref name="environment"/>, with its own accounts.</summary>
    private WebApplicationFactory<Program> Host(string folder, string environment, Dictionary<string, string>? settings = null) =>
        WebTestSupport.App(folder, Path.Combine(secured.Company.Folder, "source.db"), Path.Combine(secured.Company.Folder, "inbox"), secured.Warehouse,
            settings, b => b.UseEnvironment(environment));

    [Fact]
    public async Task TheDemosRunConfigurationAnswersAPostWithoutAValidTokenWith400AndNoStackTraceOrHeaders()
    {
        var environment = DemoEnvironment();
        // the developer exception page (the stack trace and the HEADERS block) is only ever added in Development
        Assert.NotEqual("Development", environment);
        var folder = Cockpit.Tests.Etl.TempFolder.Create("demo-env");
        try
        {
            // the environment's own settings file is read as in the demo: the demo accounts are there
            await using var demo = Host(folder, environment);
            using var admin = await demo.SignedInAsync("admin", followRedirects: false);
            string[] posts = ["/account/logout", "/admin/users/create", "/admin/etl/run", "/admin/users/x/unlock", "/account/login"];
            foreach (var path in posts)
            {
                foreach (var token in new[] { null, "CfDJ8forged-token" })
                {
                    var form = new Dictionary<string, string> { ["_handler"] = "login", ["note"] = "forged", ["userName"] = "forged", ["Input.UserName"] = "ceo", ["Input.Password"] = DemoPassword };
                    if (token is not null) form["__RequestVerificationToken"] = token;
                    using var response = await admin.PostAsync(path, new FormUrlEncodedContent(form));
                    var body = await response.Content.ReadAsStringAsync();
                    var what = $"{path} (token {token ?? "missing"}): {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}";
                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
                    Assert.DoesNotContain("   at ", body);
                    Assert.DoesNotContain("Cookie:", body);
                    Assert.DoesNotContain("HEADERS", body);
                    Assert.DoesNotContain("cockpit.auth", body);
                    Assert.DoesNotContain("AntiforgeryValidationException", body);
                    // a plain message in both languages
                    Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
                    Assert.Contains("防伪令牌", body);
                    Assert.Contains("antiforgery token", body);
                }
            }
            // nothing was done: the sign-out was refused, the admin is still signed in, no run was started
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
            Assert.DoesNotContain(await demo.AuditAsync(), a => a.Action is "sign_out" or "etl_manual" or "role_changed");
        }
        finally
        {
            Cockpit.Tests.Etl.TempFolder.Delete(folder);
        }
    }

    // who asks ("" anonymous; "sign-in": the input is the sign-in page's ReturnUrl), how, and what
    public static TheoryData<string, string, string> HostileInputs()
    {
        var data = new TheoryData<string, string, string>();
        // redirects of the language switch
        foreach (var redirect in new[] { "/%5Cevil.example", "/%09/evil.example", "//evil.example", "https://evil.example/", "/%E3%80%82/evil.example",
                     "/%0D%0ALocation:%20https://evil.example", "%2F%2Fevil.example", "/%5C/evil.example", "javascript:alert(1)" })
        {
            data.Add("", "GET", "/culture?c=en-US&redirect=" + redirect);
        }
        // return addresses after sign-in (as the address bar sends them)
        foreach (var returnUrl in new[] { "/%E3%80%82/evil.example", "/%5Cevil.example", "/%09/evil.example", "//evil.example", "/%0D%0ASet-Cookie:%20x=1",
                     "https://evil.example/", "/" + new string('a', 5000) })
        {
            data.Add("sign-in", "POST", returnUrl);
        }
        // return addresses of the builds page's form posts (back to the current data)
        foreach (var returnUrl in new[] { "/\\evil.example", "/\t/evil.example", "//evil.example", "/\u3002/evil.example" })
        {
            data.Add("audit", "BACK", returnUrl);
        }
        // culture values: in the switch and in the culture cookie
        foreach (var culture in new[] { "xx-INVALID", "%00", "zh-CN%0D%0Ax", new string('z', 5000), "../../etc" })
        {
            data.Add("", "GET", $"/culture?c={culture}&redirect=/account/login");
            data.Add("", "COOKIE", $"c={culture}|uic={culture}");
        }
        // paths and parameters (a NUL in the path itself is refused by the server before the app: 400 from Kestrel,
        // and the test server cannot send one)
        foreach (var path in new[] { "/drill/unknown", "/drill/balance?asof=garbage&period=zzz", "/drill/balance?asof=9999-99", "/?asof=0000-00&dept=%00",
                     "/?asof=" + new string('9', 6000), "/customers/%2E%2E%2F%2E%2E%2Fidentity.db", "/customers?q=%00&page=-1",
                     "/business/managers/..%2F..%2Fx", "/risk/stress?scenario=zzz&shock=abc", "/explore?kpi=../x&dims=%00", "/..%2F..%2Fetc%2Fpasswd",
                     "/_framework/..%2F..%2Fappsettings.json", "/drill/%E2%80%AE?asof=2026-06" })
        {
            data.Add("ceo", "GET", path);
        }
        // exports with garbage parameters, download tokens that try to leave the folder
        foreach (var path in new[] { "/export/unknown", "/export/balance?asof=garbage", "/export/balance?asof=2026-06&format=exe&sort=zzz&page=-1",
                     "/export/download/..%2F..%2Fidentity.db", "/export/download/%E2%80%AE", "/export/download/" + new string('x', 3000),
                     "/business/export?asof=garbage&dept=%00", "/risk/stress/export?scenario=zz&asof=x", "/customers/calllist/export?asof=garbage&days=abc",
                     "/admin/audit/export?from=garbage&to=2026-99-99" })
        {
            data.Add("audit", "GET", path);
        }
        // the admin's pages and Hangfire's routes
        foreach (var path in new[] { "/hangfire/stats", "/hangfire/jobs/details/abc", "/admin/runs/abc", "/admin/runs/99999999", "/admin/quarantine/download?run=abc",
                     "/admin/quarantine/download?run=1&source=../../etc/passwd&column=x&reason=y", "/admin/quarantine?run=-1", "/admin/audit?from=garbage&to=zz" })
        {
            data.Add("admin", "GET", path);
        }
        // a form post with a valid token to a page that has no such form (or no page at all)
        data.Add("ceo", "FORM", "/");
        data.Add("ceo", "FORM", "/drill/balance?asof=2026-06");
        data.Add("ceo", "FORM", "/no-such-page");
        data.Add("admin", "FORM", "/admin");
        // a form post to Hangfire without the dashboard's token: Hangfire's 403, shown as "no access"
        data.Add("admin", "FORM", "/hangfire/stats");
        data.Add("admin", "JSON", "/hangfire/stats");
        data.Add("admin", "JSON", "/hangfire/jobs/enqueued/delete");
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public async Task AHostileInputIsAnsweredWithoutA500AndRedirectsStayOnTheSite(string user, string method, string input)
    {
        using var client = user is "" or "sign-in" ? App.Client(followRedirects: false) : await App.SignedInAsync(user, followRedirects: false);
        using var response = method switch
        {
            "POST" => await client.SignInAsync("ceo", path: "/account/login?ReturnUrl=" + input),
            "COOKIE" => await SendAsync(client, HttpMethod.Get, "/account/login", r => r.Headers.Add("Cookie", ".AspNetCore.Culture=" + input)),
            "FORM" => await client.PostAsync(input, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await FormTokenAsync(client, "/account/password"), ["x"] = "1",
            })),
            "BACK" => await client.PostAsync("/builds/current", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await FormTokenAsync(client, "/account/password"), ["returnUrl"] = input,
            })),
            "JSON" => await SendAsync(client, HttpMethod.Post, input, r => r.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json")),
            _ => await client.GetAsync(input),
        };
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{user} {method} {input}: {(int)response.StatusCode}");
        Assert.DoesNotContain("   at ", body);
        // a refusal says why
        Assert.True((int)response.StatusCode < 400 || body.Trim().Length > 0, $"{user} {method} {input}: {(int)response.StatusCode} without a message");
        if (method == "POST")
        {
            // the sign-in succeeds whatever the return address says
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in with ReturnUrl={input}: {(int)response.StatusCode}");
            Assert.DoesNotContain("/account/login", response.Headers.Location!.OriginalString);
        }
        if (response.Headers.Location is not { } location) return;
        Assert.All(location.OriginalString, c => Assert.True(c is > ' ' and < (char)127, $"Location {location.OriginalString}: not plain ASCII"));
        if (location.IsAbsoluteUri)
        {
            Assert.Equal(client.BaseAddress!.Authority, location.Authority);
        }
        else
        {
            Assert.StartsWith("/", location.OriginalString);
            Assert.False(location.OriginalString.StartsWith("//", StringComparison.Ordinal) || location.OriginalString.StartsWith("/\\", StringComparison.Ordinal), location.OriginalString);
        }
        // and where it leads answers too
        using var next = await client.GetAsync(location);
        Assert.True((int)next.StatusCode < 500, $"{user} {method} {input} → {location}: {(int)next.StatusCode}");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Action<HttpRequestMessage> shape)
    {
        var request = new HttpRequestMessage(method, path);
        shape(request);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task BehindATrustedProxyTheSignInWorksOverPlainHttpAndTheAuditHasTheClientsAddress()
    {
        var folder = Cockpit.Tests.Etl.TempFolder.Create("proxy");
        try
        {
            // production (Secure cookies, HTTPS required), the proxy on loopback configured as trusted
            await using var app = Host(folder, "Production", new Dictionary<string, string>
            {
                ["Auth:DemoAccounts"] = "true", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            });
            var address = StartOnLoopback(app);
            using var proxy = new ProxyHop(address, forwardedFor: "203.0.113.7", forwardedProto: "https");
            var signIn = await proxy.Client.SignInAsync("ceo");
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in through the proxy: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync()}");
            Assert.Equal("/", signIn.Headers.Location!.IsAbsoluteUri ? signIn.Headers.Location.AbsolutePath : signIn.Headers.Location.OriginalString);
            // the cookie is Secure (the browser's side of the proxy is https) and opens the cockpit
            Assert.Contains("secure", proxy.SetCookies.Single(c => c.StartsWith("cockpit.auth=", StringComparison.Ordinal)).ToLowerInvariant());
            using var home = await proxy.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            // the audit log has the client's address, not the proxy's
            Assert.Equal("203.0.113.7", (await app.AuditAsync("ceo")).Single(a => a.Action == "sign_in").RemoteIp);
            // in production too a post without the token is a plain 400 (not the empty 500 of before), and nothing is done
            using (var forged = await proxy.Client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" })))
            {
                Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
                Assert.Contains("antiforgery token", await forged.Content.ReadAsStringAsync());
            }
            Assert.Equal(HttpStatusCode.OK, (await proxy.Client.GetAsync("/")).StatusCode);

            // the same app over plain HTTP without a proxy's word: a message, not a 500
            using var direct = new ProxyHop(address, forwardedFor: null, forwardedProto: null);
            using var page = await direct.Client.GetAsync("/account/login");
            Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
            var text = await page.Content.ReadAsStringAsync();
            Assert.Contains("HTTPS", text);
            Assert.Contains("请通过", text);
            // load balancers still get the health word over plain HTTP
            Assert.Equal("Healthy", await direct.Client.GetStringAsync("/healthz"));
        }
        finally
        {
            Cockpit.Tests.Etl.TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task ForwardedHeadersFromAnAddressThatIsNotAConfiguredProxyAreIgnored()
    {
        var folder = Cockpit.Tests.Etl.TempFolder.Create("untrusted");
        try
        {
            // production with a proxy configured elsewhere: loopback's "https" does not count, so plain HTTP is refused
            await using (var production = Host(folder, "Production", new Dictionary<string, string>
                         {
                             ["Auth:DemoAccounts"] = "true", ["ForwardedHeaders:KnownProxies"] = "10.9.9.9", ["ForwardedHeaders:KnownNetworks:0"] = "192.168.0.0/16",
                         }))
            {
                using var claimed = new ProxyHop(StartOnLoopback(production), forwardedFor: "203.0.113.7", forwardedProto: "https");
                using var page = await claimed.Client.GetAsync("/account/login");
                Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
                Assert.Contains("HTTPS", await page.Content.ReadAsStringAsync());
            }
            // the demo's environment (plain HTTP allowed), no proxy configured: the sign-in is recorded from the
            // connection's own address, and the claimed https does not make the cookie Secure
            await using var demo = Host(folder, DemoEnvironment());
            using var client = new ProxyHop(StartOnLoopback(demo), forwardedFor: "203.0.113.7", forwardedProto: "https");
            Assert.Equal(HttpStatusCode.Redirect, (await client.Client.SignInAsync("ceo")).StatusCode);
            Assert.DoesNotContain("secure", client.SetCookies.Single(c => c.StartsWith("cockpit.auth=", StringComparison.Ordinal)).ToLowerInvariant());
            Assert.Equal("127.0.0.1", (await demo.AuditAsync("ceo")).Last(a => a.Action == "sign_in").RemoteIp);
        }
        finally
        {
            Cockpit.Tests.Etl.TempFolder.Delete(folder);
        }
    }

    /// <summary>Starts <paramref name="app"/> on a real Kestrel on 127.0.0.1 (the connection's address is loopback); its address.</summary>
    private static Uri StartOnLoopback(WebApplicationFactory<Program> app)
    {
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>
    /// What a reverse proxy does on its hop to the app: plain HTTP, the client's address and scheme in X-Forwarded-For
    /// and X-Forwarded-Proto, and the browser's cookies passed along (Secure ones too: the browser's side is https).
    /// </summary>
    private sealed class ProxyHop : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
        private readonly string? _forwardedFor;
        private readonly string? _forwardedProto;

        public ProxyHop(Uri app, string? forwardedFor, string? forwardedProto)
            : base(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            _forwardedFor = forwardedFor;
            _forwardedProto = forwardedProto;
            Client = new HttpClient(this, disposeHandler: false) { BaseAddress = app };
        }

        public HttpClient Client { get; }

        /// <summary>Every Set-Cookie the app sent, as sent.</summary>
        public List<string> SetCookies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            if (_forwardedFor is not null) request.Headers.Add("X-Forwarded-For", _forwardedFor);
            if (_forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", _forwardedProto);
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
            {
                SetCookies.Add(cookie);
                var pair = cookie.Split(';')[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                if (value.Length == 0) _cookies.Remove(name);
                else _cookies[name] = value;
            }
            return response;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Client.Dispose();
            base.Dispose(disposing);
        }
    }
}
