using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cockpit.Warehouse.Pages;
using DuckDB.NET.Data;

namespace Cockpit.Warehouse.Kpis;

/// <summary>
/// The warehouse reader: opens the published build, caches results and computes KPIs (values with 同比/环比, monthly
/// series, breakdowns, drill-downs) and any other view through <see cref="RowQuery"/>. Pages read through a
/// <see cref="WarehouseSession"/> (<see cref="OpenSession()"/>), which pins one build for all the queries of a page load.
/// Every query binds its dates, filters and the caller's department scope as parameters. A published build never
/// changes, so results are cached by (build, query, window, filters, scope) in a bounded cache; failures are not cached.
/// The methods here without a session open one per call (command line, tests).
/// </summary>
public sealed partial class KpiService(WarehouseLayout layout, string? sqlFolder = null) : IDisposable
{
    /// <summary>Complaint SLA (docs/kpis.md): answered within 24 hours, resolved within 7 days; configurable.</summary>
    public int ComplaintResponseHours { get; init; } = 24;

    public int ComplaintResolveDays { get; init; } = 7;

    /// <summary>The most results kept (least recently used dropped first).</summary>
    public int CacheCapacity { get; init; } = QueryCache<object>.DefaultCapacity;

    private readonly string _sqlFolder = sqlFolder ?? SqlFolder.Locate();
    private readonly ConcurrentDictionary<string, string> _kpiSql = new(StringComparer.Ordinal);
    private QueryCache<object>? _cacheField;
    private QueryCache<object> Cache => _cacheField ??= new QueryCache<object>(CacheCapacity);
    private readonly Lock _gate = new();
    private WarehouseBuild? _build;

    /// <summary>Results held in the cache now (never more than <see cref="CacheCapacity"/>).</summary>
    public int CachedResults => Cache.Count;

    /// <summary>The build queries run on now, or null when none has been published.</summary>
    public BuildPointer? CurrentBuild => layout.ReadCurrent() is { } p ? p : null;

    /// <summary>
    /// A session on the build published now: every query through it reads that build, even if a newer one is
    /// published meanwhile. Throws when nothing has been published yet.
    /// </summary>
    public WarehouseSession OpenSession() =>
        TryOpenSession() ?? throw new InvalidOperationException("尚无已发布的数据 no warehouse build has been published yet");

    /// <summary>
    /// A session on <paramref name="pinned"/>, an earlier build kept in <c>builds/</c> (the cockpit "as of build X",
    /// for audits), or on the build published now when null. Throws when that build cannot be read: its file was
    /// removed by the retention setting, or it was made by an older version of the warehouse's SQL.
    /// </summary>
    public WarehouseSession OpenSession(BuildPointer? pinned) =>
        pinned is null ? OpenSession() : OpenPinned(pinned);

    /// <summary>Earlier builds open for reading, most recently used last; at most <see cref="PinnedCapacity"/> stay open.</summary>
    private readonly List<WarehouseBuild> _pinned = [];

    /// <summary>How many earlier builds stay open at once (each holds a DuckDB database open).</summary>
    public const int PinnedCapacity = 3;

    private WarehouseSession OpenPinned(BuildPointer pinned)
    {
        if (!WarehouseLayout.IsBuildId(pinned.BuildId))
        {
            throw new InvalidOperationException($"数据版本编号无效 not a build id: {pinned.BuildId}");
        }
        if (layout.ReadCurrent() is { } current && current.BuildId == pinned.BuildId) return OpenSession();
        var file = layout.BuildFile(pinned.BuildId);
        lock (_gate)
        {
            var build = _pinned.FirstOrDefault(b => b.Id == pinned.BuildId);
            if (build is not null && !File.Exists(file))
            {
                // removed under the retention setting while open: it is gone for everyone, as after a restart
                _pinned.Remove(build);
                Cache.RemovePrefix(build.Id + "|");
                build.Retire();
                build = null;
            }
            if (build is null || !build.TryAcquire())
            {
                if (!File.Exists(file))
                {
                    throw new InvalidOperationException(
                        $"数据版本 #{pinned.RunId}（{pinned.BuildId}）已按保留设置清理，无法再查看 build #{pinned.RunId} ({pinned.BuildId}) " +
                        "has been removed under the retention setting and can no longer be viewed");
                }
                if (pinned.Schema < WarehouseSchema.Version)
                {
                    throw new InvalidOperationException(
                        $"数据版本 #{pinned.RunId} 由旧版数据仓库生成，无法按当前口径查看 build #{pinned.RunId} was made by an " +
                        $"older version of the warehouse (schema {pinned.Schema}, now {WarehouseSchema.Version}) and cannot be read by this one");
                }
                if (build is not null) _pinned.Remove(build);
                build = new WarehouseBuild(pinned, file, _sqlFolder);
                build.TryAcquire();
                _pinned.Add(build);
                while (_pinned.Count > PinnedCapacity)
                {
                    var oldest = _pinned[0];
                    _pinned.RemoveAt(0);
                    Cache.RemovePrefix(oldest.Id + "|");
                    oldest.Retire();
                }
            }
            else
            {
                _pinned.Remove(build); // most recently used last
                _pinned.Add(build);
            }
            return new WarehouseSession(this, build);
        }
    }

    /// <summary>A session on the build published now, or null when none has been published yet.</summary>
    public WarehouseSession? TryOpenSession()
    {
        var pointer = layout.ReadCurrent();
        if (pointer is null) return null;
        lock (_gate)
        {
            if (_build?.Id != pointer.BuildId)
            {
                // a new build: a new cache space; readers of the old build finish on it
                var old = _build;
                _build = new WarehouseBuild(pointer, layout.BuildFile(pointer.BuildId), _sqlFolder);
                if (old is not null)
                {
                    Cache.RemovePrefix(old.Id + "|");
                    old.Retire();
                }
            }
            _build.TryAcquire(); // under the gate: a current build is never closed
            return new WarehouseSession(this, _build);
        }
    }

    private async Task<T> WithSession<T>(Func<WarehouseSession, Task<T>> work)
    {
        using var session = OpenSession();
        return await work(session);
    }

    // ---------------------------------------------------------------- values (one session per call)

    /// <summary>One KPI over an explicit window.</summary>
    public Task<KpiResult> GetAsync(string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null) =>
        WithSession(s => s.GetAsync(code, window, filter, scope));

    /// <summary>KPIs for a period ending at D, each with 同比 and 环比.</summary>
    public Task<IReadOnlyList<KpiFigure>> GetFiguresAsync(
        IEnumerable<string> codes, DateOnly asOf, KpiPeriod period, KpiFilter? filter = null, KpiScope? scope = null) =>
        WithSession(s => s.GetFiguresAsync(codes, asOf, period, filter, scope));

    /// <summary>A monthly series for trends: the KPI for the period ending at each of the last <paramref name="months"/> month ends.</summary>
    public Task<IReadOnlyList<KpiResult>> GetSeriesAsync(
        string code, DateOnly asOf, KpiPeriod period, int months, KpiFilter? filter = null, KpiScope? scope = null) =>
        WithSession(s => s.GetSeriesAsync(code, asOf, period, months, filter, scope));

    /// <summary>The month ends and dimension members of the current build, for the filter bar (cached per build).</summary>
    public FilterOptions GetFilterOptions()
    {
        using var session = OpenSession();
        return session.GetFilterOptions();
    }

    /// <summary>The latest month end with snapshots in the current build (the default as-of date).</summary>
    public DateOnly? LatestAsOf() => CurrentBuild?.AsOf;

    /// <summary>The KPI by a dimension, largest first (see <see cref="WarehouseSession.GetBreakdownAsync"/>).</summary>
    public Task<IReadOnlyList<KpiBreakdownItem>> GetBreakdownAsync(
        string code, KpiWindow window, KpiDimension dimension, KpiFilter? filter = null, KpiScope? scope = null) =>
        WithSession(s => s.GetBreakdownAsync(code, window, dimension, filter, scope));

    /// <summary>The rows behind a figure, a page at a time, sorted by a column of the rows.</summary>
    public Task<KpiDrillDown> GetDrillDownAsync(
        string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null,
        int offset = 0, int limit = 100, string? sortColumn = null, bool descending = false, RowSelection? selection = null) =>
        WithSession(s => s.GetDrillDownAsync(code, window, filter, scope, offset, limit, sortColumn, descending, selection));

    /// <summary>The SQL of a KPI as it runs (its rows, filtered by the filter bar and the scope), for the definitions sheet.</summary>
    public string DefinitionSql(string code) => KpiSql(KpiCatalog.Get(code));

    // ---------------------------------------------------------------- the engine (a session's build)

    internal static readonly KpiWindow ProbeWindow = new(new DateOnly(2000, 1, 1), new DateOnly(2000, 1, 31));

    internal RowQuery KpiRows(KpiDefinition kpi) => new("kpi:" + kpi.Code, KpiSql(kpi));

    /// <summary>Runs <paramref name="work"/> on a connection of its own to the build, holding a lease for its duration.</summary>
    internal static Task<T> Run<T>(WarehouseBuild build, Func<DuckDBConnection, T> work)
    {
        if (!build.TryAcquire()) throw new InvalidOperationException("数据版本已关闭 the build has been closed");
        return Task.Run(() =>
        {
            try
            {
                using var connection = build.Fork();
                return work(connection);
            }
            finally
            {
                build.Release();
            }
        });
    }

    internal async Task<T> Cached<T>(WarehouseBuild build, string key, Func<DuckDBConnection, T> work) where T : class =>
        (T)await Cache.GetOrRun($"{build.Id}|{key}", async () => (object)await Run(build, work));

    /// <summary>
    /// A result computed in .NET from a build's data (the stress test's simulation), cached per build like a query's
    /// and run once when asked twice at once. <paramref name="key"/> must name everything the result depends on.
    /// </summary>
    internal async Task<T> Computed<T>(WarehouseBuild build, string key, Func<T> work) where T : class =>
        (T)await Cache.GetOrRun($"{build.Id}|computed|{key}", async () => (object)await Task.Run(work));

    internal async Task<T> Computed<T>(WarehouseBuild build, string key, Func<Task<T>> work) where T : class =>
        (T)await Cache.GetOrRun($"{build.Id}|computed|{key}", async () => (object)await work());

    internal async Task<KpiResult> Value(WarehouseBuild build, KpiDefinition kpi, KpiWindow window, KpiFilter filter, KpiScope scope) =>
        (await Values(build, [(kpi, window, filter, scope)]))[0];

    /// <summary>Most windows of one KPI computed by one statement (see <see cref="Values"/>).</summary>
    public int BatchSize { get; init; } = 36;

    /// <summary>
    /// Several KPI values at once (a page's figures with 同比/环比, a monthly series, each department's target actuals):
    /// those not in the cache are computed together, one statement per KPI (and filter and scope) for all its windows
    /// and departments — the KPI's own SQL as a LATERAL subquery over a VALUES list of the windows, so DuckDB scans the
    /// rows once for every window instead of once per window (a 24-month trend was 24 statements). Requests that differ
    /// only in the department they filter on share a statement, the department being a column of the list too. Each
    /// value is cached under the same key as <see cref="Value"/>'s, so a figure asked alone later is found, and vice
    /// versa. Where DuckDB cannot plan a KPI's SQL that way it runs a statement per window.
    /// </summary>
    internal async Task<KpiResult[]> Values(
        WarehouseBuild build, IReadOnlyList<(KpiDefinition Kpi, KpiWindow Window, KpiFilter Filter, KpiScope Scope)> requests)
    {
        var cube = await Cube(build);
        var tasks = new Task<KpiResult>[requests.Count];
        var pending = new List<BatchItem>();
        for (var i = 0; i < requests.Count; i++)
        {
            var (kpi, window, filter, scope) = (requests[i].Kpi, Window(requests[i].Kpi, requests[i].Window), requests[i].Filter, requests[i].Scope);
            var key = $"{build.Id}|kpi|{kpi.Code}|{window.From:yyyy-MM-dd}|{window.To:yyyy-MM-dd}|{filter.Key}|{scope.Key}";
            tasks[i] = Cache.GetOrRun(key, () =>
            {
                // not cached (nor running): this call computes it with the others of its KPI it has to compute
                var result = new TaskCompletionSource<KpiResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                pending.Add(new BatchItem(kpi, window, filter, scope, result));
                return Boxed(result.Task);
            }).Unboxed();
        }
        // one statement per KPI, filter (whichever department it names) and scope
        // (at a million contracts a statement per window reads less of the sorted snapshots for a stock KPI, but the page
        // as a whole under a new filter state was faster batched: 1.9 against 2.5 s for the leadership page, 2.2 against
        // 5.2 s for the risk page; see the README's performance section)
        // what the build's cube holds: one statement per filter and scope for every KPI and window
        var cubed = pending.Select(p => (Item: p, Parts: cube.Parts(p.Kpi, p.Window, p.Filter))).Where(p => p.Parts is not null).ToList();
        foreach (var group in cubed.GroupBy(p => $"{p.Item.Filter.Key}|{p.Item.Scope.Key}", StringComparer.Ordinal))
        {
            CountCubeAnswers(group.Count());
            _ = RunCubeBatch(build, cube, group.Select(p => (p.Item, p.Parts!)).ToArray());
        }
        if (cubed.Count > 0)
        {
            var taken = cubed.Select(c => c.Item).ToHashSet(ReferenceEqualityComparer.Instance);
            pending = pending.Where(p => !taken.Contains(p)).ToList();
        }
        var size = Math.Max(1, BatchSize);
        foreach (var group in pending.GroupBy(p => $"{p.Kpi.Code}|{(p.Filter with { Department = p.Filter.Department is null ? null : "*" }).Key}|{p.Scope.Key}", StringComparer.Ordinal))
        {
            foreach (var chunk in group.Chunk(size)) _ = RunBatch(build, chunk);
        }
        return await Task.WhenAll(tasks);
    }

    private sealed record BatchItem(KpiDefinition Kpi, KpiWindow Window, KpiFilter Filter, KpiScope Scope, TaskCompletionSource<KpiResult> Result);

    private static async Task<object> Boxed(Task<KpiResult> task) => await task;

    private async Task RunBatch(WarehouseBuild build, BatchItem[] batch)
    {
        try
        {
            var results = await Run(build, connection => ComputeBatch(build, connection, batch));
            for (var i = 0; i < batch.Length; i++) batch[i].Result.SetResult(results[i]);
        }
        catch (Exception e)
        {
            foreach (var b in batch) b.Result.TrySetException(e);
        }
    }

    [GeneratedRegex(@"\$(as_of|from|to|department)\b")]
    private static partial Regex BatchParameter();

    /// <summary>One KPI over several windows (and departments) in one statement (see <see cref="Values"/>).</summary>
    private KpiResult[] ComputeBatch(WarehouseBuild build, DuckDBConnection connection, IReadOnlyList<BatchItem> batch)
    {
        var (kpi, filter, scope) = (batch[0].Kpi, batch[0].Filter, batch[0].Scope);
        if (batch.Count == 1) return [Compute(build, connection, kpi, batch[0].Window, filter, scope)];
        var sql = ValueSql(build, connection, kpi, filter, scope);
        // the window's dates and the department become columns of the VALUES row the subquery is evaluated for
        var body = BatchParameter().Replace(sql, m => "win.w_" + m.Groups[1].Value);
        var parameters = Parameters(body, batch[0].Window, filter, scope, kpi, null);
        var rows = new List<string>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            rows.Add($"({i}, cast($from_{i} as date), cast($to_{i} as date), cast($as_of_{i} as date), cast($department_{i} as varchar))");
            parameters[$"from_{i}"] = batch[i].Window.From;
            parameters[$"to_{i}"] = batch[i].Window.To;
            parameters[$"as_of_{i}"] = batch[i].Window.AsOf;
            parameters[$"department_{i}"] = batch[i].Filter.Department ?? "";
        }
        var batched = $"""
            select win.slot, v.*
            from (values {string.Join(", ", rows)}) as win(slot, w_from, w_to, w_as_of, w_department),
            lateral (
            {body}
            ) as v
            """;
        List<object?[]> found;
        try
        {
            found = Query(connection, batched, parameters);
        }
        catch (DuckDBException)
        {
            // a KPI whose SQL DuckDB cannot evaluate per row of the list: a statement per value, as before
            return batch.Select(b => Compute(build, connection, kpi, b.Window, b.Filter, scope)).ToArray();
        }
        var results = new KpiResult[batch.Count];
        foreach (var row in found)
        {
            var i = Convert.ToInt32(row[0], CultureInfo.InvariantCulture);
            results[i] = FromRow(kpi, batch[i].Window, row[1..]);
        }
        if (results.Any(r => r is null)) throw new InvalidOperationException($"{kpi.Code}: a value of the batch gave no row");
        return results;
    }

    /// <summary>The rows a query may show this caller: the <c>filtered</c> CTE then <paramref name="select"/>.</summary>
    internal string ScopedSql(
        WarehouseBuild build, DuckDBConnection connection, RowQuery rows, string select, KpiFilter filter, KpiScope scope,
        IReadOnlyDictionary<string, object>? extra = null) =>
        rows.Filtered(Columns(build, connection, rows, extra), filter, scope) + select;

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _columns = new(StringComparer.Ordinal);

    /// <summary>The columns of a query's rows on a build (for the row contract and the drill-down's header).</summary>
    internal IReadOnlyList<string> Columns(WarehouseBuild build, DuckDBConnection connection, RowQuery rows, IReadOnlyDictionary<string, object>? extra = null) =>
        _columns.GetOrAdd($"{build.Id}|{rows.Name}|{rows.Sql.GetHashCode(StringComparison.Ordinal)}", _ =>
        {
            if (_columns.Count > 10_000) _columns.Clear(); // bounded: they are cheap to find again
            var sql = $"select * from (\n{rows.Sql.Trim().TrimEnd(';')}\n) limit 0";
            using var command = Command(connection, sql, Parameters(sql, ProbeWindow, KpiFilter.None, KpiScope.All, null, extra));
            using var reader = command.ExecuteReader();
            return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        });

    private static readonly Dictionary<KpiDimension, (string Key, string Label)> DimensionColumns = new()
    {
        [KpiDimension.Department] = ("department_code", "department_name"),
        [KpiDimension.Product] = ("product_code", "product_name"),
        [KpiDimension.Industry] = ("industry_code", "industry_name"),
        [KpiDimension.Region] = ("region_code", "region_name"),
        [KpiDimension.Tier] = ("tier", "tier"),
        [KpiDimension.Customer] = ("customer_id", "customer_name"),
        [KpiDimension.Group] = ("group_key", "group_name"),
        [KpiDimension.Manager] = ("manager_code", "manager_name"),
        [KpiDimension.RiskLevel] = ("risk_level", "risk_level"),
        [KpiDimension.FiveLevelClass] = ("five_level_class", "five_level_class"),
        [KpiDimension.CounterGuarantee] = ("counter_guarantee", "counter_guarantee"),
        [KpiDimension.Rating] = ("credit_rating", "credit_rating"),
    };

    internal async Task<IReadOnlyList<KpiBreakdownItem>> Breakdown(
        WarehouseBuild build, KpiDefinition kpi, KpiWindow window, KpiDimension dimension, KpiFilter filter, KpiScope scope) =>
        (await Breakdowns(build, kpi, window, [dimension], filter, scope))[0];

    /// <summary>
    /// A KPI by several dimensions (a page's exposure lines) in one statement: a part per dimension over the same
    /// filtered rows. Each dimension's list is cached on its own (the same key as a breakdown asked alone).
    /// </summary>
    internal async Task<IReadOnlyList<KpiBreakdownItem>[]> Breakdowns(
        WarehouseBuild build, KpiDefinition kpi, KpiWindow window, IReadOnlyList<KpiDimension> dimensions, KpiFilter filter, KpiScope scope)
    {
        window = Window(kpi, window);
        var total = await Value(build, kpi, window, filter, scope);
        var tasks = new Task<IReadOnlyList<KpiBreakdownItem>>[dimensions.Count];
        var pending = new List<(KpiDimension Dimension, TaskCompletionSource<IReadOnlyList<KpiBreakdownItem>> Result)>();
        for (var i = 0; i < dimensions.Count; i++)
        {
            var dimension = dimensions[i];
            var key = $"{build.Id}|breakdown|{kpi.Code}|{dimension}|{window.From:yyyy-MM-dd}|{window.To:yyyy-MM-dd}|{filter.Key}|{scope.Key}";
            tasks[i] = Unboxed(Cache.GetOrRun(key, () =>
            {
                var result = new TaskCompletionSource<IReadOnlyList<KpiBreakdownItem>>(TaskCreationOptions.RunContinuationsAsynchronously);
                pending.Add((dimension, result));
                return Boxed(result.Task);
            }));
        }
        if (pending.Count > 0) _ = RunBreakdowns(build, kpi, window, total, pending, filter, scope);
        return await Task.WhenAll(tasks);

        static async Task<object> Boxed(Task<IReadOnlyList<KpiBreakdownItem>> task) => await task;
        static async Task<IReadOnlyList<KpiBreakdownItem>> Unboxed(Task<object> task) => (IReadOnlyList<KpiBreakdownItem>)await task;
    }

    private async Task RunBreakdowns(
        WarehouseBuild build, KpiDefinition kpi, KpiWindow window, KpiResult total,
        List<(KpiDimension Dimension, TaskCompletionSource<IReadOnlyList<KpiBreakdownItem>> Result)> pending, KpiFilter filter, KpiScope scope)
    {
        try
        {
            // a filter-bar column under no filter but the department: from the cube's roll-up in memory
            foreach (var p in pending.ToList())
            {
                if (await CubeBreakdown(build, kpi, window, p.Dimension, filter, scope) is { } fromCube)
                {
                    p.Result.SetResult(fromCube);
                    pending.Remove(p);
                }
            }
            if (pending.Count == 0) return;
            var lists = await Run(build, connection =>
            {
                var rows = KpiRows(kpi);
                var columns = Columns(build, connection, rows);
                var items = pending.Select(_ => new List<KpiBreakdownItem>()).ToArray();
                var parts = new List<string>();
                for (var i = 0; i < pending.Count; i++)
                {
                    var dimension = pending[i].Dimension;
                    var (keyColumn, labelColumn) = DimensionColumns[dimension];
                    if (!columns.Contains(keyColumn)) continue; // rows without that dimension: an empty list
                    var label = columns.Contains(labelColumn) ? labelColumn : keyColumn;
                    // a customer outside any related-party group is its own group, named after the customer
                    if (dimension == KpiDimension.Group && columns.Contains("customer_name")) label = $"coalesce({label}, customer_name)";
                    parts.Add($"""
                        select {i} as part, cast({keyColumn} as varchar) as key, cast(any_value({label}) as varchar) as label,
                            sum(numerator) as numerator, sum(denominator) as denominator, median(cast(numerator as double)) as median, count(*) as row_count
                        from filtered
                        where {keyColumn} is not null or numerator <> 0
                        group by 2
                        """);
                }
                if (parts.Count == 0) return items;
                var sql = ScopedSql(build, connection, rows, $"""
                    , parts as (
                    {string.Join("\nunion all\n", parts)}
                    )
                    select * from parts order by 1, 4 desc nulls last, 2
                    """, filter, scope);
                foreach (var row in Query(connection, sql, Parameters(sql, window, filter, scope, kpi, null)))
                {
                    var num = ToDecimal(row[3]);
                    var den = ToDecimal(row[4]);
                    decimal? value = kpi.Aggregation switch
                    {
                        KpiAggregation.Sum => num ?? 0,
                        KpiAggregation.Ratio => den is null or 0 ? null : num / den,
                        KpiAggregation.Median => ToDecimal(row[5]),
                        _ => total.Denominator is null or 0 ? null : num / total.Denominator,
                    };
                    items[Convert.ToInt32(row[0], CultureInfo.InvariantCulture)].Add(
                        new KpiBreakdownItem((string?)row[1], (string?)row[2], value, num, den, Convert.ToInt64(row[6], CultureInfo.InvariantCulture)));
                }
                return items;
            });
            for (var i = 0; i < pending.Count; i++) pending[i].Result.SetResult(lists[i]);
        }
        catch (Exception e)
        {
            foreach (var p in pending) p.Result.TrySetException(e);
        }
    }

    /// <summary>Grid pages up to this many rows are cached; larger reads (reconciliations) are not kept.</summary>
    private const int MaxCachedPage = 1_000;

    internal async Task<KpiDrillDown> DrillDown(
        WarehouseBuild build, KpiDefinition kpi, KpiWindow window, KpiFilter filter, KpiScope scope,
        int offset, int limit, RowSelection selection)
    {
        window = Window(kpi, window);
        var figure = await Value(build, kpi, window, filter, scope);
        if (limit > MaxCachedPage) return await Run(build, connection => Page(connection));
        // a grid's page (the same rows for every visitor with the same figure, filters, scope and selection) is cached
        var key = $"drill|{kpi.Code}|{window.From:yyyy-MM-dd}|{window.To:yyyy-MM-dd}|{filter.Key}|{scope.Key}|{offset}|{limit}|" +
                  JsonSerializer.Serialize(new { selection.Search, selection.Filters, selection.Sort, selection.Descending, selection.WholeOnly });
        return await Cached(build, key, Page);

        KpiDrillDown Page(DuckDBConnection connection)
        {
            var rows = KpiRows(kpi);
            var columns = Columns(build, connection, rows);
            var (where, selected) = selection.Predicate(columns, TextColumns(build, connection, rows));
            // the sort column must be one of the rows' own columns: nothing from the caller reaches the SQL text
            var sql = ScopedSql(build, connection, rows,
                $"select * from filtered {where} {selection.OrderBy(columns)} limit $limit offset $offset", filter, scope);
            var parameters = Parameters(sql, window, filter, scope, kpi, null);
            foreach (var (name, value) in selected) parameters[name] = value;
            parameters["limit"] = Math.Clamp(limit, 1, 1_048_576);
            parameters["offset"] = Math.Max(0, offset);
            var page = Query(connection, sql, parameters);
            if (!selection.Narrows) return new KpiDrillDown(figure, columns, page, figure.Rows);
            // a part of the figure's rows: their count and sums, for the grid to say what part of the figure they are
            var totalsSql = ScopedSql(build, connection, rows,
                $"select count(*), sum(numerator), sum(denominator) from filtered {where}", filter, scope);
            var totalsParameters = Parameters(totalsSql, window, filter, scope, kpi, null);
            foreach (var (name, value) in selected) totalsParameters[name] = value;
            var totals = Query(connection, totalsSql, totalsParameters)[0];
            return new KpiDrillDown(figure, columns, page, Convert.ToInt64(totals[0], CultureInfo.InvariantCulture))
            {
                Selected = new KpiSelectionTotals(Convert.ToInt64(totals[0], CultureInfo.InvariantCulture),
                    totals[1] is null ? null : Convert.ToDecimal(totals[1], CultureInfo.InvariantCulture),
                    totals[2] is null ? null : Convert.ToDecimal(totals[2], CultureInfo.InvariantCulture)),
            };
        }
    }

    /// <summary>All rows behind a figure (those a selection keeps, in its order), streamed for exports; the session's lease keeps the build open.</summary>
    internal IEnumerable<object?[]> Stream(WarehouseBuild build, KpiDefinition kpi, KpiWindow window, KpiFilter filter, KpiScope scope, RowSelection selection)
    {
        window = Window(kpi, window);
        using var connection = build.Fork();
        var rows = KpiRows(kpi);
        var columns = Columns(build, connection, rows);
        var (where, selected) = selection.Predicate(columns, TextColumns(build, connection, rows));
        var sql = ScopedSql(build, connection, rows, $"select * from filtered {where} {selection.OrderBy(columns)}", filter, scope);
        var parameters = Parameters(sql, window, filter, scope, kpi, null);
        foreach (var (name, value) in selected) parameters[name] = value;
        using var command = Command(connection, sql, parameters);
        command.UseStreamingMode = true; // row by row: a materialised result of a million rows held most of an export's memory
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _textColumns = new(StringComparer.Ordinal);

    /// <summary>The rows' text (VARCHAR) columns: what a search looks in.</summary>
    private IReadOnlySet<string> TextColumns(WarehouseBuild build, DuckDBConnection connection, RowQuery rows) =>
        _textColumns.GetOrAdd($"{build.Id}|{rows.Name}|{rows.Sql.GetHashCode(StringComparison.Ordinal)}", _ =>
        {
            if (_textColumns.Count > 10_000) _textColumns.Clear();
            var sql = $"select * from (\n{rows.Sql.Trim().TrimEnd(';')}\n) limit 0";
            using var command = Command(connection, sql, Parameters(sql, ProbeWindow, KpiFilter.None, KpiScope.All, null, null));
            using var reader = command.ExecuteReader();
            return Enumerable.Range(0, reader.FieldCount).Where(i => reader.GetFieldType(i) == typeof(string)).Select(reader.GetName).ToHashSet(StringComparer.Ordinal);
        });

    /// <summary>Any view's rows (see <see cref="WarehouseSession.QueryAsync"/>), cached like KPI values.</summary>
    internal Task<IReadOnlyList<object?[]>> Rows(
        WarehouseBuild build, RowQuery rows, string select, KpiWindow window, KpiFilter filter, KpiScope scope,
        IReadOnlyDictionary<string, object>? extra)
    {
        var extraKey = extra is null ? "" : string.Join(';', extra.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"));
        var key = $"rows|{rows.Name}|{rows.CompanyLevel}|{rows.Sql.GetHashCode(StringComparison.Ordinal)}|{select.GetHashCode(StringComparison.Ordinal)}|" +
                  $"{window.From:yyyy-MM-dd}|{window.To:yyyy-MM-dd}|{filter.Key}|{scope.Key}|{extraKey}";
        return Cached<IReadOnlyList<object?[]>>(build, key, connection =>
        {
            var sql = ScopedSql(build, connection, rows, select, filter, scope, extra);
            return Query(connection, sql, Parameters(sql, window, filter, scope, null, extra));
        });
    }

    private readonly ConcurrentDictionary<string, FilterOptions> _options = new(StringComparer.Ordinal);

    internal FilterOptions FilterOptions(WarehouseBuild build) => _options.GetOrAdd(build.Id, _ =>
    {
        if (_options.Count > 16) _options.Clear();
        return Run(build, connection =>
        {
            List<FilterChoice> Choices(string sql) =>
                Query(connection, sql, []).Select(r => new FilterChoice((string)r[0]!, (string)r[1]!)).ToList();
            var months = Query(connection, "select distinct as_of from fct_balance_snapshot order by as_of desc", [])
                .Select(r => r[0] is DateOnly d ? d : DateOnly.FromDateTime((DateTime)r[0]!)).ToList();
            return new FilterOptions(
                months,
                Choices("select code, name from dim_department where kind = 'business' order by department_id"),
                Choices("select code, name from dim_product order by product_id"),
                Choices("select industry_code, name from dim_industry order by industry_code"),
                Choices("select region_code, name from dim_region order by region_code"),
                [new("strategic", "战略客户"), new("core", "核心客户"), new("potential", "潜力客户"), new("ordinary", "普通客户")]);
        }).GetAwaiter().GetResult();
    });

    // ---------------------------------------------------------------- SQL

    private static KpiWindow Window(KpiDefinition kpi, KpiWindow window) =>
        kpi.Timing == KpiTiming.Stock ? new KpiWindow(window.AsOf, window.AsOf) : window;

    private string KpiSql(KpiDefinition kpi) => _kpiSql.GetOrAdd(kpi.Code, _ =>
    {
        var path = Path.Combine(_sqlFolder, kpi.SqlFile);
        return File.ReadAllText(path).Trim().TrimEnd(';');
    });

    /// <summary>
    /// The SQL and bound parameters that compute a KPI's value, exactly as the service runs them (for benchmarks and
    /// for auditors who want to run it themselves).
    /// </summary>
    public (string Sql, IReadOnlyDictionary<string, object> Parameters) ValueQuery(
        string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var kpi = KpiCatalog.Get(code);
        var w = Window(kpi, window);
        using var session = OpenSession();
        return Run(session.Build, connection =>
        {
            var sql = ValueSql(session.Build, connection, kpi, filter ?? KpiFilter.None, scope ?? KpiScope.All);
            return (sql, (IReadOnlyDictionary<string, object>)Parameters(sql, w, filter ?? KpiFilter.None, scope ?? KpiScope.All, kpi, null));
        }).GetAwaiter().GetResult();
    }

    private string ValueSql(WarehouseBuild build, DuckDBConnection connection, KpiDefinition kpi, KpiFilter filter, KpiScope scope)
    {
        var groups = kpi.Aggregation is KpiAggregation.MaxShare or KpiAggregation.TopShare or KpiAggregation.SquaredShares;
        var extra = kpi.Aggregation switch
        {
            KpiAggregation.Median => "median(cast(numerator as double))", // the midpoint of two values may need one more decimal place
            KpiAggregation.MaxShare => "(select max(group_total) from groups)",
            KpiAggregation.TopShare => "(select sum(group_total) from (select group_total from groups order by group_total desc limit 10))",
            KpiAggregation.SquaredShares => "(select sum(power(cast(group_total as double), 2)) from groups)",
            _ => "null",
        };
        return ScopedSql(build, connection, KpiRows(kpi),
            (groups ? ", groups as (select group_key, sum(numerator) as group_total from filtered where group_key is not null group by group_key)\n" : "")
            + $"""
               select
                   sum(numerator) as numerator,
                   sum(denominator) as denominator,
                   count(*) as row_count,
                   count(*) filter (where numerator > 0) as positive,
                   count(*) filter (where numerator < 0) as negative,
                   count(*) filter (where row_kind = $required_kind) as required_rows,
                   {extra} as extra
               from filtered
               """, filter, scope);
    }

    private KpiResult Compute(WarehouseBuild build, DuckDBConnection connection, KpiDefinition kpi, KpiWindow window, KpiFilter filter, KpiScope scope)
    {
        var sql = ValueSql(build, connection, kpi, filter, scope);
        return FromRow(kpi, window, Query(connection, sql, Parameters(sql, window, filter, scope, kpi, null))[0]);
    }

    /// <summary>A KPI's value from its aggregate row (numerator, denominator, rows, positive, negative, required rows, extra).</summary>
    private static KpiResult FromRow(KpiDefinition kpi, KpiWindow window, object?[] row)
    {
        var num = ToDecimal(row[0]);
        var den = ToDecimal(row[1]);
        var rows = Convert.ToInt64(row[2], CultureInfo.InvariantCulture);
        var positive = Convert.ToInt64(row[3], CultureInfo.InvariantCulture);
        var negative = Convert.ToInt64(row[4], CultureInfo.InvariantCulture);
        var required = Convert.ToInt64(row[5], CultureInfo.InvariantCulture);
        var x = row[6];

        KpiResult Result(decimal? value, string? zh = null, string? en = null) =>
            new(kpi.Code, window, value, num, den, rows, positive, negative, zh, en);

        if (kpi.RequiresRowKind is not null && required == 0) return Result(null, kpi.RequiresReasonZh, kpi.RequiresReasonEn);
        var noDenominator = den is null or 0;
        return kpi.Aggregation switch
        {
            KpiAggregation.Sum => Result(num ?? 0),
            KpiAggregation.Ratio => noDenominator ? Result(null, kpi.NullReasonZh, kpi.NullReasonEn) : Result(num!.Value / den!.Value),
            KpiAggregation.Median => x is null ? Result(null, kpi.NullReasonZh, kpi.NullReasonEn) : Result(ToDecimal(x)),
            KpiAggregation.MaxShare or KpiAggregation.TopShare => noDenominator || x is null
                ? Result(null, kpi.NullReasonZh, kpi.NullReasonEn) : Result(ToDecimal(x)!.Value / den!.Value),
            KpiAggregation.SquaredShares => noDenominator || x is null
                ? Result(null, kpi.NullReasonZh, kpi.NullReasonEn)
                : Result((decimal)(Convert.ToDouble(x, CultureInfo.InvariantCulture) / Math.Pow((double)den!.Value, 2))),
            _ => throw new InvalidOperationException($"unknown aggregation {kpi.Aggregation}"),
        };
    }

    /// <summary>The values for the parameters the SQL names; nothing from the caller is pasted into SQL text.</summary>
    private Dictionary<string, object> Parameters(
        string sql, KpiWindow window, KpiFilter filter, KpiScope scope, KpiDefinition? kpi, IReadOnlyDictionary<string, object>? extra)
    {
        var all = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["as_of"] = window.AsOf,
            ["from"] = window.From,
            ["to"] = window.To,
            ["department"] = filter.Department ?? "",
            ["product"] = filter.Product ?? "",
            ["industry"] = filter.Industry ?? "",
            ["region"] = filter.Region ?? "",
            ["tier"] = filter.Tier ?? "",
            ["risk_level"] = filter.RiskLevel ?? "",
            ["five_level_class"] = filter.FiveLevelClass ?? "",
            ["counter_guarantee"] = filter.CounterGuarantee ?? "",
            ["rating"] = filter.Rating ?? "",
            ["scope_all"] = scope.IsAll,
            ["scope"] = string.Join(',', scope.Departments),
            ["required_kind"] = kpi?.RequiresRowKind ?? "",
            ["response_hours"] = ComplaintResponseHours,
            ["resolve_days"] = ComplaintResolveDays,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, object>())
        {
            if (!all.TryAdd(name, value)) throw new ArgumentException($"parameter ${name} is reserved", nameof(extra));
        }
        var named = ParameterName().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return all.Where(p => named.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$([a-z_]+)")]
    private static partial Regex ParameterName();

    /// <summary>
    /// Sees every query the service runs (its SQL and parameters) in the flow that sets it, for <c>bench</c>: the same
    /// statements a page issued run again directly on DuckDB. Null (nothing seen) everywhere else.
    /// </summary>
    internal static readonly AsyncLocal<Action<string, IReadOnlyDictionary<string, object>>?> QueryObserver = new();

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, Dictionary<string, object> parameters)
    {
        QueryObserver.Value?.Invoke(sql, parameters);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.Add(new DuckDBParameter(name, value));
        return command;
    }

    private static List<object?[]> Query(DuckDBConnection connection, string sql, Dictionary<string, object> parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    internal static decimal? ToDecimal(object? value) => value switch
    {
        null => null,
        decimal d => d,
        BigInteger b => (decimal)b,
        double d => (decimal)d,
        float f => (decimal)f,
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    public void Dispose()
    {
        lock (_gate)
        {
            _build?.Retire();
            _build = null;
            foreach (var pinned in _pinned) pinned.Retire();
            _pinned.Clear();
        }
    }
}

internal static class KpiTasks
{
    /// <summary>A cached result as what it is; a failure keeps its own exception (await unwraps it).</summary>
    public static async Task<KpiResult> Unboxed(this Task<object> task) => (KpiResult)await task;
}
