using System.Globalization;
using Cockpit.Etl.Demo;
using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;

namespace Cockpit.Tests.Etl;

/// <summary>The small demo company through the real ETL: counts reconcile, and the quarantine holds exactly the planted faults.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class EtlEndToEndTests(DemoCompanyFixture demo) : IDisposable
{
    private readonly string _warehouse = TempFolder.Create("wh-e2e");

    private static readonly Dictionary<string, string> Marts = new()
    {
        ["departments"] = "dim_department", ["staff"] = "dim_staff", ["banks"] = "dim_bank", ["products"] = "dim_product",
        ["industries"] = "dim_industry", ["regions"] = "dim_region", ["customers"] = "dim_customer",
        ["applications"] = "fct_application", ["contracts"] = "fct_contract", ["balance_snapshots"] = "fct_balance_snapshot",
        ["fee_payments"] = "fct_fee_payment", ["compensations"] = "fct_compensation", ["recoveries"] = "fct_recovery",
        ["write_offs"] = "fct_write_off", ["risk_signals"] = "fct_risk_signal",
    };

    public void Dispose() => TempFolder.Delete(_warehouse);

    private RunLog Run() => EtlRunner.Run(EtlTestSupport.Request(demo.DatabasePath, demo.InboxPath, _warehouse));

    [Fact]
    public void EveryCoreTableReconcilesFromSourceThroughStagingToItsMart()
    {
        var log = Run();
        Assert.Equal(RunStatus.Succeeded, log.Status);
        var build = EtlTestSupport.CurrentBuildFile(_warehouse);
        using var source = demo.Open();
        foreach (var table in CoreSystemLoader.Tables)
        {
            var count = log.Sources.Single(s => s.Name == table);
            var inSource = Sql.Scalar<long>(source, $"select count(*) from {table}");
            var planted = demo.Company.DirtyRecords.Count(d => d.Source == table);
            Assert.Equal(inSource, count.Read);
            Assert.Equal(planted, count.Quarantined);
            Assert.Equal(count.Read, count.Loaded + count.Quarantined);
            Assert.Equal(count.Loaded, EtlTestSupport.Count(build, "raw_" + table));
            if (Marts.TryGetValue(table, out var mart)) Assert.Equal(count.Loaded, EtlTestSupport.Count(build, mart));
        }
        // Σ amounts of the loaded contracts = Σ of the clean source contracts, worked out from the generated rows
        var dirty = demo.Company.DirtyRecords.Where(d => d.Source == "contracts").Select(d => int.Parse(d.Key)).ToHashSet();
        var expected = demo.Company.Contracts.Where(c => !dirty.Contains(c.Id)).Sum(c => c.Amount);
        Assert.Equal(expected, (decimal)EtlTestSupport.Query(build, "select sum(amount) from fct_contract")[0][0]!);
        Assert.All(log.DataTests, t => Assert.Equal(0, t.Failures));
        Assert.Equal(5, log.DataTests.Count);
        Assert.Equal(DemoCompanyFixture.AsOf, log.AsOf);
    }

    [Fact]
    public void EveryInboxFileReconcilesAndTheLaterFileWins()
    {
        var log = Run();
        var build = EtlTestSupport.CurrentBuildFile(_warehouse);
        foreach (var s in log.Sources.Where(s => s.Name.Contains('.')))
        {
            Assert.Equal(s.Read, s.Loaded + s.Quarantined);
            var file = demo.Company.InboxFiles.Single(f => f.Name == s.Name);
            Assert.Equal(file.Rows.Count - 1, s.Read); // every data row of the file was read
            Assert.Equal(demo.Company.DirtyRecords.Count(d => d.Source == s.Name && d.Key != ""), s.Quarantined);
        }
        // the corrections file re-scores three responses: the mart holds the corrected scores
        var corrections = demo.Company.InboxFiles.Single(f => f.Name.EndsWith("_corrections.csv"));
        foreach (var row in corrections.Rows.Skip(1))
        {
            var score = EtlTestSupport.Query(build, $"select nps_score, file_name from fct_survey_response where response_id = '{row[0]}'");
            Assert.Equal(int.Parse((string)row[4]!, CultureInfo.InvariantCulture), Convert.ToInt32(score[0][0]));
            Assert.Equal(corrections.Name, score[0][1]);
        }
        // and the mid-year revision of 业务二部's target replaced the January one
        var revision = demo.Company.InboxFiles.SingleOrDefault(f => f.Name.EndsWith("-07-01.xlsx"));
        if (revision is not null)
        {
            var revised = (decimal)revision.Rows[1][4]!;
            var mart = EtlTestSupport.Query(build, "select target from fct_target where department_code = 'BD2' and kpi_code = 'new_amount' and quarter is null and year = 2026");
            Assert.Equal(revised, (decimal)mart[0][0]!);
        }
    }

    [Fact]
    public void QuarantineHoldsExactlyThePlantedFaultsWithTheirReasons()
    {
        var log = Run();
        var quarantine = EtlRunner.Quarantine(_warehouse, log.RunId);
        var expected = demo.Company.DirtyRecords.Where(d => d.Key != "")
            .Select(d => $"{d.Source} [{d.Key}] {d.Column}: {d.Kind}").Order().ToList();
        var actual = quarantine.Select(q => $"{q.Source} [{q.Row}] {q.Column}: {q.ReasonKey}").Order().ToList();
        Assert.Equal(expected, actual);
        Assert.All(quarantine, q =>
        {
            Assert.False(string.IsNullOrWhiteSpace(q.MessageZh));
            Assert.False(string.IsNullOrWhiteSpace(q.MessageEn));
        });

        // whole-file faults: the file without department_code is rejected naming the column; the duplicate is skipped
        var rejected = log.RejectedFiles.ToDictionary(f => f.File);
        var missing = demo.Company.DirtyRecords.Single(d => d.Kind == DirtyKinds.MissingColumn);
        Assert.Equal(ReasonKeys.MissingColumn, rejected[missing.Source].ReasonKey);
        Assert.Contains("department_code", rejected[missing.Source].Reason);
        var duplicate = demo.Company.DirtyRecords.Single(d => d.Kind == DirtyKinds.DuplicateFile);
        Assert.Equal(ReasonKeys.DuplicateFile, rejected[duplicate.Source].ReasonKey);
        Assert.Equal(2, rejected.Count);
        var unknown = demo.Company.DirtyRecords.Single(d => d.Kind == DirtyKinds.UnknownColumn);
        Assert.Contains(log.Warnings, w => w.Contains(unknown.Source) && w.Contains(unknown.Column));

        // the build keeps the quarantine for the admin page, with the same rows
        var build = EtlTestSupport.CurrentBuildFile(_warehouse);
        Assert.Equal(quarantine.Count, EtlTestSupport.Count(build, "etl_quarantine"));
        Assert.Equal(2, EtlTestSupport.Count(build, "etl_rejected_files"));
    }

    [Fact]
    public void TwoRunsOverTheSameInputsGiveIdenticalMarts()
    {
        var first = Run();
        var firstBuild = new WarehouseLayout(_warehouse).BuildFile(first.BuildId);
        var second = Run();
        var secondBuild = new WarehouseLayout(_warehouse).BuildFile(second.BuildId);
        Assert.NotEqual(firstBuild, secondBuild);
        var tables = EtlTestSupport.Query(secondBuild,
            "select table_name from information_schema.tables where table_name like 'dim_%' or table_name like 'fct_%' order by 1")
            .Select(r => (string)r[0]!).ToList();
        Assert.True(tables.Count >= 20, $"only {tables.Count} mart tables");
        foreach (var table in tables)
        {
            var sql = $"select * exclude (etl_run_id) from {table} order by all";
            if (table is "dim_date" or "dim_channel") sql = $"select * from {table} order by all";
            var a = Dump(firstBuild, sql);
            Assert.Equal(a, Dump(secondBuild, sql));
        }
        // the run id differs and is carried by every fact row
        Assert.Equal(second.RunId, Convert.ToInt64(EtlTestSupport.Query(secondBuild, "select distinct etl_run_id from fct_contract")[0][0]));
    }

    private static List<string> Dump(string build, string sql) =>
        EtlTestSupport.Query(build, sql).Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
}
