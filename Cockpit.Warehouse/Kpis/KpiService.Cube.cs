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
    private sealed record CubedKpi(IReadOnlyList<string> Dimensions, string Grain);

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
        var kpis = Query(connection, $"select code, dimensions, grain from {KpiCube.KpisTable}", [])
            .Where(r => KpiCatalog.All.Any(d => d.Code == (string)r[0]!))
            .ToDictionary(r => (string)r[0]!, r => new CubedKpi(((string)r[1]!).Split(',', StringSplitOptions.RemoveEmptyEntries), (string)r[2]!), StringComparer.Ordinal);
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
            var ends = batch.SelectMany(b => b.Parts).Select(w => w.To).Distinct().Order().ToList();
            var inEnds = string.Join(", ", Enumerable.Range(0, ends.Count).Select(i => $"$cube_to_{i}"));
            var parts = new List<string>();
            foreach (var group in batch.GroupBy(b => b.Item.Kpi.Code, StringComparer.Ordinal))
            {
                string filtered;
                try
                {
                    // the KPI's own name, so a refusal reads as the rows' would
                    filtered = new RowQuery("kpi:" + group.Key, $"select * from {KpiCube.Table(group.Key)} where w_to in ({inEnds})")
                        .Filtered(catalog.Kpis[group.Key].Dimensions, filter, scope);
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

    /// <summary>How many values the cube answered (for tests and the benchmark's notes).</summary>
    public long CubeAnswers => Interlocked.Read(ref _cubeAnswers);

    private long _cubeAnswers;

    private void CountCubeAnswers(int count) => Interlocked.Add(ref _cubeAnswers, count);

}
