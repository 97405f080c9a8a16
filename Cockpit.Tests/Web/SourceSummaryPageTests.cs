using System.Net;
using Cockpit.Tests.Etl;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cockpit.Tests.Web;

/// <summary>The first page, served by the real app pipeline over HTTP, shows what the source holds.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class SourceSummaryPageTests(DemoCompanyFixture demo)
{
    private static WebApplicationFactory<Program> App(string connectionString, string dataDirectory, int demoContracts = 8000) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Source:Provider", "sqlite");
            b.UseSetting("Source:ConnectionString", connectionString);
            b.UseSetting("Etl:DataDirectory", dataDirectory);
            b.UseSetting("Etl:DemoContracts", demoContracts.ToString());
        });

    [Fact]
    public async Task HomeShowsRowCountsAndDateRangesOfTheSourceInChinese()
    {
        await using var app = App($"Data Source={demo.DatabasePath}", demo.Directory);
        using var client = app.CreateClient();
        var html = await WaitForAsync(client, h => h.Contains("data-testid=\"contracts\""));

        Assert.Contains("业务核心系统数据概况", html);
        Assert.Contains("担保合同", html);
        var contracts = demo.Company.Contracts.Count;
        Assert.Contains($"data-testid=\"contracts\" class=\"mud-typography mud-typography-h4\">{contracts:N0}<", html);
        Assert.Contains($"{demo.Company.BalanceSnapshots.Count:N0}", html);
        // date range of the snapshots: first month end to the as-of date
        Assert.Contains($"至 {DemoCompanyFixture.AsOf:yyyy-MM-dd}", html);
        Assert.Contains("surveys_2026-09-30.csv", html); // inbox files listed
    }

    [Fact]
    public async Task OnAFreshCheckoutTheDemoCompanyIsGeneratedAndThenShown()
    {
        var folder = TempFolder.Create("firstrun");
        try
        {
            var db = Path.Combine(folder, "source.db");
            await using var app = App($"Data Source={db}", folder, demoContracts: 200);
            using var client = app.CreateClient();
            var html = await WaitForAsync(client, h => h.Contains("data-testid=\"contracts\""), TimeSpan.FromSeconds(90));
            Assert.True(File.Exists(db));
            Assert.True(Directory.GetFiles(Path.Combine(folder, "inbox")).Length >= 15);
            Assert.Contains("担保合同", html);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task AnUnreadableSourceGivesAClearMessageNotACrash()
    {
        var folder = TempFolder.Create("broken");
        try
        {
            var db = Path.Combine(folder, "source.db");
            await File.WriteAllTextAsync(db, "this is not a database");
            await using var app = App($"Data Source={db}", folder);
            using var client = app.CreateClient();
            var html = await WaitForAsync(client, h => h.Contains("无法读取业务核心系统"));
            Assert.Contains("无法读取业务核心系统", html);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private static async Task<string> WaitForAsync(HttpClient client, Func<string, bool> ready, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        string html;
        do
        {
            var response = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            html = await response.Content.ReadAsStringAsync();
            if (ready(html)) return html;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        return html;
    }
}
