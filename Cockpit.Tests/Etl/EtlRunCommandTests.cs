using System.Text.Json;
using Cockpit.Etl;
using Cockpit.Etl.Pipeline;

namespace Cockpit.Tests.Etl;

/// <summary>The documented command lines and their JSON shapes: run, status, quarantine.</summary>
[Collection("console")]
public sealed class EtlRunCommandTests : IClassFixture<DemoCompanyFixture>, IDisposable
{
    private readonly DemoCompanyFixture _demo;
    private readonly string _warehouse = TempFolder.Create("wh-cli");

    public EtlRunCommandTests(DemoCompanyFixture demo) => _demo = demo;

    public void Dispose() => TempFolder.Delete(_warehouse);

    [Fact]
    public void RunWithJsonPrintsOneObjectWithReconciledCountsAndExitsZero()
    {
        var (code, output, _) = Cli.Run(["run", "--source", _demo.DatabasePath, "--provider", "sqlite", "--inbox", _demo.InboxPath, "--warehouse", _warehouse, "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("runId").GetInt64());
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.StartsWith("000001-", root.GetProperty("buildId").GetString());
        var sources = root.GetProperty("sources").EnumerateArray().ToList();
        Assert.Contains(sources, s => s.GetProperty("name").GetString() == "contracts");
        Assert.All(sources, s => Assert.Equal(
            s.GetProperty("read").GetInt64(), s.GetProperty("loaded").GetInt64() + s.GetProperty("quarantined").GetInt64()));
        var rejected = root.GetProperty("rejectedFiles").EnumerateArray().ToList();
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, f => Assert.False(string.IsNullOrEmpty(f.GetProperty("reason").GetString())));
        Assert.Contains(rejected, f => f.GetProperty("file").GetString() == "complaints_legacy_export.csv");
        var tests = root.GetProperty("dataTests").EnumerateArray().ToList();
        Assert.Equal(5, tests.Count);
        Assert.All(tests, t => Assert.Equal(0, t.GetProperty("failures").GetInt64()));

        // status: the current build and the run
        (code, output, _) = Cli.Run(["status", "--warehouse", _warehouse, "--json"]);
        Assert.Equal(0, code);
        using var status = JsonDocument.Parse(output);
        Assert.Equal(root.GetProperty("buildId").GetString(), status.RootElement.GetProperty("current").GetProperty("buildId").GetString());
        Assert.Equal("succeeded", status.RootElement.GetProperty("runs")[0].GetProperty("status").GetString());

        // quarantine: the rows of the last run with source, row, column, value, reason
        (code, output, _) = Cli.Run(["quarantine", "--warehouse", _warehouse, "--json"]);
        Assert.Equal(0, code);
        using var quarantine = JsonDocument.Parse(output);
        var rows = quarantine.RootElement.EnumerateArray().ToList();
        Assert.Equal(_demo.Company.DirtyRecords.Count(d => d.Key != ""), rows.Count);
        var first = rows[0];
        foreach (var field in new[] { "source", "row", "column", "value", "reason" }) Assert.True(first.TryGetProperty(field, out _), field);
    }

    [Fact]
    public void KeepBuildsLimitsTheBuildsOnDisk()
    {
        for (var i = 0; i < 3; i++)
        {
            var (code, _, _) = Cli.Run(["run", "--source", _demo.DatabasePath, "--inbox", _demo.InboxPath, "--warehouse", _warehouse, "--keep-builds", "1"]);
            Assert.Equal(0, code);
        }
        Assert.Single(Directory.GetFiles(Path.Combine(_warehouse, "builds"), "*.duckdb"));
        Assert.Equal(2, Cli.Run(["run", "--keep-builds", "0"]).Code);
    }

    /// <summary>DuckDB builds within --memory-limit-mb and spills beside the build; the spill folder is gone after the run.</summary>
    [Fact]
    public void TheMemoryLimitIsCheckedAndTheSpillFolderRemoved()
    {
        var (code, output, error) = Cli.Run(["run", "--memory-limit-mb", "100", "--warehouse", _warehouse]);
        Assert.Equal(2, code);
        Assert.Contains("--memory-limit-mb must be at least 256", output + error);
        Assert.Equal(2, Cli.Run(["run", "--memory-limit-mb", "-1", "--warehouse", _warehouse]).Code);
        (code, _, _) = Cli.Run(["run", "--source", _demo.DatabasePath, "--inbox", _demo.InboxPath, "--warehouse", _warehouse, "--memory-limit-mb", "256"]);
        Assert.Equal(0, code);
        var builds = Path.Combine(_warehouse, "builds");
        Assert.Single(Directory.GetFiles(builds, "*.duckdb"));
        Assert.Empty(Directory.GetDirectories(builds));
    }

    [Fact]
    public void AFailedRunExitsNonZeroAndSaysWhere()
    {
        var (code, output, _) = Cli.Run(["run", "--source", Path.Combine(_warehouse, "missing.db"), "--inbox", _demo.InboxPath, "--warehouse", _warehouse, "--json"]);
        Assert.NotEqual(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("failed", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("buildId").ValueKind);
        Assert.Equal("Extract", json.RootElement.GetProperty("stage").GetString());

        (code, output, _) = Cli.Run(["status", "--warehouse", _warehouse]);
        Assert.Equal(0, code);
        Assert.Contains("尚无已发布的数据", output);
        Assert.Contains("failed", output);
    }

    [Fact]
    public void TheHumanReadableRunShowsTheCountsRejectedFilesAndDataTests()
    {
        var (code, output, _) = Cli.Run(["run", "--source", _demo.DatabasePath, "--inbox", _demo.InboxPath, "--warehouse", _warehouse]);
        Assert.Equal(0, code);
        Assert.Contains("已发布 published", output);
        Assert.Contains("balance_snapshots", output);
        Assert.Contains("complaints_legacy_export.csv", output);
        Assert.Contains("reconcile_amounts", output);
        Assert.Contains("quarantine", output);
    }

    [Fact]
    public void ThePipelineReportsProgressThroughEveryStage()
    {
        var reports = new List<EtlProgress>();
        var progress = new SynchronousProgress(reports.Add);
        var log = EtlRunner.Run(EtlTestSupport.Request(_demo.DatabasePath, _demo.InboxPath, _warehouse), progress);
        Assert.Equal(RunStatus.Succeeded, log.Status);
        Assert.Equal(Enum.GetValues<EtlStage>(), reports.Select(r => r.Stage).Distinct());
        Assert.Contains(reports, r => r.Source == "balance_snapshots" && r.Rows > 0);
        Assert.Equal(1.0, reports[^1].Fraction);
        var fractions = reports.Select(r => r.Fraction).ToList();
        Assert.Equal(fractions.Order(), fractions); // never goes backwards
    }

    private sealed class SynchronousProgress(Action<EtlProgress> report) : IProgress<EtlProgress>
    {
        public void Report(EtlProgress value) => report(value);
    }
}

/// <summary>Runs the ETL command line in-process, capturing its output.</summary>
internal static class Cli
{
    public static (int Code, string Output, string Error) Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = EtlProgram.Main(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
