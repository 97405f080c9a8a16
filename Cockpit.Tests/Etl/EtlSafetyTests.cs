using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;

namespace Cockpit.Tests.Etl;

/// <summary>Failed, killed and concurrent runs never disturb the published build.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class EtlSafetyTests(DemoCompanyFixture demo) : IDisposable
{
    private readonly string _warehouse = TempFolder.Create("wh-safety");

    public void Dispose() => TempFolder.Delete(_warehouse);

    private WarehouseLayout Layout => new(_warehouse);

    private EtlRunRequest Request(Action<EtlStage>? hook = null) =>
        EtlTestSupport.Request(demo.DatabasePath, demo.InboxPath, _warehouse) with { BeforeStage = hook };

    [Theory]
    [InlineData(EtlStage.Extract)]
    [InlineData(EtlStage.Load)]
    [InlineData(EtlStage.Transform)]
    [InlineData(EtlStage.DataTests)]
    [InlineData(EtlStage.Publish)]
    public void AFailureAtAnyStageLeavesThePreviousBuildCurrentAndReadable(EtlStage failAt)
    {
        var good = EtlRunner.Run(Request());
        Assert.Equal(RunStatus.Succeeded, good.Status);
        var contracts = EtlTestSupport.Count(Layout.BuildFile(good.BuildId), "fct_contract");

        var failed = EtlRunner.Run(Request(stage =>
        {
            if (stage == failAt) throw new IOException($"injected failure at {stage}");
        }));

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(failAt.ToString(), failed.Stage);
        Assert.Contains("injected failure", failed.Error);
        Assert.Equal(good.BuildId, Layout.ReadCurrent()!.BuildId);
        Assert.Equal(contracts, EtlTestSupport.Count(EtlTestSupport.CurrentBuildFile(_warehouse), "fct_contract"));
        Assert.False(File.Exists(Layout.BuildFile(failed.BuildId)), "the failed build's file is removed");

        // the run log survives on disk and says so
        var logs = RunLogStore.ReadAll(Layout);
        Assert.Equal(RunStatus.Failed, logs.Single(r => r.RunId == failed.RunId).Status);

        var next = EtlRunner.Run(Request());
        Assert.Equal(RunStatus.Succeeded, next.Status);
        Assert.Equal(next.BuildId, Layout.ReadCurrent()!.BuildId);
    }

    [Fact]
    public void AFailingDataTestStopsTheBuildFromBeingPublished()
    {
        var good = EtlRunner.Run(Request());
        var sql = TempFolder.Create("sql");
        try
        {
            foreach (var file in Directory.GetFiles(SqlScripts.Locate().Folder, "*.sql", SearchOption.AllDirectories))
            {
                var target = Path.Combine(sql, Path.GetRelativePath(SqlScripts.Locate().Folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            // a test that finds every contract over 1 yuan "wrong"
            File.WriteAllText(Path.Combine(sql, "tests", "no_big_contracts.sql"), "select contract_id from fct_contract where amount > 1");
            var failed = EtlRunner.Run(Request() with { SqlFolder = sql });
            Assert.Equal(RunStatus.Failed, failed.Status);
            Assert.Equal(nameof(EtlStage.DataTests), failed.Stage);
            var test = failed.DataTests.Single(t => t.Name == "no_big_contracts");
            Assert.Equal(EtlTestSupport.Count(Layout.BuildFile(good.BuildId), "fct_contract"), test.Failures);
            Assert.Contains("no_big_contracts", failed.Error);
            Assert.Equal(good.BuildId, Layout.ReadCurrent()!.BuildId);
        }
        finally
        {
            TempFolder.Delete(sql);
        }
    }

    [Fact]
    public void ARunKilledMidwayIsMarkedAbandonedAndTheNextRunSucceeds()
    {
        var good = EtlRunner.Run(Request());
        // what a killed process leaves: a log still "running" and a half-written build file
        var killed = new RunLog { RunId = good.RunId + 1, BuildId = "killed-build", StartedAt = DateTimeOffset.UtcNow, Stage = "Load" };
        RunLogStore.Save(Layout, killed);
        File.WriteAllText(Layout.BuildFile("killed-build"), "half a database");

        var next = EtlRunner.Run(Request());

        Assert.Equal(RunStatus.Succeeded, next.Status);
        Assert.Equal(good.RunId + 2, next.RunId);
        Assert.Equal(RunStatus.Abandoned, RunLogStore.ReadAll(Layout).Single(r => r.RunId == killed.RunId).Status);
        Assert.False(File.Exists(Layout.BuildFile("killed-build")));
    }

    [Fact]
    public void OnlyTheLastNBuildsAreKept()
    {
        string? first = null;
        for (var i = 0; i < 3; i++)
        {
            var log = EtlRunner.Run(Request() with { KeepBuilds = 2 });
            first ??= log.BuildId;
        }
        var files = Directory.GetFiles(Layout.BuildsDirectory, "*.duckdb");
        Assert.Equal(2, files.Length);
        Assert.False(File.Exists(Layout.BuildFile(first!)));
    }

    [Fact]
    public async Task ASecondRunAtTheSameTimeIsRefusedAtOnce()
    {
        using var inLoad = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => EtlRunner.Run(Request(stage =>
        {
            if (stage != EtlStage.Load) return;
            inLoad.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        })));
        Assert.True(inLoad.Wait(TimeSpan.FromSeconds(30)), "the first run reached the load stage");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var busy = Assert.Throws<EtlBusyException>(() => EtlRunner.Run(Request()));
        Assert.Contains("另一个 ETL 运行正在进行", busy.Message);
        Assert.Contains("another ETL run is in progress", busy.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "refused at once, not after waiting");

        release.Set();
        Assert.Equal(RunStatus.Succeeded, (await first).Status);
        Assert.Single(RunLogStore.ReadAll(Layout)); // the refused run left no log and no build
    }

    [Fact]
    public async Task AReaderHoldingTheCurrentBuildKeepsWorkingWhileANewBuildIsPublished()
    {
        var good = EtlRunner.Run(Request());
        using var reader = WarehouseConnection.OpenCurrent(Layout)!;
        var before = EtlTestSupport.Query(reader, "select count(*), sum(amount) from fct_contract")[0];

        using var inTransform = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var next = Task.Run(() => EtlRunner.Run(Request(stage =>
        {
            if (stage != EtlStage.Transform) return;
            inTransform.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        })));
        Assert.True(inTransform.Wait(TimeSpan.FromSeconds(30)));
        // mid-load: the reader still sees the old build, unchanged
        Assert.Equal(before, EtlTestSupport.Query(reader, "select count(*), sum(amount) from fct_contract")[0]);
        Assert.Equal(good.BuildId, Layout.ReadCurrent()!.BuildId);
        release.Set();
        var published = await next;

        Assert.Equal(RunStatus.Succeeded, published.Status);
        Assert.Equal(published.BuildId, Layout.ReadCurrent()!.BuildId);
        // the open reader keeps its build until it finishes
        Assert.Equal(before, EtlTestSupport.Query(reader, "select count(*), sum(amount) from fct_contract")[0]);
        using var fresh = WarehouseConnection.OpenCurrent(Layout)!;
        Assert.Equal(before, EtlTestSupport.Query(fresh, "select count(*), sum(amount) from fct_contract")[0]);
    }

    [Fact]
    public void AMissingSourceDatabaseFailsClearlyWithoutCreatingOne()
    {
        var missing = Path.Combine(_warehouse, "nowhere", "source.db");
        var log = EtlRunner.Run(EtlTestSupport.Request(missing, demo.InboxPath, _warehouse));
        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Extract), log.Stage);
        Assert.Contains("does not exist", log.Error);
        Assert.False(File.Exists(missing));
        Assert.Null(Layout.ReadCurrent());
    }
}
