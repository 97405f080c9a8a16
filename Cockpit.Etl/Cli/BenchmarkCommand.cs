using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Etl.Cli;

/// <summary>
/// <c>benchmark-kpis</c>: every dashboard's data exactly as its page asks for it (<see cref="PageTimings.Dashboards"/>),
/// cold (a fresh service on the build) and cached; and the leadership page's KPI values alone next to the same SQL run
/// one query after another directly on DuckDB.
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
        Console.WriteLine($"build {pointer.BuildId}, as-of {asOf:yyyy-MM-dd}");

        // the stress test's cached run takes its queries from the cache; the simulation runs again
        foreach (var page in PageTimings.Dashboards(layout, asOf))
        {
            var timing = PageTimings.Measure(layout, page, repeat);
            Console.WriteLine($"{page.Name} ({timing.Results} distinct queries):");
            Console.WriteLine($"  dashboard, cold   : {PageTimings.Summary(timing.Cold)}");
            Console.WriteLine($"  dashboard, cached : {PageTimings.Summary(timing.Cached)}");
            if (timing.NewState.Count > 0) Console.WriteLine($"  another filter state, warm service : {PageTimings.Summary(timing.NewState)}");
        }

        var queries = KpiPages.LeadershipQueries(asOf, KpiPeriod.Ytd).ToList();
        var values = PageTimings.Measure(layout, new PageCase("the leadership page's KPI values", s => KpiPages.LoadLeadershipAsync(s, asOf, KpiPeriod.Ytd)), repeat);
        List<CapturedQuery> statements;
        using (var sqlSource = new KpiService(layout))
        {
            statements = [.. queries.Select(q => sqlSource.ValueQuery(q.Code, q.Window)).Select(q => new CapturedQuery(q.Sql, q.Parameters))];
        }
        var direct = PageTimings.Direct(layout.BuildFile(pointer.BuildId), statements, repeat);
        Console.WriteLine($"the page's KPI values alone ({queries.Count} distinct KPI queries):");
        Console.WriteLine($"  service, cold   : {PageTimings.Summary(values.Cold)}");
        Console.WriteLine($"  service, cached : {PageTimings.Summary(values.Cached)}");
        Console.WriteLine($"  direct DuckDB   : {PageTimings.Summary(direct)} (same SQL, one query after another, no cache)");
        return 0;
    }
}
