using Cockpit.Warehouse.Exports;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// The export section of <c>bench</c> (issue 18): <c>benchmark-export</c>'s run (wide_snapshot's rows repeated up to N,
/// through a streaming DuckDB reader into the XLSX or CSV writer) for each of <see cref="BenchContext.ExportRows"/>,
/// each in a fresh child process: its time (the warm export, as in a running server; the cold one in the note) and
/// its peak memory, beside the same rows read through the same reader with nothing written.
/// </summary>
internal static class ExportBench
{
    public static readonly IReadOnlyList<long> DefaultRows = [100_000, 1_000_000];

    /// <summary>Rows at and above this are exported once whatever --repeat says (a million-row workbook takes minutes).</summary>
    public const long RepeatBelow = 1_000_000;

    public static IEnumerable<BenchRow> Run(BenchContext context)
    {
        foreach (var rows in context.ExportRows ?? DefaultRows)
        {
            var repeat = rows < RepeatBelow ? context.Repeat : 1;
            // the reference: the same rows read through the same streaming reader, nothing written (benchmark-export --format read)
            var read = Runs(context, rows, "read", repeat);
            foreach (var format in new[] { "xlsx", "csv" })
            {
                if (format == "xlsx" && rows > XlsxStreamWriter.MaxDataRows)
                {
                    yield return new BenchRow("export", $"{format}, {rows:N0} rows", null, "s", Note: $"beyond Excel's {XlsxStreamWriter.MaxDataRows:N0} data rows: CSV only");
                    continue;
                }
                var results = Runs(context, rows, format, repeat);
                var last = results[^1];
                var runs = repeat == 1 ? "one child process" : $"median of {repeat} child processes";
                yield return new BenchRow("export", $"{format}, {rows:N0} rows (time)", BenchStats.Median(results.Select(r => r.Warm.Seconds)), "s",
                    ReadAlone, BenchStats.Median(read.Select(r => r.Warm.Seconds)),
                    $"{runs}, warm {BenchStats.Spread(results.Select(r => r.Warm.Seconds))} s, cold (first in its process) " +
                    $"{BenchStats.Spread(results.Select(r => r.Cold.Seconds))} s, reading alone {BenchStats.Spread(read.Select(r => r.Warm.Seconds))} s; " +
                    $"{last.Columns} columns, file {last.FileMegabytes:N1} MB");
                yield return new BenchRow("export", $"{format}, {rows:N0} rows (peak memory)", BenchStats.Median(results.Select(r => r.PeakMegabytes)), "MB",
                    ReadAlone, BenchStats.Median(read.Select(r => r.PeakMegabytes)),
                    $"peak working set of the process (both exports), {BenchStats.Spread(results.Select(r => r.PeakMegabytes))} MB");
            }
        }
    }

    private const string ReadAlone = "the same rows read alone, nothing written";

    private static List<BenchmarkExportCommand.Result> Runs(BenchContext context, long rows, string format, int repeat)
    {
        var results = new List<BenchmarkExportCommand.Result>();
        for (var i = 0; i < repeat; i++)
        {
            BenchContext.Say($"export: {format}, {rows:N0} rows, run {i + 1} of {repeat}");
            results.Add(BenchmarkExportCommand.RunChild(context.Warehouse, rows, format)
                ?? throw new InvalidOperationException($"bench: the {format} export of {rows:N0} rows failed (its error is above)"));
        }
        return results;
    }
}
