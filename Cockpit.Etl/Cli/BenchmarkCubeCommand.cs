using System.Diagnostics;
using System.Globalization;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Etl.Cli;

/// <summary>
/// <c>benchmark-cube</c>: builds the KPI cube (<see cref="KpiCube"/>) again on a copy of the current build and prints
/// each KPI's time and groups, what the ETL's pre-aggregation step costs and where. <c>--in-place</c> writes it into
/// the current build itself (a benchmark warehouse built before the cube, so that the pages can be measured with it).
/// </summary>
internal static class BenchmarkCubeCommand
{
    public static int Run(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse", "--memory-limit-mb", "--parallel" }, new HashSet<string> { "--in-place" });
        var layout = new WarehouseLayout(a.Value("--warehouse") ?? DataPaths.Resolve("data/warehouse"));
        var pointer = KpiCommands.CurrentBuild(layout);
        var asOf = pointer.AsOf ?? throw new UsageException("the current build has no month-end snapshot");
        var inPlace = a.Has("--in-place");
        var copy = inPlace ? layout.BuildFile(pointer.BuildId) : Path.Combine(Path.GetTempPath(), $"cockpit-cube-{Environment.ProcessId}.duckdb");
        if (!inPlace) File.Copy(layout.BuildFile(pointer.BuildId), copy, overwrite: true);
        try
        {
            using var connection = WarehouseConnection.OpenWrite(copy);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"set memory_limit = '{a.Int("--memory-limit-mb") ?? 1536}MB'";
                command.ExecuteNonQuery();
            }
            var watch = Stopwatch.StartNew();
            var outcomes = KpiCube.Build(connection, asOf, Cockpit.Warehouse.SqlFolder.Locate(), parallel: a.Int("--parallel") ?? 2);
            Console.WriteLine($"build {pointer.BuildId}, as-of {asOf:yyyy-MM-dd}: cube in {watch.ElapsedMilliseconds:N0} ms");
            foreach (var o in outcomes.OrderByDescending(o => o.Milliseconds))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {o.Code,-28} {o.Milliseconds,8:N0} ms {o.Groups,12:N0} groups{(o.Skipped is null ? "" : "  left to the rows: " + o.Skipped)}"));
            }
        }
        finally
        {
            if (!inPlace) File.Delete(copy);
        }
        return 0;
    }
}
