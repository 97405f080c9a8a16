using System.Reflection;
using System.Security.Claims;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Tests.Web;

/// <summary>Where the department scope comes from and what it lets through, on the hand-made company.</summary>
public sealed class DataScopeTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private static ClaimsPrincipal User(string name, string role, string? department = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role) };
        if (department is not null) claims.Add(new Claim(CockpitClaims.Department, department));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    private ScopedData Data(ClaimsPrincipal user, FilterState? state = null, bool companyTotals = false) =>
        ScopedData.Open(company.Kpis, CockpitAccess.For(user), state ?? new FilterState(D), companyTotals);

    [Fact]
    public void RolesWithoutDataAndHeadsWithoutADepartmentAreRefusedNotGivenEverything()
    {
        Assert.Throws<ScopeRefusedException>(() => Data(User("admin", CockpitRoles.Admin)));
        Assert.Throws<ScopeRefusedException>(() => Data(User("nobody", CockpitRoles.DepartmentHead))); // no department claim
        Assert.Throws<ScopeRefusedException>(() => Data(new ClaimsPrincipal(new ClaimsIdentity()))); // not signed in
        Assert.True(Data(User("ceo", CockpitRoles.Executive)).Scope.IsAll);
        Assert.True(Data(User("risk", CockpitRoles.RiskOfficer)).Scope.IsAll);
        Assert.True(Data(User("audit", CockpitRoles.Auditor)).Scope.IsAll);
    }

    [Fact]
    public async Task ADepartmentHeadsQueriesCarryTheirDepartmentWhateverTheFilterSays()
    {
        var head = User("bd2", CockpitRoles.DepartmentHead, "BD2");
        // drill-downs and department pages: BD2's rows only (K4, K5, K6, K10 in force at D: 16.1M)
        var data = Data(head);
        Assert.Equal(["BD2"], data.Scope.Departments);
        var drill = await data.GetDrillDownAsync("balance", KpiWindow.For(D, KpiPeriod.Ytd), limit: 100);
        var department = drill.Columns.ToList().IndexOf("department_code");
        Assert.Equal(4, drill.Rows.Count);
        Assert.All(drill.Rows, r => Assert.Equal("BD2", r[department]));
        Assert.Equal(16_100_000m, drill.Figure.Value);
        // breakdown by department: nothing of BD1's
        var byDepartment = await data.GetBreakdownAsync("balance", KpiWindow.For(D, KpiPeriod.Ytd), KpiDimension.Department);
        Assert.Equal(["BD2"], byDepartment.Select(b => b.Key));
        // the filter bar offers their own department only
        Assert.Equal(["BD2"], data.FilterOptions().Departments.Select(d => d.Code));
        // the leadership page may show company totals (22.7M) to them, but never another department
        Assert.Equal(22_700_000m, (await Data(head, companyTotals: true).GetFiguresAsync(["balance"], D, KpiPeriod.Ytd))[0].Current.Value);
        Assert.Throws<ScopeRefusedException>(() => Data(head, new FilterState(D, Department: "BD1"), companyTotals: true));
        Assert.Throws<ScopeRefusedException>(() => Data(head, new FilterState(D, Department: "BD1")));
    }

    [Fact]
    public async Task TargetsOfOtherDepartmentsStayHidden()
    {
        // targets file: BD1 Q2 new_amount, ALL new_amount, BD2 fee_income, ALL compensation_rate, BD1 compensation_rate, ALL nps
        var all = await Data(User("ceo", CockpitRoles.Executive)).GetTargetsAsync(D);
        Assert.Equal(6, all.Count);
        // where company totals are shown (the leadership page, unfiltered): the company's targets and their own
        var bd2 = await Data(User("bd2", CockpitRoles.DepartmentHead, "BD2"), companyTotals: true).GetTargetsAsync(D);
        Assert.Equal(["ALL:compensation_rate", "ALL:new_amount", "ALL:nps", "BD2:fee_income"], bd2.Select(t => $"{t.Department}:{t.KpiCode}").Order());
        // elsewhere their own only: a company target cannot be compared with a department's actual
        var own = await Data(User("bd2", CockpitRoles.DepartmentHead, "BD2")).GetTargetsAsync(D);
        Assert.Equal(["BD2:fee_income"], own.Select(t => $"{t.Department}:{t.KpiCode}"));
    }

    [Fact]
    public async Task ADepartmentHeadsCompletionIsTheActualAgainstTheTargetOfTheSameScope()
    {
        var targets = await Data(User("bd2", CockpitRoles.DepartmentHead, "BD2"), companyTotals: true).GetTargetsAsync(D);
        // the company's new business YTD: K2 2.0M + K10 0.6M + K4 1.5M + K6 4.0M + K8 5.0M = 13.1M against ALL's 25M,
        // not BD2's 6.1M against the company's target
        var company = targets.Single(t => t.Department == "ALL" && t.KpiCode == "new_amount");
        Assert.Equal(13_100_000m, company.Actual);
        Assert.Equal(13_100_000m / 25_000_000m, company.Completion);
        // BD2's fees YTD: K10 6,000 + K4 15,000 + K6 40,000 = 61,000 against BD2's 130,000
        var fees = targets.Single(t => t.Department == "BD2" && t.KpiCode == "fee_income");
        Assert.Equal(61_000m, fees.Actual);
        Assert.Equal(61_000m / 130_000m, fees.Completion);
    }

    [Fact]
    public async Task RegulatoryRatiosAreTheCompanysWhateverTheFilterOrScope()
    {
        // by hand (see KpiHandComputedTests): leverage 16.06M ÷ 100M; largest customer 8.0M ÷ 100M; largest group 8.96M ÷ 100M.
        // BD2's own "leverage" would be 10.1M ÷ 100M = 0.101, judged green against 10× as if it meant something.
        var ceo = User("ceo", CockpitRoles.Executive);
        var bd2 = User("bd2", CockpitRoles.DepartmentHead, "BD2");
        foreach (var data in new[]
                 {
                     Data(ceo, new FilterState(D, Department: "BD2"), companyTotals: true),
                     Data(ceo, new FilterState(D, Product: "LWC", Tier: "core"), companyTotals: true),
                     Data(bd2, new FilterState(D, Product: "LWC"), companyTotals: true),
                 })
        {
            var figures = (await data.GetFiguresAsync(["leverage", "top_customer_ratio", "top_group_ratio", "balance"], D, KpiPeriod.Ytd))
                .ToDictionary(f => f.Kpi.Code, f => f.Current.Value);
            Assert.Equal(0.1606m, figures["leverage"]);
            Assert.Equal(0.08m, figures["top_customer_ratio"]);
            Assert.Equal(0.0896m, figures["top_group_ratio"]);
            Assert.NotEqual(22_700_000m, figures["balance"]); // the rest follows the filter
            Assert.True(data.ShownAtCompanyLevel("leverage"));
            Assert.False(data.ShownAtCompanyLevel("balance"));
            var series = await data.GetSeriesAsync("leverage", D, KpiPeriod.Ytd, 1);
            Assert.Equal(0.1606m, series[^1].Value);
        }
        Assert.False(Data(ceo, new FilterState(D), companyTotals: true).ShownAtCompanyLevel("leverage"));
    }

    [Fact]
    public async Task NoFilterOnTheLeadershipPageTakesADepartmentHeadIntoAnotherDepartment()
    {
        var head = User("bd2", CockpitRoles.DepartmentHead, "BD2");
        var build = EtlTestSupport.CurrentBuildFile(company.Warehouse);
        string?[] products = [null, "LWC", "BOND", "PERF", "LEASE"];
        string?[] tiers = [null, "core", "ordinary", "strategic", "potential"];
        string?[] regions = [null, "369102", "369121"];
        string?[] industries = [null, "C34", "A01"];
        var checkedStates = 0;
        foreach (var product in products)
        foreach (var tier in tiers)
        foreach (var region in regions)
        foreach (var industry in industries)
        {
            var state = new FilterState(D, Product: product, Tier: tier, Region: region, Industry: industry);
            var data = Data(head, state, companyTotals: true);
            var balance = (await data.GetFiguresAsync(["balance"], D, KpiPeriod.Ytd))[0].Current.Value ?? 0m;
            // unfiltered: the company total; any filter: BD2's own rows only, summed here from the raw tables
            var expected = state.IsUnfiltered ? 22_700_000m : Convert.ToDecimal(EtlTestSupport.Query(build, $"""
                select coalesce(sum(s.outstanding), 0)
                from raw_balance_snapshots s
                join raw_contracts k on k.id = s.contract_id
                join raw_departments d on d.id = k.department_id
                join raw_products p on p.id = k.product_id
                join raw_customers c on c.id = k.customer_id
                where s.as_of = date '2026-06-30' and d.code = 'BD2'
                  {(product is null ? "" : $"and p.code = '{product}'")} {(tier is null ? "" : $"and c.tier = '{tier}'")}
                  {(region is null ? "" : $"and c.region_code = '{region}'")} {(industry is null ? "" : $"and c.industry_code = '{industry}'")}
                """)[0][0]);
            Assert.True(expected == balance, $"{state}: {balance} shown, {expected} expected");
            checkedStates++;
        }
        Assert.Equal(225, checkedStates);
        // the case found by hand: LEASE is BD1's business only (K8, 5.0M); BD2 sees none of it
        var lease = Data(head, new FilterState(D, Product: "LEASE"), companyTotals: true);
        Assert.Equal(["BD2"], lease.Scope.Departments);
    }

    [Fact]
    public void NoPageReadsTheWarehouseExceptThroughCockpitData()
    {
        // the scope is applied by CockpitData; a component that injected the KPI layer itself could forget it
        var forbidden = new[] { typeof(KpiService), typeof(TargetService), typeof(WarehouseLayout) };
        var offenders = typeof(CockpitData).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null && forbidden.Contains(p.PropertyType))
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();
        Assert.Empty(offenders);
        // the check sees injected properties at all (guards against a reflection mistake)
        Assert.Contains(typeof(Cockpit.Web.Components.Pages.Drill.Drill).GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public),
            p => p.PropertyType == typeof(CockpitData) && p.GetCustomAttribute<InjectAttribute>() is not null);
    }
}
