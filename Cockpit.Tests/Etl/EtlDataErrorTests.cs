using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Tests.Web;
using Cockpit.Warehouse;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Tests.Etl;

/// <summary>A failed run points at the data: the failing data test and its keys, the missing table or column.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class EtlDataErrorTests(DemoCompanyFixture demo) : IDisposable
{
    private readonly string _folder = TempFolder.Create("data-errors");

    private string Warehouse => Path.Combine(_folder, "warehouse");

    public void Dispose() => TempFolder.Delete(_folder);

    private RunLog Run(string source, string? sqlFolder = null) =>
        EtlRunner.Run(EtlTestSupport.Request(source, demo.InboxPath, Warehouse) with { SqlFolder = sqlFolder });

    private string SourceWith(string sql) => EtlTestSupport.SourceWith(demo.DatabasePath, _folder, sql);

    [Fact]
    public void AFailingDataTestNamesTheTestAndTheFirstOffendingKeys()
    {
        var sql = Path.Combine(_folder, "sql");
        var original = SqlScripts.Locate().Folder;
        foreach (var file in Directory.GetFiles(original, "*.sql", SearchOption.AllDirectories))
        {
            var target = Path.Combine(sql, Path.GetRelativePath(original, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // contracts 3 and 5 "break a rule", the way sql/tests report it: (object, key)
        File.WriteAllText(Path.Combine(sql, "tests", "odd_contracts.sql"), """
            with failures as (
                select 'fct_contract' as object, cast(contract_id as varchar) as key from fct_contract where contract_id in (3, 5)
            ),

            final as (
                select * from failures order by key
            )

            select * from final
            """);

        var log = Run(demo.DatabasePath, sql);

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.DataTests), log.Stage);
        var test = log.DataTests.Single(t => t.Name == "odd_contracts");
        Assert.Equal(2, test.Failures);
        Assert.Equal(["fct_contract 3", "fct_contract 5"], test.Examples);
        Assert.Contains("odd_contracts (2 failing rows, e.g. fct_contract 3, fct_contract 5)", log.Error);
        Assert.All(log.DataTests.Where(t => t.Failures == 0), t => Assert.Empty(t.Examples));
        Assert.Null(new WarehouseLayout(Warehouse).ReadCurrent());
    }

    [Fact]
    public void AFailureWhileLoadingNamesTheTableBeingRead()
    {
        // the progress callback runs inside the loader: a failure there stands for any failure while reading contracts
        var progress = new ThrowingProgress(p => p.Source == "contracts" && p.Rows == 0);

        var log = EtlRunner.Run(EtlTestSupport.Request(demo.DatabasePath, demo.InboxPath, Warehouse), progress);

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Load), log.Stage);
        Assert.StartsWith("读取 contracts 时出错 while reading contracts: injected", log.Error);
    }

    private sealed class ThrowingProgress(Func<EtlProgress, bool> when) : IProgress<EtlProgress>
    {
        public void Report(EtlProgress value)
        {
            if (when(value)) throw new InvalidOperationException("injected failure");
        }
    }

    [Fact]
    public void AnEmptySourceFileNamesTheMissingTablesNotNoSuchTable()
    {
        var empty = Path.Combine(_folder, "empty.db");
        File.WriteAllBytes(empty, []);

        var log = Run(empty);

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Extract), log.Stage);
        Assert.StartsWith("业务核心系统缺少表 departments", log.Error);
        Assert.Contains("the core-system database has no table departments", log.Error);
        Assert.Contains("is this the right file?", log.Error);
        Assert.DoesNotContain("no such table", log.Error);
    }

    [Fact]
    public void ASourceWithoutOneCoreTableNamesIt()
    {
        var log = Run(SourceWith("drop table risk_signals"));

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Extract), log.Stage);
        Assert.Contains("业务核心系统缺少表 risk_signals（the core-system database has no table risk_signals: is this the right file?）", log.Error);
    }

    [Fact]
    public void ASourceTableWithoutAColumnNamesTheTableAndTheColumn()
    {
        var log = Run(SourceWith("alter table customers drop column tier"));

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Extract), log.Stage);
        Assert.Contains("customers: tier", log.Error);
        Assert.Contains("the core-system tables lack columns", log.Error);
    }

    [Fact]
    public void AFileThatIsNotADatabaseSaysSo()
    {
        var garbage = Path.Combine(_folder, "garbage.db");
        File.WriteAllText(garbage, new string('x', 4096));

        var log = Run(garbage);

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Extract), log.Stage);
        Assert.Contains("the core-system database", log.Error);
    }

    [PostgresFact]
    public async Task APostgreSqlSourceWithoutATableOrColumnNamesItToo()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("cockpit_schema");
        await using (var postgres = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.PostgreSql, database.ConnectionString)))
        {
            await postgres.Database.EnsureCreatedAsync();
            await postgres.Database.ExecuteSqlRawAsync("alter table customers drop column tier");
        }
        var source = new SourceOptions { Provider = SourceProviders.PostgreSql, ConnectionString = database.ConnectionString };

        var log = EtlRunner.Run(new EtlRunRequest(source, demo.InboxPath, Warehouse) { Time = EtlTestSupport.Clock });

        Assert.Equal(RunStatus.Failed, log.Status);
        Assert.Equal(nameof(EtlStage.Extract), log.Stage);
        Assert.Contains("customers: tier", log.Error);

        await using (var postgres = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.PostgreSql, database.ConnectionString)))
        {
            await postgres.Database.ExecuteSqlRawAsync("drop table risk_signals");
        }
        log = EtlRunner.Run(new EtlRunRequest(source, demo.InboxPath, Warehouse) { Time = EtlTestSupport.Clock });
        Assert.Contains("the core-system database has no table risk_signals", log.Error);
    }
}
