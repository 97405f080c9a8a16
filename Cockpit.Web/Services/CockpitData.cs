using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Cockpit.Web.Services;

/// <summary>
/// The pages' one door to the warehouse: the signed-in user's access, and the page data layer
/// (<see cref="ScopedData"/>, the dashboards) on it. Pages never inject <see cref="KpiService"/> or the target
/// service themselves (a test checks that).
/// </summary>
public sealed class CockpitData(KpiService kpis, AuthenticationStateProvider authentication, IConfiguration configuration)
{
    /// <summary>The current build, if any (not user data).</summary>
    public BuildPointer? CurrentBuild => kpis.CurrentBuild;

    /// <summary>The departments of the current build (reference data for binding department heads; empty before the first build).</summary>
    public IReadOnlyList<FilterChoice> Departments() => kpis.CurrentBuild is null ? [] : kpis.GetFilterOptions().Departments;

    /// <summary>What the signed-in user may read.</summary>
    public async Task<DataAccess> AccessAsync() => CockpitAccess.For((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>
    /// A session on the current build in the user's scope for this filter state; dispose it when the page's data is
    /// loaded. Throws <see cref="ScopeRefusedException"/> when refused.
    /// </summary>
    public ScopedData Open(PageRequest request, bool companyTotals) => ScopedData.Open(kpis, request.Access, request.State, companyTotals);

    /// <summary>Days at one stage after which the business page lists an application as stuck (Business:StuckDays).</summary>
    public int StuckDays => configuration.GetValue("Business:StuckDays", BusinessDashboard.DefaultStuckDays);

    /// <summary>The business page's data: the department's (a department head's own), never company totals.</summary>
    public async Task<BusinessModel> BusinessAsync(PageRequest request)
    {
        using var data = Open(request, companyTotals: false);
        return await BusinessDashboard.LoadAsync(data, request, StuckDays);
    }

    /// <summary>A customer manager's book (their contracts and customers) in the caller's scope.</summary>
    public async Task<ManagerBook> ManagerBookAsync(PageRequest request, string managerCode, long? customerId)
    {
        using var data = Open(request, companyTotals: false);
        return await ManagerBooks.LoadAsync(data, request, managerCode, customerId);
    }

    /// <summary>The risk page's data in the caller's scope (regulatory ratios are the company's).</summary>
    public async Task<RiskModel> RiskAsync(PageRequest request, DateOnly? migrationFrom = null)
    {
        using var data = Open(request, companyTotals: false);
        return await RiskDashboard.LoadAsync(data, request, migrationFrom);
    }

    /// <summary>
    /// The stress test's page: the baseline at D in the caller's scope and a scenario's result (reserves, net assets and
    /// the lines are the company's).
    /// </summary>
    public async Task<StressModel> StressAsync(PageRequest request, StressScenario scenario, IReadOnlyList<StressMessage> errors)
    {
        using var data = Open(request, companyTotals: false);
        return await StressTest.LoadAsync(data, request, scenario, errors);
    }

    /// <summary>The leadership page's data (null before the first build).</summary>
    public Task<LeadershipModel?> LeadershipAsync(PageRequest request) => new LeadershipDashboard(kpis).LoadAsync(request);
}
