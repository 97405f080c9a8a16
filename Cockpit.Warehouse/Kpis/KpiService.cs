using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Cockpit.Warehouse.Kpis;

/// <summary>
/// Computes KPIs on the current warehouse build: values with 同比/环比, monthly series, breakdowns and drill-downs.
/// Every query binds its dates, filters and the caller's department scope as parameters. A published build never
/// changes, so results are cached by (build, KPI, window, filters, scope); a batch of figures runs together.
/// </summary>
public sealed partial class KpiService(WarehouseLayout layout, string? sqlFolder = null) : IDisposable
{
    /// <summary>Complaint SLA (docs/kpis.md): answered within 24 hours, resolved within 7 days; configurable.</summary>
    public int ComplaintResponseHours { get; init; } = 24;

    public int ComplaintResolveDays { get; init; } = 7;

    private readonly string _sqlFolder = sqlFolder ?? SqlFolder.Locate();
    private readonly ConcurrentDictionary<string, string> _kpiSql = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<KpiResult>>> _cache = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Build? _build;

    private sealed record Build(BuildPointer Pointer, DuckDBConnection Root) : IDisposable
    {
        public void Dispose() => Root.Dispose();
    }

    /// <summary>The build queries run on now, or null when none has been published.</summary>
    public BuildPointer? CurrentBuild => Current()?.Pointer;

    private Build? Current()
    {
        var pointer = layout.ReadCurrent();
        if (pointer is null) return null;
        lock (_gate)
        {
            if (_build?.Pointer.BuildId == pointer.BuildId) return _build;
            // A new build: a new cache space. Readers of the old build finish on their own connections.
            var old = _build;
            _build = new Build(pointer, WarehouseConnection.OpenShared(layout.BuildFile(pointer.BuildId)));
            if (old is not null)
            {
                foreach (var key in _cache.Keys.Where(k => k.StartsWith(old.Pointer.BuildId + "|", StringComparison.Ordinal)))
                {
                    _cache.TryRemove(key, out _);
                }
                old.Dispose(); // connections duplicated from it keep the old database open until they finish
            }
            return _build;
        }
    }

    private Build RequireBuild() =>
        Current() ?? throw new InvalidOperationException("尚无已发布的数据 no warehouse build has been published yet");

    // ---------------------------------------------------------------- values

    /// <summary>One KPI over an explicit window.</summary>
    public Task<KpiResult> GetAsync(string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var build = RequireBuild();
        filter ??= KpiFilter.None;
        scope ??= KpiScope.All;
        var kpi = KpiCatalog.Get(code);
        var window2 = kpi.Timing == KpiTiming.Stock ? new KpiWindow(window.AsOf, window.AsOf) : window;
        var key = $"{build.Pointer.BuildId}|{code}|{window2.From:yyyy-MM-dd}|{window2.To:yyyy-MM-dd}|{filter.Key}|{scope.Key}";
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<KpiResult>>(
            () => Task.Run(() => Compute(build, kpi, window2, filter, scope))));
        return lazy.Value;
    }

    /// <summary>Several KPIs at once (a page's figures), run together.</summary>
    public async Task<IReadOnlyList<KpiResult>> GetManyAsync(
        IEnumerable<(string Code, KpiWindow Window)> requests, KpiFilter? filter = null, KpiScope? scope = null) =>
        await Task.WhenAll(requests.Select(r => GetAsync(r.Code, r.Window, filter, scope)));

    /// <summary>KPIs for a period ending at D, each with 同比 and 环比.</summary>
    public async Task<IReadOnlyList<KpiFigure>> GetFiguresAsync(
        IEnumerable<string> codes, DateOnly asOf, KpiPeriod period, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var list = codes.ToList();
        var windows = new[] { KpiWindow.For(asOf, period), KpiWindow.YearAgo(asOf, period), KpiWindow.Previous(asOf, period) };
        var results = await GetManyAsync(list.SelectMany(c => windows.Select(w => (c, w))), filter, scope);
        return list.Select((c, i) => new KpiFigure(KpiCatalog.Get(c), results[i * 3], results[i * 3 + 1], results[i * 3 + 2])).ToList();
    }

    /// <summary>A monthly series for trends: the KPI for the period ending at each of the last <paramref name="months"/> month ends.</summary>
    public Task<IReadOnlyList<KpiResult>> GetSeriesAsync(
        string code, DateOnly asOf, KpiPeriod period, int months, KpiFilter? filter = null, KpiScope? scope = null)
    {
        months = Math.Clamp(months, 1, 36);
        var ends = Enumerable.Range(0, months).Reverse().Select(i => KpiWindow.MonthEnd(asOf.AddMonths(-i)));
        return GetManyAsync(ends.Select(d => (code, KpiWindow.For(d, period))), filter, scope);
    }

    private readonly ConcurrentDictionary<string, FilterOptions> _options = new(StringComparer.Ordinal);

    /// <summary>The month ends and dimension members of the current build, for the filter bar (cached per build).</summary>
    public FilterOptions GetFilterOptions()
    {
        var build = RequireBuild();
        return _options.GetOrAdd(build.Pointer.BuildId, _ =>
        {
            using var connection = WarehouseConnection.Fork(build.Root);
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
        });
    }

    /// <summary>The latest month end with snapshots in the current build (the default as-of date).</summary>
    public DateOnly? LatestAsOf() => CurrentBuild?.AsOf;

    // ---------------------------------------------------------------- breakdowns and drill-downs

    private static readonly Dictionary<KpiDimension, (string Key, string Label)> DimensionColumns = new()
    {
        [KpiDimension.Department] = ("department_code", "department_name"),
        [KpiDimension.Product] = ("product_code", "product_name"),
        [KpiDimension.Industry] = ("industry_code", "industry_name"),
        [KpiDimension.Region] = ("region_code", "region_name"),
        [KpiDimension.Tier] = ("tier", "tier"),
        [KpiDimension.Customer] = ("customer_id", "customer_name"),
        [KpiDimension.Group] = ("group_key", "group_name"),
    };

    /// <summary>
    /// The KPI by a dimension, largest first. For sums and ratios each group's own value; for concentration KPIs
    /// each group's share of the whole (Σ group numerator ÷ Σ denominator).
    /// </summary>
    public async Task<IReadOnlyList<KpiBreakdownItem>> GetBreakdownAsync(
        string code, KpiWindow window, KpiDimension dimension, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var kpi = KpiCatalog.Get(code);
        var total = await GetAsync(code, window, filter, scope);
        var build = RequireBuild();
        return await Task.Run(() =>
        {
            using var connection = WarehouseConnection.Fork(build.Root);
            var columns = Columns(connection, kpi);
            var (keyColumn, labelColumn) = DimensionColumns[dimension];
            if (!columns.Contains(keyColumn)) return (IReadOnlyList<KpiBreakdownItem>)[];
            var label = columns.Contains(labelColumn) ? labelColumn : keyColumn;
            var sql = Filtered(kpi) + $"""
                select cast({keyColumn} as varchar) as key, cast(any_value({label}) as varchar) as label,
                    sum(numerator) as numerator, sum(denominator) as denominator, median(cast(numerator as double)) as median, count(*) as row_count
                from filtered
                group by 1
                order by sum(numerator) desc nulls last, 1
                """;
            var items = new List<KpiBreakdownItem>();
            foreach (var row in Query(connection, sql, Parameters(sql, Window(kpi, window), filter ?? KpiFilter.None, scope ?? KpiScope.All, kpi)))
            {
                var num = ToDecimal(row[2]);
                var den = ToDecimal(row[3]);
                decimal? value = kpi.Aggregation switch
                {
                    KpiAggregation.Sum => num ?? 0,
                    KpiAggregation.Ratio => den is null or 0 ? null : num / den,
                    KpiAggregation.Median => ToDecimal(row[4]),
                    _ => total.Denominator is null or 0 ? null : num / total.Denominator,
                };
                items.Add(new KpiBreakdownItem((string?)row[0], (string?)row[1], value, num, den, Convert.ToInt64(row[5], CultureInfo.InvariantCulture)));
            }
            return items;
        });
    }

    /// <summary>The rows behind a figure, a page at a time, sorted by a column of the rows.</summary>
    public async Task<KpiDrillDown> GetDrillDownAsync(
        string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null,
        int offset = 0, int limit = 100, string? sortColumn = null, bool descending = false)
    {
        var kpi = KpiCatalog.Get(code);
        var figure = await GetAsync(code, window, filter, scope);
        var build = RequireBuild();
        return await Task.Run(() =>
        {
            using var connection = WarehouseConnection.Fork(build.Root);
            var columns = Columns(connection, kpi);
            // the sort column must be one of the rows' own columns: nothing from the caller reaches the SQL text
            var sort = sortColumn is not null && columns.Contains(sortColumn) ? sortColumn : null;
            // DuckDB's "order by all" cannot follow another key: the tie-break is every column by position
            var ties = string.Join(", ", Enumerable.Range(1, columns.Count));
            var order = sort is null ? "order by all" : $"order by \"{sort}\" {(descending ? "desc" : "asc")} nulls last, {ties}";
            var sql = Filtered(kpi) + $"select * from filtered {order} limit $limit offset $offset";
            var parameters = Parameters(sql, Window(kpi, window), filter ?? KpiFilter.None, scope ?? KpiScope.All, kpi);
            parameters["limit"] = Math.Clamp(limit, 1, 1_048_576);
            parameters["offset"] = Math.Max(0, offset);
            var rows = Query(connection, sql, parameters);
            return new KpiDrillDown(figure, columns, rows, figure.Rows);
        });
    }

    /// <summary>All rows behind a figure, streamed (for exports).</summary>
    public IEnumerable<object?[]> StreamRows(string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var kpi = KpiCatalog.Get(code);
        var build = RequireBuild();
        using var connection = WarehouseConnection.Fork(build.Root);
        var sql = Filtered(kpi) + "select * from filtered order by all";
        using var command = Command(connection, sql, Parameters(sql, Window(kpi, window), filter ?? KpiFilter.None, scope ?? KpiScope.All, kpi));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    /// <summary>The SQL of a KPI as it runs (its rows, filtered by the filter bar and the scope), for the definitions sheet.</summary>
    public string DefinitionSql(string code) => KpiSql(KpiCatalog.Get(code));

    // ---------------------------------------------------------------- SQL

    private static KpiWindow Window(KpiDefinition kpi, KpiWindow window) =>
        kpi.Timing == KpiTiming.Stock ? new KpiWindow(window.AsOf, window.AsOf) : window;

    private string KpiSql(KpiDefinition kpi) => _kpiSql.GetOrAdd(kpi.Code, _ =>
    {
        var path = Path.Combine(_sqlFolder, kpi.SqlFile);
        return File.ReadAllText(path).Trim().TrimEnd(';');
    });

    private string Filtered(KpiDefinition kpi) => $"""
        with kpi_rows as (
        {KpiSql(kpi)}
        ),

        filtered as (
            select * from kpi_rows
            where ($department = '' or department_code is null or department_code = $department)
                and ($product = '' or product_code is null or product_code = $product)
                and ($industry = '' or industry_code is null or industry_code = $industry)
                and ($region = '' or region_code is null or region_code = $region)
                and ($tier = '' or tier is null or tier = $tier)
                and ($scope_all or department_code is null or list_contains(string_split($scope, ','), department_code))
        )

        """;

    /// <summary>
    /// The SQL and bound parameters that compute a KPI's value, exactly as the service runs them (for benchmarks and
    /// for auditors who want to run it themselves).
    /// </summary>
    public (string Sql, IReadOnlyDictionary<string, object> Parameters) ValueQuery(
        string code, KpiWindow window, KpiFilter? filter = null, KpiScope? scope = null)
    {
        var kpi = KpiCatalog.Get(code);
        var w = Window(kpi, window);
        var sql = ValueSql(kpi);
        return (sql, Parameters(sql, w, filter ?? KpiFilter.None, scope ?? KpiScope.All, kpi));
    }

    private string ValueSql(KpiDefinition kpi)
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
        return Filtered(kpi)
            + (groups ? ", groups as (select group_key, sum(numerator) as group_total from filtered where group_key is not null group by group_key)\n" : "")
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
               """;
    }

    private KpiResult Compute(Build build, KpiDefinition kpi, KpiWindow window, KpiFilter filter, KpiScope scope)
    {
        var sql = ValueSql(kpi);
        using var connection = WarehouseConnection.Fork(build.Root);
        var row = Query(connection, sql, Parameters(sql, window, filter, scope, kpi))[0];
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

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _columns = new(StringComparer.Ordinal);

    private IReadOnlyList<string> Columns(DuckDBConnection connection, KpiDefinition kpi) => _columns.GetOrAdd(kpi.Code, _ =>
    {
        var sql = Filtered(kpi) + "select * from filtered limit 0";
        var parameters = Parameters(sql, new KpiWindow(new DateOnly(2000, 1, 1), new DateOnly(2000, 1, 31)), KpiFilter.None, KpiScope.All, kpi);
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    });

    /// <summary>The values for the parameters the SQL names; nothing from the caller is pasted into SQL text.</summary>
    private Dictionary<string, object> Parameters(string sql, KpiWindow window, KpiFilter filter, KpiScope scope, KpiDefinition kpi)
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
            ["scope_all"] = scope.IsAll,
            ["scope"] = string.Join(',', scope.Departments),
            ["required_kind"] = kpi.RequiresRowKind ?? "",
            ["response_hours"] = ComplaintResponseHours,
            ["resolve_days"] = ComplaintResolveDays,
        };
        var named = ParameterName().Matches(sql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return all.Where(p => named.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\$([a-z_]+)")]
    private static partial Regex ParameterName();

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, Dictionary<string, object> parameters)
    {
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
            _build?.Dispose();
            _build = null;
        }
    }
}
