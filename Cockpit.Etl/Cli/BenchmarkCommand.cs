using System.Diagnostics;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using DuckDB.NET.Data;

namespace Cockpit.Etl.Cli;

/// <summary>
/// <c>benchmark-kpis</c>: the time to compute everything the leadership page shows, cold (fresh service on the build)
/// and cached, next to the same SQL run one query after another directly on DuckDB.
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
        Console.WriteLine($"build {pointer.BuildId}, as-of {asOf:yyyy-MM-dd}: leadership page = {queries.Count} distinct KPI queries");

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
        Console.WriteLine($"  service, cold   : {Summary(cold)}");
        Console.WriteLine($"  service, cached : {Summary(cached)}");
        Console.WriteLine($"  direct DuckDB   : {Summary(direct)} (same SQL, one query after another, no cache)");
        return 0;
    }

    private static string Summary(List<double> ms) =>
        $"{ms.Min(),9:N1} ms min, {ms.Average(),9:N1} ms mean over {ms.Count} runs";
}
