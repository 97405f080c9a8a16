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
public sealed class CockpitData(KpiService kpis, AuthenticationStateProvider authentication, IConfiguration configuration, AlertRules alertRules, ViewedBuild viewed)
{
    /// <summary>The current build, if any (not user data).</summary>
    public BuildPointer? CurrentBuild => kpis.CurrentBuild;

    /// <summary>The departments of the current build (reference data for binding department heads; empty before the first build).</summary>
    public IReadOnlyList<FilterChoice> Departments() => kpis.CurrentBuild is null ? [] : kpis.GetFilterOptions().Departments;

    /// <summary>What the signed-in user may read, on the build they view (an earlier one chosen on /admin/builds, or the current).</summary>
    public async Task<DataAccess> AccessAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return CockpitAccess.For(user) with { Build = ViewedBuild.MayView(user) ? viewed.Pointer : null };
    }

    /// <summary>The earlier build this session views (for the banner), or null for the current data.</summary>
    public BuildPointer? Viewing => viewed.Pointer;

    /// <summary>
    /// A session on the current build in the user's scope for this filter state; dispose it when the page's data is
    /// loaded. Throws <see cref="ScopeRefusedException"/> when refused.
    /// </summary>
    public ScopedData Open(PageRequest request, bool companyTotals) => ScopedData.Open(kpis, request.Access, request.State, companyTotals);

    /// <summary>Days at one stage after which the business page lists an application as stuck (Business:StuckDays).</summary>
    public int StuckDays => configuration.GetValue("Business:StuckDays", BusinessDashboard.DefaultStuckDays);

    /// <summary>
    /// A customer's file (客户档案) by credit code in the caller's scope. The filter bar does not narrow a customer's
    /// file (only its as-of applies); an unknown customer and one the caller may not see are refused alike.
    /// </summary>
    public async Task<CustomerFileModel> CustomerFileAsync(PageRequest request, string creditCode)
    {
        var own = request with { State = new FilterState(request.State.AsOf) };
        using var data = Open(own, companyTotals: false);
        return await CustomerFile.LoadAsync(data, own, creditCode);
    }

    /// <summary>The business page's data: the department's (a department head's own), never company totals.</summary>
    public async Task<BusinessModel> BusinessAsync(PageRequest request)
    {
        using var data = Open(request, companyTotals: false);
        return await BusinessDashboard.LoadAsync(data, request, StuckDays);
    }

    /// <summary>The 预警阈值 set (Risk:Alerts, docs/risk-alerts.md; the default set when none is configured).</summary>
    public AlertRules AlertRules => alertRules;

    /// <summary>
    /// The navigation's badge for a risk officer: 一级 and 二级 alerts company-wide at the latest month end of the current
    /// build. Null for any other role and before the first build. Its queries go through the page data layer's cache, so
    /// after the first call on a build it runs none.
    /// </summary>
    public async Task<(int Count, DateOnly AsOf)?> RiskAlertCountAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!user.IsInRole(CockpitRoles.RiskOfficer) || kpis.CurrentBuild is null) return null;
        using var data = ScopedData.Open(kpis, DataAccess.CompanyWide(user.Identity?.Name ?? "") with { Build = viewed.Pointer }, new FilterState(), companyTotals: false);
        var asOf = data.FilterOptions().MonthEnds[0];
        var warnings = await RiskDashboard.LoadWarningsAsync(data, asOf, alertRules);
        return (warnings.UrgentAlerts, asOf);
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
        return await RiskDashboard.LoadAsync(data, request, migrationFrom, alertRules);
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

    /// <summary>
    /// The customer page's data (客户驾驶舱) in the caller's scope, never company totals: a department head sees their
    /// department's surveys, complaints and call list. <paramref name="search"/> narrows the verbatims.
    /// </summary>
    public async Task<CustomerModel> CustomersAsync(PageRequest request, string? search = null)
    {
        using var data = Open(request, companyTotals: false);
        return await CustomerDashboard.LoadAsync(data, request, new CustomerOptions(search));
    }

    /// <summary>The leadership page's data (null before the first build).</summary>
    public Task<LeadershipModel?> LeadershipAsync(PageRequest request) => new LeadershipDashboard(kpis).LoadAsync(request);
}
