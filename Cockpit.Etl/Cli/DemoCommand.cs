using System.Diagnostics;
using Cockpit.Etl.Demo;

namespace Cockpit.Etl.Cli;

internal static class DemoCommand
{
    public static int Run(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--out", "--seed", "--contracts", "--as-of" }, new HashSet<string>());
        var options = new DemoOptions(
            a.Int("--seed") ?? DemoOptions.DefaultSeed,
            a.Int("--contracts") ?? DemoOptions.DefaultContracts,
            a.Date("--as-of"));
        var outDir = a.Value("--out") ?? DataPaths.Resolve("data");
        var watch = Stopwatch.StartNew();
        var result = DemoWriter.Generate(outDir, options, DateOnly.FromDateTime(DateTime.Now),
            new Progress<string>(Console.Error.WriteLine));
        var c = result.Company;
        Console.WriteLine($"演示公司已生成 demo company written to {result.Directory}");
        Console.WriteLine($"  as-of {c.AsOf:yyyy-MM-dd}, history from {c.HistoryStart:yyyy-MM-dd}, seed {options.Seed}");
        foreach (var (table, rows) in DemoSummary.RowCounts(c))
        {
            Console.WriteLine($"  {table,-18} {rows,9:N0}");
        }
        Console.WriteLine($"  inbox files        {c.InboxFiles.Count,9:N0}");
        Console.WriteLine($"  dirty records      {c.DirtyRecords.Count,9:N0}  (see {DemoWriter.DirtyManifestFileName})");
        Console.WriteLine($"  time               {watch.Elapsed.TotalSeconds,9:F1} s (generate {result.GenerateTime.TotalSeconds:F1} s)");
        return 0;
    }
}
