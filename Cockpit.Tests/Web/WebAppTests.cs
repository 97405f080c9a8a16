using System.Globalization;
using System.Net;
using System.Text.Json;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>The app through its real pipeline over HTTP: first run, the leadership page, the admin summary, health.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class WebAppTests(DemoCompanyFixture demo) : IDisposable
{
    private readonly string _folder = TempFolder.Create("web");

    public void Dispose() => TempFolder.Delete(_folder);

    private WebApplicationFactory<Program> App(string sourceDb, int demoContracts = 8000) =>
        WebTestSupport.App(_folder, sourceDb, Path.Combine(Path.GetDirectoryName(sourceDb)!, "inbox"), Path.Combine(_folder, "warehouse"),
            new Dictionary<string, string> { ["Etl:DemoContracts"] = demoContracts.ToString(CultureInfo.InvariantCulture) });

    [Fact]
    public async Task ABuildMadeByOlderSqlIsRebuiltWhenTheCockpitStarts()
    {
        var layout = new WarehouseLayout(Path.Combine(_folder, "warehouse"));
        await using (var first = App(demo.DatabasePath))
        {
            using var client = await first.SignedInAsync("ceo");
            await WaitForAsync(client, "/", h => h.Contains("data-testid=\"card-balance\""), TimeSpan.FromSeconds(90));
        }
        var built = layout.ReadCurrent()!;
        Assert.Equal(WarehouseSchema.Version, built.Schema);
        // as a build of the previous release, whose current.json had no schema
        var old = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(layout.CurrentPointer))!.AsObject();
        old.Remove("schema");
        File.WriteAllText(layout.CurrentPointer, old.ToJsonString());
        Assert.Equal(0, layout.ReadCurrent()!.Schema);

        await using var second = App(demo.DatabasePath);
        using var again = await second.SignedInAsync("ceo");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (layout.ReadCurrent()!.BuildId == built.BuildId && DateTime.UtcNow < deadline) await Task.Delay(500);
        var rebuilt = layout.ReadCurrent()!;
        Assert.NotEqual(built.BuildId, rebuilt.BuildId);
        Assert.Equal(WarehouseSchema.Version, rebuilt.Schema);
    }

    [Fact]
    public async Task TheFirstRunBuildsTheWarehouseThenServesTheCockpitWithTheKpiLayersFigures()
    {
        await using var app = App(demo.DatabasePath);
        using var client = await app.SignedInAsync("ceo");
        var html = await WaitForAsync(client, "/", h => h.Contains("data-testid=\"card-balance\""), TimeSpan.FromSeconds(90));

        using var kpis = new KpiService(new WarehouseLayout(Path.Combine(_folder, "warehouse")));
        var asOf = kpis.LatestAsOf()!.Value;
        Assert.Equal(DemoCompanyFixture.AsOf, asOf);
        var figures = await kpis.GetFiguresAsync(KpiPages.LeadershipCards, asOf, KpiPeriod.Ytd);
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        foreach (var f in figures)
        {
            Assert.Equal(CockpitFormat.Value(f.Current.Value, f.Kpi.Unit, zh), CardValue(html, f.Kpi.Code));
        }
        Assert.Contains("领导驾驶舱", html);
        Assert.Contains("2026年1-9月", html);
        Assert.Contains("数据截至 2026-09-30", html);

        // an as-of no calendar can hold (9999-12 has no month end) is not an error page: the latest month is shown
        foreach (var path in new[] { "/?asof=9999-12", "/drill/balance?asof=9999-12" })
        {
            var odd = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
            Assert.DoesNotContain("data-testid=\"correlation-id\"", await odd.Content.ReadAsStringAsync());
        }
        var invalid = WebUtility.HtmlDecode(await client.GetStringAsync("/?asof=9999-12"));
        Assert.Contains("“9999-12”不是有效的数据月份（应为 yyyy-MM），已显示最新月份 2026-09。", invalid);
        Assert.Contains("data-testid=\"card-balance\"", invalid);
        // a month the build has no data for says so, with the months it has, instead of showing zeros
        var empty = WebUtility.HtmlDecode(await client.GetStringAsync("/?asof=2030-01"));
        Assert.Contains($"2030-01 没有数据：当前数据版本覆盖 {asOf.AddMonths(-(kpis.GetFilterOptions().MonthEnds.Count - 1)):yyyy-MM} 至 2026-09", empty);
        Assert.DoesNotContain("data-testid=\"card-balance\"", empty);

        // healthz: a build and a succeeded run (the details for an admin)
        using var adminClient = await app.SignedInAsync("admin");
        var health = await adminClient.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("succeeded", json.RootElement.GetProperty("lastRun").GetProperty("status").GetString());

        // admin: what the source holds
        var admin = WebUtility.HtmlDecode(await adminClient.GetStringAsync("/admin"));
        Assert.Contains("担保合同", admin);
        Assert.Contains($"data-testid=\"contracts\" class=\"mud-typography mud-typography-h4\">{demo.Company.Contracts.Count:N0}<", admin);

        // the drill-down of a card shows the figure it reconciles to
        var balance = figures.Single(f => f.Kpi.Code == "balance");
        var drill = WebUtility.HtmlDecode(await client.GetStringAsync("/drill/balance?asof=2026-09"));
        Assert.Contains($"data-testid=\"drill-rows\" class=\"mud-typography mud-typography-h6\">{balance.Current.Rows:N0}<", drill);

        // the language switch remembers English in a cookie and goes back
        using var noRedirects = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var english = await noRedirects.GetAsync("/culture?c=en-US&redirect=/");
        Assert.Equal(HttpStatusCode.Redirect, english.StatusCode);
        Assert.Contains(".AspNetCore.Culture", string.Join(';', english.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task ANewBuildIsPickedUpAFailedRunIsAnnouncedAndTheEtlIsScheduledNightly()
    {
        await using var app = App(demo.DatabasePath);
        using var client = await app.SignedInAsync("ceo");
        var html = await WaitForAsync(client, "/", h => h.Contains("data-testid=\"card-balance\""), TimeSpan.FromSeconds(90));
        Assert.Contains("批次 #1", html);

        // a new build published by another run: the next page shows it, no restart
        var warehouse = Path.Combine(_folder, "warehouse");
        var second = Cockpit.Etl.Pipeline.EtlRunner.Run(EtlTestSupport.Request(demo.DatabasePath, demo.InboxPath, warehouse));
        Assert.Equal(Cockpit.Etl.Pipeline.RunStatus.Succeeded, second.Status);
        html = await WaitForAsync(client, "/", h => h.Contains("批次 #2"), TimeSpan.FromSeconds(30));
        Assert.Contains("批次 #2", html);

        // a failed run: the cockpit keeps the last build and says so
        var failed = Cockpit.Etl.Pipeline.EtlRunner.Run(EtlTestSupport.Request(Path.Combine(_folder, "missing.db"), demo.InboxPath, warehouse));
        Assert.Equal(Cockpit.Etl.Pipeline.RunStatus.Failed, failed.Status);
        html = await WaitForAsync(client, "/", h => h.Contains("data-testid=\"last-run-failed\""), TimeSpan.FromSeconds(30));
        Assert.Contains("最近一次数据加载失败", html);
        Assert.Contains("批次 #2", html);

        // a run refused as hollow (no inbox folder): the reader is told the figures are older, without the CLI's hint
        var hollow = Cockpit.Etl.Pipeline.EtlRunner.Run(EtlTestSupport.Request(demo.DatabasePath, Path.Combine(_folder, "no-inbox"), warehouse));
        Assert.Equal(Cockpit.Etl.Pipeline.RunStatus.Refused, hollow.Status);
        html = await WaitForAsync(client, "/", h => h.Contains("因数据不完整未予发布"), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("--allow-hollow", html);
        Assert.Contains("批次 #2", html);
        // a load balancer (anonymous) hears "Degraded" and nothing more
        using var anonymous = app.Client();
        Assert.Equal("Degraded", await anonymous.GetStringAsync("/healthz"));

        // Hangfire: the nightly ETL at 02:00 China time
        var storage = (Hangfire.JobStorage)app.Services.GetService(typeof(Hangfire.JobStorage))!;
        using var connection = storage.GetConnection();
        var job = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Single(j => j.Id == Cockpit.Web.Services.EtlJob.RecurringJobId);
        Assert.Equal("0 2 * * *", job.Cron);
        Assert.Equal("Asia/Shanghai", job.TimeZoneId);
        // the dashboard: admins only
        using var admin = await app.SignedInAsync("admin");
        var dashboard = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync());
        using var executive = app.Client(followRedirects: false);
        await executive.SignInAsync("ceo");
        var refused = await executive.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/denied", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task OnAFreshCheckoutTheDemoCompanyIsGeneratedAndTheCockpitAppears()
    {
        var source = Path.Combine(_folder, "source.db");
        await using var app = App(source, demoContracts: 200);
        using var client = await app.SignedInAsync("ceo");
        var html = await WaitForAsync(client, "/", h => h.Contains("data-testid=\"card-balance\""), TimeSpan.FromSeconds(120));
        Assert.True(File.Exists(source));
        Assert.True(Directory.GetFiles(Path.Combine(_folder, "inbox")).Length >= 15);
        Assert.Contains("在保余额", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task AnUnreadableSourceGivesAClearMessageNotACrash()
    {
        var source = Path.Combine(_folder, "broken", "source.db");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        await File.WriteAllTextAsync(source, "this is not a database");
        await using var app = App(source);
        using var client = await app.SignedInAsync("ceo");
        var html = await WaitForAsync(client, "/", h => h.Contains("首次数据加载失败"), TimeSpan.FromSeconds(60));
        Assert.Contains("首次数据加载失败", html);
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
    }
}
