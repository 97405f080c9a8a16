using System.Net;
using System.Text.Json;
using ClosedXML.Excel;
using Cockpit.Etl.Pipeline;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Tests.Web;

/// <summary>
/// The hand-made company loaded a second time with a survey file that holds three bad rows, and the app on it: the
/// second run quarantined exactly those three rows (worked out below), and nothing else.
/// </summary>
public sealed class QuarantineCompany : IAsyncLifetime
{
    public HandMadeCompany Company { get; } = new();

    public string Folder { get; } = TempFolder.Create("etlruns");

    public WebApplicationFactory<Program> App { get; private set; } = default!;

    public RunLog Second { get; private set; } = default!;

    public string Warehouse => Company.Warehouse;

    /// <summary>The stage and status the second run's log held on disk as each stage began.</summary>
    public List<string> OnDisk { get; } = [];

    public Task InitializeAsync()
    {
        // three bad rows, one bad value each: 2026-02-30 does not exist (impossible_date), "abc" is not a number
        // (not_a_number), "x" is not a number either; R11 is good and loads
        var inbox = Path.Combine(Company.Folder, "inbox");
        var code = CreditCode();
        File.WriteAllText(Path.Combine(inbox, "surveys_2026-07-01.csv"),
            "response_id,credit_code,surveyed_on,channel,nps_score,csat,comment\n" +
            $"R8,{code},2026-02-30,phone,9,5,\n" +
            $"R9,{code},2026-06-21,phone,abc,5,\n" +
            $"R10,{code},2026-06-22,phone,8,x,\n" +
            $"R11,{code},2026-06-23,phone,8,4,\n");
        Second = EtlRunner.Run(new EtlRunRequest(
            new Cockpit.Etl.Source.SourceOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(Company.Folder, "source.db")}" },
            inbox, Warehouse) { Time = HandMadeCompany.RunTime }, new StageRecorder(new Cockpit.Warehouse.WarehouseLayout(Warehouse), OnDisk));
        if (Second.Status != RunStatus.Succeeded) throw new InvalidOperationException($"the second run did not succeed: {Second.Stage} {Second.Error}");
        App = WebTestSupport.App(Folder, Path.Combine(Company.Folder, "source.db"), inbox, Warehouse);
        using var _ = App.CreateClient(); // start the host
        return Task.CompletedTask;
    }

    /// <summary>C1's credit code, read from the source (the survey rows must name a known customer).</summary>
    private string CreditCode()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Company.Folder, "source.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select credit_code from customers order by id limit 1";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>As each stage begins (a report with no source), reads the run's log from disk, as a reloaded page does.</summary>
    private sealed class StageRecorder(Cockpit.Warehouse.WarehouseLayout layout, List<string> seen) : IProgress<EtlProgress>
    {
        public void Report(EtlProgress value)
        {
            if (value.Source != "" || value.Fraction >= 1) return;
            var log = RunLogStore.ReadAll(layout)[0];
            seen.Add($"{log.Stage} {log.Status}");
        }
    }

    public async Task<List<AuditEntry>> AuditAsync()
    {
        var factory = App.Services.GetRequiredService<IDbContextFactory<IdentityDb>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Company.Dispose();
        TempFolder.Delete(Folder);
    }
}

/// <summary>The ETL runs and quarantine pages over HTTP as <c>admin</c>: the quarantine equals the CLI's, so does the
/// Excel download; a run-now post while a run is going is refused with the reason and audited. In the secured collection:
/// its own host must not run beside <see cref="SecurityTests"/>' (two Hangfire servers at once lose a run by hand).</summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class EtlRunsWebTests(QuarantineCompany fixture) : IClassFixture<QuarantineCompany>
{
    [Fact]
    public async Task TheQuarantinePageShowsTheLastRunsRowsAndTheExcelHoldsTheSame()
    {
        // by hand: R8, R9 and R10 each have one bad value → 3 rows, all from the new survey file
        Assert.Equal(3, fixture.Second.Quarantined);
        var (code, output, _) = Cli.Run(["quarantine", "--warehouse", fixture.Warehouse, "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var cli = json.RootElement.EnumerateArray()
            .Select(q => (q.GetProperty("source").GetString()!, q.GetProperty("row").GetString()!, q.GetProperty("column").GetString()!, q.GetProperty("value").GetString()!))
            .ToList();
        Assert.Equal(3, cli.Count);

        var client = await fixture.App.SignedInAsync("admin");
        var html = await client.GetStringAsync("/admin/quarantine");
        Assert.Equal("3", WebTestSupport.TestIdText(html, "quarantine-total"));
        Assert.Equal("3", WebTestSupport.TestIdText(html, "quarantine-count"));
        var decoded = WebUtility.HtmlDecode(html);
        foreach (var (_, _, column, value) in cli)
        {
            Assert.Contains(column, decoded, StringComparison.Ordinal);
            Assert.Contains(value, decoded, StringComparison.Ordinal);
        }

        var response = await client.GetAsync($"/admin/quarantine/download?run={fixture.Second.RunId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var book = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var rows = book.Worksheet(1).RowsUsed().Skip(1)
            .Select(r => (r.Cell(1).GetString(), r.Cell(2).GetString(), r.Cell(3).GetString(), r.Cell(4).GetString()))
            .ToList();
        Assert.Equal(cli.Order(), rows.Order());
        Assert.Contains(await fixture.AuditAsync(), e => e.Action == AuditActions.Export && e.Detail!.Contains("quarantine run=", StringComparison.Ordinal));

        // a filter narrows both the page and the workbook
        var column0 = cli[0].Item3;
        var filtered = await client.GetStringAsync($"/admin/quarantine?column={Uri.EscapeDataString(column0)}");
        var expected = cli.Count(q => q.Item3 == column0);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), WebTestSupport.TestIdText(filtered, "quarantine-count"));
    }

    [Fact]
    public void ARunningRunsLogSaysItsStage()
    {
        // written as each stage begins, before the run ends: a reloaded page (or another process) reads it
        Assert.Equal(
            ["Extract running", "Load running", "Transform running", "DataTests running", "Publish running"],
            fixture.OnDisk);
    }

    [Fact]
    public async Task TheRunPageShowsSourcesRejectedFilesTestsAndHashes()
    {
        var client = await fixture.App.SignedInAsync("admin");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/runs/{fixture.Second.RunId}"));
        Assert.Equal("成功", WebTestSupport.TestIdText(html, "run-status"));
        Assert.Contains("data-testid=\"run-current\"", html, StringComparison.Ordinal);
        Assert.Contains("surveys_2026-07-01.csv", html, StringComparison.Ordinal);
        Assert.Contains($"/admin/quarantine?run={fixture.Second.RunId}", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"run-tests\"", html, StringComparison.Ordinal);
        Assert.Contains(fixture.Second.SourceFiles[0].Sha256, html, StringComparison.Ordinal);

        // the first run is no longer current; an unknown run is a message, not an error
        var first = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/runs/1"));
        Assert.DoesNotContain("data-testid=\"run-current\"", first, StringComparison.Ordinal);
        var missing = await client.GetAsync("/admin/runs/999");
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("data-testid=\"run-missing\"", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // the list: both runs by name, the current build marked once
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/runs"));
        Assert.Equal(2, CountOf(list, "data-testid=\"etl-run\""));
        Assert.Equal(1, CountOf(list, "data-testid=\"etl-current-build\""));
        Assert.DoesNotContain(">succeeded<", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunNowPostWhileARunIsGoingIsRefusedWithTheReason()
    {
        var monitor = fixture.App.Services.GetRequiredService<EtlRunMonitor>();
        var client = await fixture.App.SignedInAsync("admin", followRedirects: false);
        var token = await WebTestSupport.FormTokenAsync(client, "/admin/runs");
        Assert.True(monitor.TryClaim(out _));
        try
        {
            // the page says why the button is disabled
            var page = WebUtility.HtmlDecode(await client.GetStringAsync("/admin/runs"));
            Assert.Contains("已有一次运行正在进行", WebTestSupport.TestIdText(page, "etl-busy"), StringComparison.Ordinal);

            var response = await client.PostAsync("/admin/etl/run", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["note"] = "test", ["returnUrl"] = "/admin/runs",
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            Assert.StartsWith("/admin/runs?etl=busy", location, StringComparison.Ordinal);
            var shown = WebUtility.HtmlDecode(await client.GetStringAsync(location));
            var alert = shown.IndexOf("data-testid=\"etl-refused\"", StringComparison.Ordinal);
            Assert.True(alert >= 0, "no refusal shown");
            Assert.Contains("a run is already in progress", shown[alert..], StringComparison.Ordinal);
            Assert.Contains(await fixture.AuditAsync(), e => e.Action == AuditActions.EtlManual && !e.Succeeded);
        }
        finally
        {
            monitor.End();
        }
    }

    [Fact]
    public async Task OnlyAdminsSeeTheQuarantine()
    {
        var client = await fixture.App.SignedInAsync("ceo", followRedirects: false);
        var response = await client.GetAsync("/admin/quarantine/download");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
