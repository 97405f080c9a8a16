using Cockpit.Etl.Pipeline;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Microsoft.Data.Sqlite;

namespace Cockpit.Tests.Warehouse;

/// <summary>Amounts far above the demo's range still compute exactly: no decimal overflow in the marts or KPIs.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class LargeAmountTests(DemoCompanyFixture demo) : IDisposable
{
    private readonly string _folder = TempFolder.Create("large");

    public void Dispose() => TempFolder.Delete(_folder);

    [Fact]
    public async Task AContractOfTwoBillionYuanIsWeightedWithoutOverflow()
    {
        var db = Path.Combine(_folder, "source.db");
        File.Copy(demo.DatabasePath, db);
        const int contract = 1; // the flagship's first loan: bank share 0, 100 % weight
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                update contracts set amount = '2000000000.0', bank_risk_share = '0.2', fee_rate = '0.0125' where id = {contract};
                update balance_snapshots set outstanding = '2000000000.0' where contract_id = {contract};
                """;
            command.ExecuteNonQuery();
        }
        var warehouse = Path.Combine(_folder, "wh");
        var log = EtlRunner.Run(EtlTestSupport.Request(db, demo.InboxPath, warehouse));
        Assert.Equal(RunStatus.Succeeded, log.Status);

        var asOf = EtlTestSupport.Query(EtlTestSupport.CurrentBuildFile(warehouse),
            $"select max(as_of) from fct_balance_snapshot where contract_id = {contract}")[0][0];
        using var kpis = new KpiService(new WarehouseLayout(warehouse));
        var drill = await kpis.GetDrillDownAsync("liability_balance", KpiWindow.For((DateOnly)asOf!, KpiPeriod.Month), limit: 1_000_000);
        var columns = drill.Columns.ToList();
        var row = drill.Rows.Single(r => Convert.ToInt32(r[columns.IndexOf("contract_id")]) == contract);
        // 2,000,000,000 × (1 − 0.2) × 100 % (a large enterprise's loan)
        Assert.Equal(1_600_000_000m, KpiService.ToDecimal(row[columns.IndexOf("numerator")]));
    }
}
