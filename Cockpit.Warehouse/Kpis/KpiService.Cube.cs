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

    /// <summary>What a build's cube holds: the KPIs with the filter columns of their groups, and the windows.</summary>
    private sealed record CubeCatalog(IReadOnlyDictionary<string, IReadOnlyList<string>> Kpis, HashSet<(DateOnly From, DateOnly To, bool Stock)> Windows)
    {
        public static readonly CubeCatalog Empty = new(new Dictionary<string, IReadOnlyList<string>>(), []);

        /// <summary>The value is in the cube: a cubed KPI, a window held, no drill-down filter (those columns are not grouped).</summary>
        public bool Holds(KpiDefinition kpi, KpiWindow window, KpiFilter filter) =>
            Kpis.ContainsKey(kpi.Code)
            && Windows.Contains((window.From, window.To, kpi.Timing == KpiTiming.Stock))
            && filter.RiskLevel is null && filter.FiveLevelClass is null && filter.CounterGuarantee is null && filter.Rating is null;
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
        var kpis = Query(connection, $"select code, dimensions from {KpiCube.KpisTable}", [])
            .ToDictionary(r => (string)r[0]!, r => (IReadOnlyList<string>)((string)r[1]!).Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        var windows = Query(connection, $"select w_from, w_to, stock from {KpiCube.WindowsTable}", [])
            .Select(r => (AsDate(r[0]), AsDate(r[1]), (bool)r[2]!))
            .ToHashSet();
        return new CubeCatalog(kpis.Where(k => KpiCatalog.All.Any(d => d.Code == k.Key)).ToDictionary(), windows);
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
    private async Task RunCubeBatch(WarehouseBuild build, CubeCatalog catalog, BatchItem[] batch)
    {
        try
        {
            var (filter, scope) = (batch[0].Filter, batch[0].Scope);
            var extra = new Dictionary<string, object>(StringComparer.Ordinal);
            var ends = batch.Select(b => b.Window.To).Distinct().ToList();
            for (var i = 0; i < ends.Count; i++) extra[$"cube_to_{i}"] = ends[i];
            var inEnds = string.Join(", ", Enumerable.Range(0, ends.Count).Select(i => $"$cube_to_{i}"));
            var parts = new List<string>();
            foreach (var group in batch.GroupBy(b => b.Kpi.Code, StringComparer.Ordinal))
            {
                string filtered;
                try
                {
                    // the KPI's own name, so a refusal reads as the rows' would
                    filtered = new RowQuery("kpi:" + group.Key, $"select * from {KpiCube.Table(group.Key)} where w_to in ({inEnds})")
                        .Filtered(catalog.Kpis[group.Key], filter, scope);
                }
                catch (ScopeRefusedException e)
                {
                    foreach (var b in group) b.Result.TrySetException(e);
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
            var open = batch.Where(b => !b.Result.Task.IsCompleted).ToList();
            if (open.Count == 0) return;
            var sql = string.Join("\nunion all by name\n", parts);
            var parameters = Parameters(sql, ProbeWindow, filter, scope, null, null);
            foreach (var (name, value) in extra) parameters[name] = value; // numbered: not among the names Parameters knows
            var found = await Run(build, connection => Query(connection, sql, parameters));
            var rows = found.ToDictionary(r => ((string)r[0]!, AsDate(r[1]), AsDate(r[2])), r => r);
            foreach (var b in open)
            {
                var row = rows.TryGetValue((b.Kpi.Code, b.Window.From, b.Window.To), out var r)
                    ? [r[3], r[4], r[5], r[6], r[7], r[8], null]
                    : new object?[] { null, null, 0L, 0L, 0L, 0L, null }; // no rows in the window: as the rows' aggregate of nothing
                b.Result.TrySetResult(FromRow(b.Kpi, b.Window, row));
            }
        }
        catch (Exception e)
        {
            foreach (var b in batch) b.Result.TrySetException(e);
        }
    }

    /// <summary>How many values the cube answered (for tests and the benchmark's notes).</summary>
    public long CubeAnswers => Interlocked.Read(ref _cubeAnswers);

    private long _cubeAnswers;

    private void CountCubeAnswers(int count) => Interlocked.Add(ref _cubeAnswers, count);

}
