using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Microsoft.Data.Sqlite;

namespace Cockpit.Tests.Warehouse;

/// <summary>
/// Reading an earlier build (the cockpit "as of build X"): on the hand-made company, whose balance at D is worked out
/// by hand — K5 10,000,000 + K8 5,000,000 + K6 4,000,000 + K2 1,600,000 + K4 1,500,000 + K10 600,000 = 22,700,000.
/// Every later build halves D's balances (11,350,000, then 5,675,000, …), so each build's figure tells which it is.
/// </summary>
public sealed class EarlierBuildTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private static readonly KpiWindow AtD = new(HandMadeCompany.D, HandMadeCompany.D);

    private WarehouseLayout Layout => new(company.Warehouse);

    private RunLog HalveAndRun()
    {
        using (var db = new SqliteConnection($"Data Source={Path.Combine(company.Folder, "source.db")};Pooling=False"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "update balance_snapshots set outstanding = outstanding / 2 where as_of = '2026-06-30'";
            Assert.Equal(6, update.ExecuteNonQuery());
        }
        var log = EtlRunner.Run(new EtlRunRequest(
            new Cockpit.Etl.Source.SourceOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(company.Folder, "source.db")}" },
            Path.Combine(company.Folder, "inbox"), company.Warehouse) { Time = HandMadeCompany.RunTime, KeepBuilds = 3 });
        Assert.Equal(RunStatus.Succeeded, log.Status);
        return log;
    }

    private static async Task<decimal?> BalanceAsync(KpiService kpis, BuildPointer? build)
    {
        using var data = ScopedData.Open(kpis, DataAccess.Auditor("audit") with { Build = build }, new FilterState(HandMadeCompany.D), companyTotals: false);
        Assert.Equal(build?.BuildId ?? kpis.CurrentBuild!.BuildId, data.Build.BuildId);
        return (await data.GetAsync("balance", AtD)).Value;
    }

    [Fact]
    public async Task EachKeptBuildReadsItsOwnFiguresWhileTheCurrentOneMovesOnAndARemovedBuildSaysSo()
    {
        var first = company.Log;
        Assert.Equal(WarehouseSchema.Version, first.Schema); // recorded, so the build can be read later
        var second = HalveAndRun();
        var third = HalveAndRun();
        using var kpis = new KpiService(Layout);

        Assert.Equal(5_675_000m, await BalanceAsync(kpis, null));
        Assert.Equal(22_700_000m, await BalanceAsync(kpis, BuildCatalog.Find(Layout, first.BuildId)));
        Assert.Equal(11_350_000m, await BalanceAsync(kpis, BuildCatalog.Find(Layout, second.BuildId)));
        // the current build chosen as an "earlier" one is simply the current build
        Assert.Equal(5_675_000m, await BalanceAsync(kpis, BuildCatalog.Find(Layout, third.BuildId)));

        // the builds page's list: newest first, the current one marked, rows and sizes from the run logs and files
        var kept = BuildCatalog.Kept(Layout);
        Assert.Equal([third.BuildId, second.BuildId, first.BuildId], kept.Select(k => k.BuildId));
        Assert.Equal([true, false, false], kept.Select(k => k.IsCurrent));
        Assert.All(kept, k => Assert.True(k.Bytes > 0 && k.Run.RowsLoaded > 0 && !k.Outdated));

        // a fourth build (keep 3) removes the first: reading it says why, in Chinese and English
        var fourth = HalveAndRun();
        var gone = BuildCatalog.Find(Layout, first.BuildId)!;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => BalanceAsync(kpis, gone));
        Assert.Contains("已按保留设置清理", e.Message);
        Assert.Contains("removed under the retention setting", e.Message);
        Assert.Equal(11_350_000m, await BalanceAsync(kpis, BuildCatalog.Find(Layout, second.BuildId)));
        Assert.Equal(2_837_500m, await BalanceAsync(kpis, null));
        Assert.Equal(fourth.BuildId, kpis.CurrentBuild!.BuildId);

        // a build made by an older warehouse version is refused rather than read with today's SQL
        var old = BuildCatalog.Find(Layout, second.BuildId)! with { Schema = WarehouseSchema.Version - 1 };
        using var fresh = new KpiService(Layout);
        var outdated = await Assert.ThrowsAsync<InvalidOperationException>(() => BalanceAsync(fresh, old));
        Assert.Contains("旧版数据仓库", outdated.Message);
        Assert.Null(BuildCatalog.Find(Layout, "000999-none"));
        Assert.Null(BuildCatalog.Find(Layout, "../current"));
    }
}
