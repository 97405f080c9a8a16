using System.Globalization;
using System.Text.RegularExpressions;
using Cockpit.Warehouse.Pages;
using DuckDB.NET.Data;

namespace Cockpit.Warehouse.Kpis;

/// <summary>
/// Pre-aggregated KPI values (issue 18): for each KPI whose value is a sum or a ratio of sums, the ETL stores its
/// aggregate row — Σ numerator, Σ denominator, rows, positive, negative, required rows — grouped by the filter bar's
/// columns its rows carry (department, product, industry, region, tier), for the windows a page asks for over the last
/// <see cref="Months"/> month ends: a stock KPI at each month end; a flow KPI by month where its periods are the sums
/// of their months (<see cref="Monthly"/>), otherwise for each period (month, quarter to date, year to date, trailing
/// twelve months) ending at each month end. Each window is computed by the KPI's own SQL with that window's dates.
/// Filtering the groups by the filter bar and the caller's scope with <see cref="RowQuery"/>'s own predicates keeps
/// exactly the rows the same predicates keep in the KPI's rows, so a value from the cube equals the value from the rows
/// (<c>KpiCubeTests</c> checks every cubed KPI). A page then sums small groups instead of scanning the marts; anything
/// the cube does not hold — another window, a drill-down filter, a median or a share of the largest groups — is
/// computed from the rows as before.
/// </summary>
public static partial class KpiCube
{
    /// <summary>How many month ends back from the build's date the cube holds: the longest monthly series a page asks for.</summary>
    public const int Months = 36;

    /// <summary>The windows table: one row per window held and its grain (<c>stock</c>, <c>month</c>, <c>period</c>).</summary>
    public const string WindowsTable = "kpi_cube_windows";

    /// <summary>The KPIs cubed in the build and the filter columns of their groups.</summary>
    public const string KpisTable = "kpi_cube_kpis";

    /// <summary>
    /// The table of one KPI's aggregate rows: by every filter-bar column its rows carry (<see cref="Full"/>), and the same
    /// summed to the department alone and to the department and one other column (<see cref="Level"/>): what a page
    /// under no filter or one filter reads — a few groups per window instead of every combination. One table per KPI,
    /// its levels apart by the <c>level</c> column: a table has a fixed cost in a build (a small company's build with
    /// six tables per KPI was 66 MB instead of 15 and took 0.8 s longer to write).
    /// </summary>
    public static string Table(string code) => "kpi_cube_" + code;

    /// <summary>The level of the full groups, by every filter-bar column the KPI's rows carry.</summary>
    public const string Full = "full";

    /// <summary>The level of the roll-up to the department and <paramref name="column"/> (or to the department alone for <c>null</c>).</summary>
    public static string Level(string? column) => column ?? "department";

    /// <summary>
    /// Whether a roll-up holds the filter: it filters on no column but the department, or on one (<paramref name="column"/>);
    /// otherwise the full table does.
    /// </summary>
    public static bool FilterColumn(KpiFilter filter, out string? column)
    {
        var used = RowQuery.FilterColumns.Where(c => c.Column != "department_code" && c.Value(filter) is not null).Select(c => c.Column).ToList();
        column = used.Count == 1 ? used[0] : null;
        return used.Count <= 1;
    }

    /// <summary>The filter bar's columns a cube groups by (the drill-down's own filters are answered from the rows).</summary>
    internal static readonly IReadOnlyList<string> Dimensions = ["department_code", "product_code", "industry_code", "region_code", "tier"];

    /// <summary>
    /// The name beside each grouped code, kept (as the rows' <c>any_value</c>) where the KPI's rows carry it: a
    /// breakdown by the column is then answered from the roll-up with the rows' own labels.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["department_code"] = "department_name", ["product_code"] = "product_name", ["industry_code"] = "industry_name", ["region_code"] = "region_name",
    };

    [GeneratedRegex(@"\$([a-z_]+)")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"\$(as_of|from|to)\b")]
    private static partial Regex WindowParameter();

    /// <summary>
    /// Whether a KPI can be cubed: a sum or a ratio of sums (additive over groups), its SQL naming no parameter but the
    /// window's (a setting such as the complaint deadlines may change without a new build).
    /// </summary>
    public static bool Cubable(KpiDefinition kpi, string sql) =>
        kpi.Aggregation is KpiAggregation.Sum or KpiAggregation.Ratio
        && !FromRows.Contains(kpi.Code)
        && ParameterName().Matches(sql).All(m => m.Groups[1].Value is "as_of" or "from" or "to");

    /// <summary>
    /// The flow KPIs whose rows are chosen by one date within the period (a contract's start, a payment, a decision, a
    /// survey…) and whose values do not depend on the period: a period's rows are its months' rows, so the cube holds
    /// their months only and a quarter, a year to date or twelve months is the sum of its months
    /// (<c>KpiCubeTests</c> compares every period with the rows'). The others — recovery against the opening balance,
    /// renewals and churn judged at the period's end — are held for each period as computed.
    /// </summary>
    public static readonly IReadOnlySet<string> Monthly = new HashSet<string>(StringComparer.Ordinal)
    {
        "new_amount", "new_count", "new_customers", "avg_fee_rate", "approval_rate", "approval_days", "dual_due_diligence_rate",
        "fee_income", "non_financing_fee_share", "compensation_amount", "released_amount", "compensation_rate", "loss_rate",
        "complaints", "csat", "nps",
    };

    /// <summary>
    /// KPIs left to their rows although they could be cubed, because each window is a heavy computation of its own and
    /// the cube would hold 36–120 of them: at a million contracts renewal and churn took 90 s each (the maturities
    /// macro per period) and the new-business overdue rate 44 s (every snapshot up to each month end), against 33 s for
    /// the 28 others together. Their pages compute the few windows they show from the rows.
    /// </summary>
    public static readonly IReadOnlySet<string> FromRows = new HashSet<string>(StringComparer.Ordinal)
    {
        "renewal_rate", "churn_rate", "new_business_overdue_rate",
    };

    /// <summary>How a KPI's windows are held: at each month end (stock), by month (summed into periods) or per period.</summary>
    public static string Grain(KpiDefinition kpi) =>
        kpi.Timing == KpiTiming.Stock ? "stock" : Monthly.Contains(kpi.Code) ? "month" : "period";

    /// <summary>The month ends the cube holds: the build's date and the <see cref="Months"/> − 1 month ends before it.</summary>
    public static IReadOnlyList<DateOnly> Ends(DateOnly asOf) =>
        [asOf, .. Enumerable.Range(1, Months - 1).Select(i => KpiWindow.MonthEnd(asOf.AddMonths(-i)))];

    /// <summary>A flow KPI's windows: each period ending at each end (the same window once).</summary>
    public static IReadOnlyList<KpiWindow> FlowWindows(DateOnly asOf) =>
        Ends(asOf).SelectMany(e => Enum.GetValues<KpiPeriod>().Select(p => KpiWindow.For(e, p))).Distinct().ToList();

    /// <summary>What was cubed: per KPI its groups, or why it was left to the rows.</summary>
    public sealed record Outcome(string Code, IReadOnlyList<string> Dimensions, long Groups, string? Skipped, long Milliseconds)
    {
        /// <summary>The grouped columns whose names the cube keeps beside them (<see cref="KpiCube.Labels"/>).</summary>
        public IReadOnlyList<string> Labels { get; init; } = [];
    }

    /// <summary>
    /// Builds the cube in a build whose marts and macros exist. A KPI DuckDB cannot cube is left out (its values come
    /// from the rows) and named in the outcome; the build stays usable either way.
    /// </summary>
    public static IReadOnlyList<Outcome> Build(
        DuckDBConnection connection, DateOnly asOf, string sqlFolder, Action<string>? progress = null, int parallel = 2)
    {
        var outcomes = new List<Outcome>();
        Execute(connection, $"create or replace table {WindowsTable} (w_from date not null, w_to date not null, grain varchar not null)");
        using (var appender = connection.CreateAppender(WindowsTable))
        {
            foreach (var w in FlowWindows(asOf)) appender.CreateRow().AppendValue(w.From).AppendValue(w.To).AppendValue("period").EndRow();
            foreach (var e in Ends(asOf))
            {
                var month = KpiWindow.For(e, KpiPeriod.Month);
                appender.CreateRow().AppendValue(month.From).AppendValue(month.To).AppendValue("month").EndRow();
                appender.CreateRow().AppendValue(e).AppendValue(e).AppendValue("stock").EndRow();
            }
        }
        Execute(connection, $"create or replace table {KpisTable} (code varchar not null, dimensions varchar not null, grain varchar not null, labels varchar not null)");
        var kpis = KpiCatalog.All
            .Select(k => (Kpi: k, Sql: File.ReadAllText(Path.Combine(sqlFolder, k.SqlFile)).Trim().TrimEnd(';')))
            .Where(k => Cubable(k.Kpi, k.Sql))
            .ToList();
        // two KPIs at a time, each on a connection of its own: at the demo's size a KPI's statement is mostly fixed cost
        // on one core (the 28 took 2.7–3.0 s one after another, 2.1–2.4 s two at a time; benchmark-cube --parallel)
        var results = new Outcome?[kpis.Count];
        Parallel.For(0, kpis.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(parallel, Environment.ProcessorCount)) }, i =>
        {
            // another connection to the same database (DuckDB.NET shares one database instance per file in a process)
            using var own = connection.DataSource == ":memory:" || connection.ConnectionString.Contains(":memory:", StringComparison.Ordinal)
                ? connection.Duplicate() : new DuckDBConnection(connection.ConnectionString);
            own.Open();
            progress?.Invoke(kpis[i].Kpi.Code);
            results[i] = BuildOne(own, kpis[i].Kpi, kpis[i].Sql);
        });
        foreach (var o in results)
        {
            outcomes.Add(o!);
            if (o!.Skipped is null)
            {
                var kpi = KpiCatalog.Get(o.Code);
                Execute(connection, $"insert into {KpisTable} values ($code, $dimensions, $grain, $labels)",
                    ("code", o.Code), ("dimensions", string.Join(',', o.Dimensions)), ("grain", Grain(kpi)), ("labels", string.Join(',', o.Labels)));
            }
        }
        return outcomes;
    }

    private static Outcome BuildOne(DuckDBConnection connection, KpiDefinition kpi, string sql)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var columns = Columns(connection, sql);
            var dimensions = Dimensions.Where(columns.Contains).ToList();
            var body = WindowParameter().Replace(sql, m => "win.w_" + m.Groups[1].Value);
            var groups = string.Concat(dimensions.Select(d => $", v.{d}"));
            var labels = dimensions.Where(d => Labels.TryGetValue(d, out var label) && columns.Contains(label)).ToDictionary(d => d, d => Labels[d]);
            string Named(string? column, string prefix) => column is not null && labels.TryGetValue(column, out var label) ? $", any_value({prefix}{label}) as {label}" : "";
            // the full groups in a temporary table (never written to the build's file), then the KPI's one table: the full
            // groups and their roll-ups to the department and at most one other column, apart by level
            var temporary = "cube_full_" + kpi.Code;
            Execute(connection, $"""
                create or replace temporary table {temporary} as
                select
                    win.w_from, win.w_to{groups}{string.Concat(dimensions.Select(d => Named(d, "v.")))},
                    sum(v.numerator) as numerator,
                    sum(v.denominator) as denominator,
                    count(*) as row_count,
                    count(*) filter (where v.numerator > 0) as positive,
                    count(*) filter (where v.numerator < 0) as negative,
                    count(*) filter (where v.row_kind = $required_kind) as required_rows
                from (select w_from, w_to, w_to as w_as_of from {WindowsTable} where grain = '{Grain(kpi)}') as win,
                lateral (
                {body}
                ) as v
                group by win.w_from, win.w_to{groups}
                """, ("required_kind", kpi.RequiresRowKind ?? ""));
            var department = dimensions.Contains("department_code") ? ", department_code" : "";
            var levels = dimensions.Where(d => d != "department_code").Select(d => (string?)d).Prepend(null).Select(column =>
            {
                var keys = department + (column is null ? "" : $", {column}");
                var names = (department.Length > 0 ? Named("department_code", "") : "") + Named(column, "");
                return $"""
                    select '{Level(column)}' as level, w_from, w_to{keys}{names},
                        sum(numerator) as numerator, sum(denominator) as denominator,
                        cast(sum(row_count) as bigint) as row_count, cast(sum(positive) as bigint) as positive,
                        cast(sum(negative) as bigint) as negative, cast(sum(required_rows) as bigint) as required_rows
                    from {temporary}
                    group by w_from, w_to{keys}
                    """;
            });
            Execute(connection, $"""
                create or replace table {Table(kpi.Code)} as
                select * from (
                    select '{Full}' as level, * from {temporary}
                    union all by name
                    {string.Join("\nunion all by name\n", levels)}
                )
                order by level, w_to, w_from
                """);
            Execute(connection, $"drop table {temporary}");
            return new Outcome(kpi.Code, dimensions, Count(connection, Table(kpi.Code)), null, watch.ElapsedMilliseconds) { Labels = [.. labels.Keys] };
        }
        catch (DuckDBException e)
        {
            Execute(connection, $"drop table if exists {Table(kpi.Code)}");
            Execute(connection, $"drop table if exists cube_full_{kpi.Code}");
            return new Outcome(kpi.Code, [], 0, WarehouseFault.FirstLine(e.Message), watch.ElapsedMilliseconds);
        }
    }

    private static HashSet<string> Columns(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select * from (\n{sql}\n) limit 0";
        foreach (var name in ParameterName().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
        {
            command.Parameters.Add(new DuckDBParameter(name, KpiService.ProbeWindow.To));
        }
        using var reader = command.ExecuteReader();
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToHashSet(StringComparer.Ordinal);
    }

    private static long Count(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select count(*) from {table} where level = '{Full}'";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(DuckDBConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.Add(new DuckDBParameter(name, value));
        command.ExecuteNonQuery();
    }
}
