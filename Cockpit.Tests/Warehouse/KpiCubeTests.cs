using Cockpit.Tests.Etl;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using DuckDB.NET.Data;

namespace Cockpit.Tests.Warehouse;

/// <summary>
/// The pre-aggregated KPI values the ETL stores in each build (<see cref="KpiCube"/>): every value the cube answers
/// equals the value computed from the KPI's rows (whose own figures the hand-made company's tests work out by hand),
/// under every filter of the filter bar and a department head's scope; what it does not hold comes from the rows.
/// </summary>
[Collection("console")]
public sealed class KpiCubeTests(DemoWarehouseFixture fixture) : IClassFixture<DemoWarehouseFixture>
{
    private readonly string _warehouse = fixture.Warehouse;

    /// <summary>The KPIs a cube holds: sums and ratios of sums whose SQL names only the window's dates.</summary>
    public static TheoryData<string> Cubed() =>
    [
        .. KpiCatalog.All
            .Where(k => KpiCube.Cubable(k, File.ReadAllText(Path.Combine(SqlFolder.Locate(), k.SqlFile))))
            .Select(k => k.Code),
    ];

    [Fact]
    public void TheBuildHoldsTheSumsAndRatiosForEveryWindowOfTheLastThreeYears()
    {
        using var connection = WarehouseConnection.OpenCurrent(new WarehouseLayout(_warehouse))!;
        var cubed = Strings(connection, $"select code from {KpiCube.KpisTable} order by code");
        // sums and ratios, stock and flow, company-level and with a macro of their own
        Assert.Subset(cubed.ToHashSet(), new HashSet<string> { "balance", "new_amount", "compensation_rate", "nps", "leverage", "recovery_rate", "provision_coverage" });
        // a median, the share of the largest groups and a KPI that reads a setting (the complaint deadlines) are not
        Assert.DoesNotContain("complaint_response_hours", cubed);
        Assert.DoesNotContain("top10_share", cubed);
        Assert.DoesNotContain("industry_hhi", cubed);
        Assert.DoesNotContain("complaint_ontime_rate", cubed);
        Assert.DoesNotContain("renewal_rate", cubed); // too heavy per window to hold 120 of them (KpiCube.FromRows)
        Assert.Equal(Cubed().Count, cubed.Count); // nothing the catalogue can cube was left out on this build
        // 36 month ends back from the build's date: a stock KPI's month ends, a monthly flow KPI's months, and the four
        // periods at each month end for the others (January's month, quarter and year to date are one window)
        Assert.Equal(36, Scalar(connection, $"select count(*) from {KpiCube.WindowsTable} where grain = 'stock'"));
        Assert.Equal(36, Scalar(connection, $"select count(*) from {KpiCube.WindowsTable} where grain = 'month'"));
        var periods = Scalar(connection, $"select count(*) from {KpiCube.WindowsTable} where grain = 'period'");
        Assert.Equal(KpiCube.FlowWindows(DemoCompanyFixture.AsOf).Count, periods);
        Assert.Equal(Scalar(connection, $"select count(*) from (select distinct w_from, w_to from {KpiCube.WindowsTable} where grain = 'period')"), periods);
        // each year: January's month, quarter and year to date are one window; February's and March's quarter and year
        // to date; April's, July's and October's month and quarter; December's year to date and twelve months
        Assert.Equal(4 * 36 - 8 * 3, periods);
        var grains = Strings(connection, $"select code || ':' || grain from {KpiCube.KpisTable}");
        Assert.Contains("balance:stock", grains);
        Assert.Contains("new_amount:month", grains);
        Assert.Contains("compensation_rate:month", grains);
        Assert.Contains("recovery_rate:period", grains); // against the period's opening balance: not a sum of months
        Assert.Contains(new KpiWindow(new DateOnly(2026, 1, 1), new DateOnly(2026, 9, 30)), KpiCube.FlowWindows(DemoCompanyFixture.AsOf)); // year to date
        Assert.Contains(new KpiWindow(new DateOnly(2025, 10, 1), new DateOnly(2026, 9, 30)), KpiCube.FlowWindows(DemoCompanyFixture.AsOf)); // trailing twelve months
        Assert.Contains(new KpiWindow(new DateOnly(2023, 10, 1), new DateOnly(2023, 10, 31)), KpiCube.FlowWindows(DemoCompanyFixture.AsOf)); // the 36th month
        Assert.DoesNotContain(new KpiWindow(new DateOnly(2023, 9, 1), new DateOnly(2023, 9, 30)), KpiCube.FlowWindows(DemoCompanyFixture.AsOf));
        // far fewer groups than rows: the balance's month end against its snapshots
        var groups = Scalar(connection, $"select count(*) from {KpiCube.Table("balance")} where level = 'full' and w_to = date '2026-09-30'");
        var rows = Scalar(connection, "select count(*) from wide_snapshot where as_of = date '2026-09-30'");
        Assert.InRange(groups, 1, rows - 1);
    }

    /// <summary>
    /// Each cubed KPI, four periods at three month ends, under no filter, each filter-bar dimension and a department
    /// head's scope: the cube's value equals the rows' — value, Σ numerator, Σ denominator, row and sign counts, the
    /// reason when there is none — and a filter the rows cannot take is refused the same way.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cubed))]
    public async Task EveryValueTheCubeAnswersEqualsTheValueFromTheRows(string code)
    {
        using var cube = new KpiService(new WarehouseLayout(_warehouse));
        using var rows = new KpiService(new WarehouseLayout(_warehouse)) { UseCube = false };
        var options = cube.GetFilterOptions();
        var windows = new[] { DemoCompanyFixture.AsOf, new DateOnly(2026, 4, 30), new DateOnly(2025, 8, 31) }
            .SelectMany(d => Enum.GetValues<KpiPeriod>().Select(p => KpiWindow.For(d, p))).Distinct().ToList();
        var cases = new (KpiFilter Filter, KpiScope Scope)[]
        {
            (KpiFilter.None, KpiScope.All),
            (new KpiFilter(Department: "BD1"), KpiScope.All),
            (new KpiFilter(Product: options.Products[0].Code), KpiScope.Only("BD2")),
            (new KpiFilter(Industry: options.Industries[0].Code, Region: options.Regions[0].Code), KpiScope.All),
            (new KpiFilter(Tier: options.Tiers[0].Code), KpiScope.All),
        };
        var answered = 0;
        foreach (var (filter, scope) in cases)
        {
            IReadOnlyList<KpiResult> fromCube;
            var before = cube.CubeAnswers;
            using (var session = cube.OpenSession())
            {
                try
                {
                    fromCube = await session.GetManyAsync(windows.Select(w => (code, w)), filter, scope);
                }
                catch (ScopeRefusedException e)
                {
                    var refused = await Assert.ThrowsAsync<ScopeRefusedException>(() => rows.GetAsync(code, windows[0], filter, scope));
                    Assert.Equal(refused.Message, e.Message);
                    continue;
                }
            }
            Assert.True(cube.CubeAnswers > before, $"{code}: the cube answered nothing under {filter}");
            answered++;
            foreach (var (window, got) in windows.Zip(fromCube))
            {
                var expected = await rows.GetAsync(code, window, filter, scope);
                var what = $"{code} {window.From:yyyy-MM-dd}..{window.To:yyyy-MM-dd} {filter} {scope.Departments.Count}";
                Assert.True(expected.Value == got.Value, $"{what}: rows {expected.Value}, cube {got.Value}");
                Assert.True(expected.Numerator == got.Numerator, $"{what}: Σ numerator rows {expected.Numerator}, cube {got.Numerator}");
                Assert.True(expected.Denominator == got.Denominator, $"{what}: Σ denominator rows {expected.Denominator}, cube {got.Denominator}");
                Assert.Equal(expected.Rows, got.Rows);
                Assert.Equal(expected.Positive, got.Positive);
                Assert.Equal(expected.Negative, got.Negative);
                Assert.Equal(expected.ReasonZh, got.ReasonZh);
                Assert.Equal(expected.Window, got.Window);
            }
        }
        Assert.True(answered > 0, $"{code}: refused under every filter");
        Assert.Equal(0, rows.CubeAnswers);
    }

    /// <summary>
    /// A page's cubed figures with 同比 and 环比 under one filter read the KPIs' roll-ups once per build (never the marts);
    /// another filter state then runs no statement at all. Two filter columns read the full cube tables in one statement.
    /// </summary>
    [Fact]
    public async Task APagesFiguresFromTheCubeReadItsRollUpsOnceThenNoStatement()
    {
        using var cube = new KpiService(new WarehouseLayout(_warehouse));
        var options = cube.GetFilterOptions();
        string[] codes = ["balance", "new_amount", "compensation_rate", "nps", "overdue_rate"];
        var statements = new List<string>();
        KpiService.QueryObserver.Value = (sql, _) => { lock (statements) statements.Add(sql); };
        try
        {
            var first = await cube.GetFiguresAsync(codes, DemoCompanyFixture.AsOf, KpiPeriod.Ytd, new KpiFilter(Product: options.Products[0].Code), KpiScope.Only("BD1"));
            Assert.All(first, f => Assert.NotNull(f.Current.Value));
            var reads = statements.Where(s => s.Contains("level = 'product_code'", StringComparison.Ordinal)).ToList();
            Assert.Equal(codes.Length, reads.Count); // each KPI's roll-up by product, once
            Assert.DoesNotContain(statements, s => s.Contains("wide_snapshot", StringComparison.Ordinal) || s.Contains("wide_contract", StringComparison.Ordinal));

            statements.Clear();
            var other = await cube.GetFiguresAsync(codes, KpiWindow.MonthEnd(DemoCompanyFixture.AsOf.AddMonths(-1)), KpiPeriod.Quarter, new KpiFilter(Product: options.Products[1].Code), KpiScope.Only("BD2"));
            Assert.Empty(statements);
            Assert.Equal(30, cube.CubeAnswers);
            Assert.NotEqual(first[0].Current.Value, other[0].Current.Value);

            statements.Clear();
            await cube.GetFiguresAsync(codes, DemoCompanyFixture.AsOf, KpiPeriod.Ytd, new KpiFilter(Product: options.Products[0].Code, Region: options.Regions[0].Code));
            var statement = Assert.Single(statements);
            Assert.Contains(KpiCube.Table("balance") + " where level = 'full'", statement, StringComparison.Ordinal);
            Assert.DoesNotContain("wide_snapshot", statement, StringComparison.Ordinal);
        }
        finally
        {
            KpiService.QueryObserver.Value = null;
        }
    }

    /// <summary>
    /// What the cube does not hold — a window that does not end a period at a month end, one older than three years, a
    /// drill-down filter (five-level class), a median — comes from the rows, equal to a service without the cube.
    /// </summary>
    [Fact]
    public async Task WhatTheCubeDoesNotHoldComesFromTheRows()
    {
        using var cube = new KpiService(new WarehouseLayout(_warehouse));
        using var rows = new KpiService(new WarehouseLayout(_warehouse)) { UseCube = false };
        var requests = new (string Code, KpiWindow Window, KpiFilter Filter)[]
        {
            ("new_amount", new KpiWindow(new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 15)), KpiFilter.None),
            ("recovery_rate", new KpiWindow(new DateOnly(2026, 2, 1), new DateOnly(2026, 9, 30)), KpiFilter.None),
            ("balance", new KpiWindow(new DateOnly(2023, 9, 30), new DateOnly(2023, 9, 30)), KpiFilter.None),
            ("balance", KpiWindow.For(DemoCompanyFixture.AsOf, KpiPeriod.Ytd), new KpiFilter(FiveLevelClass: "substandard")),
            ("complaint_response_hours", KpiWindow.For(DemoCompanyFixture.AsOf, KpiPeriod.Ytd), KpiFilter.None),
        };
        foreach (var (code, window, filter) in requests)
        {
            var got = await cube.GetAsync(code, window, filter);
            var expected = await rows.GetAsync(code, window, filter);
            Assert.Equal(expected.Value, got.Value);
            Assert.Equal(expected.Rows, got.Rows);
        }
        Assert.Equal(0, cube.CubeAnswers);
        // and a KPI held by month is answered by the cube for any run of whole months, not only a page's periods
        var months = new KpiWindow(new DateOnly(2026, 2, 1), new DateOnly(2026, 9, 30));
        var held = await cube.GetAsync("new_amount", months);
        Assert.Equal(1, cube.CubeAnswers);
        var fromRows = await rows.GetAsync("new_amount", months);
        Assert.Equal(fromRows.Value, held.Value);
        Assert.Equal(fromRows.Rows, held.Rows);
        Assert.True(held.Value > 0);
    }

    /// <summary>
    /// A cubed KPI by each filter-bar column (the leadership page's structures, the business page's splits) from the
    /// cube's roll-ups equals the same breakdown from the rows: keys, names, values, sums, row counts and their order,
    /// for the company, one department's filter and a department head's scope, at a month end and year to date.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cubed))]
    public async Task ABreakdownByAFilterBarColumnFromTheCubeEqualsTheRows(string code)
    {
        using var cube = new KpiService(new WarehouseLayout(_warehouse));
        using var rows = new KpiService(new WarehouseLayout(_warehouse)) { UseCube = false };
        var cases = new (KpiFilter Filter, KpiScope Scope)[] { (KpiFilter.None, KpiScope.All), (new KpiFilter(Department: "BD1"), KpiScope.All), (KpiFilter.None, KpiScope.Only("BD2")) };
        var dimensions = new[] { KpiDimension.Department, KpiDimension.Product, KpiDimension.Industry, KpiDimension.Region, KpiDimension.Tier };
        var nonEmpty = 0;
        foreach (var period in new[] { KpiPeriod.Month, KpiPeriod.Ytd })
        {
            var window = KpiWindow.For(DemoCompanyFixture.AsOf, period);
            foreach (var (filter, scope) in cases)
            {
                foreach (var dimension in dimensions)
                {
                    var expected = await rows.GetBreakdownAsync(code, window, dimension, filter, scope);
                    var got = await cube.GetBreakdownAsync(code, window, dimension, filter, scope);
                    Assert.Equal(
                        expected.Select(i => (i.Key, i.Label, i.Value, i.Numerator, i.Denominator, i.Rows)).ToList(),
                        got.Select(i => (i.Key, i.Label, i.Value, i.Numerator, i.Denominator, i.Rows)).ToList());
                    if (expected.Count > 0) nonEmpty++;
                }
            }
        }
        Assert.True(nonEmpty > 0, $"{code}: no breakdown had any group");
    }

    /// <summary>The leadership page's balance structures under a new month and department read no statement once the roll-ups are read.</summary>
    [Fact]
    public async Task BalanceStructuresComeFromTheRollUpsWithoutAStatement()
    {
        using var cube = new KpiService(new WarehouseLayout(_warehouse));
        var dimensions = new[] { KpiDimension.Product, KpiDimension.Industry, KpiDimension.Region, KpiDimension.Tier };
        foreach (var d in dimensions) await cube.GetBreakdownAsync("balance", KpiWindow.For(DemoCompanyFixture.AsOf, KpiPeriod.Month), d);
        var statements = new List<string>();
        KpiService.QueryObserver.Value = (sql, _) => { lock (statements) statements.Add(sql); };
        try
        {
            var earlier = KpiWindow.For(KpiWindow.MonthEnd(DemoCompanyFixture.AsOf.AddMonths(-5)), KpiPeriod.Month);
            foreach (var d in dimensions)
            {
                var items = await cube.GetBreakdownAsync("balance", earlier, d, new KpiFilter(Department: "BD2"));
                Assert.NotEmpty(items);
            }
            Assert.Empty(statements);
        }
        finally
        {
            KpiService.QueryObserver.Value = null;
        }
    }

    private static List<string> Strings(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    private static long Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
