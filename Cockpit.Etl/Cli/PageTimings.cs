using System.Diagnostics;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using DuckDB.NET.Data;

namespace Cockpit.Etl.Cli;

/// <summary>
/// A page's data loaded exactly as the page asks for it, on a given service; <see cref="LoadOther"/>, when given, loads
/// the same page under another filter state (another month and a region), none of whose results the first load cached.
/// </summary>
internal sealed record PageCase(string Name, Func<KpiService, Task> Load, Func<KpiService, Task>? LoadOther = null);

/// <summary>One statement a service ran: its SQL and parameters, to run again directly on DuckDB.</summary>
internal sealed record CapturedQuery(string Sql, IReadOnlyDictionary<string, object> Parameters);

/// <summary>Page timings measured the same way in <c>benchmark-kpis</c> and <c>bench</c>.</summary>
/// <param name="Cold">each run on a fresh service (nothing cached), ms.</param>
/// <param name="Cached">the same page again on that service, ms.</param>
/// <param name="Results">distinct cached results after a cold run (the page's distinct queries).</param>
/// <param name="Queries">the statements the first cold run issued, in the order they started.</param>
/// <param name="NewState">after the cached run, the page under another filter state on that warm service (what a user
/// who changes a filter waits for on a running server), ms; empty when the page has none.</param>
internal sealed record PageTiming(List<double> Cold, List<double> Cached, int Results, IReadOnlyList<CapturedQuery> Queries, List<double> NewState);

/// <summary>
/// The dashboards as their pages ask for them (the Blazor pages call the same page data layer) and their timing:
/// cold (a fresh <see cref="KpiService"/> on the build) and cached, and the statements a page issued run again one
/// after another directly on DuckDB. Shared by <c>benchmark-kpis</c> and <c>bench</c>.
/// </summary>
internal static class PageTimings
{
    /// <summary>
    /// Leadership (as an executive and as the first department's head), business (that head, the quarter), risk (a risk
    /// officer), customers (an executive), the explore / drill-down page of <c>balance</c> (its head and the grid's first
    /// page), and the stress test's baseline (its queries and the 20,000-trial simulation).
    /// </summary>
    public static List<PageCase> Dashboards(WarehouseLayout layout, DateOnly asOf)
    {
        var executive = DataAccess.CompanyWide("bench");
        FilterOptions options;
        using (var service = new KpiService(layout)) options = service.GetFilterOptions();
        var departments = options.Departments;
        // another state: the month before, narrowed to the first region (a state none of the first load's results serve)
        var earlier = options.MonthEnds.FirstOrDefault(m => m < asOf);
        var region = options.Regions.FirstOrDefault()?.Code;
        FilterState Other(FilterState state) => earlier == default ? state with { Region = region } : state with { AsOf = earlier, Region = region };
        var head = departments.Count > 0 ? (Name: $"head of {departments[0].Code}", Access: DataAccess.DepartmentHead("bench", departments[0].Code)) : default;
        var pages = new List<PageCase>
        {
            Leadership("leadership page as executive", executive, new FilterState(asOf), Other),
        };
        if (head.Access is not null)
        {
            pages.Add(Leadership($"leadership page as {head.Name}", head.Access, new FilterState(asOf), Other));
            pages.Add(Scoped($"business page as {head.Name}, quarter", head.Access, new FilterState(asOf, KpiPeriod.Quarter),
                (data, request) => BusinessDashboard.LoadAsync(data, request), Other));
        }
        pages.Add(Scoped("risk page as a risk officer", executive, new FilterState(asOf), (data, request) => RiskDashboard.LoadAsync(data, request), Other));
        pages.Add(Scoped("customer page as an executive", executive, new FilterState(asOf),
            (data, request) => CustomerDashboard.LoadAsync(data, request, new CustomerOptions()), Other));
        pages.Add(Scoped("explore / drill-down of balance, first page", executive, new FilterState(asOf), async (data, request) =>
        {
            var model = await DrillDashboard.LoadAsync(data, request, "balance");
            await data.GetDrillDownAsync("balance", model.Window, offset: 0, limit: DrillPageSize);
        }, Other));
        var (baseline, errors) = StressScenario.FromQuery(null, null, null, null, null, null);
        pages.Add(Scoped("stress test, baseline scenario", executive, new FilterState(asOf),
            (data, request) => StressTest.LoadAsync(data, request, baseline, errors), Other));
        return pages;
    }

    private static PageCase Leadership(string name, DataAccess access, FilterState state, Func<FilterState, FilterState> other) =>
        new(name, s => new LeadershipDashboard(s).LoadAsync(new PageRequest(state, access)),
            s => new LeadershipDashboard(s).LoadAsync(new PageRequest(other(state), access)));

    /// <summary>The drill grid's first page (Cockpit.Web's GridQuery.DefaultSize).</summary>
    public const int DrillPageSize = 50;

    /// <summary>A page on the page data layer: its scoped data opened as the page opens it (never company totals).</summary>
    public static PageCase Scoped(string name, DataAccess access, FilterState state, Func<ScopedData, PageRequest, Task> load,
        Func<FilterState, FilterState>? other = null)
    {
        Func<KpiService, Task> Loader(FilterState s) => async service =>
        {
            var request = new PageRequest(s, access);
            using var data = ScopedData.Open(service, access, s, companyTotals: false);
            await load(data, request);
        };
        return new(name, Loader(state), other is null ? null : Loader(other(state)));
    }

    /// <summary>The page <paramref name="repeat"/> times cold (a fresh service each) and cached; the first cold run's statements captured.</summary>
    public static PageTiming Measure(WarehouseLayout layout, PageCase page, int repeat)
    {
        var cold = new List<double>();
        var cached = new List<double>();
        var newState = new List<double>();
        var results = 0;
        var queries = new List<CapturedQuery>();
        for (var i = 0; i < repeat; i++)
        {
            using var service = new KpiService(layout);
            if (i == 0)
            {
                KpiService.QueryObserver.Value = (sql, parameters) =>
                {
                    lock (queries) queries.Add(new CapturedQuery(sql, new Dictionary<string, object>(parameters, StringComparer.Ordinal)));
                };
            }
            var watch = Stopwatch.StartNew();
            try
            {
                page.Load(service).GetAwaiter().GetResult();
            }
            finally
            {
                KpiService.QueryObserver.Value = null;
            }
            cold.Add(watch.Elapsed.TotalMilliseconds);
            results = service.CachedResults;
            watch.Restart();
            page.Load(service).GetAwaiter().GetResult();
            cached.Add(watch.Elapsed.TotalMilliseconds);
            if (page.LoadOther is null) continue;
            watch.Restart();
            page.LoadOther(service).GetAwaiter().GetResult();
            newState.Add(watch.Elapsed.TotalMilliseconds);
        }
        return new PageTiming(cold, cached, results, queries, newState);
    }

    /// <summary>The statements run one after another on one read-only connection to the build, no cache, each result read through; ms per run.</summary>
    public static List<double> Direct(string buildFile, IReadOnlyList<CapturedQuery> statements, int repeat)
    {
        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            using var connection = WarehouseConnection.OpenReadOnly(buildFile);
            var watch = Stopwatch.StartNew();
            foreach (var (sql, parameters) in statements)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters) command.Parameters.Add(new DuckDBParameter(name, value));
                using var reader = command.ExecuteReader();
                while (reader.Read()) { }
            }
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    public static string Summary(List<double> ms) =>
        $"{ms.Min(),9:N1} ms min, {ms.Average(),9:N1} ms mean over {ms.Count} runs";
}
