using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// One page load's (or one export's) door to the warehouse: every query through it reads the same build, the one
/// published when the session opened, even if a newer build is published meanwhile. Dispose it when the page's data is
/// loaded. Results are shared through the service's bounded cache. Filters and the department scope are applied by
/// <see cref="RowQuery"/>'s contract on every query; a page passes them through <see cref="ScopedData"/>.
/// </summary>
public sealed class WarehouseSession : IDisposable
{
    private readonly KpiService _service;
    private int _disposed;

    internal WarehouseSession(KpiService service, WarehouseBuild build)
    {
        _service = service;
        Build = build;
    }

    internal WarehouseBuild Build { get; }

    /// <summary>The build every query of this session reads.</summary>
    public BuildPointer Pointer => Build.Pointer;

    public KpiService Service => _service;

    /// <summary>One KPI over an explicit window.</summary>
    public Task<KpiResult> GetAsync(string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null) =>
        _service.Value(Build, KpiCatalog.Get(code), window, filter ?? KpiFilter.None, scope ?? KpiScope.All);

    /// <summary>Several KPIs at once (a page's figures), run together.</summary>
    public async Task<IReadOnlyList<KpiResult>> GetManyAsync(
        IEnumerable<(string Code, KpiWindow Window)> requests, KpiFilter? filter = null, KpiScope? scope = null) =>
        await _service.Values(Build, requests.Select(r => (KpiCatalog.Get(r.Code), r.Window, filter ?? KpiFilter.None, scope ?? KpiScope.All)).ToList());

    /// <summary>Several KPI values, each with its own filter and scope (each department's actual of its target), run together.</summary>
    public async Task<IReadOnlyList<KpiResult>> GetManyAsync(IEnumerable<(string Code, KpiWindow Window, KpiFilter Filter, KpiScope Scope)> requests) =>
        await _service.Values(Build, requests.Select(r => (KpiCatalog.Get(r.Code), r.Window, r.Filter, r.Scope)).ToList());

    /// <summary>KPIs for a period ending at D, each with 同比 and 环比.</summary>
    public async Task<IReadOnlyList<KpiFigure>> GetFiguresAsync(
        IEnumerable<string> codes, DateOnly asOf, KpiPeriod period, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var list = codes.ToList();
        var windows = new[] { KpiWindow.For(asOf, period), KpiWindow.YearAgo(asOf, period), KpiWindow.Previous(asOf, period) };
        var results = await GetManyAsync(list.SelectMany(c => windows.Select(w => (c, w))), filter, scope);
        return list.Select((c, i) => new KpiFigure(KpiCatalog.Get(c), results[i * 3], results[i * 3 + 1], results[i * 3 + 2])).ToList();
    }

    /// <summary>A monthly series: the KPI for the period ending at each of the last <paramref name="months"/> month ends.</summary>
    public Task<IReadOnlyList<KpiResult>> GetSeriesAsync(
        string code, DateOnly asOf, KpiPeriod period, int months, KpiFilter? filter = null, KpiScope? scope = null)
    {
        months = Math.Clamp(months, 1, 36);
        var ends = Enumerable.Range(0, months).Reverse().Select(i => KpiWindow.MonthEnd(asOf.AddMonths(-i)));
        return GetManyAsync(ends.Select(d => (code, KpiWindow.For(d, period))), filter, scope);
    }

    /// <summary>
    /// The KPI by a dimension, largest first. For sums and ratios each group's own value; for concentration KPIs each
    /// group's share of the whole (Σ group numerator ÷ Σ denominator), so the first line of a max-share KPI is its value.
    /// </summary>
    public Task<IReadOnlyList<KpiBreakdownItem>> GetBreakdownAsync(
        string code, KpiWindow window, KpiDimension dimension, KpiFilter? filter = null, KpiScope? scope = null) =>
        _service.Breakdown(Build, KpiCatalog.Get(code), window, dimension, filter ?? KpiFilter.None, scope ?? KpiScope.All);

    /// <summary>The KPI by several dimensions at once (one statement; each list as <see cref="GetBreakdownAsync"/> gives it).</summary>
    public async Task<IReadOnlyDictionary<KpiDimension, IReadOnlyList<KpiBreakdownItem>>> GetBreakdownsAsync(
        string code, KpiWindow window, IReadOnlyList<KpiDimension> dimensions, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var lists = await _service.Breakdowns(Build, KpiCatalog.Get(code), window, dimensions, filter ?? KpiFilter.None, scope ?? KpiScope.All);
        return dimensions.Select((d, i) => (d, lists[i])).DistinctBy(x => x.d).ToDictionary(x => x.d, x => x.Item2);
    }

    /// <summary>
    /// The rows behind a figure, a page at a time, sorted by a column of the rows (without one, by the numerator,
    /// largest first). A <paramref name="selection"/> (search, column filters, order) replaces the sort arguments.
    /// </summary>
    public Task<KpiDrillDown> GetDrillDownAsync(
        string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null,
        int offset = 0, int limit = 100, string? sortColumn = null, bool descending = false, RowSelection? selection = null) =>
        _service.DrillDown(Build, KpiCatalog.Get(code), window, filter ?? KpiFilter.None, scope ?? KpiScope.All,
            offset, limit, selection ?? new RowSelection(Sort: sortColumn, Descending: descending));

    /// <summary>All rows behind a figure (a selection's, in its order), streamed (exports); read them before disposing the session.</summary>
    public IEnumerable<object?[]> StreamRows(string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null, RowSelection? selection = null) =>
        _service.Stream(Build, KpiCatalog.Get(code), window, filter ?? KpiFilter.None, scope ?? KpiScope.All, selection ?? RowSelection.Default);

    /// <summary>The columns of the rows behind a figure, in <see cref="StreamRows"/>'s order.</summary>
    public IReadOnlyList<string> RowColumns(string code) =>
        KpiService.Run(Build, connection => _service.Columns(Build, connection, _service.KpiRows(KpiCatalog.Get(code)))).GetAwaiter().GetResult();

    /// <summary>
    /// Any view that is not a KPI value (a ranking, a funnel, a list): <paramref name="select"/> reads the CTE
    /// <c>filtered</c>, which holds the rows of <paramref name="rows"/> this caller may see under this filter (the row
    /// contract of <see cref="RowQuery"/>); it may add CTEs of its own, starting with a comma (<c>, open as (…) select …</c>).
    /// <paramref name="parameters"/> binds the select's own <c>$names</c>.
    /// Results are cached per build; a failure is not.
    /// </summary>
    public Task<IReadOnlyList<object?[]>> QueryAsync(
        RowQuery rows, string select, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null,
        IReadOnlyDictionary<string, object>? parameters = null) =>
        _service.Rows(Build, rows, select, window, filter ?? KpiFilter.None, scope ?? KpiScope.All, parameters);

    /// <summary>
    /// A result computed in .NET from this build's data (a simulation), cached per build like a query's result;
    /// <paramref name="key"/> must name everything it depends on (filter, scope, date, inputs).
    /// </summary>
    public Task<T> ComputeAsync<T>(string key, Func<T> work) where T : class => _service.Computed(Build, key, work);

    /// <summary>The same for a result whose computation reads the warehouse (through this session) first.</summary>
    public Task<T> ComputeAsync<T>(string key, Func<Task<T>> work) where T : class => _service.Computed(Build, key, work);

    /// <summary>Month ends and dimension members of this session's build (for the filter bar).</summary>
    public FilterOptions GetFilterOptions() => _service.FilterOptions(Build);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Build.Release();
    }
}
