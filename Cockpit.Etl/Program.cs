using Cockpit.Etl.Cli;

namespace Cockpit.Etl;

/// <summary>The ETL command line: <c>dotnet run --project Cockpit.Etl -- &lt;command&gt; [options]</c>.</summary>
public static class EtlProgram
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        try
        {
            var command = args.Length > 0 ? args[0] : "help";
            return command switch
            {
                "demo" => DemoCommand.Run(args),
                "run" => EtlCommands.Run(args),
                "status" => EtlCommands.Status(args),
                "quarantine" => EtlCommands.Quarantine(args),
                "kpis" => KpiCommands.Kpis(args),
                "targets" => KpiCommands.Targets(args),
                "benchmark-kpis" => BenchmarkCommand.Run(args),
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
    }

    private static int Help()
    {
        Console.WriteLine("""
            Cockpit ETL — 担保经营驾驶舱 数据处理

            dotnet run --project Cockpit.Etl -- demo [--out <dir>] [--seed N] [--contracts N] [--as-of yyyy-MM-dd]
                Generates the demo company: <dir>/source.db (core business system, SQLite) and <dir>/inbox/
                (surveys, complaints, targets, finance). Defaults: --out data, --seed 20240601, --contracts 8000,
                --as-of the last month end before today. Same seed and options give identical content.

            dotnet run --project Cockpit.Etl -- run [--source <sqlite path or connection string>] [--provider sqlite|postgresql]
                                                   [--inbox <dir>] [--warehouse <dir>] [--keep-builds N] [--json]
                Builds a new warehouse from the core system and the inbox and publishes it when every row is accounted
                for and every data test passes. Exit 0: a build was published; 1: the run failed (the current build is
                unchanged); 3: another run is in progress. Defaults: data/source.db, data/inbox, data/warehouse;
                the last 10 published builds are kept.

            dotnet run --project Cockpit.Etl -- status [--warehouse <dir>] [--json]
                The current build and the last runs.

            dotnet run --project Cockpit.Etl -- quarantine [--warehouse <dir>] [--json]
                The rows the last run quarantined: source, row, column, value, reason.

            dotnet run --project Cockpit.Etl -- kpis [--warehouse <dir>] [--as-of yyyy-MM-dd] [--period month|quarter|ytd|ttm]
                                                    [--department CODE] [--json]
                Every KPI of the catalogue on the current build (default as-of: its latest month end; period ytd).

            dotnet run --project Cockpit.Etl -- targets [--warehouse <dir>] [--as-of yyyy-MM-dd] [--json]
                Targets against actuals: completion, time progress, status (green/amber/red).

            dotnet run --project Cockpit.Etl -- benchmark-kpis [--warehouse <dir>] [--as-of yyyy-MM-dd] [--repeat N]
                Times the leadership page's KPIs: cold, cached, and the same SQL directly on DuckDB.
            """);
        return 0;
    }
}
