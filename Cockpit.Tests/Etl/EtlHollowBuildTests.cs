using System.Text.Json;
using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;
using Microsoft.Data.Sqlite;

namespace Cockpit.Tests.Etl;

/// <summary>
/// A run never publishes a hollow build without being told to: no inbox folder, an empty table the cockpit needs,
/// or a core table that lost more than half its rows are refused (exit 4) and the previous build stays current;
/// <c>--allow-hollow</c> publishes anyway and the run log says so.
/// </summary>
[Collection("console")]
public sealed class EtlHollowBuildTests(DemoCompanyFixture demo) : IClassFixture<DemoCompanyFixture>, IDisposable
{
    private readonly string _folder = TempFolder.Create("hollow");

    private string Warehouse => Path.Combine(_folder, "warehouse");

    private WarehouseLayout Layout => new(Warehouse);

    public void Dispose() => TempFolder.Delete(_folder);

    private RunLog Run(string? source = null, string? inbox = null, Func<EtlRunRequest, EtlRunRequest>? change = null)
    {
        var request = EtlTestSupport.Request(source ?? demo.DatabasePath, inbox ?? demo.InboxPath, Warehouse, cube: false);
        return EtlRunner.Run(change is null ? request : change(request));
    }

    private RunLog Publish()
    {
        var log = Run();
        Assert.Equal(RunStatus.Succeeded, log.Status);
        return log;
    }

    /// <summary>A copy of the demo source with some SQL applied.</summary>
    private string SourceWith(string sql) => EtlTestSupport.SourceWith(demo.DatabasePath, _folder, sql);

    private void AssertStillCurrent(RunLog good)
    {
        Assert.Equal(good.BuildId, Layout.ReadCurrent()!.BuildId);
        Assert.True(EtlTestSupport.Count(EtlTestSupport.CurrentBuildFile(Warehouse), "fct_contract") > 0);
    }

    private static void AssertRefused(RunLog log, string guard, string target)
    {
        Assert.Equal(RunStatus.Refused, log.Status);
        Assert.Contains(log.Guards, g => g.Guard == guard && g.Target == target);
        Assert.Contains("refused to publish a hollow build", log.Error);
        Assert.Contains("--allow-hollow", log.Error);
    }

    [Fact]
    public void AMissingInboxFolderIsRefusedWithExitFourAndThePreviousBuildStaysCurrent()
    {
        var good = Publish();
        var missing = Path.Combine(_folder, "inbxo");

        var (code, output, _) = Cli.Run(["run", "--source", demo.DatabasePath, "--inbox", missing, "--warehouse", Warehouse, "--json"]);

        Assert.Equal(4, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("refused", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("buildId").ValueKind);
        var guard = json.RootElement.GetProperty("guards").EnumerateArray().Single();
        Assert.Equal("inbox_missing", guard.GetProperty("guard").GetString());
        Assert.Contains("收件箱文件夹不存在", guard.GetProperty("message").GetString());
        Assert.Contains("the inbox folder does not exist", json.RootElement.GetProperty("error").GetString());
        AssertStillCurrent(good);
        Assert.Single(Directory.GetFiles(Layout.BuildsDirectory, "*.duckdb"));

        (code, output, _) = Cli.Run(["status", "--warehouse", Warehouse]);
        Assert.Equal(0, code);
        Assert.Contains("refused", output);
        Assert.Contains(good.BuildId, output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AnInboxFolderThatCannotBeReadIsRefused()
    {
        // everything in a folder another user may use; the inbox itself closed to all but its owner
        var shared = Path.Combine(_folder, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0x1FF);
        var source = Path.Combine(shared, "source.db");
        File.Copy(demo.DatabasePath, source);
        File.SetUnixFileMode(source, (UnixFileMode)0x1B6);
        var inbox = Path.Combine(shared, "inbox");
        Directory.CreateDirectory(inbox);
        File.Copy(Directory.GetFiles(demo.InboxPath, "finance_*")[0], Path.Combine(inbox, "finance_2026.xlsx"));
        File.SetUnixFileMode(inbox, UnixFileMode.None);
        string[] args = ["run", "--source", source, "--inbox", inbox, "--warehouse", Path.Combine(shared, "warehouse"), "--json"];

        // root reads any folder: the run is made as the unprivileged user nobody, as the nightly job would be
        var (code, output) = Environment.UserName == "root" ? AsNobody(args) : Cli.Run(args) is var (c, o, _) ? (c, o) : default;

        Assert.Equal(4, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("refused", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("the inbox folder cannot be read", json.RootElement.GetProperty("error").GetString());
    }

    private static (int Code, string Output) AsNobody(string[] args)
    {
        var etl = AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}Cockpit.Tests{Path.DirectorySeparatorChar}bin",
            $"{Path.DirectorySeparatorChar}Cockpit.Etl{Path.DirectorySeparatorChar}bin", StringComparison.Ordinal);
        var start = new System.Diagnostics.ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in (string[])["--reuid=nobody", "--regid=nogroup", "--clear-groups", "dotnet", Path.Combine(etl, "Cockpit.Etl.dll"), .. args])
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the run as nobody did not finish in two minutes");
        Assert.True(error.Result.Length == 0 || process.ExitCode == 4, error.Result);
        return (process.ExitCode, output.Result);
    }

    [Fact]
    public void AnInboxPathThatIsAFileIsRefused()
    {
        var good = Publish();
        var file = Path.Combine(_folder, "inbox.csv");
        File.WriteAllText(file, "not a folder");

        var log = Run(inbox: file);

        AssertRefused(log, "inbox_missing", file);
        Assert.Contains("the inbox path is a file, not a folder", log.Error);
        AssertStillCurrent(good);
    }

    [Theory]
    [InlineData("departments", "delete from departments")]
    [InlineData("balance_snapshots", "delete from balance_snapshots")]
    [InlineData("customers", "delete from customers")]
    [InlineData("contracts", "delete from contracts")]
    public void AnEmptiedTableTheCockpitNeedsIsRefused(string table, string sql)
    {
        var good = Publish();

        var log = Run(SourceWith(sql));

        AssertRefused(log, "empty_table", table);
        Assert.Contains($"table {table} loaded no rows", log.Error);
        Assert.Equal(nameof(EtlStage.Load), log.Stage);
        AssertStillCurrent(good);
        Assert.False(File.Exists(Layout.BuildFile(log.BuildId)), "the refused build's file is removed");
        Assert.Equal(RunStatus.Refused, RunLogStore.ReadAll(Layout).Single(r => r.RunId == log.RunId).Status);
    }

    [Fact]
    public void ATableWhoseEveryRowIsQuarantinedCountsAsEmpty()
    {
        // no previous build: the refusal is about emptiness alone, not about rows lost
        var log = Run(SourceWith("update departments set kind = 'bogus'"));

        AssertRefused(log, "empty_table", "departments");
        var departments = log.Sources.Single(s => s.Name == "departments");
        Assert.Equal(0, departments.Loaded);
        Assert.Equal(departments.Read, departments.Quarantined);
        Assert.Contains("quarantined", log.Guards.Single(g => g.Target == "departments").Message);
        Assert.Null(Layout.ReadCurrent());
    }

    [Fact]
    public void TablesAYoungCompanyMayHaveEmptyAreNotRefused()
    {
        var log = Run(SourceWith("delete from recoveries; delete from write_offs; delete from risk_signals; delete from compensations;"));

        Assert.Equal(RunStatus.Succeeded, log.Status);
        Assert.Empty(log.Guards);
    }

    [Fact]
    public void ACoreTableLosingMoreThanHalfItsRowsComparedWithTheCurrentBuildIsRefused()
    {
        var good = Publish();
        var before = good.Sources.Single(s => s.Name == "fee_payments").Loaded;

        var log = Run(SourceWith("delete from fee_payments where id % 10 < 6"));

        AssertRefused(log, "row_loss", "fee_payments");
        var after = log.Sources.Single(s => s.Name == "fee_payments").Loaded;
        Assert.True(after < before / 2, $"{after} of {before} rows left");
        Assert.Contains($"{before:N0}", log.Guards.Single().Message);
        Assert.Contains("more than the allowed 50%", log.Error);
        AssertStillCurrent(good);
    }

    [Fact]
    public void ALossWithinTheConfiguredShareIsPublished()
    {
        Publish();
        var source = SourceWith("delete from fee_payments where id % 10 < 6");

        Assert.Equal(RunStatus.Succeeded, Run(source, change: r => r with { MaxRowLoss = 0.7 }).Status);
        // against that build (4 in 10 payments left), 3 in 10 is a quarter fewer: within the default half
        Assert.Equal(RunStatus.Succeeded, Run(SourceWith("delete from fee_payments where id % 10 < 7")).Status);
    }

    [Fact]
    public void MaxRowLossOnTheCommandLineIsAShareOrAPercentage()
    {
        Publish();
        var source = SourceWith("delete from fee_payments where id % 10 < 6");

        var (code, _, _) = Cli.Run(["run", "--source", source, "--inbox", demo.InboxPath, "--warehouse", Warehouse, "--max-row-loss", "70%"]);
        Assert.Equal(0, code);

        (code, _, var error) = Cli.Run(["run", "--source", source, "--inbox", demo.InboxPath, "--warehouse", Warehouse, "--max-row-loss", "50"]);
        Assert.Equal(2, code);
        Assert.Contains("--max-row-loss must be a share such as 0.5 or 50%", error);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("50%", 0.5)]
    [InlineData("12.5 %", 0.125)]
    [InlineData("1", 1.0)]
    [InlineData("0", 0.0)]
    [InlineData("50", null)]
    [InlineData("-0.1", null)]
    [InlineData("half", null)]
    [InlineData("NaN", null)]
    public void AShareParsesAsAFractionOrAPercentage(string text, double? expected) =>
        Assert.Equal(expected, HollowBuildGuard.ParseShare(text));

    [Fact]
    public void AllowHollowPublishesAnywayAndTheRunLogRecordsWhichGuardsItOverrode()
    {
        Publish();
        var missing = Path.Combine(_folder, "no-inbox");

        var (code, output, _) = Cli.Run(["run", "--source", demo.DatabasePath, "--inbox", missing, "--warehouse", Warehouse, "--allow-hollow"]);

        Assert.Equal(0, code);
        Assert.Contains("已发布 published", output);
        Assert.Contains("--allow-hollow", output);
        var pointer = Layout.ReadCurrent()!;
        var logFile = RunLogStore.LogFile(Layout, pointer.RunId);
        using (var json = JsonDocument.Parse(File.ReadAllText(logFile)))
        {
            Assert.True(json.RootElement.GetProperty("allowHollow").GetBoolean());
            var guard = json.RootElement.GetProperty("guards").EnumerateArray().Single();
            Assert.Equal("inbox_missing", guard.GetProperty("guard").GetString());
            Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
        }

        (code, output, _) = Cli.Run(["status", "--warehouse", Warehouse, "--json"]);
        Assert.Equal(0, code);
        using var status = JsonDocument.Parse(output);
        var run = status.RootElement.GetProperty("runs")[0];
        Assert.True(run.GetProperty("allowHollow").GetBoolean());
        Assert.Equal("inbox_missing", run.GetProperty("guards")[0].GetProperty("guard").GetString());
        (_, output, _) = Cli.Run(["status", "--warehouse", Warehouse]);
        Assert.Contains("--allow-hollow over inbox_missing", output);
    }

    [Fact]
    public void AllowHollowAlsoPublishesAnEmptiedTable()
    {
        Publish();
        var log = Run(SourceWith("delete from balance_snapshots"), change: r => r with { AllowHollow = true });

        Assert.Equal(RunStatus.Succeeded, log.Status);
        Assert.True(log.AllowHollow);
        Assert.Contains(log.Guards, g => g is { Guard: "empty_table", Target: "balance_snapshots" });
        Assert.Contains(log.Warnings, w => w.Contains("--allow-hollow"));
        Assert.Equal(log.BuildId, Layout.ReadCurrent()!.BuildId);
    }
}
