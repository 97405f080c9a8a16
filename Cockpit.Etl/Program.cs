using System.Diagnostics;
using Cockpit.Etl;
using Cockpit.Etl.Cli;
using Cockpit.Etl.Demo;

// Cockpit ETL command line. Commands: demo (more arrive with the warehouse).
Console.OutputEncoding = System.Text.Encoding.UTF8;
try
{
    var command = args.Length > 0 ? args[0] : "help";
    return command switch
    {
        "demo" => DemoCommand.Run(args),
        "help" or "--help" or "-h" => Help(),
        _ => throw new UsageException($"unknown command '{command}'."),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"错误 error: {e.Message}");
    Console.Error.WriteLine("dotnet run --project Cockpit.Etl -- help");
    return 2;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"错误 error: {e.Message}");
    return 2;
}

static int Help()
{
    Console.WriteLine("""
        Cockpit ETL — 担保经营驾驶舱 数据处理

        dotnet run --project Cockpit.Etl -- demo [--out <dir>] [--seed N] [--contracts N] [--as-of yyyy-MM-dd]
            Generates the demo company: <dir>/source.db (core business system, SQLite) and <dir>/inbox/
            (surveys, complaints, targets, finance). Defaults: --out data, --seed 20240601, --contracts 8000,
            --as-of the last month end before today. Same seed and options give identical content.
        """);
    return 0;
}

namespace Cockpit.Etl.Cli
{
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
}
