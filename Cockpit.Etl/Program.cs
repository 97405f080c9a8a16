using Cockpit.Etl.Cli;
using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;

namespace Cockpit.Etl;

/// <summary>The ETL command line: <c>dotnet run --project Cockpit.Etl -- &lt;command&gt; [options]</c>.</summary>
public static class EtlProgram
{
    public static int Main(string[] args)
    {
        try
        {
            TryUseUtf8();
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
                "benchmark-export" => BenchmarkExportCommand.Run(args),
                "benchmark-cube" => BenchmarkCubeCommand.Run(args),
                "bench" => Cli.Bench.BenchCommand.Run(args),
                "help" or "--help" or "-h" => Help(),
                _ => throw new UsageException($"unknown command '{command}'."),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"错误 error: {e.Message}");
            Console.Error.WriteLine("dotnet run --project Cockpit.Etl -- help");
            return ExitCodes.Usage;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"错误 error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (EtlBusyException e)
        {
            Console.Error.WriteLine($"错误 error: {e.Message}");
            return ExitCodes.Busy;
        }
        catch (WarehouseUnusableException e)
        {
            Console.Error.WriteLine($"错误 error: {e.Message}");
            return ExitCodes.WarehouseUnusable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"错误 error: 文件或文件夹无法访问 a file or folder cannot be used: {WarehouseFault.Describe(e)}");
            return ExitCodes.WarehouseUnusable;
        }
        catch (Exception e)
        {
            // the one place an unexpected failure ends: one line for people, the stack trace in a file
            var details = WriteDetails(args, e);
            Console.Error.WriteLine($"意外错误 unexpected error: {e.GetType().Name}: {WarehouseFault.FirstLine(e.Message)}" +
                                    (details is null ? "" : $" (详情 details: {details})"));
            return ExitCodes.Unexpected;
        }
    }

    private static void TryUseUtf8()
    {
        try
        {
            Console.OutputEncoding = System.Text.Encoding.UTF8;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            // no console to set (output redirected on an old Windows host): the text is still written
        }
    }

    /// <summary>Writes the full exception to a file under the temp folder; null when even that fails.</summary>
    private static string? WriteDetails(string[] args, Exception e)
    {
        try
        {
            var folder = Path.Combine(Path.GetTempPath(), "cockpit-etl");
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(file, $"{DateTimeOffset.UtcNow:O}\ncockpit-etl {string.Join(' ', args)}\n\n{e}\n");
            return file;
        }
        catch (Exception)
        {
            return null;
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
                                                   [--inbox <dir>] [--warehouse <dir>] [--keep-builds N]
                                                   [--max-row-loss 0.5|50%] [--allow-hollow] [--max-file-mb N]
                                                   [--memory-limit-mb N] [--json]
                Builds a new warehouse from the core system and the inbox and publishes it when every row is accounted
                for and every data test passes. Defaults: data/source.db, data/inbox, data/warehouse; the last 10
                published builds are kept; an inbox file over --max-file-mb (default 50) is rejected unread; DuckDB
                builds within --memory-limit-mb (default 1536; 0 = DuckDB's default) and spills beyond it.
                It refuses to publish a hollow build: when the inbox folder does not exist or cannot be read, when
                departments, customers, contracts or balance_snapshots loaded no rows, or when a core table lost more than --max-row-loss (default 0.5 = 50 %; 1 = off) of the rows in the current build.
                --allow-hollow publishes anyway; the run log records it and the guards it overrode. Before it starts
                it cleans temporary files, moves unreadable run logs aside as <name>.corrupt and, when current.json
                or its build is unreadable, makes the newest succeeded build that opens current again (all shown as
                warnings).

            dotnet run --project Cockpit.Etl -- status [--warehouse <dir>] [--json]
                The current build and the last runs; a run whose process is gone shows as abandoned, an unreadable
                run log as a warning (exit 0); a current.json or build that cannot be read exits 5.

            dotnet run --project Cockpit.Etl -- quarantine [--warehouse <dir>] [--json]
                The rows the last run quarantined: source, row, column, value, reason.

            dotnet run --project Cockpit.Etl -- kpis [--warehouse <dir>] [--build <id or run>] [--as-of yyyy-MM-dd] [--period month|quarter|ytd|ttm]
                                                    [--department CODE] [--json]
                Every KPI of the catalogue on the current build, or on an earlier kept build (--build; default as-of: its
                latest month end; period ytd).

            dotnet run --project Cockpit.Etl -- targets [--warehouse <dir>] [--as-of yyyy-MM-dd] [--json]
                Targets against actuals: completion, time progress, status (green/amber/red).

            dotnet run --project Cockpit.Etl -- benchmark-kpis [--warehouse <dir>] [--as-of yyyy-MM-dd] [--repeat N]
                Times every dashboard's data as its page asks (leadership, business, risk, customers, explore, stress
                test): cold and cached; and the leadership KPIs' SQL directly on DuckDB.

            dotnet run --project Cockpit.Etl -- benchmark-cube [--warehouse <dir>] [--parallel N] [--in-place]
                Builds the KPI cube (the pages' pre-aggregated values) again on a copy of the current build and times
                each KPI; --in-place adds it to the build itself (a benchmark warehouse built before the cube).

            dotnet run --project Cockpit.Etl -- benchmark-export [--warehouse <dir>] [--rows 100000,1000000] [--format xlsx|csv|both|read]
                Writes N rows shaped like the widest drill-down (wide_snapshot, repeated up to N) from the current build
                with the streaming XLSX/CSV writers to a temporary file, each N and format in a fresh process that
                exports twice (cold, warm): seconds, CPU seconds, peak working set, file size. read: reading alone.

            dotnet run -c Release --project Cockpit.Etl -- bench [--contracts N] [--out file.json] [--repeat 3]
                                                    [--only load,pages,export,users] [--export-rows 100000,1000000] [--keep dir]
                Generates a company of N contracts and measures, each beside its reference, the load (ETL against a
                plain SQLite → DuckDB appender pipe and DuckDB's CSV reader), every dashboard (against its SQL directly
                on DuckDB and EF Core LINQ on the core system), exports and simultaneous users; a table, and JSON
                with the machine.

            Exit codes (every command):
                0  done; for run: a build was published (warnings say what was repaired)
                1  run failed at a stage (the error names it, and the table, file, key or column when it is the
                   data's); the current build is unchanged
                2  the command line cannot be run as given
                3  another run is in progress (run)
                4  run refused to publish a hollow build; --allow-hollow publishes anyway
                5  the warehouse cannot be used: a file given as the folder, not writable, a full or read-only disk
                   (also when a run fails for that reason: the run log says storageFailure), or current.json or its
                   build cannot be read (status, kpis, targets, quarantine; run repairs those itself)
                6  unexpected error: one line here, the details in a file under the temp folder (cockpit-etl/)
            """);
        return 0;
    }
}
