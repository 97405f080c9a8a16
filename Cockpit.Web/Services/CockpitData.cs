using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace Cockpit.Web.Services;

/// <summary>
/// The pages' one door to the warehouse: every query carries the signed-in user's department scope. Pages never
/// inject <see cref="KpiService"/> or <see cref="TargetService"/> themselves (a test checks that).
/// </summary>
public sealed class CockpitData(KpiService kpis, TargetService targets, AuthenticationStateProvider authentication)
{
    /// <summary>The current build, if any (not user data).</summary>
    public BuildPointer? CurrentBuild => kpis.CurrentBuild;

    /// <summary>The departments of the current build (reference data for binding department heads; empty before the first build).</summary>
    public IReadOnlyList<FilterChoice> Departments() => kpis.CurrentBuild is null ? [] : kpis.GetFilterOptions().Departments;

    /// <summary>What the signed-in user may read.</summary>
    public async Task<DataAccess> AccessAsync() => DataAccess.For((await authentication.GetAuthenticationStateAsync()).User);

    /// <summary>Queries for one page and filter state in the user's scope; throws <see cref="ScopeRefusedException"/> when refused.</summary>
    public async Task<ScopedData> ForAsync(FilterState state, bool companyTotals) =>
        ScopedData.Create(kpis, targets, await AccessAsync(), state, companyTotals);
}

/// <summary>The KPI layer bound to one user's scope and one filter state.</summary>
public sealed class ScopedData
{
    private readonly KpiService _kpis;
    private readonly TargetService _targets;

    private ScopedData(KpiService kpis, TargetService targets, DataAccess access, KpiScope scope, KpiFilter filter)
    {
        _kpis = kpis;
        _targets = targets;
        Access = access;
        Scope = scope;
        Filter = filter;
    }

    public DataAccess Access { get; }

    public KpiScope Scope { get; }

    public KpiFilter Filter { get; }

    public static ScopedData Create(KpiService kpis, TargetService targets, DataAccess access, FilterState state, bool companyTotals) =>
        new(kpis, targets, access, access.Scope(state, companyTotals), state.ToKpiFilter());

    /// <summary>Month ends and dimension members; a department head's department list holds their own department only.</summary>
    public FilterOptions FilterOptions()
    {
        var options = _kpis.GetFilterOptions();
        return Access.Department is { } own
            ? options with { Departments = [.. options.Departments.Where(d => string.Equals(d.Code, own, StringComparison.OrdinalIgnoreCase))] }
            : options;
    }

    /// <summary>
    /// Figures in this view's scope; a company-level regulatory ratio (<see cref="KpiDefinition.CompanyLevel"/>) is
    /// always the company's, whatever the filter: a department's "leverage" judged against 10× would mislead.
    /// </summary>
    public async Task<IReadOnlyList<KpiFigure>> GetFiguresAsync(IEnumerable<string> codes, DateOnly asOf, KpiPeriod period)
    {
        var list = codes.ToList();
        var company = list.Where(IsCompanyLevel).ToList();
        var scoped = list.Except(company).ToList();
        var results = await Task.WhenAll(
            _kpis.GetFiguresAsync(scoped, asOf, period, Filter, Scope),
            _kpis.GetFiguresAsync(company, asOf, period, KpiFilter.None, KpiScope.All));
        var byCode = results.SelectMany(r => r).ToDictionary(f => f.Kpi.Code);
        return [.. list.Select(c => byCode[c])];
    }

    public Task<IReadOnlyList<KpiResult>> GetSeriesAsync(string code, DateOnly asOf, KpiPeriod period, int months) =>
        IsCompanyLevel(code)
            ? _kpis.GetSeriesAsync(code, asOf, period, months, KpiFilter.None, KpiScope.All)
            : _kpis.GetSeriesAsync(code, asOf, period, months, Filter, Scope);

    /// <summary>Shown at company level although this view is filtered (the page labels it so).</summary>
    public bool ShownAtCompanyLevel(string code) => IsCompanyLevel(code) && (Filter != KpiFilter.None || !Scope.IsAll);

    private static bool IsCompanyLevel(string code) => KpiCatalog.Get(code).CompanyLevel;

    public Task<IReadOnlyList<KpiBreakdownItem>> GetBreakdownAsync(string code, KpiWindow window, KpiDimension dimension) =>
        _kpis.GetBreakdownAsync(code, window, dimension, Filter, Scope);

    public Task<KpiDrillDown> GetDrillDownAsync(string code, KpiWindow window, int offset = 0, int limit = 100, string? sortColumn = null, bool descending = false) =>
        _kpis.GetDrillDownAsync(code, window, Filter, Scope, offset, limit, sortColumn, descending);

    public IEnumerable<object?[]> StreamRows(string code, KpiWindow window) => _kpis.StreamRows(code, window, Filter, Scope);

    /// <summary>
    /// Targets: a department head's own department's, and the company's (ALL, against the company's actual) only where
    /// this view shows company totals; everyone else's in full.
    /// </summary>
    public Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(DateOnly asOf, int? year = null) =>
        _targets.GetAsync(asOf, Access.Department is { } own ? KpiScope.Only(own) : KpiScope.All, year, includeCompany: Scope.IsAll);
}
