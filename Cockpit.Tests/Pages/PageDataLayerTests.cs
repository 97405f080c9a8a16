using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Warehouse.Targets;

namespace Cockpit.Tests.Pages;

/// <summary>
/// The page data layer on the hand-made company (figures worked out by hand in <see cref="KpiHandComputedTests"/>):
/// the leadership dashboard for every role, sessions pinned to one build, the cache, and the row contract.
/// </summary>
public sealed class PageDataLayerTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>, IDisposable
{
    public void Dispose() => _raw?.Dispose();

    private static readonly DateOnly D = HandMadeCompany.D;

    private static readonly DataAccess Ceo = DataAccess.CompanyWide("ceo");
    private static readonly DataAccess Bd1 = DataAccess.DepartmentHead("bd1", "BD1");
    private static readonly DataAccess Bd2 = DataAccess.DepartmentHead("bd2", "BD2");

    private Task<LeadershipModel?> Leadership(DataAccess access, FilterState state) =>
        new LeadershipDashboard(company.Kpis).LoadAsync(new PageRequest(state, access));

    private static LeadershipCard Card(LeadershipModel model, string code) => model.Cards.Single(c => c.Figure.Kpi.Code == code);

    [Fact]
    public async Task ADepartmentHeadSeesCompanyTotalsUnfilteredWithTheirOwnPartAndCompletionAgainstTheSameScope()
    {
        var model = (await Leadership(Bd2, new FilterState(D)))!;
        Assert.True(model.ShowsCompanyTotals);
        Assert.Equal("BD2", model.OwnDepartment);
        // balance at D: company 22.7M (K2, K4, K5, K6, K8, K9, K10…), BD2's K4, K5, K6, K10 16.1M
        Assert.Equal(22_700_000m, Card(model, "balance").Figure.Current.Value);
        Assert.Equal(16_100_000m, Card(model, "balance").Own!.Value);
        // new business YTD: company 13.1M against the company's 25M (52.4 %), BD2's own 6.1M shown beside it
        var newAmount = Card(model, "new_amount");
        Assert.Equal(13_100_000m, newAmount.Figure.Current.Value);
        Assert.Equal(("ALL", 0.524m), (newAmount.Target!.Department, newAmount.Target.Completion!.Value));
        Assert.Equal(6_100_000m, newAmount.Own!.Value);
        // leverage is the company's (16.06M ÷ 100M); BD2's part of it 10.1M ÷ 100M
        Assert.Equal(0.1606m, Card(model, "leverage").Figure.Current.Value);
        Assert.Equal(0.101m, Card(model, "leverage").Own!.Value);
        // the overall completion is the company's (its one cumulative yearly target: new business 52.4 %)
        Assert.Equal(0.524m, model.OverallCompletion);

        // filtered to their own department: BD2's figures against BD2's targets (fees 61,000 of 130,000, amber)
        var own = (await Leadership(Bd2, new FilterState(D, Department: "BD2")))!;
        Assert.False(own.ShowsCompanyTotals);
        Assert.Null(own.OwnDepartment);
        Assert.Equal(16_100_000m, Card(own, "balance").Figure.Current.Value);
        Assert.Null(Card(own, "balance").Own);
        Assert.Null(Card(own, "new_amount").Target); // BD2 has no new-business target
        var fees = Card(own, "fee_income").Target!;
        Assert.Equal(("BD2", 61_000m, 61_000m / 130_000m, "amber"), (fees.Department, fees.Actual!.Value, fees.Completion!.Value, fees.Status));
        Assert.Equal(61_000m / 130_000m, own.OverallCompletion);
        Assert.Equal("amber", own.OverallStatus);
        Assert.Empty(own.League); // BD2 has no new-business target; BD1's is never shown to them

        // another department: refused, whatever page
        await Assert.ThrowsAsync<ScopeRefusedException>(() => Leadership(Bd2, new FilterState(D, Department: "BD1")));
    }

    [Fact]
    public async Task QuarterlyTargetsFollowTheQuarterAndTheLeagueFollowsPeriodAndFilters()
    {
        // Q2 to June: BD1's quarterly target 8.0M, actual K8 5.0M = 62.5 %, the quarter over → red
        var quarter = (await Leadership(Ceo, new FilterState(D, KpiPeriod.Quarter)))!;
        Assert.Equal(2, quarter.TargetQuarter);
        var bd1 = Assert.Single(quarter.League);
        Assert.Equal(("BD1", 2, 5_000_000m, 0.625m, "red"), (bd1.Department, bd1.Quarter!.Value, bd1.Actual!.Value, bd1.Completion!.Value, bd1.Status));
        Assert.Null(Card(quarter, "new_amount").Target); // the company has a yearly target only
        var bd1Quarter = (await Leadership(Ceo, new FilterState(D, KpiPeriod.Quarter, Department: "BD1")))!;
        Assert.Equal(5_000_000m, Card(bd1Quarter, "new_amount").Figure.Current.Value);
        Assert.Equal(0.625m, Card(bd1Quarter, "new_amount").Target!.Completion);
        Assert.Equal(0.625m, bd1Quarter.OverallCompletion);

        // year to date: the yearly targets; the league holds no quarterly target
        var ytd = (await Leadership(Ceo, new FilterState(D)))!;
        Assert.Null(ytd.TargetQuarter);
        Assert.Empty(ytd.League);
        Assert.Equal(0.524m, Card(ytd, "new_amount").Target!.Completion);

        // a product slice has no targets: no card target, no league, and the page is told why
        var slice = (await Leadership(Ceo, new FilterState(D, KpiPeriod.Quarter, Product: "LWC")))!;
        Assert.Empty(slice.League);
        Assert.Equal(LeagueNote.NotForSlice, slice.LeagueNote);
        Assert.All(slice.Cards, c => Assert.Null(c.Target));
        Assert.Null(slice.OverallCompletion);
        // a month's view is compared with no target
        var month = (await Leadership(Ceo, new FilterState(D, KpiPeriod.Month)))!;
        Assert.All(month.Cards, c => Assert.Null(c.Target));
    }

    private DuckDB.NET.Data.DuckDBConnection? _raw;

    [Fact]
    public async Task ACeilingIsTheLimitOfTheScopeItWasSetFor()
    {
        // compensation-rate ceilings: the company 5 %, BD1 10 %; BD2 has none
        Assert.Equal(0.05m, Card((await Leadership(Ceo, new FilterState(D)))!, "compensation_rate").Limit);
        Assert.Equal(0.05m, Card((await Leadership(Ceo, new FilterState(D, Product: "LWC")))!, "compensation_rate").Limit);
        Assert.Equal(0.10m, Card((await Leadership(Ceo, new FilterState(D, Department: "BD1")))!, "compensation_rate").Limit);
        Assert.Equal(0.10m, Card((await Leadership(Bd1, new FilterState(D, Tier: "core")))!, "compensation_rate").Limit);
        Assert.Equal(0.05m, Card((await Leadership(Bd1, new FilterState(D)))!, "compensation_rate").Limit); // company totals
        Assert.Null(Card((await Leadership(Bd2, new FilterState(D, Department: "BD2")))!, "compensation_rate").Limit);
    }

    /// <summary>BD2's balance, new business and fees for a state, summed here from the raw tables.</summary>
    private decimal HandSum(string kpi, FilterState state, KpiWindow window)
    {
        var filters = $"""
            and d.code = 'BD2'
            {(state.Product is null ? "" : $"and p.code = '{state.Product}'")} {(state.Tier is null ? "" : $"and c.tier = '{state.Tier}'")}
            {(state.Region is null ? "" : $"and c.region_code = '{state.Region}'")} {(state.Industry is null ? "" : $"and c.industry_code = '{state.Industry}'")}
            """;
        const string joins = """
            join raw_departments d on d.id = k.department_id
            join raw_products p on p.id = k.product_id
            join raw_customers c on c.id = k.customer_id
            """;
        var sql = kpi switch
        {
            "balance" => $"select sum(s.outstanding) from raw_balance_snapshots s join raw_contracts k on k.id = s.contract_id {joins} where s.as_of = date '{window.AsOf:yyyy-MM-dd}' {filters}",
            "new_amount" => $"select sum(k.amount) from raw_contracts k {joins} where k.start_on between date '{window.From:yyyy-MM-dd}' and date '{window.To:yyyy-MM-dd}' {filters}",
            "fee_income" => $"select sum(f.amount) from raw_fee_payments f join raw_contracts k on k.id = f.contract_id {joins} where f.paid_on between date '{window.From:yyyy-MM-dd}' and date '{window.To:yyyy-MM-dd}' {filters}",
            _ => throw new ArgumentException(kpi),
        };
        _raw ??= WarehouseConnection.OpenReadOnly(EtlTestSupport.CurrentBuildFile(company.Warehouse));
        lock (_raw) return EtlTestSupport.Query(_raw, sql)[0][0] is { } v ? Convert.ToDecimal(v) : 0m;
    }

    [Fact]
    public async Task TwoHundredRandomFiltersNeverGiveADepartmentHeadAFigureWithAnotherDepartmentsRows()
    {
        string?[] products = [null, "LWC", "BOND", "PERF", "LEASE"];
        string?[] tiers = [null, "core", "ordinary", "strategic", "potential"];
        string?[] regions = [null, "369102", "369121"];
        string?[] industries = [null, "C34", "A01"];
        string?[] departments = [null, null, "BD2"];
        var random = new Random(20261202);
        var whole = (await Leadership(Ceo, new FilterState(D)))!;
        var companyFigures = whole.Cards.Select(c => c.Figure).Concat(whole.RedLines.Select(r => r.Figure)).DistinctBy(f => f.Kpi.Code)
            .ToDictionary(f => f.Kpi.Code, f => f.Current.Value);
        using var session = company.Kpis.OpenSession();
        var states = new HashSet<FilterState>();
        while (states.Count < 200)
        {
            states.Add(new FilterState(D, Department: departments[random.Next(departments.Length)],
                Product: products[random.Next(products.Length)], Industry: industries[random.Next(industries.Length)],
                Region: regions[random.Next(regions.Length)], Tier: tiers[random.Next(tiers.Length)]));
        }
        var handChecked = 0;
        var index = 0;
        var codes = LeadershipDashboard.CardCodes.Concat(LeadershipDashboard.RedLineCodes).Distinct().ToList();
        var window = KpiWindow.For(D, KpiPeriod.Ytd);
        var bd2Only = KpiScope.Only("BD2");
        foreach (var state in states)
        {
            // every figure and own part of the page, through the calls the dashboard makes; every tenth state the
            // whole page (trends and structures too: each costs ~200 queries, too many for 200 states in the suite)
            List<(KpiFigure Figure, KpiResult? Own)> figures;
            LeadershipModel? model = null;
            if (index++ % 10 == 0)
            {
                model = (await Leadership(Bd2, state))!;
                figures = [.. model.Cards.Select(c => (c.Figure, c.Own)), .. model.RedLines.Select(r => (r.Figure, r.Own))];
            }
            else
            {
                using var data = ScopedData.Open(company.Kpis, Bd2, state, companyTotals: true);
                var shown = await data.GetFiguresAsync(codes, D, KpiPeriod.Ytd);
                var owns = await data.GetOwnPartsAsync(codes, window);
                figures = [.. shown.Select(f => (f, owns.GetValueOrDefault(f.Kpi.Code)))];
            }
            foreach (var figure in figures)
            {
                var code = figure.Figure.Kpi.Code;
                var shown = figure.Figure.Current.Value;
                var label = $"{state.QueryString()} {code}";
                if (state.IsUnfiltered || figure.Figure.Kpi.CompanyLevel)
                {
                    Assert.True(companyFigures[code] == shown, $"{label}: {shown} shown, the company's {companyFigures[code]} expected");
                }
                else if (code is "balance" or "new_amount" or "fee_income")
                {
                    var expected = HandSum(code, state, window);
                    Assert.True(expected == shown, $"{label}: {shown} shown, BD2's {expected} expected");
                    handChecked++;
                }
                else
                {
                    // a ratio: the same figure on BD2's rows only
                    var own = await session.GetAsync(code, window, state.ToKpiFilter(), bd2Only);
                    Assert.True(own.Value == shown, $"{label}: {shown} shown, BD2's {own.Value} expected");
                }
                // the part under a company figure is BD2's own
                if (figure.Own is { } part)
                {
                    var bd2 = await session.GetAsync(code, window, state.ToKpiFilter(), bd2Only);
                    Assert.True(bd2.Value == part.Value, $"{label}: own part {part.Value}, BD2's {bd2.Value} expected");
                }
            }
            // the trend and structure of a filtered view hold BD2's rows only
            if (model is not null && !state.IsUnfiltered)
            {
                Assert.Equal(HandSum("balance", state, window), model.BalanceTrend[^1].Value);
                var byProduct = model.Structures.Single(s => s.Dimension == KpiDimension.Product).Items.Sum(i => i.Value ?? 0);
                Assert.Equal(HandSum("balance", state, window), byProduct);
            }
        }
        Assert.True(handChecked > 300, $"{handChecked} figures checked by hand");
    }

    public static TheoryData<string, string?, string?, string?> Roles => new()
    {
        { "ceo", null, null, null }, { "ceo", "BD1", null, null }, { "ceo", null, "LWC", null }, { "ceo", null, null, "core" },
        { "bd1", null, null, null }, { "bd1", "BD1", null, null }, { "bd1", null, "LEASE", null },
        { "bd2", null, null, null }, { "bd2", null, "LWC", "core" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryCardAndRedLineAgreesWithItsDrillDown(string user, string? department, string? product, string? tier)
    {
        var access = user switch { "bd1" => Bd1, "bd2" => Bd2, _ => Ceo };
        var state = new FilterState(D, Department: department, Product: product, Tier: tier);
        var model = (await Leadership(access, state))!;
        // the drill-down page opens with the page's filter state and never shows company totals to a department head
        using var drill = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
        var request = new PageRequest(state, access);
        foreach (var (code, linked) in model.Cards.Select(c => (c.Figure.Kpi.Code, c.DrillFigure))
                     .Concat(model.RedLines.Select(r => (r.Figure.Kpi.Code, r.DrillFigure))))
        {
            var head = await DrillDashboard.LoadAsync(drill, request, code);
            Assert.True(linked.Value == head.Figure!.Value, $"{user} {state.QueryString()} {code}: card links {linked.Value}, drill-down shows {head.Figure.Value}");
            // and the rows add up to it
            var rows = await drill.GetDrillDownAsync(code, head.Window, limit: 100_000);
            var numerator = rows.Columns.ToList().IndexOf("numerator");
            Assert.Equal(head.Figure.Numerator ?? 0, rows.Rows.Sum(r => r[numerator] is { } n ? Convert.ToDecimal(n) : 0m));
        }
    }

    [Fact]
    public async Task TheConcentrationDrillDownRanksCustomersGroupsAndIndustriesWithTheFigureFirst()
    {
        using var data = ScopedData.Open(company.Kpis, Ceo, new FilterState(D), companyTotals: false);
        var request = new PageRequest(new FilterState(D), Ceo);
        foreach (var code in new[] { "top_customer_ratio", "top_group_ratio", "industry_max_share" })
        {
            var head = await DrillDashboard.LoadAsync(data, request, code);
            Assert.NotEmpty(head.Ranking);
            Assert.Equal(head.Figure!.Value, head.Ranking[0].Value);
            Assert.All(head.Ranking, r => Assert.False(string.IsNullOrEmpty(r.Label), $"{code}: {r.Key} has no name"));
            Assert.Equal(head.Ranking.OrderByDescending(r => r.Numerator).Select(r => r.Key), head.Ranking.Select(r => r.Key));
        }
        // by hand: the largest customer's liability 8.0M ÷ net assets 100M
        var customers = await DrillDashboard.LoadAsync(data, request, "top_customer_ratio");
        Assert.Equal((8_000_000m, 0.08m), (customers.Ranking[0].Numerator!.Value, customers.Ranking[0].Value!.Value));
        // top-10 share: the first ten lines add up to the figure
        var top10 = await DrillDashboard.LoadAsync(data, request, "top10_share");
        Assert.Equal(top10.Figure!.Value, top10.Ranking.Take(10).Sum(r => r.Value));
    }

    [Fact]
    public async Task ABuildPublishedDuringAPageLoadDoesNotMixBuilds()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cockpit-pin-" + Guid.NewGuid().ToString("N"));
        try
        {
            var layout = Copy(new WarehouseLayout(company.Warehouse), folder);
            using var kpis = new KpiService(layout);
            var first = layout.ReadCurrent()!;
            var request = new PageRequest(new FilterState(D), Ceo);
            using var data = ScopedData.Open(kpis, Ceo, request.State, companyTotals: true);
            var before = await data.GetAsync("new_amount", KpiWindow.For(D, KpiPeriod.Ytd));

            // a second build with every balance doubled is published while the page is loading
            var second = first with { BuildId = first.BuildId + "-b", RunId = first.RunId + 1, File = first.BuildId + "-b.duckdb" };
            File.Copy(layout.BuildFile(first.BuildId), layout.BuildFile(second.BuildId));
            using (var write = WarehouseConnection.OpenWrite(layout.BuildFile(second.BuildId)))
            using (var command = write.CreateCommand())
            {
                command.CommandText = "update wide_snapshot set outstanding = outstanding * 2";
                command.ExecuteNonQuery();
                KpiCube.Build(write, first.AsOf!.Value, SqlFolder.Locate()); // as the ETL builds it from the marts
            }
            layout.Publish(second);
            using (var fresh = kpis.OpenSession()) // another page opens the new build meanwhile (the old one is retired)
            {
                Assert.Equal(45_400_000m, (await fresh.GetAsync("balance", KpiWindow.For(D, KpiPeriod.Ytd))).Value);
            }

            // the rest of the first page load: every figure from the first build
            var model = await LeadershipDashboard.LoadAsync(data, request);
            Assert.Equal(first.BuildId, model.Build.BuildId);
            Assert.Equal(22_700_000m, Card(model, "balance").Figure.Current.Value);
            Assert.Equal(22_700_000m, model.BalanceTrend[^1].Value);
            Assert.Equal(22_700_000m, model.Structures.Single(s => s.Dimension == KpiDimension.Product).Items.Sum(i => i.Value));
            Assert.Equal(before.Value, Card(model, "new_amount").Figure.Current.Value);
            var drill = await data.GetDrillDownAsync("balance", KpiWindow.For(D, KpiPeriod.Ytd), limit: 1000);
            Assert.Equal(22_700_000m, drill.Figure.Value);

            // the next page load reads the new build
            var next = (await new LeadershipDashboard(kpis).LoadAsync(request))!;
            Assert.Equal(second.BuildId, next.Build.BuildId);
            Assert.Equal(45_400_000m, Card(next, "balance").Figure.Current.Value);
        }
        finally
        {
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task ABuildMadeBeforeTheSharedKpiDefinitionsStillComputesTheirKpis()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cockpit-old-" + Guid.NewGuid().ToString("N"));
        try
        {
            var layout = Copy(new WarehouseLayout(company.Warehouse), folder);
            var pointer = layout.ReadCurrent()!;
            using (var write = WarehouseConnection.OpenWrite(layout.BuildFile(pointer.BuildId)))
            using (var command = write.CreateCommand())
            {
                // as a build of the previous release: none of the table macros the KPI files now call
                command.CommandText = """
                    drop macro table kpi_compensations_paid; drop macro table kpi_compensations; drop macro table kpi_maturities;
                    drop macro table kpi_released_contracts; drop macro table kpi_liability_net_assets;
                    """;
                command.ExecuteNonQuery();
            }
            using var kpis = new KpiService(layout);
            var before = await company.Kpis.GetFiguresAsync(["churn_rate", "renewal_rate", "compensation_rate", "loss_rate", "leverage", "recovery_rate"], D, KpiPeriod.Ytd);
            var after = await kpis.GetFiguresAsync(["churn_rate", "renewal_rate", "compensation_rate", "loss_rate", "leverage", "recovery_rate"], D, KpiPeriod.Ytd);
            Assert.Equal(before.Select(f => f.Current.Value), after.Select(f => f.Current.Value));
            Assert.Equal(0.1606m, after.Single(f => f.Kpi.Code == "leverage").Current.Value);
        }
        finally
        {
            try { Directory.Delete(folder, true); } catch (IOException) { }
        }
    }

    private static WarehouseLayout Copy(WarehouseLayout from, string folder)
    {
        var to = new WarehouseLayout(folder);
        Directory.CreateDirectory(to.BuildsDirectory);
        var pointer = from.ReadCurrent()!;
        File.Copy(from.BuildFile(pointer.BuildId), to.BuildFile(pointer.BuildId));
        to.Publish(pointer);
        return to;
    }

    [Fact]
    public async Task AQueryThatFailsOnceRunsAgainOnTheNextRequest()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cockpit-retry-{Guid.NewGuid():N}.csv");
        // the rows come from a file that is not there on the first request (a transient failure)
        var rows = new RowQuery("retry-probe", $"select 'BD2' as department_code, x from read_csv('{file}')");
        using var session = company.Kpis.OpenSession();
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => session.QueryAsync(rows, "select sum(x) from filtered", KpiWindow.For(D, KpiPeriod.Ytd)));
            await File.WriteAllTextAsync(file, "x\n40\n2\n");
            var result = await session.QueryAsync(rows, "select sum(x) from filtered", KpiWindow.For(D, KpiPeriod.Ytd));
            Assert.Equal("42", Convert.ToString(result[0][0], System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheCacheStaysWithinItsBoundUnderAThousandFilterStates()
    {
        using var kpis = new KpiService(new WarehouseLayout(company.Warehouse)) { CacheCapacity = 300 };
        string?[] products = [null, "LWC", "BOND", "PERF", "LEASE"];
        string?[] tiers = [null, "core", "ordinary", "strategic", "potential"];
        string?[] regions = [null, "369102", "369121", "369103"];
        var states = (from p in products from t in tiers from r in regions from m in Enumerable.Range(1, 10)
                      select (Filter: new KpiFilter(Product: p, Tier: t, Region: r), AsOf: KpiWindow.MonthEnd(new DateOnly(2025, 9, 1).AddMonths(m))))
            .ToList();
        Assert.Equal(1_000, states.Count);
        var most = 0;
        foreach (var (filter, asOf) in states)
        {
            await kpis.GetAsync("balance", KpiWindow.For(asOf, KpiPeriod.Ytd), filter);
            most = Math.Max(most, kpis.CachedResults);
        }
        Assert.Equal(300, most); // full, never above
        // the latest results are the ones kept: asking again adds nothing
        var (lastFilter, lastAsOf) = states[^1];
        await kpis.GetAsync("balance", KpiWindow.For(lastAsOf, KpiPeriod.Ytd), lastFilter);
        Assert.Equal(300, kpis.CachedResults);
        Assert.Equal(QueryCache<object>.DefaultCapacity, new KpiService(new WarehouseLayout(company.Warehouse)).CacheCapacity);
    }

    [Fact]
    public async Task TheRowContractFailsClosed()
    {
        using var session = company.Kpis.OpenSession();
        var window = KpiWindow.For(D, KpiPeriod.Ytd);
        var noDepartment = new RowQuery("finance", "select month, net_assets from fct_finance_month");
        // company-wide callers may read rows without a department; a department head may not
        Assert.Equal(2, (await session.QueryAsync(noDepartment, "select * from filtered", window)).Count);
        await Assert.ThrowsAsync<ScopeRefusedException>(() => session.QueryAsync(noDepartment, "select * from filtered", window, scope: KpiScope.Only("BD2")));
        // a filter on a column the rows lack is refused, not ignored
        await Assert.ThrowsAsync<ScopeRefusedException>(() => session.QueryAsync(noDepartment, "select * from filtered", window, new KpiFilter(Product: "LWC")));
        // declared company-level: allowed to everyone, neither scope nor filters apply
        var declared = noDepartment with { Name = "finance-company", CompanyLevel = true };
        Assert.Equal(2, (await session.QueryAsync(declared, "select * from filtered", window, new KpiFilter(Product: "LWC"), KpiScope.Only("BD2"))).Count);
        // rows with a department: a department head gets theirs (and company-level rows with none), never another's
        var contracts = new RowQuery("contracts", "select contract_id, department_code, product_code, amount from wide_contract");
        var bd2 = await session.QueryAsync(contracts, "select distinct department_code from filtered", window, scope: KpiScope.Only("BD2"));
        Assert.Equal(["BD2"], bd2.Select(r => (string?)r[0]));
        var lwc = await session.QueryAsync(contracts, "select distinct product_code from filtered", window, new KpiFilter(Product: "LWC"));
        Assert.Equal(["LWC"], lwc.Select(r => (string?)r[0]));
    }

    [Fact]
    public async Task QueryCacheIsLeastRecentlyUsedAndForgetsFailures()
    {
        var cache = new QueryCache<object>(2);
        var runs = 0;
        Task<object> Run(object value) { runs++; return Task.FromResult(value); }
        await cache.GetOrRun("a", () => Run(1));
        await cache.GetOrRun("b", () => Run(2));
        await cache.GetOrRun("a", () => Run(99)); // a used again: b is now the oldest
        await cache.GetOrRun("c", () => Run(3)); // b dropped
        Assert.Equal(3, runs);
        Assert.Equal(1, await cache.GetOrRun("a", () => Run(100)));
        Assert.Equal(20, await cache.GetOrRun("b", () => Run(20))); // ran again
        Assert.Equal(4, runs);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrRun("bad", () => Task.FromException<object>(new InvalidOperationException())));
        Assert.Equal("ok", await cache.GetOrRun("bad", () => Task.FromResult<object>("ok")));
        Assert.Equal(2, cache.Count);
    }
}
