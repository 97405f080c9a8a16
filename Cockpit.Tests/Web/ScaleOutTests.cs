using System.Net;
using System.Text.Json;
using Cockpit.Tests.Browser;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;
using Microsoft.Data.Sqlite;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// Scale-out as the README's deployment section describes it (issue 18, item 3), on loopback: two instances of the
/// real web app (child processes) reading the published builds from one shared warehouse folder, with Hangfire's jobs
/// and the accounts on one PostgreSQL database. A run started from either instance runs once (one run log, one new
/// build), and both instances then serve the new build's figures without a restart.
/// </summary>
public sealed class ScaleOutTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private WarehouseLayout Layout => new(company.Warehouse);

    private static HttpClient Client(CockpitServer server, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = new Uri(server.Url) };

    private static async Task<HttpClient> SignedInAsync(CockpitServer server, string user, CookieContainer? cookies = null)
    {
        var client = Client(server, cookies);
        var response = await client.SignInAsync(user);
        Assert.NotEqual("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
        return client;
    }

    /// <summary>The hand-made company's balance at D as the drill-down shows it, on one instance.</summary>
    private static async Task<string?> BalanceAsync(HttpClient client) =>
        TestIdText(WebUtility.HtmlDecode(await client.GetStringAsync("/drill/balance?asof=2026-06")), "drill-value");

    private async Task RunOnceFromAsync(HttpClient admin, long expectedRun)
    {
        var token = await FormTokenAsync(admin, "/admin/runs");
        var posted = await admin.PostAsync("/admin/etl/run", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["returnUrl"] = "/admin/runs",
        }));
        Assert.Contains("etl=started", posted.RequestMessage!.RequestUri!.Query);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (Layout.ReadCurrent()?.RunId != expectedRun && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.Equal(expectedRun, Layout.ReadCurrent()?.RunId);
    }

    private int RunLogs() => Directory.GetFiles(Layout.RunsDirectory, "??????.json").Length;

    [PostgresFact]
    public async Task TwoInstancesShareTheBuildsAndTheJobsARunStartedFromEitherRunsOnceAndBothServeItsBuild()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("cockpit_scaleout");
        var folder = TempFolder.Create("scaleout");
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Source__ConnectionString"] = $"Data Source={Path.Combine(company.Folder, "source.db")}",
                ["Etl__InboxDirectory"] = Path.Combine(company.Folder, "inbox"),
                ["Warehouse__Directory"] = company.Warehouse,
                ["Hangfire__PostgreSql"] = database.ConnectionString,
                ["Auth__Provider"] = "postgresql",
                ["Auth__ConnectionString"] = database.ConnectionString,
            };
            // one after the other: the first creates the job tables and the accounts
            await using var a = await CockpitServer.StartAsync(folder, settings, "scaleout-a.log");
            await a.WaitForBuildAsync(TimeSpan.FromSeconds(60));
            await using var b = await CockpitServer.StartAsync(folder, settings, "scaleout-b.log");
            await b.WaitForBuildAsync(TimeSpan.FromSeconds(60));
            // one sign-in holds on both instances (the cookie keys are shared): a load balancer may move a session
            var session = new CookieContainer();
            using var ceoA = await SignedInAsync(a, "ceo", session);
            using var ceoB = Client(b, session);
            Assert.Equal("2,270.00 万元", await BalanceAsync(ceoA));
            Assert.Equal("2,270.00 万元", await BalanceAsync(ceoB));

            // the core system changes (D's balances halve); a run started on A runs once, and B serves its build too
            using (var db = new SqliteConnection($"Data Source={Path.Combine(company.Folder, "source.db")};Pooling=False"))
            {
                db.Open();
                using var update = db.CreateCommand();
                update.CommandText = "update balance_snapshots set outstanding = outstanding / 2 where as_of = '2026-06-30'";
                Assert.Equal(6, update.ExecuteNonQuery());
            }
            var logsBefore = RunLogs();
            using var adminA = await SignedInAsync(a, "admin");
            await RunOnceFromAsync(adminA, company.Log.RunId + 1);
            Assert.Equal("1,135.00 万元", await BalanceAsync(ceoA));
            Assert.Equal("1,135.00 万元", await BalanceAsync(ceoB));

            // and one started on B runs once as well
            using var adminB = await SignedInAsync(b, "admin");
            await RunOnceFromAsync(adminB, company.Log.RunId + 2);
            await Task.Delay(TimeSpan.FromSeconds(5)); // a second execution of either job would have begun by now
            Assert.Equal(logsBefore + 2, RunLogs());
            Assert.Equal(company.Log.RunId + 2, Layout.ReadCurrent()!.RunId);
            foreach (var admin in new[] { adminA, adminB })
            {
                using var health = JsonDocument.Parse(await admin.GetStringAsync("/healthz"));
                Assert.Equal(Layout.ReadCurrent()!.BuildId, health.RootElement.GetProperty("buildId").GetString());
            }
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }
}
