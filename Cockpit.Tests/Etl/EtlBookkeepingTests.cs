using System.Diagnostics;
using System.Text.Json;
using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;

namespace Cockpit.Tests.Etl;

/// <summary>
/// The warehouse's own files going wrong: corrupt or foreign run logs, a corrupt or dangling <c>current.json</c>, a
/// garbage build, folders that cannot be written, a file given as the folder, leftovers of killed runs. Each gives a
/// clear line and a documented exit code through the real command line, never a stack trace; <c>run</c> repairs
/// what it can; the previous build stays current and readable.
/// </summary>
[Collection("console")]
public sealed class EtlBookkeepingTests(DemoCompanyFixture demo) : IClassFixture<DemoCompanyFixture>, IDisposable
{
    private readonly string _folder = TempFolder.Create("bookkeeping");

    private string Warehouse => Path.Combine(_folder, "warehouse");

    private WarehouseLayout Layout => new(Warehouse);

    public void Dispose() => TempFolder.Delete(_folder);

    private EtlRunRequest Request(Action<EtlStage>? hook = null) =>
        EtlTestSupport.Request(demo.DatabasePath, demo.InboxPath, Warehouse) with { BeforeStage = hook };

    private RunLog Publish()
    {
        var log = EtlRunner.Run(Request());
        Assert.Equal(RunStatus.Succeeded, log.Status);
        return log;
    }

    private (int Code, string Output, string Error) Cli(params string[] args) => Etl.Cli.Run(args);

    private (int Code, string Output, string Error) RunCli(params string[] extra) =>
        Cli(["run", "--source", demo.DatabasePath, "--inbox", demo.InboxPath, "--warehouse", Warehouse, .. extra]);

    /// <summary>A run that fails at Load, after the repairs: what is current then is what the repairs left.</summary>
    private RunLog FailAtLoad() => EtlRunner.Run(Request(stage =>
    {
        if (stage == EtlStage.Load) throw new IOException("injected failure at Load");
    }));

    private void AssertCurrentAndReadable(string buildId)
    {
        Assert.Equal(buildId, Layout.ReadCurrent()!.BuildId);
        Assert.True(EtlTestSupport.Count(EtlTestSupport.CurrentBuildFile(Warehouse), "fct_contract") > 0);
    }

    /// <summary>One clear line, no stack trace.</summary>
    private static void AssertOneClearLine(string error, string expected)
    {
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Unhandled", error);
    }

    [Theory]
    [InlineData("truncated", "{\"runId\": 1, \"status\": \"succ")]
    [InlineData("foreign object", "{\"foo\":1}")]
    [InlineData("foreign array", "[]")]
    [InlineData("empty", "")]
    public void AnUnreadableRunLogIsReportedByStatusAndMovedAsideByTheNextRun(string kind, string content)
    {
        var good = Publish();
        var bad = Path.Combine(Layout.RunsDirectory, "000007.json");
        File.WriteAllText(bad, content);

        var (code, output, error) = Cli("status", "--warehouse", Warehouse);
        Assert.True(code == 0, kind);
        Assert.Contains(good.BuildId, output);
        AssertOneClearLine(error, "000007.json");
        (code, output, _) = Cli("status", "--warehouse", Warehouse, "--json");
        Assert.Equal(0, code);
        using (var status = JsonDocument.Parse(output))
        {
            Assert.Contains("000007.json", status.RootElement.GetProperty("warnings")[0].GetString());
            Assert.Equal(good.RunId, status.RootElement.GetProperty("runs")[0].GetProperty("runId").GetInt64());
        }

        (code, output, _) = RunCli("--json");
        Assert.Equal(0, code);
        using var run = JsonDocument.Parse(output);
        Assert.Equal("succeeded", run.RootElement.GetProperty("status").GetString());
        Assert.Contains(run.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("000007.json.corrupt"));
        Assert.Equal(8, run.RootElement.GetProperty("runId").GetInt64()); // never reuses the number of the unreadable log
        Assert.False(File.Exists(bad));
        Assert.Equal(content, File.ReadAllText(bad + ".corrupt"));
        Assert.Equal(2, RunLogStore.ReadAll(Layout).Count);
    }

    [Fact]
    public void AnUnreadableRunLogNoLongerStopsAFailedRunFromLeavingThePreviousBuildCurrent()
    {
        var good = Publish();
        File.WriteAllText(Path.Combine(Layout.RunsDirectory, "000002.json"), "{ \"runId\": 2, ");

        var failed = FailAtLoad();

        Assert.Equal(RunStatus.Failed, failed.Status);
        AssertCurrentAndReadable(good.BuildId);
    }

    [Fact]
    public void ACorruptCurrentPointerIsReportedByEveryReaderAndRestoredByTheNextRun()
    {
        var good = Publish();
        File.WriteAllText(Layout.CurrentPointer, "{\"buildId\": \"0000");

        foreach (var command in new[] { "kpis", "targets", "benchmark-kpis" })
        {
            var (code, _, error) = Cli(command, "--warehouse", Warehouse);
            Assert.True(code == 5, $"{command} exits {code}: {error}");
            AssertOneClearLine(error, "current.json cannot be read");
        }
        var (statusCode, statusOutput, statusError) = Cli("status", "--warehouse", Warehouse);
        Assert.Equal(5, statusCode);
        Assert.Contains("current.json cannot be read", statusOutput);
        Assert.Empty(statusError);
        Assert.Null(Layout.ReadCurrent()); // readers (the web too) see "no readable build", not an exception

        var failed = FailAtLoad();

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains(failed.Warnings, w => w.Contains($"the current build is again {good.BuildId}"));
        AssertCurrentAndReadable(good.BuildId);
        Assert.True(File.Exists(Layout.CurrentPointer + ".corrupt"));
        Assert.Equal(0, Cli("kpis", "--warehouse", Warehouse, "--json").Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACurrentBuildFileThatIsMissingOrGarbageFallsBackToTheNewestBuildThatOpens(bool garbage)
    {
        var older = Publish();
        var newer = Publish();
        var file = Layout.BuildFile(newer.BuildId);
        File.Delete(file);
        if (garbage) File.WriteAllText(file, "this is not a DuckDB database");

        var (code, output, _) = Cli("status", "--warehouse", Warehouse);
        Assert.Equal(5, code);
        Assert.Contains(garbage ? "the build file cannot be opened" : "the current build's file is missing", output);
        (code, _, var error) = Cli("kpis", "--warehouse", Warehouse);
        Assert.Equal(5, code);
        AssertOneClearLine(error, "the current build cannot be used");

        var failed = FailAtLoad();

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains(failed.Warnings, w => w.Contains($"the current build is again {older.BuildId}"));
        AssertCurrentAndReadable(older.BuildId);
        Assert.Equal(0, Cli("status", "--warehouse", Warehouse).Code);
    }

    [Fact]
    public void ACorruptPointerWithNoBuildToFallBackOnIsReportedAndTheRunPublishes()
    {
        Directory.CreateDirectory(Warehouse);
        File.WriteAllText(Layout.CurrentPointer, "[]");

        var (code, output, _) = RunCli("--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("no earlier published build that opens was found"));
        AssertCurrentAndReadable(json.RootElement.GetProperty("buildId").GetString()!);
    }

    [Fact]
    public void ACurrentPointerThatIsAFolderIsReportedNotTakenForNoBuild()
    {
        Publish();
        File.Delete(Layout.CurrentPointer);
        Directory.CreateDirectory(Layout.CurrentPointer);

        var (code, output, _) = Cli("status", "--warehouse", Warehouse);
        Assert.Equal(5, code);
        Assert.Contains("current.json is a folder, not a file", output);
        (code, _, var error) = RunCli();
        Assert.Equal(5, code);
        AssertOneClearLine(error, "the warehouse's current.json is a folder, not a file");
    }

    [Fact]
    public void ARunsFolderThatCannotBeWrittenIsNotMistakenForAnotherRun()
    {
        var good = Publish();
        // works as root too, where permissions do not stop writes: runs is a file
        Directory.Delete(Layout.RunsDirectory, recursive: true);
        File.WriteAllText(Layout.RunsDirectory, "");

        var (code, _, error) = RunCli();

        Assert.Equal(5, code);
        AssertOneClearLine(error, "the warehouse's runs is a file, not a folder");
        Assert.DoesNotContain("another ETL run", error);
        AssertCurrentAndReadable(good.BuildId);
        (code, _, error) = Cli("status", "--warehouse", Warehouse);
        Assert.Equal(0, code);
        Assert.Contains("runs is a file", error);
    }

    [Fact]
    public void AReadOnlyRunsFolderIsReportedAsNotWritable()
    {
        var good = Publish();
        if (Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            // root writes through read-only permissions (and Windows has no mode bits): the runs-is-a-file test
            // above covers the same path for them
            return;
        }
        File.SetUnixFileMode(Layout.RunsDirectory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var (code, _, error) = RunCli();

            Assert.Equal(5, code);
            AssertOneClearLine(error, "cannot be written");
            Assert.DoesNotContain("another ETL run", error);
            AssertCurrentAndReadable(good.BuildId);
        }
        finally
        {
            File.SetUnixFileMode(Layout.RunsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void AFileGivenAsTheWarehouseIsReportedByEveryCommand()
    {
        var file = Path.Combine(_folder, "warehouse.duckdb");
        File.WriteAllText(file, "a file");

        var (code, output, error) = Cli("run", "--source", demo.DatabasePath, "--inbox", demo.InboxPath, "--warehouse", file, "--json");
        Assert.Equal(5, code);
        AssertOneClearLine(error, "the warehouse path is a file, not a folder");
        using (var json = JsonDocument.Parse(output)) Assert.Equal("unusable", json.RootElement.GetProperty("status").GetString());
        foreach (var command in new[] { "status", "quarantine", "kpis", "targets", "benchmark-kpis" })
        {
            (code, _, error) = Cli(command, "--warehouse", file);
            Assert.True(code == 5, $"{command} exits {code}: {error}");
            AssertOneClearLine(error, "the warehouse path is a file, not a folder");
        }
        Assert.Equal("a file", File.ReadAllText(file));
    }

    [Fact]
    public void TemporaryFilesAKilledRunLeftAreCleanedByTheNextRun()
    {
        Publish();
        var pointerTemp = Layout.CurrentPointer + ".4242.tmp";
        var logTemp = Path.Combine(Layout.RunsDirectory, "000002.json.4242.tmp");
        File.WriteAllText(pointerTemp, "{\"buildId\":");
        File.WriteAllText(logTemp, "{");
        var orphanWal = Path.Combine(Layout.BuildsDirectory, "000002-20261015-100000.duckdb.wal");
        File.WriteAllText(orphanWal, "the write-ahead log of a build whose file is gone");

        var (code, output, _) = RunCli("--json");

        Assert.Equal(0, code);
        Assert.False(File.Exists(pointerTemp));
        Assert.False(File.Exists(logTemp));
        Assert.False(File.Exists(orphanWal));
        using var json = JsonDocument.Parse(output);
        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("current.json.4242.tmp"));
        Assert.Empty(Directory.GetFiles(Warehouse, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void AFullDiskWhilePublishingFailsClearlyAndLeavesNoTemporaryPointer()
    {
        var good = Publish();
        if (!File.Exists("/dev/full")) return; // Linux: a device that answers every write with "no space left"

        var log = EtlRunner.Run(Request(stage =>
        {
            if (stage == EtlStage.Publish) File.CreateSymbolicLink(Layout.CurrentPointer + $".{Environment.ProcessId}.tmp", "/dev/full");
        }));

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Publish), log.Stage);
        Assert.Contains("the disk is full", log.Error);
        Assert.True(log.StorageFailure, "the command line exits 5 for it, not 1");
        Assert.Empty(Directory.GetFiles(Warehouse, "*.tmp"));
        AssertCurrentAndReadable(good.BuildId);
    }

    [Fact]
    public void AKilledRunShowsAsAbandonedInStatusWithoutWaitingForTheNextRun()
    {
        Publish();
        using var gone = Process.Start(OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe", "/c exit") : new ProcessStartInfo("true"))!;
        gone.WaitForExit();
        RunLogStore.Save(Layout, new RunLog
        {
            RunId = 2, BuildId = "killed", StartedAt = DateTimeOffset.UtcNow, Stage = "Load", ProcessId = gone.Id,
            Machine = Environment.MachineName,
        });
        // this process, but started at another time: its id was reused by a different process
        RunLogStore.Save(Layout, new RunLog
        {
            RunId = 3, BuildId = "reused", StartedAt = DateTimeOffset.UtcNow, Stage = "Transform", ProcessId = Environment.ProcessId,
            ProcessStartedAt = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero), Machine = Environment.MachineName,
        });
        // this process as it is: still running
        RunLogStore.Save(Layout, new RunLog
        {
            RunId = 4, BuildId = "alive", StartedAt = DateTimeOffset.UtcNow, Stage = "Load", ProcessId = Environment.ProcessId,
            ProcessStartedAt = RunLogStore.CurrentProcessStart(), Machine = Environment.MachineName,
        });

        var (code, output, _) = Cli("status", "--warehouse", Warehouse, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var status = json.RootElement.GetProperty("runs").EnumerateArray()
            .ToDictionary(r => r.GetProperty("runId").GetInt64(), r => r.GetProperty("status").GetString());
        Assert.Equal("abandoned", status[2]);
        Assert.Equal("abandoned", status[3]);
        Assert.Equal("running", status[4]);
        Assert.Equal("succeeded", status[1]);
        (_, output, _) = Cli("status", "--warehouse", Warehouse);
        Assert.Contains("#2     abandoned", output);
        Assert.Contains($"process {gone.Id} is gone", output);
    }

    [Fact]
    public void AnUnreadableQuarantineListIsReportedNotTakenForNone()
    {
        var good = Publish();
        File.WriteAllText(RunLogStore.QuarantineFile(Layout, good.RunId), "[{\"source\": ");

        var (code, _, error) = Cli("quarantine", "--warehouse", Warehouse);

        Assert.Equal(5, code);
        AssertOneClearLine(error, $"the quarantine list of run #{good.RunId} cannot be read");
    }

    [Fact]
    public void AnUnexpectedFailureEndsInOneLineWithWhereTheDetailsAre()
    {
        // a DuckDB file that opens but is not a cockpit build: the KPI queries fail in a way nothing expects
        Directory.CreateDirectory(Layout.BuildsDirectory);
        const string buildId = "000001-20261015-100000";
        using (var foreign = WarehouseConnection.OpenWrite(Layout.BuildFile(buildId)))
        {
            using var command = foreign.CreateCommand();
            command.CommandText = "create table etl_source_counts (source varchar, rows_loaded bigint)";
            command.ExecuteNonQuery();
        }
        Layout.Publish(new BuildPointer(buildId, 1, Layout.BuildFile(buildId), DateTimeOffset.UtcNow, new DateOnly(2026, 9, 30)));

        var (code, output, error) = Cli("kpis", "--warehouse", Warehouse);

        Assert.Equal(6, code);
        AssertOneClearLine(error, "意外错误 unexpected error");
        Assert.Single(error.Trim().Split('\n'));
        var details = error[(error.IndexOf("details: ", StringComparison.Ordinal) + "details: ".Length)..].Trim().TrimEnd(')');
        Assert.Contains("   at ", File.ReadAllText(details));
        File.Delete(details);
    }

    [Fact]
    public void TheWebReadsACorruptPointerAndRunLogAsNoReadableBuildNotAnException()
    {
        Publish();
        File.WriteAllText(Layout.CurrentPointer, "{");
        File.WriteAllText(Path.Combine(Layout.RunsDirectory, "000002.json"), "[]");

        var freshness = new Cockpit.Web.Services.WarehouseStatus(Layout).Read();

        Assert.True(freshness.NoBuild);
        Assert.Equal(1, freshness.LastRun!.RunId);
        Assert.Contains("current.json cannot be read", Layout.ReadPointer().Problem);
    }

    [Fact]
    public void HelpDocumentsEveryExitCode()
    {
        var (code, output, _) = Cli("help");
        Assert.Equal(0, code);
        foreach (var word in new[] { "--allow-hollow", "--max-row-loss", "0  done", "1  run failed", "2  the command line", "3  another run", "4  run refused", "5  the warehouse cannot be used", "6  unexpected error" })
        {
            Assert.Contains(word, output);
        }
    }
}
