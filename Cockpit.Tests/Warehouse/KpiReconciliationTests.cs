using System.Text.Json;
using Cockpit.Etl.Pipeline;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Warehouse;

/// <summary>The small demo company loaded once into a warehouse of its own, with a KPI service on it.</summary>
public sealed class DemoWarehouseFixture : IDisposable
{
    public DemoWarehouseFixture()
    {
        Demo = new DemoCompanyFixture();
        Warehouse = TempFolder.Create("wh-kpi");
        var log = EtlRunner.Run(EtlTestSupport.Request(Demo.DatabasePath, Demo.InboxPath, Warehouse));
        if (log.Status != RunStatus.Succeeded) throw new InvalidOperationException(log.Error);
        Kpis = new KpiService(new WarehouseLayout(Warehouse));
    }

    public DemoCompanyFixture Demo { get; }
    public string Warehouse { get; }
    public KpiService Kpis { get; }

    public void Dispose()
    {
        Kpis.Dispose();
        TempFolder.Delete(Warehouse);
        Demo.Dispose();
    }
}

/// <summary>On the demo company: every KPI's drill-down rows reconcile exactly to its figure.</summary>
[Collection("console")]
public sealed class KpiReconciliationTests(DemoWarehouseFixture fixture) : IClassFixture<DemoWarehouseFixture>
{
    private readonly DemoCompanyFixture _demo = fixture.Demo;
    private readonly string _warehouse = fixture.Warehouse;
    private readonly KpiService _kpis = fixture.Kpis;

    public static TheoryData<string> Codes() => [.. KpiCatalog.All.Select(k => k.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task DrillDownRowsReconcileToTheFigure(string code)
    {
        var kpi = KpiCatalog.Get(code);
        foreach (var window in new[] { KpiWindow.For(DemoCompanyFixture.AsOf, KpiPeriod.Ytd), KpiWindow.For(DemoCompanyFixture.AsOf, KpiPeriod.Quarter) })
        {
            var drill = await _kpis.GetDrillDownAsync(code, window, limit: 1_000_000);
            var figure = drill.Figure;
            Assert.Equal(figure.Rows, drill.Rows.Count);
            var columns = drill.Columns.ToList();
            var num = columns.IndexOf("numerator");
            var den = columns.IndexOf("denominator");
            var key = columns.IndexOf("group_key");
            var numerators = drill.Rows.Select(r => KpiService.ToDecimal(r[num]) ?? 0m).ToList();
            var denominators = drill.Rows.Select(r => KpiService.ToDecimal(r[den]) ?? 0m).ToList();
            Assert.Equal(figure.Numerator ?? 0m, numerators.Sum());
            Assert.Equal(figure.Denominator ?? 0m, denominators.Sum());

            decimal? expected = kpi.Aggregation switch
            {
                KpiAggregation.Sum => numerators.Sum(),
                KpiAggregation.Ratio => denominators.Sum() == 0 ? null : numerators.Sum() / denominators.Sum(),
                KpiAggregation.Median => numerators.Count == 0 ? null : Median(numerators),
                KpiAggregation.MaxShare => Groups(drill.Rows, key, num).Max() / denominators.Sum(),
                KpiAggregation.TopShare => Groups(drill.Rows, key, num).OrderDescending().Take(10).Sum() / denominators.Sum(),
                KpiAggregation.SquaredShares => Groups(drill.Rows, key, num).Sum(g => g / denominators.Sum() * (g / denominators.Sum())),
                _ => throw new InvalidOperationException(),
            };
            if (kpi.RequiresRowKind is not null && drill.Rows.All(r => (string?)r[columns.IndexOf("row_kind")] != kpi.RequiresRowKind)) expected = null;
            if (expected is null)
            {
                Assert.Null(figure.Value);
                Assert.False(string.IsNullOrEmpty(figure.ReasonZh));
            }
            else
            {
                Assert.NotNull(figure.Value);
                Assert.True(Math.Abs(expected.Value - figure.Value!.Value) <= Math.Max(1e-9m, Math.Abs(expected.Value) * 1e-9m),
                    $"{code} {window}: rows give {expected}, figure {figure.Value}");
            }
        }
    }

    [Fact]
    public async Task EveryKpiHasASensibleValueOnTheDemoCompany()
    {
        var figures = await _kpis.GetFiguresAsync(KpiCatalog.All.Select(k => k.Code), DemoCompanyFixture.AsOf, KpiPeriod.Ytd);
        var values = figures.ToDictionary(f => f.Kpi.Code, f => f.Current.Value);
        Assert.All(figures, f => Assert.True(f.Current.Value is not null, $"{f.Kpi.Code}: {f.Current.ReasonEn}"));
        Assert.InRange(values["leverage"]!.Value, 0.5m, 15m);
        Assert.InRange(values["compensation_rate"]!.Value, 0m, 0.08m);
        Assert.InRange(values["nps"]!.Value, -10m, 60m);
        Assert.InRange(values["industry_hhi"]!.Value, 0.01m, 0.5m);
        Assert.True(values["liability_balance"] < values["balance"]);
        Assert.Equal(1m, values["renewal_rate"]!.Value + values["churn_rate"]!.Value);
    }

    /// <summary>
    /// A series (and a page's figures) is computed in one statement per KPI — the KPI's SQL as a LATERAL subquery over
    /// the windows — and every point equals the value the KPI's SQL gives for that window alone, on a service of its own
    /// (so nothing comes from the batch's cache), for the whole company and for one department under a filter.
    /// </summary>
    [Theory]
    [MemberData(nameof(Codes))]
    public async Task ASeriesIsOneStatementAndEachPointEqualsTheValueAlone(string code)
    {
        // the rows' path (the cube's values are compared with it in KpiCubeTests)
        using var batched = new KpiService(new WarehouseLayout(_warehouse)) { UseCube = false };
        using var alone = new KpiService(new WarehouseLayout(_warehouse)) { UseCube = false };
        foreach (var (period, filter, scope) in new[]
                 {
                     (KpiPeriod.Month, KpiFilter.None, KpiScope.All),
                     (KpiPeriod.Ttm, new KpiFilter(Product: "LWC"), KpiScope.Only("BD1")),
                 })
        {
            var statements = new List<string>();
            KpiService.QueryObserver.Value = (sql, _) => { lock (statements) statements.Add(sql); };
            IReadOnlyList<KpiResult> series;
            try
            {
                series = await batched.GetSeriesAsync(code, DemoCompanyFixture.AsOf, period, 24, filter, scope);
            }
            catch (ScopeRefusedException)
            {
                // rows without a department or a product column: refused alone just the same
                await Assert.ThrowsAsync<ScopeRefusedException>(() => alone.GetAsync(code, KpiWindow.For(DemoCompanyFixture.AsOf, period), filter, scope));
                continue;
            }
            finally
            {
                KpiService.QueryObserver.Value = null;
            }
            Assert.Single(statements, s => !s.Contains("limit 0", StringComparison.Ordinal)); // column probes aside
            Assert.Contains("lateral", statements.Single(s => !s.Contains("limit 0", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.Equal(24, series.Count);
            for (var i = 0; i < 24; i++)
            {
                var window = KpiWindow.For(KpiWindow.MonthEnd(DemoCompanyFixture.AsOf.AddMonths(i - 23)), period);
                var one = await alone.GetAsync(code, window, filter, scope);
                Assert.Equal(one.Window, series[i].Window);
                Assert.Equal(one.Numerator, series[i].Numerator);
                Assert.Equal(one.Denominator, series[i].Denominator);
                Assert.Equal(one.Rows, series[i].Rows);
                Assert.Equal(one.ReasonZh, series[i].ReasonZh);
                if (one.Value is null || code == "industry_hhi")
                {
                    // HHI sums squares as doubles: the order of a sum may change its last digit
                    Assert.Equal(one.Value is null, series[i].Value is null);
                    if (one.Value is { } v) Assert.Equal((double)v, (double)series[i].Value!.Value, 1e-12);
                }
                else
                {
                    Assert.Equal(one.Value, series[i].Value);
                }
            }
        }
    }

    /// <summary>
    /// A KPI by every dimension in one statement gives, dimension by dimension, the list a breakdown asked alone gives on
    /// a service of its own (sums, ratios, medians, shares; a dimension the rows lack is an empty list).
    /// </summary>
    [Theory]
    [InlineData("balance")]
    [InlineData("liability_balance")]
    [InlineData("compensation_rate")]
    [InlineData("approval_days")]
    [InlineData("top_customer_ratio")]
    [InlineData("nps")]
    public async Task BreakdownsByManyDimensionsInOneStatementEqualEachAlone(string code)
    {
        using var together = new KpiService(new WarehouseLayout(_warehouse));
        using var alone = new KpiService(new WarehouseLayout(_warehouse));
        var window = KpiWindow.For(DemoCompanyFixture.AsOf, KpiPeriod.Ytd);
        var dimensions = Enum.GetValues<KpiDimension>();
        var statements = new List<string>();
        using var session = together.OpenSession();
        KpiService.QueryObserver.Value = (sql, _) => { lock (statements) statements.Add(sql); };
        IReadOnlyDictionary<KpiDimension, IReadOnlyList<KpiBreakdownItem>> all;
        try
        {
            all = await session.GetBreakdownsAsync(code, window, dimensions);
        }
        finally
        {
            KpiService.QueryObserver.Value = null;
        }
        Assert.Single(statements, s => s.Contains("union all", StringComparison.Ordinal) && s.Contains("parts as", StringComparison.Ordinal));
        Assert.Contains(all.Values, list => list.Count > 1);
        foreach (var dimension in dimensions)
        {
            var one = await alone.GetBreakdownAsync(code, window, dimension);
            Assert.Equal(one, all[dimension]);
        }
    }

    [Fact]
    public async Task ResultsAreCachedPerBuildAndANewBuildStartsAFreshCache()
    {
        var window = KpiWindow.For(DemoCompanyFixture.AsOf, KpiPeriod.Ytd);
        var first = await _kpis.GetAsync("balance", window);
        Assert.Same(first, await _kpis.GetAsync("balance", window)); // served from the cache
        Assert.NotSame(first, await _kpis.GetAsync("balance", window, new KpiFilter(Department: "BD1")));
        Assert.NotSame(first, await _kpis.GetAsync("balance", window, scope: KpiScope.Only("BD1")));

        var build = _kpis.CurrentBuild!.BuildId;
        Assert.Equal(RunStatus.Succeeded, EtlRunner.Run(EtlTestSupport.Request(_demo.DatabasePath, _demo.InboxPath, _warehouse)).Status);
        var again = await _kpis.GetAsync("balance", window);
        Assert.NotEqual(build, _kpis.CurrentBuild!.BuildId);
        Assert.NotSame(first, again);
        Assert.Equal(first.Value, again.Value);
    }

    [Fact]
    public void TheKpisCommandPrintsEveryKpiWithItsUnitAndNpsWithNAndMargin()
    {
        var (code, output, _) = Cli.Run(["kpis", "--warehouse", _warehouse, "--period", "ytd", "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var items = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("code").GetString()!);
        Assert.Equal(KpiCatalog.All.Select(k => k.Code).Order(), items.Keys.Order());
        Assert.Equal("yuan", items["balance"].GetProperty("unit").GetString());
        Assert.Equal("ratio", items["compensation_rate"].GetProperty("unit").GetString());
        Assert.InRange(items["compensation_rate"].GetProperty("value").GetDecimal(), 0m, 1m); // a fraction
        Assert.Equal("times", items["leverage"].GetProperty("unit").GetString());
        Assert.True(items["nps"].GetProperty("n").GetInt64() > 0);
        Assert.True(items["nps"].GetProperty("margin").GetDecimal() > 0);

        // a month without net assets: leverage is null
        (code, output, _) = Cli.Run(["kpis", "--warehouse", _warehouse, "--as-of", "2022-01-31", "--json"]);
        Assert.Equal(0, code);
        using var early = JsonDocument.Parse(output);
        var leverage = early.RootElement.EnumerateArray().Single(e => e.GetProperty("code").GetString() == "leverage");
        Assert.Equal(JsonValueKind.Null, leverage.GetProperty("value").ValueKind);

        (code, output, _) = Cli.Run(["kpis", "--warehouse", _warehouse, "--department", "BD1"]);
        Assert.Equal(0, code);
        Assert.Contains("department BD1", output);
    }

    [Fact]
    public void TheTargetsCommandPrintsTheDocumentedFields()
    {
        var (code, output, _) = Cli.Run(["targets", "--warehouse", _warehouse, "--json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var field in new[] { "year", "quarter", "department", "kpi_code", "target", "actual", "completion", "time_progress", "status" })
        {
            Assert.True(rows[0].TryGetProperty(field, out _), field);
        }
        Assert.Contains(rows, r => r.GetProperty("department").GetString() == "ALL" && r.GetProperty("quarter").ValueKind == JsonValueKind.Null);
        Assert.All(rows.Where(r => r.GetProperty("status").ValueKind != JsonValueKind.Null),
            r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "green", "amber", "red" }));
    }

    private static decimal Median(List<decimal> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static IEnumerable<decimal> Groups(IReadOnlyList<object?[]> rows, int key, int num) =>
        rows.Where(r => r[key] is not null).GroupBy(r => Convert.ToString(r[key])).Select(g => g.Sum(r => KpiService.ToDecimal(r[num]) ?? 0m));

    [Fact]
    public async Task EveryDrillDownColumnHasANameForTheAuditor()
    {
        var asOf = _kpis.LatestAsOf()!.Value;
        var missing = new List<string>();
        foreach (var kpi in KpiCatalog.All)
        {
            var drill = await _kpis.GetDrillDownAsync(kpi.Code, KpiWindow.For(asOf, KpiPeriod.Ytd), limit: 1);
            missing.AddRange(drill.Columns.Where(c => !KpiColumns.Has(c)).Select(c => $"{kpi.Code}.{c}"));
        }
        Assert.Empty(missing);
        Assert.Equal("合同编号", KpiColumns.Name("contract_no", chinese: true));
        Assert.Equal("Contract no.", KpiColumns.Name("contract_no", chinese: false));
        Assert.Equal("no_such_column", KpiColumns.Name("no_such_column", chinese: true));
    }
}
