using System.Text.RegularExpressions;
using Cockpit.Etl.Pipeline;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using DuckDB.NET.Data;

namespace Cockpit.Tests.Warehouse;

/// <summary>
/// KPIs that share a definition take it from one table macro of <c>sql/macros</c> (docs/kpis.md, "Shared
/// definitions"): each such KPI file calls its macro and does not restate what the macro defines, and on the
/// hand-made company the KPIs that share rows show the same rows.
/// </summary>
public sealed class KpiSharedDefinitionTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    /// <summary>Windows with something in them: YTD, the trailing 12 months, a month with nothing, the whole history.</summary>
    public static TheoryData<string, string> Windows() => new()
    {
        { "2026-01-01", "2026-06-30" },
        { "2025-07-01", "2026-06-30" },
        { "2026-02-01", "2026-02-28" },
        { "2024-01-01", "2026-06-30" },
    };

    /// <summary>
    /// Which KPI builds on which macro, and what its file must no longer say itself (the tables or conditions the
    /// macro holds).
    /// </summary>
    public static TheoryData<string, string, string[]> BuildsOn() => new()
    {
        { "renewal_rate", "kpi_maturities($from, $to, $as_of)", ["fct_contract", "wide_contract", "interval 90 day"] },
        { "churn_rate", "kpi_maturities($from, $to, $as_of)", ["fct_contract", "wide_contract", "interval 90 day"] },
        { "released_amount", "kpi_released_contracts($from, $to)", ["wide_contract", "'compensated'"] },
        { "compensation_rate", "kpi_released_contracts($from, $to)", ["wide_contract", "'compensated'"] },
        { "loss_rate", "kpi_released_contracts($from, $to)", ["'compensated'", "released_on"] },
        { "compensation_amount", "kpi_compensations_paid($from, $to)", ["fct_compensation", "wide_contract", "paid_on"] },
        { "compensation_rate", "kpi_compensations_paid($from, $to)", ["fct_compensation", "paid_on"] },
        { "recovery_rate", "kpi_compensations_paid($from, $to)", ["fct_compensation"] },
        { "recovery_rate", "kpi_compensations()", ["fct_compensation"] },
        { "leverage", "kpi_liability_net_assets($as_of)", ["wide_liability", "fct_finance_month"] },
        { "top_customer_ratio", "kpi_liability_net_assets($as_of)", ["wide_liability", "fct_finance_month"] },
        { "top_group_ratio", "kpi_liability_net_assets($as_of)", ["wide_liability", "fct_finance_month"] },
    };

    private static string Sql(string relative) => File.ReadAllText(Path.Combine(SqlFolder.Locate(), relative));

    /// <summary>The SQL without its comments (the comments may name what the macro holds).</summary>
    private static string Code(string relative) => Regex.Replace(Sql(relative), "--[^\n]*", "");

    [Theory]
    [MemberData(nameof(BuildsOn))]
    public void TheKpiFileCallsItsSharedDefinitionAndDoesNotRestateIt(string code, string call, string[] notHere)
    {
        var sql = Code(KpiCatalog.Get(code).SqlFile);
        Assert.Contains(call, sql, StringComparison.Ordinal);
        foreach (var text in notHere) Assert.DoesNotContain(text, sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void EveryMacroIsNamedLikeItsFileAndUsedByAKpi()
    {
        var macros = Directory.GetFiles(Path.Combine(SqlFolder.Locate(), "macros"), "*.sql");
        Assert.NotEmpty(macros);
        var kpiSql = string.Join("\n", KpiCatalog.All.Select(k => Code(k.SqlFile)));
        var macroSql = string.Join("\n", macros.Select(f => Regex.Replace(File.ReadAllText(f), "--[^\n]*", "")));
        foreach (var file in macros)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            Assert.Matches(new Regex($@"^\s*create macro {name}\(", RegexOptions.Multiline), File.ReadAllText(file));
            Assert.True(kpiSql.Contains(name + "(", StringComparison.Ordinal)
                        || Regex.IsMatch(macroSql.Replace($"create macro {name}(", ""), $@"\b{name}\("),
                $"sql/macros/{name}.sql is used by no KPI file or other macro");
        }
    }

    [Fact]
    public void TheBuildHoldsTheMacros()
    {
        var layout = new WarehouseLayout(company.Warehouse);
        using var connection = WarehouseConnection.OpenReadOnly(layout.BuildFile(layout.ReadCurrent()!.BuildId));
        using var command = connection.CreateCommand();
        command.CommandText = "select function_name from duckdb_functions() where function_type = 'table_macro' and function_name like 'kpi\\_%' escape '\\' order by 1";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        var files = Directory.GetFiles(Path.Combine(SqlFolder.Locate(), "macros"), "*.sql").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(files, names);
    }

    [Fact]
    public void AMacroFileThatDoesNotCreateItsMacroFailsTheBuild()
    {
        var folder = TempFolder.Create("macros");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "macros"));
            File.WriteAllText(Path.Combine(folder, "macros", "kpi_one.sql"), "create macro kpi_other() as table select 1 as x");
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            var e = Assert.Throws<InvalidOperationException>(() => new SqlScripts(folder).RunMacros(connection));
            Assert.Contains("macros/kpi_one.sql", e.Message);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private async Task<List<Dictionary<string, object?>>> Rows(string code, KpiWindow window)
    {
        var drill = await company.Kpis.GetDrillDownAsync(code, window, limit: 100_000);
        Assert.Equal(drill.TotalRows, drill.Rows.Count);
        return drill.Rows.Select(r => drill.Columns.Select((c, i) => (c, r[i])).ToDictionary(x => x.c, x => x.Item2)).ToList();
    }

    private static string Key(Dictionary<string, object?> row, params IEnumerable<string> columns) =>
        string.Join("|", columns.Select(c => $"{c}={Convert.ToString(row[c], System.Globalization.CultureInfo.InvariantCulture)}"));

    /// <summary>A row as text, all its columns but <paramref name="except"/>.</summary>
    private static string Whole(Dictionary<string, object?> row, params string[] except) =>
        Key(row, row.Keys.Where(c => !except.Contains(c)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task ChurnAndRenewalCountTheSameMaturitiesAndSplitThem(string from, string to)
    {
        var window = new KpiWindow(DateOnly.Parse(from), DateOnly.Parse(to));
        var renewal = await Rows("renewal_rate", window);
        var churn = await Rows("churn_rate", window);
        // the same customers and contracts, every column alike but the numerator …
        Assert.Equal(renewal.Select(r => Whole(r, "numerator")).Order(), churn.Select(r => Whole(r, "numerator")).Order());
        // … which is 1 on exactly one side: churned + renewed = every maturing customer, one row each
        var byContract = churn.ToDictionary(r => Key(r, "contract_id"));
        foreach (var r in renewal) Assert.Equal(1m, Convert.ToDecimal(r["numerator"]) + Convert.ToDecimal(byContract[Key(r, "contract_id")]["numerator"]));
        Assert.Equal(renewal.Count, renewal.Select(r => Key(r, "customer_id")).Distinct().Count());
        var r1 = (await company.Kpis.GetAsync("renewal_rate", window)).Value;
        var c1 = (await company.Kpis.GetAsync("churn_rate", window)).Value;
        if (renewal.Count == 0)
        {
            Assert.Null(r1);
            Assert.Null(c1);
        }
        else
        {
            Assert.Equal(1m, r1 + c1);
        }
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task CompensationAndLossRatesDivideByTheReleasedAmountsRows(string from, string to)
    {
        var window = new KpiWindow(DateOnly.Parse(from), DateOnly.Parse(to));
        var releasedRows = await Rows("released_amount", window);
        // released_amount's rows are the contracts (wide_contract) and their amount
        var contractColumns = (await company.Kpis.GetDrillDownAsync("released_amount", window, limit: 1)).Columns
            .Where(c => c is not "row_kind" and not "numerator" and not "denominator").ToList();
        Assert.All(releasedRows, r => Assert.Equal(r["amount"], r["numerator"]));
        var released = releasedRows.Select(r => Key(r, contractColumns)).Order().ToList();
        foreach (var code in new[] { "compensation_rate", "loss_rate" })
        {
            var rows = (await Rows(code, window)).Where(r => (string?)r["row_kind"] == "released_contract").ToList();
            Assert.All(rows, r => Assert.Equal(r["amount"], r["denominator"]));
            Assert.Equal(released, rows.Select(r => Key(r, contractColumns)).Order());
            Assert.Equal((await company.Kpis.GetAsync("released_amount", window)).Value,
                (await company.Kpis.GetAsync(code, window)).Denominator ?? 0);
        }
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public async Task CompensationRateAndRecoveryRateCountCompensationAmountsRows(string from, string to)
    {
        var window = new KpiWindow(DateOnly.Parse(from), DateOnly.Parse(to));
        var paidRows = await Rows("compensation_amount", window);
        var columns = (await company.Kpis.GetDrillDownAsync("compensation_amount", window, limit: 1)).Columns
            .Where(c => c is not "numerator" and not "denominator").ToList();
        Assert.All(paidRows, r => Assert.Equal(r["compensation_amount"], r["numerator"]));
        var paid = paidRows.Select(r => Key(r, columns)).Order().ToList();
        var rate = (await Rows("compensation_rate", window)).Where(r => (string?)r["row_kind"] == "compensation").ToList();
        Assert.All(rate, r => Assert.Equal(r["compensation_amount"], r["numerator"]));
        Assert.Equal(paid, rate.Select(r => Key(r, columns)).Order());
        var recovery = (await Rows("recovery_rate", window)).Where(r => (string?)r["row_kind"] == "compensation").ToList();
        Assert.All(recovery, r => Assert.Equal(r["compensation_amount"], r["denominator"]));
        Assert.Equal(paid, recovery.Select(r => Key(r, columns)).Order());
        Assert.Equal((await company.Kpis.GetAsync("compensation_amount", window)).Value,
            (await company.Kpis.GetAsync("compensation_rate", window)).Numerator ?? 0);
    }

    [Fact]
    public async Task TheRegulatoryRatiosShareLeveragesRows()
    {
        var window = new KpiWindow(D, D);
        var leverage = (await Rows("leverage", window)).Select(r => Whole(r)).Order().ToList();
        Assert.Equal(leverage, (await Rows("top_group_ratio", window)).Select(r => Whole(r)).Order());
        Assert.Equal(leverage.Count, (await Rows("top_customer_ratio", window)).Count);
        Assert.Equal((await Rows("leverage", window)).Select(r => Whole(r, "group_key")).Order(),
            (await Rows("top_customer_ratio", window)).Select(r => Whole(r, "group_key")).Order());
        Assert.All((await Rows("top_customer_ratio", window)).Where(r => r["customer_id"] is not null),
            r => Assert.Equal(Convert.ToString(r["customer_id"], System.Globalization.CultureInfo.InvariantCulture), r["group_key"]));
        // one net-assets row and the snapshots at D
        Assert.Single(await Rows("leverage", window), r => (string?)r["row_kind"] == "net_assets");
    }
}
