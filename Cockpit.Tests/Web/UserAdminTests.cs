using System.Net;
using ClosedXML.Excel;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// The real app on the hand-made company (departments BD1 and BD2) with the production session settings: a disabled
/// account's open session ends at its next request.
/// </summary>
public class UserAdminApp : IAsyncLifetime
{
    public HandMadeCompany Company { get; } = new();

    public string Folder { get; } = TempFolder.Create("useradmin");

    public WebApplicationFactory<Program> App { get; private set; } = default!;

    /// <summary>Settings of this app beside the tests' usual ones.</summary>
    protected virtual IDictionary<string, string>? Settings => null;

    /// <summary>Test-only additions to the host.</summary>
    protected virtual void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder host)
    {
    }

    public Task InitializeAsync()
    {
        App = WebTestSupport.App(Folder, Path.Combine(Company.Folder, "source.db"), Path.Combine(Company.Folder, "inbox"), Company.Warehouse,
            Settings, Configure);
        using var _ = App.CreateClient(); // start the host
        return Task.CompletedTask;
    }

    public async Task<CockpitUser> CreateUserAsync(string userName, string role)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CockpitUser>>();
        var user = new CockpitUser { UserName = userName, DisplayName = userName, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, DemoPassword)).Succeeded);
        await users.AddToRoleAsync(user, role);
        return user;
    }

    public async Task<CockpitUser?> FindAsync(string userName)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<CockpitUser>>().FindByNameAsync(userName);
    }

    public async Task<List<AuditEntry>> AuditAsync(string user)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<IdentityDb>>().CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().Where(e => e.UserName == user).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Company.Dispose();
        TempFolder.Delete(Folder);
    }
}

/// <summary>Issue 16 item 5 (users and roles) and item 6 (the audit log page and its export), over HTTP through the real forms.</summary>
public sealed class UserAdminTests(UserAdminApp fixture) : IClassFixture<UserAdminApp>
{
    private WebApplicationFactory<Program> App => fixture.App;

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new([new KeyValuePair<string, string>("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);

    private static string PathOf(HttpClient client, HttpResponseMessage response) =>
        new Uri(client.BaseAddress!, response.Headers.Location!).AbsolutePath;

    [Fact]
    public async Task ADisabledUserCannotSignInAndTheirOpenSessionEnds()
    {
        var user = await fixture.CreateUserAsync("leaver", CockpitRoles.Executive);
        using var session = App.Client(followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync("leaver")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/?asof=2026-06")).StatusCode);

        using var admin = await App.SignedInAsync("admin", followRedirects: false);
        var token = await FormTokenAsync(admin, "/admin/users");
        var disabled = await admin.PostAsync($"/admin/users/{user.Id}/disable", Form(token));
        Assert.Equal("/admin/users?saved=1", disabled.Headers.Location!.OriginalString);

        // the open session ends at its next request: sent to the sign-in page
        var after = await session.GetAsync("/?asof=2026-06");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/account/login", PathOf(session, after));

        // the right password no longer signs in
        using var again = App.Client(followRedirects: false);
        var refused = await again.SignInAsync("leaver");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(SignInRefused, TestIdText(await refused.Content.ReadAsStringAsync(), "login-error")); // (the audit log says why)

        // the users page shows the state; enabled again, the account signs in
        Assert.Contains("已停用", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/users")));
        var enabled = await admin.PostAsync($"/admin/users/{user.Id}/enable", Form(token));
        Assert.Equal("/admin/users?saved=1", enabled.Headers.Location!.OriginalString);
        using var back = App.Client(followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, (await back.SignInAsync("leaver")).StatusCode);

        // an admin cannot disable themselves
        var self = (await fixture.FindAsync("admin"))!;
        var own = await admin.PostAsync($"/admin/users/{self.Id}/disable", Form(token));
        Assert.Contains("error=", own.Headers.Location!.OriginalString);

        var audit = await fixture.AuditAsync("admin");
        Assert.Contains(audit, a => a.Action == AuditActions.UserDisabled && a.Detail == "leaver: disabled" && a.Succeeded);
        Assert.Contains(audit, a => a.Action == AuditActions.UserEnabled && a.Detail == "leaver: enabled" && a.Succeeded);
        Assert.Contains(await fixture.AuditAsync("leaver"), a => a.Action == AuditActions.LockedOut && a.Detail == "disabled");
    }

    [Fact]
    public async Task AResetPasswordMustBeChangedAtTheNextSignIn()
    {
        var user = await fixture.CreateUserAsync("forgetful", CockpitRoles.Executive);
        using var admin = await App.SignedInAsync("admin", followRedirects: false);
        var token = await FormTokenAsync(admin, "/admin/users");

        // a weak password is refused in Chinese, each rule in words
        var weak = await admin.PostAsync($"/admin/users/{user.Id}/password", Form(token, ("password", "abc")));
        var weakPage = WebUtility.HtmlDecode(await admin.GetStringAsync(weak.Headers.Location!.OriginalString));
        Assert.Contains("密码至少 10 位。", weakPage);
        Assert.Contains("密码须包含至少一个数字。", weakPage);

        var reset = await admin.PostAsync($"/admin/users/{user.Id}/password", Form(token, ("password", "Temp#2026abcd")));
        Assert.Equal("/admin/users?saved=1", reset.Headers.Location!.OriginalString);
        Assert.Contains("待修改密码", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/users")));

        // the old password no longer works; the new one leads to the change-password page, and so does every page
        using var client = App.Client();
        Assert.Equal("/account/login", (await client.SignInAsync("forgetful", DemoPassword)).RequestMessage!.RequestUri!.AbsolutePath);
        var landed = await client.SignInAsync("forgetful", "Temp#2026abcd");
        Assert.Equal("/account/password", landed.RequestMessage!.RequestUri!.AbsolutePath);
        var forced = await client.GetAsync("/?asof=2026-06");
        Assert.Equal("/account/password", forced.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("data-testid=\"password-must-change\"", await forced.Content.ReadAsStringAsync());
        using (var noFollow = App.Client(followRedirects: false))
        {
            // (a second client on the same account: a download is refused outright)
            await noFollow.SignInAsync("forgetful", "Temp#2026abcd");
            Assert.Equal(HttpStatusCode.Forbidden, (await noFollow.GetAsync("/export/balance?asof=2026-06")).StatusCode);
        }

        // once changed, the cockpit opens
        var form = await FormTokenAsync(client, "/account/password");
        var changed = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form, ["_handler"] = "password",
            ["Input.Current"] = "Temp#2026abcd", ["Input.New"] = "Mine#2026abcd", ["Input.Confirm"] = "Mine#2026abcd",
        }));
        Assert.Contains("data-testid=\"password-changed\"", await changed.Content.ReadAsStringAsync());
        Assert.Equal("/", (await client.GetAsync("/?asof=2026-06")).RequestMessage!.RequestUri!.AbsolutePath);

        Assert.Contains(await fixture.AuditAsync("admin"), a => a.Action == AuditActions.PasswordReset && a.Succeeded
            && a.Detail == "forgetful: password reset, to be changed at the next sign-in");
        Assert.Contains(await fixture.AuditAsync("admin"), a => a.Action == AuditActions.PasswordReset && !a.Succeeded);
    }

    [Fact]
    public async Task ADepartmentThatDoesNotExistIsRefusedAndTheFormKeepsWhatWasTyped()
    {
        using var admin = await App.SignedInAsync("admin", followRedirects: false);
        var token = await FormTokenAsync(admin, "/admin/users");

        // BD9 is no department of the hand-made company (BD1, BD2)
        var ghost = await admin.PostAsync("/admin/users/create", Form(token,
            ("userName", "ghosthead"), ("displayName", "幽灵部门负责人"), ("role", "department_head"), ("role", "risk_officer"), ("department", "BD9"), ("password", "Ghost#2026abc")));
        var location = ghost.Headers.Location!.OriginalString;
        Assert.StartsWith("/admin/users?error=", location);
        Assert.Null(await fixture.FindAsync("ghosthead"));
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(location));
        Assert.Contains("部门“BD9”不存在", page);
        // what was typed is still there (both roles, the name), the password is not
        Assert.Contains("name=\"userName\" value=\"ghosthead\"", page);
        Assert.Contains("name=\"displayName\" value=\"幽灵部门负责人\"", page);
        Assert.Contains("name=\"role\" value=\"department_head\"", page);
        Assert.Contains("name=\"role\" value=\"risk_officer\"", page);
        Assert.DoesNotContain("Ghost#2026abc", page);

        // a weak password: Identity's messages in Chinese, the form kept
        var weak = await admin.PostAsync("/admin/users/create", Form(token,
            ("userName", "weakling"), ("displayName", ""), ("role", "executive"), ("department", ""), ("password", "short")));
        page = WebUtility.HtmlDecode(await admin.GetStringAsync(weak.Headers.Location!.OriginalString));
        Assert.Contains("密码至少 10 位。", page);
        Assert.Contains("name=\"userName\" value=\"weakling\"", page);
        Assert.Null(await fixture.FindAsync("weakling"));

        // an existing account cannot be bound to a department that does not exist either
        var user = await fixture.CreateUserAsync("head2", CockpitRoles.Executive);
        var moved = await admin.PostAsync($"/admin/users/{user.Id}/role", Form(token, ("role", "department_head"), ("department", "XX")));
        Assert.StartsWith("/admin/users?error=", moved.Headers.Location!.OriginalString);
        Assert.Null((await fixture.FindAsync("head2"))!.DepartmentCode);

        // a real one, with two roles: saved, audited
        var ok = await admin.PostAsync("/admin/users/create", Form(token,
            ("userName", "twohats"), ("displayName", "两个角色"), ("role", "department_head"), ("role", "risk_officer"), ("department", "bd2"), ("password", "Twohats#2026")));
        Assert.Equal("/admin/users?saved=1", ok.Headers.Location!.OriginalString);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CockpitUser>>();
            var created = (await users.FindByNameAsync("twohats"))!;
            Assert.Equal("BD2", created.DepartmentCode);
            Assert.Equal(["department_head", "risk_officer"], (await users.GetRolesAsync(created)).Order(StringComparer.Ordinal));
        }
        Assert.Contains(await fixture.AuditAsync("admin"), a => a.Action == AuditActions.RoleChanged && a.Detail == "twohats: created as department_head+risk_officer BD2");
    }

    [Fact]
    public async Task TheAuditPageFiltersByUserActionDateAndSearchAndShowsWords()
    {
        await SeedAuditAsync();
        using var admin = await App.SignedInAsync("admin");

        async Task<string> Page(string query) => WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/audit?{query}"));
        static int Rows(string html, string testId = "audit-user") => html.Split($"data-testid=\"{testId}\"").Length - 1;

        // by user: alice's two entries, newest first, by their Chinese names and in words
        var alice = await Page("user=zz-alice");
        Assert.Equal("共 2 条", TestIdText(alice, "audit-count"));
        Assert.Equal(2, Rows(alice));
        Assert.Equal("导出", TestIdText(alice, "audit-action"));
        Assert.Equal("指标：balance 行数：6 文件指纹 SHA-256：abc", TestIdText(alice, "audit-detail"));
        Assert.Contains("登录失败", alice);
        Assert.Contains("用户名或密码错误", alice);
        Assert.DoesNotContain(">sign_in_failed<", alice);

        // by action
        var export = await Page("user=zz-alice&action=export");
        Assert.Equal("共 1 条", TestIdText(export, "audit-count"));

        // by China date: 2026-03-01 17:00 UTC is 2026-03-02 01:00 in China
        Assert.Equal("共 1 条", TestIdText(await Page("from=2026-03-02&to=2026-03-02"), "audit-count"));
        Assert.Equal("共 1 条", TestIdText(await Page("from=2026-03-01&to=2026-03-01"), "audit-count"));
        Assert.Equal("共 3 条", TestIdText(await Page("from=2026-03-01&to=2026-03-03"), "audit-count"));

        // search in user, action and detail
        Assert.Equal("共 3 条", TestIdText(await Page("q=zz-&from=2026-03-01&to=2026-03-31"), "audit-count"));
        Assert.Equal("共 1 条", TestIdText(await Page("q=balance&from=2026-03-01&to=2026-03-31"), "audit-count"));
        var bob = await Page("user=zz-bob");
        Assert.Equal("登录", TestIdText(bob, "audit-action"));
        Assert.Equal("统一身份认证登录", TestIdText(bob, "audit-detail"));

        // a date that is not one: said in words, no error page
        var bad = await Page("from=2026-13-01");
        Assert.Contains("data-testid=\"audit-error\"", bad);
        Assert.Contains("日期“2026-13-01”无效", bad);
    }

    [Fact]
    public async Task TheAuditExportHoldsTheFilteredEntriesInWordsAndIsAudited()
    {
        await SeedAuditAsync();
        using var admin = await App.SignedInAsync("admin");
        var response = await admin.GetAsync("/admin/audit/export?user=zz-alice");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var book = new XLWorkbook(new MemoryStream(bytes)))
        {
            var sheet = book.Worksheet(1);
            Assert.Equal(["时间（北京时间）", "用户", "操作", "结果", "内容"], sheet.Row(1).Cells(1, 5).Select(c => c.GetString()));
            Assert.Equal(3, sheet.LastRowUsed().RowNumber()); // header + alice's two
            // newest first: the export (2026-03-02 01:00 China), then the failed sign-in (2026-03-01 09:00 China)
            Assert.Equal("导出", sheet.Cell(2, 3).GetString());
            Assert.Equal("成功", sheet.Cell(2, 4).GetString());
            Assert.Equal("指标：balance 行数：6 文件指纹 SHA-256：abc", sheet.Cell(2, 5).GetString());
            Assert.Equal(new DateTime(2026, 3, 2, 1, 0, 0), sheet.Cell(2, 1).GetDateTime());
            Assert.Equal("登录失败", sheet.Cell(3, 3).GetString());
            Assert.Equal("失败", sheet.Cell(3, 4).GetString());
            Assert.Equal(new DateTime(2026, 3, 1, 9, 0, 0), sheet.Cell(3, 1).GetDateTime());
            Assert.All(Enumerable.Range(2, 2), r => Assert.Equal("zz-alice", sheet.Cell(r, 2).GetString()));
        }
        var audited = (await fixture.AuditAsync("admin")).Last(a => a.Action == AuditActions.Export);
        Assert.True(audited.Succeeded);
        Assert.StartsWith("audit log filters=user=zz-alice rows=2 sha256=", audited.Detail);

        // a department head may not export the audit log
        using var head = await App.SignedInAsync("bd1", followRedirects: false);
        var refused = await head.GetAsync("/admin/audit/export");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, refused.StatusCode.ToString());
        Assert.NotEqual("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", refused.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Three entries in March 2026 (no other test writes then): alice fails to sign in on 03-01 09:00 China
    /// time, exports on 03-02 01:00 China (03-01 17:00 UTC); bob signs in by SSO on 03-03 10:00 China. Written once.</summary>
    private async Task SeedAuditAsync()
    {
        // (the tests of one class run one after the other)
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<IdentityDb>>().CreateDbContextAsync();
        if (await db.AuditLog.AnyAsync(e => e.UserName == "zz-alice")) return;
        db.AuditLog.AddRange(
            new AuditEntry { At = new DateTime(2026, 3, 1, 1, 0, 0, DateTimeKind.Utc), UserName = "zz-alice", Action = "sign_in_failed", Detail = "wrong user name or password", Succeeded = false },
            new AuditEntry { At = new DateTime(2026, 3, 1, 17, 0, 0, DateTimeKind.Utc), UserName = "zz-alice", Action = "export", Detail = "kpi=balance rows=6 sha256=abc", Succeeded = true },
            new AuditEntry { At = new DateTime(2026, 3, 3, 2, 0, 0, DateTimeKind.Utc), UserName = "zz-bob", Action = "sign_in", Detail = "sso", Succeeded = true });
        await db.SaveChangesAsync();
    }
}
