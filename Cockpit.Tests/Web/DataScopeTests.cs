using System.Reflection;
using System.Security.Claims;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
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
        ScopedData.Create(company.Kpis, new TargetService(company.Kpis, new WarehouseLayout(company.Warehouse)), DataAccess.For(user), state ?? new FilterState(D), companyTotals);

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
        var bd2 = await Data(User("bd2", CockpitRoles.DepartmentHead, "BD2")).GetTargetsAsync(D);
        Assert.Equal(["ALL:compensation_rate", "ALL:new_amount", "ALL:nps", "BD2:fee_income"], bd2.Select(t => $"{t.Department}:{t.KpiCode}").Order());
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
