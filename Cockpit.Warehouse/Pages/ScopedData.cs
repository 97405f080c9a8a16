using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// A page's data for one caller and one filter state, on one build: the session, the caller's scope and the filter,
/// applied to every query. Dashboards (and pages without one) read only through this. Dispose it when the page's
/// data is loaded (or when the page closes, for a page that pages through rows later).
/// </summary>
public sealed class ScopedData : IDisposable
{
    private ScopedData(WarehouseSession session, DataAccess access, FilterState state, KpiScope scope)
    {
        Session = session;
        Access = access;
        State = state;
        Scope = scope;
        Filter = state.ToKpiFilter();
    }

    /// <summary>The credit codes of the customers who are people (their resident ID numbers), for rows without the customer's kind.</summary>
    private static readonly RowQuery PeopleCodes = new("personal:people",
        "select credit_code from dim_customer where kind in ('individual', 'farmer')", CompanyLevel: true);

    private Task<PersonalMask>? _mask;

    public WarehouseSession Session { get; }

    public DataAccess Access { get; }

    public FilterState State { get; }

    public KpiScope Scope { get; }

    public KpiFilter Filter { get; }

    /// <summary>The build every figure of this page load comes from.</summary>
    public BuildPointer Build => Session.Pointer;

    /// <summary>
    /// Opens a session on the current build (or the earlier build the caller chose, <see cref="DataAccess.Build"/>)
    /// for this caller and filter state. <paramref name="companyTotals"/>: the
    /// page may show company totals to a department head when unfiltered (the leadership page). Throws
    /// <see cref="ScopeRefusedException"/> when the caller may not see this (and opens nothing).
    /// </summary>
    public static ScopedData Open(KpiService kpis, DataAccess access, FilterState state, bool companyTotals)
    {
        var scope = access.Scope(state, companyTotals); // refuse before opening anything
        return new ScopedData(kpis.OpenSession(access.Build), access, state, scope);
    }

    /// <summary>
    /// A department head whose view shows company totals (unfiltered leadership page): their own department's scope,
    /// for the "本部门" line under each total and for their drill-downs. Null otherwise.
    /// </summary>
    public KpiScope? OwnScope => Access.Department is { } own && Scope.IsAll ? KpiScope.Only(own) : null;

    /// <summary>Month ends and dimension members; a department head's department list holds their own department only.</summary>
    public FilterOptions FilterOptions()
    {
        var options = Session.GetFilterOptions();
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
            Session.GetFiguresAsync(scoped, asOf, period, Filter, Scope),
            Session.GetFiguresAsync(company, asOf, period, KpiFilter.None, KpiScope.All));
        var byCode = results.SelectMany(r => r).ToDictionary(f => f.Kpi.Code);
        return [.. list.Select(c => byCode[c])];
    }

    /// <summary>
    /// The part of each figure that is this view's own when the figure shown is wider: a department head's own
    /// department under a company total, or the filtered segment's contribution to a company-level ratio (its
    /// numerator over the company's denominator). This is what the figure's drill-down shows. Null where the figure
    /// shown is already the view's own.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, KpiResult>> GetOwnPartsAsync(IEnumerable<string> codes, KpiWindow window)
    {
        var (filter, scope) = DrillScope();
        var wanted = codes.Where(c => ShownWiderThanDrill(c)).ToList();
        var results = await Task.WhenAll(wanted.Select(c => Session.GetAsync(c, window, filter, scope)));
        return wanted.Zip(results).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>The filter and scope of this view's drill-downs: never company-wide for a department head.</summary>
    public (KpiFilter Filter, KpiScope Scope) DrillScope() => (Filter, OwnScope ?? Scope);

    private bool ShownWiderThanDrill(string code)
    {
        var (filter, scope) = DrillScope();
        return IsCompanyLevel(code) ? filter != KpiFilter.None || !scope.IsAll : OwnScope is not null;
    }

    public Task<IReadOnlyList<KpiResult>> GetSeriesAsync(string code, DateOnly asOf, KpiPeriod period, int months) =>
        IsCompanyLevel(code)
            ? Session.GetSeriesAsync(code, asOf, period, months, KpiFilter.None, KpiScope.All)
            : Session.GetSeriesAsync(code, asOf, period, months, Filter, Scope);

    /// <summary>Shown at company level although this view is filtered (the page labels it so).</summary>
    public bool ShownAtCompanyLevel(string code) => IsCompanyLevel(code) && (Filter != KpiFilter.None || !Scope.IsAll);

    private static bool IsCompanyLevel(string code) => KpiCatalog.Get(code).CompanyLevel;

    public Task<KpiResult> GetAsync(string code, KpiWindow window) => Session.GetAsync(code, window, Filter, Scope);

    public Task<IReadOnlyList<KpiBreakdownItem>> GetBreakdownAsync(string code, KpiWindow window, KpiDimension dimension) =>
        Session.GetBreakdownAsync(code, window, dimension, Filter, Scope);

    /// <summary>The KPI by several dimensions at once, in one statement.</summary>
    public Task<IReadOnlyDictionary<KpiDimension, IReadOnlyList<KpiBreakdownItem>>> GetBreakdownsAsync(
        string code, KpiWindow window, IReadOnlyList<KpiDimension> dimensions) =>
        Session.GetBreakdownsAsync(code, window, dimensions, Filter, Scope);

    /// <summary>
    /// How this caller sees people's data: whole for the auditor, masked for everyone else (<see cref="PersonalData"/>).
    /// Every row this class hands out (drill-downs, exports) is already masked; a dashboard masks what it builds from
    /// <see cref="QueryAsync"/> with it.
    /// </summary>
    public Task<PersonalMask> PersonalMaskAsync()
    {
        // loaded once per page load; a failed or cancelled load is tried again rather than kept
        var mask = _mask;
        if (mask is null || mask.IsFaulted || mask.IsCanceled) _mask = mask = LoadMaskAsync();
        return mask;
    }

    private async Task<PersonalMask> LoadMaskAsync()
    {
        if (Access.SeesPersonalData) return PersonalMask.Whole;
        var people = await Session.QueryAsync(PeopleCodes, "select credit_code from filtered", KpiService.ProbeWindow);
        return PersonalMask.Masked(people.Select(r => r[0] as string).OfType<string>());
    }

    /// <summary>A page of the rows behind a figure, people's data masked for a caller who may not see it whole.</summary>
    public async Task<KpiDrillDown> GetDrillDownAsync(
        string code, KpiWindow window, int offset = 0, int limit = 100, string? sortColumn = null, bool descending = false, RowSelection? selection = null)
    {
        var mask = await PersonalMaskAsync();
        var page = await Session.GetDrillDownAsync(code, window, Filter, Scope, offset, limit, sortColumn, descending, Guard(selection, mask));
        return mask.Masks ? page with { Rows = [.. page.Rows.Select(r => mask.Row(page.Columns, r))] } : page;
    }

    /// <summary>All rows behind a figure (exports), people's data masked for a caller who may not see it whole.</summary>
    public IEnumerable<object?[]> StreamRows(string code, KpiWindow window, RowSelection? selection = null)
    {
        var mask = PersonalMaskAsync().GetAwaiter().GetResult();
        var rows = Session.StreamRows(code, window, Filter, Scope, Guard(selection, mask));
        if (!mask.Masks) return rows;
        var columns = Session.RowColumns(code);
        return rows.Select(r => mask.Row(columns, r));
    }

    /// <summary>
    /// For a caller who sees people's numbers masked, a search or column filter matches <c>credit_code</c> only as a
    /// whole: typing a part of a number and watching which rows stay would otherwise spell out a masked one.
    /// </summary>
    private static RowSelection? Guard(RowSelection? selection, PersonalMask mask) =>
        selection is not null && mask.Masks ? selection with { WholeOnly = ["credit_code"] } : selection;

    /// <summary>Any other view (ranking, funnel, list) in this caller's scope and filter; see <see cref="RowQuery"/>.</summary>
    public Task<IReadOnlyList<object?[]>> QueryAsync(RowQuery rows, string select, KpiWindow window, IReadOnlyDictionary<string, object>? parameters = null) =>
        Session.QueryAsync(rows, select, window, Filter, Scope, parameters);

    /// <summary>
    /// Targets: a department head's own department's, and the company's (ALL, against the company's actual) only where
    /// this view shows company totals; everyone else's in full.
    /// </summary>
    /// <param name="asOf">the as-of date D.</param>
    /// <param name="year">only this year's targets.</param>
    /// <param name="quarters">only targets of these quarters (null in the set = the yearly ones); all when null.</param>
    public Task<IReadOnlyList<TargetStatus>> GetTargetsAsync(DateOnly asOf, int? year = null, IReadOnlySet<int?>? quarters = null) =>
        TargetService.GetAsync(Session, asOf, Access.Department is { } own ? KpiScope.Only(own) : KpiScope.All, year, includeCompany: Scope.IsAll, quarters);

    public void Dispose() => Session.Dispose();
}
