using System.Net;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// Issue 16 item 4 over HTTP through the real forms: the retention setting (validated, audited, honoured by the
/// command line's run and the web's job) and who may view an earlier build, including one the setting removed.
/// </summary>
[Collection("console")] // it runs the CLI, which writes to the shared Console
public sealed class BuildsWebTests(UserAdminApp fixture) : IClassFixture<UserAdminApp>
{
    private WebApplicationFactory<Program> App => fixture.App;

    private WarehouseLayout Layout => new(fixture.Company.Warehouse);

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new([new KeyValuePair<string, string>("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);

    private string CliRun()
    {
        var folder = fixture.Company.Folder;
        var (code, _, error) = Cli.Run(["run", "--source", Path.Combine(folder, "source.db"), "--inbox", Path.Combine(folder, "inbox"), "--warehouse", Layout.Directory]);
        Assert.True(code == 0, error);
        return Layout.ReadCurrent()!.BuildId;
    }

    private static async Task<string> HtmlAsync(HttpClient client, string path) => WebUtility.HtmlDecode(await client.GetStringAsync(path));

    private List<string> BuildFiles() =>
        [.. Directory.GetFiles(Layout.BuildsDirectory, "*.duckdb").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task RetentionIsValidatedAuditedAndHonouredAndAnEarlierBuildIsViewedByAuditorsUntilItIsRemoved()
    {
        var first = Layout.ReadCurrent()!.BuildId;
        using var admin = await App.SignedInAsync("admin", followRedirects: false);
        var token = await FormTokenAsync(admin, "/admin/builds");

        // a number out of range or no number is refused with the reason, and nothing is saved
        foreach (var bad in new[] { "0", "abc", "101", "" })
        {
            var refused = await admin.PostAsync("/admin/builds/retention", Form(token, ("keep", bad)));
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("error=keep", refused.Headers.Location!.OriginalString);
        }
        Assert.Null(Layout.SavedKeepBuilds());
        Assert.Contains("保留数量“abc”无效：请填写 1 到 100 之间的整数。", await HtmlAsync(admin, "/admin/builds?error=keep&keep=abc"));
        var saved = await admin.PostAsync("/admin/builds/retention", Form(token, ("keep", "2")));
        Assert.Equal("/admin/builds?saved=1", saved.Headers.Location!.OriginalString);
        Assert.Equal(2, Layout.SavedKeepBuilds());
        Assert.Contains("每次运行保留最近 2 个数据版本", await HtmlAsync(admin, "/admin/builds"));
        var audit = (await fixture.AuditAsync("admin")).Where(e => e.Action == "retention_changed").ToList();
        Assert.Equal([false, false, false, false, true], audit.Select(e => e.Succeeded));
        Assert.Equal("keep=2 was=default", audit[^1].Detail);

        // the auditor sees the builds but may not change the setting
        using var auditor = await App.SignedInAsync("audit", followRedirects: false);
        var auditorToken = await FormTokenAsync(auditor, "/account/password");
        Assert.DoesNotContain("data-testid=\"retention-input\"", await HtmlAsync(auditor, "/admin/builds"));
        var notAllowed = await auditor.PostAsync("/admin/builds/retention", Form(auditorToken, ("keep", "50")));
        Assert.NotEqual(HttpStatusCode.OK, notAllowed.StatusCode);
        Assert.NotEqual("/admin/builds?saved=1", notAllowed.Headers.Location?.OriginalString);
        Assert.Equal(2, Layout.SavedKeepBuilds());

        // a second build: the auditor views the first one; every page says so and reads it
        var second = CliRun();
        Assert.Equal([first, second], BuildFiles());
        var missing = await auditor.PostAsync("/builds/view", Form(auditorToken, ("id", "000099-none"), ("returnUrl", "/")));
        Assert.Contains("error=missing", missing.Headers.Location!.OriginalString);
        Assert.DoesNotContain(missing.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(ViewedBuild.CookieName + "=", StringComparison.Ordinal)));
        var view = await auditor.PostAsync("/builds/view", Form(auditorToken, ("id", first), ("returnUrl", "/risk")));
        Assert.Equal("/risk", view.Headers.Location!.OriginalString);
        var risk = await HtmlAsync(auditor, "/risk");
        Assert.Contains($"data-build=\"{first}\"", risk);
        Assert.Contains("正在查看历史数据版本：批次 #1", risk);

        // an executive may not choose a build
        using var ceo = await App.SignedInAsync("ceo", followRedirects: false);
        var ceoTry = await ceo.PostAsync("/builds/view", Form(await FormTokenAsync(ceo, "/account/password"), ("id", first), ("returnUrl", "/")));
        Assert.NotEqual("/", ceoTry.Headers.Location?.OriginalString);
        Assert.DoesNotContain("data-testid=\"as-of-build\"", await HtmlAsync(ceo, "/"));

        // every run keeps two builds — the command line's and the web's job alike; the viewed build is then gone,
        // and the auditor's pages say so rather than show the current data as if it were that build
        CliRun();
        App.Services.GetRequiredService<EtlJob>().Run();
        var newest = Layout.ReadCurrent()!.BuildId;
        Assert.Equal(2, BuildFiles().Count);
        Assert.Contains(newest, BuildFiles());
        Assert.DoesNotContain(first, BuildFiles());
        var gone = await HtmlAsync(auditor, "/");
        Assert.Contains("data-testid=\"page-error\"", gone);
        Assert.Contains("已按保留设置清理", gone);
        Assert.Contains($"data-build=\"{first}\"", gone); // still labelled, with the way back

        // back to the current data
        var back = await auditor.PostAsync("/builds/current", Form(auditorToken, ("returnUrl", "/")));
        Assert.Equal("/", back.Headers.Location!.OriginalString);
        var now = await HtmlAsync(auditor, "/");
        Assert.DoesNotContain("data-testid=\"as-of-build\"", now);
        Assert.DoesNotContain("data-testid=\"page-error\"", now);
        Assert.Equal(
            [(true, $"build={first} run=1"), (true, $"build=current was={first}")],
            (await fixture.AuditAsync("audit")).Where(e => e.Action == "build_viewed" && e.Succeeded).Select(e => (e.Succeeded, e.Detail)));
    }
}
