using System.Diagnostics;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using DuckDB.NET.Data;

namespace Cockpit.Etl.Cli;

/// <summary>
/// <c>benchmark-kpis</c>: the leadership page's data exactly as the page asks for it (<see cref="LeadershipDashboard"/>,
/// as an executive and as a department head), cold (a fresh service on the build) and cached; and the page's KPI
/// values alone next to the same SQL run one query after another directly on DuckDB.
/// </summary>
internal static class BenchmarkCommand
{
    public static int Run(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse", "--as-of", "--repeat" }, new HashSet<string>());
        var layout = new WarehouseLayout(a.Value("--warehouse") ?? DataPaths.Resolve("data/warehouse"));
        var pointer = KpiCommands.CurrentBuild(layout);
        var asOf = a.Date("--as-of") ?? pointer.AsOf ?? throw new UsageException("the current build has no month-end snapshot; give --as-of");
        var repeat = Math.Max(1, a.Int("--repeat") ?? 3);
        var queries = KpiPages.LeadershipQueries(asOf, KpiPeriod.Ytd).ToList();
        Console.WriteLine($"build {pointer.BuildId}, as-of {asOf:yyyy-MM-dd}");

        var departments = new KpiService(layout).GetFilterOptions().Departments;
        var callers = new List<(string Name, DataAccess Access)> { ("executive", DataAccess.CompanyWide("bench")) };
        if (departments.Count > 0) callers.Add(($"head of {departments[0].Code}", DataAccess.DepartmentHead("bench", departments[0].Code)));
        foreach (var (name, access) in callers)
        {
            var request = new PageRequest(new FilterState(asOf), access);
            var pageCold = new List<double>();
            var pageCached = new List<double>();
            var results = 0;
            for (var i = 0; i < repeat; i++)
            {
                using var service = new KpiService(layout);
                var dashboard = new LeadershipDashboard(service);
                var watch = Stopwatch.StartNew();
                dashboard.LoadAsync(request).GetAwaiter().GetResult();
                pageCold.Add(watch.Elapsed.TotalMilliseconds);
                results = service.CachedResults;
                watch.Restart();
                dashboard.LoadAsync(request).GetAwaiter().GetResult();
                pageCached.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"leadership page as {name} ({results} distinct queries):");
            Console.WriteLine($"  dashboard, cold   : {Summary(pageCold)}");
            Console.WriteLine($"  dashboard, cached : {Summary(pageCached)}");
        }
        // a page on the page data layer, cold (a fresh service) and cached, as its user opens it
        void MeasurePage(string title, DataAccess access, FilterState state, Func<ScopedData, PageRequest, Task> load)
        {
            var request = new PageRequest(state, access);
            var pageCold = new List<double>();
            var pageCached = new List<double>();
            var results = 0;
            for (var i = 0; i < repeat; i++)
            {
                using var service = new KpiService(layout);
                double Load()
                {
                    var watch = Stopwatch.StartNew();
                    using var data = ScopedData.Open(service, access, request.State, companyTotals: false);
                    load(data, request).GetAwaiter().GetResult();
                    return watch.Elapsed.TotalMilliseconds;
                }
                pageCold.Add(Load());
                results = service.CachedResults;
                pageCached.Add(Load());
            }
            Console.WriteLine($"{title} ({results} distinct queries):");
            Console.WriteLine($"  dashboard, cold   : {Summary(pageCold)}");
            Console.WriteLine($"  dashboard, cached : {Summary(pageCached)}");
        }

        // the business page as its department head sees it: their department, the quarter
        if (callers.Count > 1)
        {
            MeasurePage($"business page as {callers[1].Name}, quarter", callers[1].Access, new FilterState(asOf, KpiPeriod.Quarter),
                (data, request) => BusinessDashboard.LoadAsync(data, request));
        }
        // the risk page as a risk officer: every department
        MeasurePage("risk page as a risk officer", DataAccess.CompanyWide("bench"), new FilterState(asOf),
            (data, request) => RiskDashboard.LoadAsync(data, request));
        // the customer page as an executive sees it: the year to date, every department
        MeasurePage("customer page as an executive", DataAccess.CompanyWide("bench"), new FilterState(asOf),
            (data, request) => CustomerDashboard.LoadAsync(data, request, new CustomerOptions()));
        // the stress test's page: the baseline's queries and the 20,000-trial simulation of the baseline scenario
        // (cached: the queries come from the cache, the simulation runs again)
        var (baseline, errors) = StressScenario.FromQuery(null, null, null, null, null, null);
        MeasurePage("stress test, baseline scenario", DataAccess.CompanyWide("bench"), new FilterState(asOf),
            (data, request) => StressTest.LoadAsync(data, request, baseline, errors));

        var cold = new List<double>();
        var cached = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            using var service = new KpiService(layout);
            var watch = Stopwatch.StartNew();
            KpiPages.LoadLeadershipAsync(service, asOf, KpiPeriod.Ytd).GetAwaiter().GetResult();
            cold.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            KpiPages.LoadLeadershipAsync(service, asOf, KpiPeriod.Ytd).GetAwaiter().GetResult();
            cached.Add(watch.Elapsed.TotalMilliseconds);
        }

        var direct = new List<double>();
        using (var sqlSource = new KpiService(layout))
        {
            var statements = queries.Select(q => sqlSource.ValueQuery(q.Code, q.Window)).ToList();
            for (var i = 0; i < repeat; i++)
            {
                using var connection = WarehouseConnection.OpenReadOnly(layout.BuildFile(pointer.BuildId));
                var watch = Stopwatch.StartNew();
                foreach (var (sql, parameters) in statements)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    foreach (var (name, value) in parameters) command.Parameters.Add(new DuckDBParameter(name, value));
                    using var reader = command.ExecuteReader();
                    while (reader.Read()) { }
                }
                direct.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        Console.WriteLine($"the page's KPI values alone ({queries.Count} distinct KPI queries):");
        Console.WriteLine($"  service, cold   : {Summary(cold)}");
        Console.WriteLine($"  service, cached : {Summary(cached)}");
        Console.WriteLine($"  direct DuckDB   : {Summary(direct)} (same SQL, one query after another, no cache)");
        return 0;
    }

    private static string Summary(List<double> ms) =>
        $"{ms.Min(),9:N1} ms min, {ms.Average(),9:N1} ms mean over {ms.Count} runs";
}
