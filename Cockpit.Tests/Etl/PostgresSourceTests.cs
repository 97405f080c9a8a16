using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Tests.Warehouse;
using Cockpit.Tests.Web;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Tests.Etl;

/// <summary>The core system on a live PostgreSQL, as in production: the same company gives the same warehouse.</summary>
public sealed class PostgresSourceTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    [PostgresFact]
    public async Task TheEtlReadsTheCoreSystemFromPostgreSqlExactlyAsFromSqlite()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("cockpit_core");
        var warehouse = TempFolder.Create("pg-source");
        try
        {
            var connection = database.ConnectionString;
            // the hand-made company's core system, table by table, into PostgreSQL through the same EF model
            await using (var sqlite = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.Sqlite, $"Data Source={Path.Combine(company.Folder, "source.db")}")))
            await using (var postgres = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.PostgreSql, connection)))
            {
                await postgres.Database.EnsureCreatedAsync();
                postgres.AddRange(await sqlite.Departments.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Staff.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Banks.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Products.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Industries.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Regions.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.CustomerGroups.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Customers.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Applications.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Contracts.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.BalanceSnapshots.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.FeePayments.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Compensations.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.Recoveries.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.WriteOffs.AsNoTracking().ToListAsync());
                postgres.AddRange(await sqlite.RiskSignals.AsNoTracking().ToListAsync());
                await postgres.SaveChangesAsync();
            }

            var log = EtlRunner.Run(new EtlRunRequest(new SourceOptions { Provider = SourceProviders.PostgreSql, ConnectionString = connection },
                Path.Combine(company.Folder, "inbox"), warehouse) { Time = HandMadeCompany.RunTime });
            Assert.True(log.Status == RunStatus.Succeeded, $"{log.Stage}: {log.Error}");
            // every table read, loaded and quarantined as from SQLite
            Assert.Equal(company.Log.Sources.Select(s => (s.Name, s.Read, s.Loaded, s.Quarantined)), log.Sources.Select(s => (s.Name, s.Read, s.Loaded, s.Quarantined)));
            Assert.Contains(log.Sources, s => s.Name == "contracts" && s.Read == 12);

            // and every KPI of the catalogue has the same value (balance worked out by hand: 22,700,000)
            using var kpis = new KpiService(new WarehouseLayout(warehouse));
            var window = KpiWindow.For(HandMadeCompany.D, KpiPeriod.Ytd);
            Assert.Equal(22_700_000m, (await kpis.GetAsync("balance", window)).Value);
            foreach (var kpi in KpiCatalog.All)
            {
                Assert.Equal((await company.Kpis.GetAsync(kpi.Code, window)).Value, (await kpis.GetAsync(kpi.Code, window)).Value);
            }
        }
        finally
        {
            TempFolder.Delete(warehouse);
        }
    }
}
