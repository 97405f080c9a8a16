using System.Collections.Concurrent;
using System.Globalization;
using Cockpit.Warehouse.Pages;
using DuckDB.NET.Data;

namespace Cockpit.Warehouse.Kpis;

public sealed partial class KpiService
{
    /// <summary>
    /// Answer the values the build's <see cref="KpiCube"/> holds from it (default); false computes every value from
    /// the KPI's rows (for the tests that compare the two, and for the benchmark's before and after).
    /// </summary>
    public bool UseCube { get; init; } = true;

    /// <summary>A cubed KPI: the filter columns of its groups and the grain of its windows (<see cref="KpiCube.Grain"/>).</summary>
    private sealed record CubedKpi(IReadOnlyList<string> Dimensions, string Grain, IReadOnlyList<string> Labels);

    /// <summary>What a build's cube holds: the KPIs and the windows of each grain.</summary>
    private sealed record CubeCatalog(IReadOnlyDictionary<string, CubedKpi> Kpis, HashSet<(DateOnly From, DateOnly To, string Grain)> Windows)
    {
        public static readonly CubeCatalog Empty = new(new Dictionary<string, CubedKpi>(), []);

        /// <summary>
        /// The cube's windows whose sum is the value (one, or a period's months), or null when the cube does not hold it:
        /// not a cubed KPI, a window not held, or a drill-down filter (those columns are not grouped).
        /// </summary>
        public IReadOnlyList<KpiWindow>? Parts(KpiDefinition kpi, KpiWindow window, KpiFilter filter)
        {
            if (!Kpis.TryGetValue(kpi.Code, out var cubed)) return null;
            if (filter.RiskLevel is not null || filter.FiveLevelClass is not null || filter.CounterGuarantee is not null || filter.Rating is not null) return null;
            if (cubed.Grain != "month") return Windows.Contains((window.From, window.To, cubed.Grain)) ? [window] : null;
            // a period from the first of a month: its months, the last one up to the period's end
            if (window.From.Day != 1 || window.To < window.From) return null;
            var parts = new List<KpiWindow>();
            for (var start = window.From; start <= window.To; start = start.AddMonths(1))
            {
                var end = KpiWindow.MonthEnd(start) < window.To ? KpiWindow.MonthEnd(start) : window.To;
                if (!Windows.Contains((start, end, "month"))) return null;
                parts.Add(new KpiWindow(start, end));
            }
            return parts;
        }
    }

    private readonly ConcurrentDictionary<string, Task<CubeCatalog>> _cubes = new(StringComparer.Ordinal);

    private Task<CubeCatalog> Cube(WarehouseBuild build)
    {
        if (!UseCube) return Task.FromResult(CubeCatalog.Empty);
        if (_cubes.Count > 64) _cubes.Clear(); // one per build seen; cheap to read again
        return _cubes.GetOrAdd(build.Id, _ => Run(build, ReadCube));
    }

    /// <summary>The build's cube catalogue; empty for a build published before the cube (its values come from the rows).</summary>
    private static CubeCatalog ReadCube(DuckDBConnection connection)
    {
        var tables = Query(connection,
            "select table_name from duckdb_tables() where database_name = 'build' and table_name in ($kpis, $windows)",
            new Dictionary<string, object> { ["kpis"] = KpiCube.KpisTable, ["windows"] = KpiCube.WindowsTable });
        if (tables.Count < 2) return CubeCatalog.Empty;
        // a build of an earlier cube layout (a table per roll-up, no labels): its values come from the rows
        var layout = Query(connection,
            "select 1 from duckdb_columns() where database_name = 'build' and table_name = $kpis and column_name = 'labels'",
            new Dictionary<string, object> { ["kpis"] = KpiCube.KpisTable });
        if (layout.Count == 0) return CubeCatalog.Empty;
        static string[] List(object? value) => ((string)value!).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var kpis = Query(connection, $"select code, dimensions, grain, labels from {KpiCube.KpisTable}", [])
            .Where(r => KpiCatalog.All.Any(d => d.Code == (string)r[0]!))
            .ToDictionary(r => (string)r[0]!, r => new CubedKpi(List(r[1]), (string)r[2]!, List(r[3])), StringComparer.Ordinal);
        var windows = Query(connection, $"select w_from, w_to, grain from {KpiCube.WindowsTable}", [])
            .Select(r => (AsDate(r[0]), AsDate(r[1]), (string)r[2]!))
            .ToHashSet();
        return new CubeCatalog(kpis, windows);
    }

    private static DateOnly AsDate(object? value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => throw new InvalidOperationException($"not a date: {value}"),
    };

    /// <summary>
    /// Values of one filter and scope from the cube, every KPI and window in one statement: each KPI's groups filtered
    /// by the same predicates as its rows (<see cref="RowQuery.Filtered"/>) and summed per window.
    /// </summary>
    private async Task RunCubeBatch(WarehouseBuild build, CubeCatalog catalog, (BatchItem Item, IReadOnlyList<KpiWindow> Parts)[] batch)
    {
        try
        {
            var (filter, scope) = (batch[0].Item.Filter, batch[0].Item.Scope);
            if (KpiCube.FilterColumn(filter, out var column))
            {
                // no filter or one: the roll-up to the department and that column, held in memory per build
                await AnswerFromSlices(build, catalog, batch, column);
                return;
            }
            var ends = batch.SelectMany(b => b.Parts).Select(w => w.To).Distinct().Order().ToList();
            var inEnds = string.Join(", ", Enumerable.Range(0, ends.Count).Select(i => $"$cube_to_{i}"));
            var parts = new List<string>();
            foreach (var group in batch.GroupBy(b => b.Item.Kpi.Code, StringComparer.Ordinal))
            {
                string filtered;
                try
                {
                    // the KPI's own name, so a refusal reads as the rows' would
                    // two filter columns or more: the full table (every filter-bar column the rows carry)
                    var table = KpiCube.Table(group.Key);
                    var held = catalog.Kpis[group.Key].Dimensions;
                    filtered = new RowQuery("kpi:" + group.Key, $"select * from {table} where level = '{KpiCube.Full}' and w_to in ({inEnds})").Filtered(held, filter, scope);
                }
                catch (ScopeRefusedException e)
                {
                    foreach (var b in group) b.Item.Result.TrySetException(e);
                    continue;
                }
                parts.Add($"""
                    select * from (
                    {filtered}
                    select '{group.Key}' as kpi, w_from, w_to,
                        sum(numerator) as numerator, sum(denominator) as denominator,
                        cast(sum(row_count) as bigint) as row_count, cast(sum(positive) as bigint) as positive,
                        cast(sum(negative) as bigint) as negative, cast(sum(required_rows) as bigint) as required_rows
                    from filtered
                    group by w_from, w_to
                    )
                    """);
            }
            var open = batch.Where(b => !b.Item.Result.Task.IsCompleted).ToList();
            if (open.Count == 0) return;
            var sql = string.Join("\nunion all by name\n", parts);
            var parameters = Parameters(sql, ProbeWindow, filter, scope, null, null);
            for (var i = 0; i < ends.Count; i++) parameters[$"cube_to_{i}"] = ends[i]; // numbered: not among the names Parameters knows
            var found = await Run(build, connection => Query(connection, sql, parameters));
            var rows = found.ToDictionary(r => ((string)r[0]!, AsDate(r[1]), AsDate(r[2])), r => r);
            foreach (var (item, windows) in open)
            {
                // the value's windows summed: Σ of sums (null where every one is null, as Σ over no rows), counts added
                decimal? num = null, den = null;
                long count = 0, positive = 0, negative = 0, required = 0;
                foreach (var w in windows)
                {
                    if (!rows.TryGetValue((item.Kpi.Code, w.From, w.To), out var r)) continue; // no rows in that window
                    if (ToDecimal(r[3]) is { } n) num = (num ?? 0) + n;
                    if (ToDecimal(r[4]) is { } d) den = (den ?? 0) + d;
                    count += Convert.ToInt64(r[5], CultureInfo.InvariantCulture);
                    positive += Convert.ToInt64(r[6], CultureInfo.InvariantCulture);
                    negative += Convert.ToInt64(r[7], CultureInfo.InvariantCulture);
                    required += Convert.ToInt64(r[8], CultureInfo.InvariantCulture);
                }
                item.Result.TrySetResult(FromRow(item.Kpi, item.Window, [num, den, count, positive, negative, required, null]));
            }
        }
        catch (Exception e)
        {
            foreach (var b in batch) b.Item.Result.TrySetException(e);
        }
    }

    /// <summary>One group of a roll-up (<see cref="KpiCube.Level"/>): the department, the other column's value, the sums.</summary>
    private sealed record SliceRow(string? Department, string? Key, decimal? Numerator, decimal? Denominator, long Rows, long Positive, long Negative, long Required)
    {
        /// <summary>The department's name and the column's (where the cube keeps them), for a breakdown's labels.</summary>
        public string? DepartmentLabel { get; init; }

        public string? KeyLabel { get; init; }
    }

    private readonly ConcurrentDictionary<string, Task<Dictionary<(DateOnly, DateOnly), SliceRow[]>>> _slices = new(StringComparer.Ordinal);

    /// <summary>A KPI's roll-up in the build, read once and kept by window (a few groups per window: the departments × one column's members).</summary>
    private Task<Dictionary<(DateOnly, DateOnly), SliceRow[]>> Slice(WarehouseBuild build, CubedKpi cubed, string code, string? column)
    {
        var table = KpiCube.Table(code);
        var level = KpiCube.Level(column);
        var department = cubed.Dimensions.Contains("department_code");
        string Label(string? key) => key is not null && cubed.Labels.Contains(key) ? KpiCube.Labels[key] : "null";
        if (_slices.Count > 4_096) _slices.Clear(); // 28 KPIs × 5 roll-ups per build: cheap to read again
        var task = _slices.GetOrAdd($"{build.Id}|{table}|{level}", _ => Run(build, connection =>
            Query(connection, $"""
                select w_from, w_to, {(department ? "department_code" : "null")}, {(column is null ? "null" : column)},
                    numerator, denominator, row_count, positive, negative, required_rows,
                    {(department ? Label("department_code") : "null")}, {Label(column)}
                from {table}
                where level = '{level}'
                """, [])
                .GroupBy(r => (AsDate(r[0]), AsDate(r[1])))
                .ToDictionary(g => g.Key, g => g.Select(r => new SliceRow(
                    r[2] as string, r[3]?.ToString(), ToDecimal(r[4]), ToDecimal(r[5]),
                    Convert.ToInt64(r[6], CultureInfo.InvariantCulture), Convert.ToInt64(r[7], CultureInfo.InvariantCulture),
                    Convert.ToInt64(r[8], CultureInfo.InvariantCulture), Convert.ToInt64(r[9], CultureInfo.InvariantCulture))
                {
                    DepartmentLabel = r[10] as string, KeyLabel = r[11]?.ToString(),
                }).ToArray())));
        if (task.IsFaulted) _slices.TryRemove($"{build.Id}|{table}|{level}", out _); // a failure is not kept
        return task;
    }

    /// <summary>
    /// Values under no filter or one from the roll-ups in memory: the groups the caller's scope and the filter keep, by
    /// the predicates of <see cref="RowQuery.Filtered"/> (department null or in scope; a column null or equal), summed
    /// over the value's windows. A filter the rows cannot take is refused first, as the rows' would be.
    /// </summary>
    private async Task AnswerFromSlices(WarehouseBuild build, CubeCatalog catalog, (BatchItem Item, IReadOnlyList<KpiWindow> Parts)[] batch, string? column)
    {
        var (filter, scope) = (batch[0].Item.Filter, batch[0].Item.Scope);
        var value = column is null ? null : RowQuery.FilterColumns.Single(c => c.Column == column).Value(filter);
        foreach (var group in batch.GroupBy(b => b.Item.Kpi.Code, StringComparer.Ordinal))
        {
            try
            {
                var dimensions = catalog.Kpis[group.Key].Dimensions;
                _ = new RowQuery("kpi:" + group.Key, "").Filtered(dimensions, filter, scope);
                var department = dimensions.Contains("department_code");
                var slice = await Slice(build, catalog.Kpis[group.Key], group.Key, column);
                bool Kept(SliceRow r) =>
                    (!department || scope.IsAll || r.Department is null || scope.Departments.Contains(r.Department))
                    && (filter.Department is null || r.Department is null || r.Department == filter.Department)
                    && (value is null || r.Key is null || r.Key == value);
                foreach (var (item, windows) in group)
                {
                    decimal? num = null, den = null;
                    long count = 0, positive = 0, negative = 0, required = 0;
                    foreach (var w in windows)
                    {
                        if (!slice.TryGetValue((w.From, w.To), out var rows)) continue; // no rows in that window
                        foreach (var r in rows)
                        {
                            if (!Kept(r)) continue;
                            if (r.Numerator is { } n) num = (num ?? 0) + n;
                            if (r.Denominator is { } d) den = (den ?? 0) + d;
                            count += r.Rows;
                            positive += r.Positive;
                            negative += r.Negative;
                            required += r.Required;
                        }
                    }
                    item.Result.TrySetResult(FromRow(item.Kpi, item.Window, [num, den, count, positive, negative, required, null]));
                }
            }
            catch (Exception e)
            {
                foreach (var (item, _) in group) item.Result.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// A sum or ratio KPI by a filter-bar column (department, product, industry, region, tier) under no filter but the
    /// department, from the KPI's roll-up to that column in memory: per key the groups the caller's scope and the
    /// filter keep (the predicates of <see cref="AnswerFromSlices"/>), summed over the value's windows, labelled with
    /// the rows' names, in the rows' order (numerator descending, then key). Null — computed from the rows — when the
    /// cube does not hold it exactly: another KPI, window or filter, or rows without the column whose numerators are
    /// not all zero (the rows' breakdown keeps those apart, and only those rows).
    /// </summary>
    private async Task<IReadOnlyList<KpiBreakdownItem>?> CubeBreakdown(
        WarehouseBuild build, KpiDefinition kpi, KpiWindow window, KpiDimension dimension, KpiFilter filter, KpiScope scope)
    {
        if (kpi.Aggregation is not (KpiAggregation.Sum or KpiAggregation.Ratio)) return null;
        var key = DimensionColumns[dimension].Key;
        if (!KpiCube.Dimensions.Contains(key)) return null;
        if (!KpiCube.FilterColumn(filter, out var filterColumn) || filterColumn is not null) return null;
        var catalog = await Cube(build);
        if (!catalog.Kpis.TryGetValue(kpi.Code, out var cubed) || !cubed.Dimensions.Contains(key)) return null;
        if (catalog.Parts(kpi, window, filter) is not { } parts) return null;
        _ = new RowQuery("kpi:" + kpi.Code, "").Filtered(cubed.Dimensions, filter, scope); // a refusal as the rows' own
        var column = key == "department_code" ? null : key;
        var slice = await Slice(build, cubed, kpi.Code, column);
        var labelled = cubed.Labels.Contains(key);
        var groups = new Dictionary<string, (decimal? Numerator, decimal? Denominator, long Rows, string? Label)>(StringComparer.Ordinal);
        foreach (var w in parts)
        {
            if (!slice.TryGetValue((w.From, w.To), out var rows)) continue; // no rows in that window
            foreach (var r in rows)
            {
                if (!(scope.IsAll || r.Department is null || scope.Departments.Contains(r.Department))) continue;
                if (filter.Department is not null && r.Department is not null && r.Department != filter.Department) continue;
                var k = column is null ? r.Department : r.Key;
                if (k is null)
                {
                    if (r.Positive + r.Negative > 0) return null;
                    continue; // rows without the column and a zero numerator: not in the rows' breakdown either
                }
                var label = !labelled ? k : column is null ? r.DepartmentLabel : r.KeyLabel;
                var g = groups.GetValueOrDefault(k);
                groups[k] = (
                    r.Numerator is { } n ? (g.Numerator ?? 0) + n : g.Numerator,
                    r.Denominator is { } d ? (g.Denominator ?? 0) + d : g.Denominator,
                    g.Rows + r.Rows,
                    g.Label ?? label);
            }
        }
        return groups
            .Select(g => new KpiBreakdownItem(g.Key, g.Value.Label,
                kpi.Aggregation == KpiAggregation.Sum ? g.Value.Numerator ?? 0 : g.Value.Denominator is null or 0 ? null : g.Value.Numerator / g.Value.Denominator,
                g.Value.Numerator, g.Value.Denominator, g.Value.Rows))
            .OrderBy(i => i.Numerator is null)
            .ThenByDescending(i => i.Numerator)
            .ThenBy(i => i.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>How many values the cube answered (for tests and the benchmark's notes).</summary>
    public long CubeAnswers => Interlocked.Read(ref _cubeAnswers);

    private long _cubeAnswers;

    private void CountCubeAnswers(int count) => Interlocked.Add(ref _cubeAnswers, count);

}
