using System.Net;
using System.Security.Cryptography;
using ClosedXML.Excel;
using Cockpit.Warehouse;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>Nobody sees what they should not: sign-in, the role matrix, department scope, lockout, audit, headers, errors.</summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class SecurityTests(SecuredCompany secured)
{
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App => secured.App;

    // What anyone may reach without signing in: the sign-in page, the health word, the language switch, the error page.
    private static readonly HashSet<string> Public = ["/account/login", "/healthz", "/culture", "/Error"];

    [Fact]
    public async Task EveryRoutableEndpointRefusesAnonymousCallers()
    {
        using var anonymous = App.Client(followRedirects: false);
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // static files (scripts, styles) are public by design
            .Where(e => !e.Metadata.Any(m => m.GetType().FullName!.StartsWith("Microsoft.AspNetCore.StaticAssets", StringComparison.Ordinal)))
            .ToList();
        var checkedRoutes = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var path = Concrete(pattern);
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Where(m => m is "GET" or "POST"))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST") request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" });
                using var response = await anonymous.SendAsync(request);
                if (Public.Contains(pattern))
                {
                    Assert.False(ToSignIn(response), $"{method} {path} is public but sent to sign-in");
                    continue;
                }
                Assert.True(ToSignIn(response) || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden,
                    $"{method} {path} ({pattern}) answered {(int)response.StatusCode} without sign-in");
                checkedRoutes.Add(pattern);
            }
        }
        // the enumeration found the pages and endpoints (a broken enumeration must not pass silently)
        foreach (var route in new[] { "/", "/drill/{Code}", "/business", "/risk", "/risk/stress", "/risk/stress/export", "/customers", "/customers/{CreditCode}", "/customers/calllist/export", "/explore", "/admin", "/admin/users", "/admin/audit",
                     "/export/{code}", "/admin/etl/run", "/account/logout", "/account/password", "/_blazor/negotiate" })
        {
            Assert.Contains(route, checkedRoutes);
        }
        Assert.Contains(checkedRoutes, r => r.StartsWith("/hangfire", StringComparison.Ordinal));
    }

    private static bool ToSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.Ordinal);

    private static string Concrete(string pattern) => System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*{0,2}([a-zA-Z]+)[^}]*\}", m =>
        m.Groups[1].Value.ToLowerInvariant() switch
        {
            "code" => "balance",
            "path" => "recurring",
            _ => "x",
        });

    [Fact]
    public async Task HealthzTellsAnonymousCallersTheStatusAndNothingMore()
    {
        using var anonymous = App.Client();
        var response = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
    }

    // PAGES.md's roles, written out here (not read from the code under test): who opens which page.
    public static TheoryData<string, string, bool> Matrix()
    {
        var pages = new[] { "/", "/business", "/risk", "/risk/stress", "/customers", "/customers/91330100X", "/explore", "/drill/balance?asof=2026-06", "/admin", "/admin/users", "/admin/audit", "/hangfire", "/export/balance?asof=2026-06", "/account/password" };
        var allowed = new Dictionary<string, string[]>
        {
            ["ceo"] = ["/", "/business", "/risk", "/risk/stress", "/customers", "/customers/91330100X", "/explore", "/drill/balance?asof=2026-06", "/account/password"],
            ["bd1"] = ["/", "/business", "/customers", "/customers/91330100X", "/drill/balance?asof=2026-06", "/account/password"],
            ["risk"] = ["/risk", "/risk/stress", "/customers", "/customers/91330100X", "/drill/balance?asof=2026-06", "/account/password"],
            ["audit"] = ["/", "/business", "/risk", "/risk/stress", "/customers", "/customers/91330100X", "/explore", "/drill/balance?asof=2026-06", "/admin/audit", "/export/balance?asof=2026-06", "/account/password"],
            ["admin"] = ["/admin", "/admin/users", "/admin/audit", "/hangfire", "/account/password"],
        };
        var data = new TheoryData<string, string, bool>();
        foreach (var (user, pagesAllowed) in allowed)
        {
            foreach (var page in pages) data.Add(user, page, pagesAllowed.Contains(page));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachRoleReachesExactlyItsPages(string user, string page, bool allowed)
    {
        using var client = await App.SignedInAsync(user, followRedirects: false);
        using var response = await client.GetAsync(page);
        if (allowed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} → {page}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        else
        {
            var denied = response.StatusCode == HttpStatusCode.Forbidden
                || response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/denied", StringComparison.Ordinal);
            Assert.True(denied, $"{user} → {page} should be refused: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task SignInLandsEachRoleOnItsHomePageAndShowsItsNavigation()
    {
        var expected = new Dictionary<string, (string Home, string[] Nav)>
        {
            ["ceo"] = ("/", ["nav-leadership", "nav-business", "nav-risk", "nav-stress", "nav-customers", "nav-explore"]),
            ["bd1"] = ("/", ["nav-leadership", "nav-business", "nav-customers"]),
            ["risk"] = ("/risk", ["nav-risk", "nav-stress", "nav-customers"]),
            ["audit"] = ("/", ["nav-leadership", "nav-business", "nav-risk", "nav-stress", "nav-customers", "nav-explore", "nav-audit"]),
            ["admin"] = ("/admin", ["nav-admin", "nav-users", "nav-audit"]),
        };
        string[] all = ["nav-leadership", "nav-business", "nav-risk", "nav-stress", "nav-customers", "nav-explore", "nav-admin", "nav-users", "nav-audit"];
        foreach (var (user, (home, nav)) in expected)
        {
            using var client = App.Client(followRedirects: false);
            var response = await client.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!;
            Assert.Equal(home, location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
            var html = await client.GetStringAsync(home);
            foreach (var item in all)
            {
                Assert.True(nav.Contains(item) == html.Contains($"data-testid=\"{item}\"", StringComparison.Ordinal), $"{user}: {item}");
            }
        }
    }

    [Fact]
    public async Task ADepartmentHeadSeesOnlyTheirDepartmentWhateverTheUrlSays()
    {
        // the hand-made company at D = 2026-06-30 (figures by hand in KpiHandComputedTests):
        // in force: BD1 K2 1.6M + K8 5.0M; BD2 K4 1.5M + K5 10.0M + K6 4.0M + K10 0.6M = 16.1M; company 22.7M
        // new in 2026 H1: BD2 K4 1.5M + K6 4.0M + K10 0.6M = 6.1M, of it LWC loans K4 + K10 = 2.1M; company LWC 4.1M
        using var head = await App.SignedInAsync("bd2");

        // the leadership page: company-level totals (PAGES.md) ...
        var page = await WaitForAsync(head, "/?asof=2026-06", h => h.Contains("data-testid=\"card-balance\""), TimeSpan.FromSeconds(30));
        Assert.Equal("2,270.00 万元", CardValue(page, "balance"));
        // with their own department's part under each total, which is what the card's drill-down shows
        var decoded = WebUtility.HtmlDecode(page);
        Assert.Equal("其中业务二部：1,610.00 万元", TestIdText(decoded, "own-balance"));
        Assert.Equal("/drill/balance?asof=2026-06", System.Text.RegularExpressions.Regex.Match(decoded,
            "data-testid=\"card-balance\".*?href=\"([^\"]+)\"", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value);
        // ... their own department when they ask for it ...
        page = await head.GetStringAsync("/?asof=2026-06&dept=BD2");
        Assert.Equal("1,610.00 万元", CardValue(WebUtility.HtmlDecode(page), "balance"));
        Assert.Equal("610.00 万元", CardValue(WebUtility.HtmlDecode(page), "new_amount"));
        // ... and a refusal, with no figure at all, for another department (any spelling)
        foreach (var tampered in new[] { "/?asof=2026-06&dept=BD1", "/?asof=2026-06&dept=bd1", "/?asof=2026-06&dept=CS" })
        {
            page = await head.GetStringAsync(tampered);
            Assert.Contains("data-testid=\"scope-refused\"", page);
            Assert.DoesNotContain("data-testid=\"card-", page);
        }

        // drill-downs: own department only, even without asking
        page = WebUtility.HtmlDecode(await head.GetStringAsync("/drill/balance?asof=2026-06"));
        Assert.Equal("1,610.00 万元", TestIdText(page, "drill-value"));
        Assert.Equal("4", TestIdText(page, "drill-rows"));
        Assert.Contains("data-testid=\"scope-note\"", page);
        // a link copied from an executive: the executive sees the company's LWC loans, the head only BD2's
        using var executive = await App.SignedInAsync("ceo");
        const string link = "/drill/new_amount?asof=2026-06&product=LWC";
        Assert.Equal("410.00 万元", TestIdText(WebUtility.HtmlDecode(await executive.GetStringAsync(link)), "drill-value"));
        Assert.Equal("210.00 万元", TestIdText(WebUtility.HtmlDecode(await head.GetStringAsync(link)), "drill-value"));
        Assert.Equal("2", TestIdText(WebUtility.HtmlDecode(await head.GetStringAsync(link)), "drill-rows"));
        // another department's drill-down: refused, no figure
        page = await head.GetStringAsync("/drill/balance?asof=2026-06&dept=BD1");
        Assert.Contains("data-testid=\"scope-refused\"", page);
        Assert.DoesNotContain("data-testid=\"drill-value\"", page);
        // no export for a department head
        using var noRedirect = await App.SignedInAsync("bd2", followRedirects: false);
        Assert.Equal(HttpStatusCode.Forbidden, (await noRedirect.GetAsync("/export/balance?asof=2026-06&dept=BD2")).StatusCode);
        // and the attempt is in the audit log, refused
        Assert.Contains(await secured.AuditAsync("bd2"), a => a.Action == "export" && !a.Succeeded
            && a.Detail!.StartsWith("refused: kpi=balance", StringComparison.Ordinal) && a.Detail.Contains("dept=BD2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LockoutAfterFiveWrongPasswordsIsAuditedAndTheRightPasswordNoLongerHelps()
    {
        await secured.CreateUserAsync("lockme", Cockpit.Web.Security.CockpitRoles.Executive);
        using var client = App.Client();
        var messages = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.SignInAsync("lockme", "Wrong@Password1");
            messages.Add(TestIdText(await response.Content.ReadAsStringAsync(), "login-error"));
        }
        // four plain failures, then the fifth locks the account: the page gives the same answer every time
        Assert.All(messages, m => Assert.Equal(SignInRefused, m));
        var right = await client.SignInAsync("lockme", DemoPassword);
        Assert.Equal("/account/login", right.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(SignInRefused, TestIdText(await right.Content.ReadAsStringAsync(), "login-error"));

        var audit = await secured.AuditAsync("lockme");
        Assert.Equal(["sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed", "locked_out", "locked_out"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.False(a.Succeeded));
        Assert.All(audit, a => Assert.False(string.IsNullOrEmpty(a.CorrelationId)));
    }

    [Fact]
    public async Task SignInExportManualEtlAndRoleChangesAreAudited()
    {
        // sign-in of an auditor, then an export of the balance drill-down at 2026-06
        using var auditor = await App.SignedInAsync("audit");
        Assert.Contains(await secured.AuditAsync("audit"), a => a.Action == "sign_in" && a.Succeeded);
        var response = await auditor.GetAsync("/export/balance?asof=2026-06");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var book = new XLWorkbook(new MemoryStream(bytes)))
        {
            var data = book.Worksheet(1);
            var header = data.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
            var numerator = header.IndexOf("分子（元）") + 1;
            var contractNo = header.IndexOf("合同编号") + 1;
            Assert.True(numerator > 0 && contractNo > 0, string.Join(", ", header));
            Assert.Equal(8, data.LastRowUsed().RowNumber()); // header + the 6 contracts in force at D + the total
            Assert.Equal(22_700_000m, Enumerable.Range(2, 6).Sum(r => data.Cell(r, numerator).GetValue<decimal>()));
            Assert.All(Enumerable.Range(2, 6), r => Assert.Equal(XLDataType.Text, data.Cell(r, contractNo).DataType));
            Assert.Equal(22_700_000m, book.Worksheet("汇总 Summary").Cell(3, 2).GetValue<decimal>()); // the figure, a number
        }
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var export = (await secured.AuditAsync("audit")).Last(a => a.Action == "export");
        Assert.True(export.Succeeded);
        Assert.Contains("kpi=balance", export.Detail);
        Assert.Contains("rows=6", export.Detail);
        Assert.Contains($"sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}", export.Detail);

        // the admin runs the ETL by hand: audited, and the run happens
        var layout = new WarehouseLayout(secured.Warehouse);
        var runsBefore = Cockpit.Etl.Pipeline.RunLogStore.ReadAll(layout).Count;
        using var admin = await App.SignedInAsync("admin", followRedirects: false);
        var token = await FormTokenAsync(admin, "/admin");
        var run = await admin.PostAsync("/admin/etl/run", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["note"] = "test" }));
        Assert.True(run.StatusCode == HttpStatusCode.Redirect, string.Join("\n", secured.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(3)));
        Assert.Equal("/admin?etl=started", run.Headers.Location!.OriginalString);
        Assert.Contains(await secured.AuditAsync("admin"), a => a.Action == "etl_manual" && a.Detail!.StartsWith("hangfire job", StringComparison.Ordinal));
        // a bound, not a timing: under a loaded CI machine the run can take a while among the other tests' runs
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (Cockpit.Etl.Pipeline.RunLogStore.ReadAll(layout).Count(r => r.Status != "running") <= runsBefore && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.True(runsBefore + 1 == Cockpit.Etl.Pipeline.RunLogStore.ReadAll(layout).Count(r => r.Status != "running"),
            "the run by hand did not end: " + string.Join("\n", secured.Logs.Lines.Where(l => l.Contains("ETL", StringComparison.Ordinal) || l.Contains("Hangfire", StringComparison.Ordinal)).TakeLast(8)));
        // without the antiforgery token the same post is refused
        var forged = await admin.PostAsync("/admin/etl/run", new FormUrlEncodedContent(new Dictionary<string, string> { ["note"] = "forged" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        // the admin creates an account and makes it a department head of BD1
        token = await FormTokenAsync(admin, "/admin/users");
        var created = await admin.PostAsync("/admin/users/create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["userName"] = "newhead", ["displayName"] = "新负责人", ["role"] = "executive", ["department"] = "", ["password"] = "Newhead@2026",
        }));
        Assert.Equal("/admin/users?saved=1", created.Headers.Location!.OriginalString);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Cockpit.Web.Security.CockpitUser>>();
            var user = (await users.FindByNameAsync("newhead"))!;
            var changed = await admin.PostAsync($"/admin/users/{user.Id}/role", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["role"] = "department_head", ["department"] = "BD1",
            }));
            Assert.Equal("/admin/users?saved=1", changed.Headers.Location!.OriginalString);
        }
        var roleChanges = (await secured.AuditAsync("admin")).Where(a => a.Action == "role_changed").Select(a => a.Detail).ToList();
        Assert.Equal(["newhead: created as executive", "newhead: executive → department_head BD1"], roleChanges);
        // and the new head sees BD1 only: K2 1.6M + K8 5.0M
        using var newHead = App.Client();
        await newHead.SignInAsync("newhead", "Newhead@2026");
        Assert.Equal("660.00 万元", TestIdText(WebUtility.HtmlDecode(await newHead.GetStringAsync("/drill/balance?asof=2026-06")), "drill-value"));
    }

    [Fact]
    public async Task SignOutAndChangePasswordWorkAndAreAudited()
    {
        await secured.CreateUserAsync("changer", Cockpit.Web.Security.CockpitRoles.Executive);
        using var client = App.Client();
        await client.SignInAsync("changer");
        var token = await FormTokenAsync(client, "/account/password");
        var changed = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "password",
            ["Input.Current"] = DemoPassword, ["Input.New"] = "Changed#2026x", ["Input.Confirm"] = "Changed#2026x",
        }));
        Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync());

        // sign out (the app bar's form post; its token is the user's, from any form), then the cockpit asks for sign-in again
        token = await FormTokenAsync(client, "/account/password");
        var signedOut = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal("/account/login", signedOut.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/account/login", (await client.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath);

        // the old password no longer works, the new one does
        Assert.Equal("/account/login", (await client.SignInAsync("changer", DemoPassword)).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/", (await client.SignInAsync("changer", "Changed#2026x")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(["sign_in", "password_changed", "sign_out", "sign_in_failed", "sign_in"], (await secured.AuditAsync("changer")).Select(a => a.Action));
    }

    [Fact]
    public async Task SecurityHeadersAndCookieSettingsAreOnEveryResponse()
    {
        using var anonymous = App.Client(followRedirects: false);
        using var signedIn = await App.SignedInAsync("ceo", followRedirects: false);
        var responses = new[]
        {
            await anonymous.GetAsync("/account/login"), await anonymous.GetAsync("/healthz"), await anonymous.GetAsync("/"),
            await signedIn.GetAsync("/?asof=2026-06"), await signedIn.GetAsync("/drill/balance?asof=2026-06"),
        };
        foreach (var r in responses)
        {
            var csp = string.Join("", r.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp);
            Assert.Contains("script-src 'self';", csp); // no inline script allowed
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("object-src 'none'", csp);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", r.Headers.GetValues("Referrer-Policy").Single());
        }
        using var fresh = App.Client(followRedirects: false);
        var signIn = await fresh.SignInAsync("ceo");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("cockpit.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
    }

    [Fact]
    public async Task AnErrorShowsAReferenceThatIsInTheLogAndNoStackTrace()
    {
        using var client = await App.SignedInAsync("ceo");
        var response = await client.GetAsync("/test-failure");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var reference = TestIdText(html, "correlation-id");
        Assert.False(string.IsNullOrWhiteSpace(reference));
        Assert.DoesNotContain("hunter2", html);
        Assert.DoesNotContain("InvalidOperationException", html);
        Assert.DoesNotContain(" at ", html.Replace("data-testid", "", StringComparison.Ordinal)); // no stack frame
        Assert.Contains(secured.Logs.Lines, l => l.Contains(reference!, StringComparison.Ordinal) && l.Contains("InvalidOperationException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALinkOpenedBeforeSignInOpensAfterItAndOnlyLocalLinksAreFollowed()
    {
        using var client = App.Client(followRedirects: false);
        var first = await client.GetAsync("/drill/balance?asof=2026-06");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var login = first.Headers.Location!.PathAndQuery;
        Assert.StartsWith("/account/login?ReturnUrl=", login);
        var signedIn = await client.SignInAsync("ceo", path: login);
        Assert.Equal("/drill/balance?asof=2026-06", signedIn.Headers.Location!.PathAndQuery);
        // a link that would leave the cockpit after sign-in goes home instead
        using var other = App.Client(followRedirects: false);
        var away = await other.SignInAsync("ceo", path: "/account/login?ReturnUrl=" + Uri.EscapeDataString("https://evil.example/phish"));
        Assert.Equal("/", away.Headers.Location!.IsAbsoluteUri ? away.Headers.Location.AbsolutePath : away.Headers.Location.OriginalString);
        Assert.Equal("localhost", away.Headers.Location.IsAbsoluteUri ? away.Headers.Location.Host : "localhost");
    }

    [Fact]
    public async Task TheSignInPageSpeaksChineseFirstAndEnglishOnTheSwitch()
    {
        using var client = App.Client();
        var zh = WebUtility.HtmlDecode(await client.GetStringAsync("/account/login"));
        Assert.Contains("<html lang=\"zh-CN\"", zh);
        Assert.Contains("用户名", zh);
        Assert.Contains("担保经营驾驶舱", zh);
        var en = WebUtility.HtmlDecode(await client.GetStringAsync("/culture?c=en-US&redirect=/account/login"));
        Assert.Contains("<html lang=\"en-US\"", en);
        Assert.Contains("User name", en);
        Assert.Contains("Sign in", en);
        var failed = await client.SignInAsync("ceo", "Wrong@Password1");
        Assert.StartsWith("Wrong user name or password, or the account is locked or disabled", TestIdText(await failed.Content.ReadAsStringAsync(), "login-error"));
    }

    [Fact]
    public async Task DemoAccountsAreSwitchedOffOutsideTheDemo()
    {
        var folder = Cockpit.Tests.Etl.TempFolder.Create("demo-off");
        try
        {
            WebApplicationFactoryFor(folder, demoAccounts: true, out var demo);
            await using (demo)
            {
                using var client = await demo.SignedInAsync("ceo");
            }
            // the same accounts database, demo accounts off (as in appsettings.json): they no longer open anything
            WebApplicationFactoryFor(folder, demoAccounts: false, out var production);
            await using (production)
            {
                using var client = production.Client();
                var response = await client.SignInAsync("ceo");
                Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
                Assert.Equal(SignInRefused, TestIdText(await response.Content.ReadAsStringAsync(), "login-error"));
            }
            // a new installation outside Development has no demo accounts at all
            var fresh = Cockpit.Tests.Etl.TempFolder.Create("production");
            try
            {
                await using var clean = WebTestSupport.App(fresh, Path.Combine(secured.Company.Folder, "source.db"), Path.Combine(secured.Company.Folder, "inbox"), secured.Warehouse,
                    configure: b => b.UseEnvironment("Production"));
                // outside Development cookies are Secure: talk https to it
                using var client = clean.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
                var response = await client.SignInAsync("ceo");
                Assert.Equal(SignInRefused, TestIdText(await response.Content.ReadAsStringAsync(), "login-error"));
            }
            finally
            {
                Cockpit.Tests.Etl.TempFolder.Delete(fresh);
            }
        }
        finally
        {
            Cockpit.Tests.Etl.TempFolder.Delete(folder);
        }
    }

    private void WebApplicationFactoryFor(string folder, bool demoAccounts, out Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app) =>
        app = WebTestSupport.App(folder, Path.Combine(secured.Company.Folder, "source.db"), Path.Combine(secured.Company.Folder, "inbox"), secured.Warehouse,
            new Dictionary<string, string> { ["Auth:DemoAccounts"] = demoAccounts ? "true" : "false" });

    [Fact]
    public async Task CompanySsoIsOffUnlessConfigured()
    {
        var schemes = App.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Null(await schemes.GetSchemeAsync("oidc"));
        using var anonymous = App.Client();
        Assert.DoesNotContain("data-testid=\"login-sso\"", await anonymous.GetStringAsync("/account/login"));

        var folder = Cockpit.Tests.Etl.TempFolder.Create("sso");
        try
        {
            await using var sso = WebTestSupport.App(folder, Path.Combine(secured.Company.Folder, "source.db"), Path.Combine(secured.Company.Folder, "inbox"), secured.Warehouse,
                new Dictionary<string, string> { ["Auth:Oidc:Authority"] = "https://sso.example.cn/realms/jzdb", ["Auth:Oidc:ClientId"] = "cockpit" });
            using var client = sso.Client(followRedirects: false);
            var login = await client.GetStringAsync("/account/login");
            Assert.Contains("data-testid=\"login-sso\"", login);
            Assert.NotNull(await sso.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync("oidc"));
            // the sign-in form may post back to the company's identity provider
            Assert.Contains("form-action 'self' https://sso.example.cn", string.Join("", (await client.GetAsync("/account/login")).Headers.GetValues("Content-Security-Policy")));
        }
        finally
        {
            Cockpit.Tests.Etl.TempFolder.Delete(folder);
        }
    }
}
