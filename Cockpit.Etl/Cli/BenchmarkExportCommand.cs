using System.Diagnostics;
using System.Globalization;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Exports;
using DuckDB.NET.Data;

namespace Cockpit.Etl.Cli;

/// <summary>
/// <c>benchmark-export</c>: writes N rows shaped like the widest drill-down (<c>wide_snapshot</c>'s rows, repeated with
/// <c>cross join range(k)</c> up to N) from the current build through a DuckDB reader with the streaming XLSX and/or
/// CSV writer to a temporary file, and reports the seconds, the peak working set and the file's size. Each run is a
/// fresh child process (this command again with the hidden <c>--child-run</c>), so the peak memory is that run's own;
/// the child exports twice, cold (its first export, as after a start) and warm (as in a running server).
/// </summary>
internal static class BenchmarkExportCommand
{
    private const string ChildRun = "--child-run";
    private const string ResultMarker = "benchmark-export-result";

    public static int Run(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse", "--rows", "--format" }, new HashSet<string> { ChildRun });
        var counts = ParseRows(a.Value("--rows") ?? "100000,1000000");
        var format = (a.Value("--format") ?? "both").ToLowerInvariant();
        if (format is not ("xlsx" or "csv" or "both" or "read"))
        {
            throw new UsageException($"--format must be xlsx, csv, both or read (the rows read, nothing written: the baseline), not '{format}'.");
        }
        var formats = format == "both" ? new[] { "xlsx", "csv" } : [format];
        var layout = new WarehouseLayout(a.Value("--warehouse") ?? DataPaths.Resolve("data/warehouse"));
        var pointer = KpiCommands.CurrentBuild(layout);

        if (a.Has(ChildRun))
        {
            if (counts.Count != 1 || formats.Length != 1) throw new UsageException($"{ChildRun} takes one --rows and one --format.");
            return Child(layout.BuildFile(pointer.BuildId), counts[0], formats[0]);
        }

        Console.WriteLine($"build {pointer.BuildId}: wide_snapshot rows repeated up to N, one fresh process per N and format;");
        Console.WriteLine("cold = the process's first export (code not yet compiled), warm = the same export again in that process");
        Console.WriteLine($"{"format",-6} {"rows",12} {"columns",8} {"cold s",8} {"CPU s",8} {"warm s",8} {"CPU s",8} {"peak MB",8} {"file MB",8}");
        foreach (var rows in counts)
        {
            foreach (var f in formats)
            {
                if (f == "xlsx" && rows > XlsxStreamWriter.MaxDataRows)
                {
                    Console.WriteLine($"{f,-6} {rows,12:N0} beyond Excel's {XlsxStreamWriter.MaxDataRows:N0} data rows: CSV only");
                    continue;
                }
                var result = RunChild(layout.Directory, rows, f);
                if (result is null) return ExitCodes.Unexpected;
                Console.WriteLine($"{f,-6} {result.Rows,12:N0} {result.Columns,8} {result.Cold.Seconds,8:F2} {result.Cold.Cpu,8:F2} {result.Warm.Seconds,8:F2} {result.Warm.Cpu,8:F2} {result.PeakMegabytes,8:N0} {result.FileMegabytes,8:F1}");
            }
        }
        return 0;
    }

    internal static List<long> ParseRows(string text, string option = "--rows")
    {
        var counts = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new UsageException($"{option} takes whole numbers above 0 separated by commas, not '{text}'.");
            }
            counts.Add(n);
        }
        return counts.Count > 0 ? counts : throw new UsageException($"{option} needs at least one number.");
    }

    internal sealed record Result(long Rows, int Columns, Timing Cold, Timing Warm, double PeakMegabytes, double FileMegabytes);

    internal readonly record struct Timing(double Seconds, double Cpu);

    /// <summary>One export in a fresh child process (this command again with <see cref="ChildRun"/>); null when it failed (its error shown).</summary>
    internal static Result? RunChild(string warehouse, long rows, string format)
    {
        var f = SelfProcess.Run(["benchmark-export", ChildRun, "--warehouse", warehouse,
            "--rows", rows.ToString(CultureInfo.InvariantCulture), "--format", format], ResultMarker, $"the {format} run of {rows:N0} rows");
        if (f is null) return null;
        var c = CultureInfo.InvariantCulture;
        return new Result(long.Parse(f[0], c), int.Parse(f[1], c), new Timing(SelfProcess.Parse(f[2]), SelfProcess.Parse(f[3])),
            new Timing(SelfProcess.Parse(f[4]), SelfProcess.Parse(f[5])), SelfProcess.Parse(f[7]), SelfProcess.Parse(f[6]));
    }

    /// <summary>One process: the export twice (cold, then warm), one tab-separated result line.</summary>
    private static int Child(string buildFile, long rows, string format)
    {
        using var self = Process.GetCurrentProcess();
        using var connection = WarehouseConnection.OpenReadOnly(buildFile);
        var (written, columns, bytes, cold) = Export(connection, self, rows, format);
        var (_, _, _, warm) = Export(connection, self, rows, format);
        var c = CultureInfo.InvariantCulture;
        SelfProcess.Report(ResultMarker, written.ToString(c), columns.ToString(c), SelfProcess.Number(cold.Seconds), SelfProcess.Number(cold.Cpu),
            SelfProcess.Number(warm.Seconds), SelfProcess.Number(warm.Cpu), SelfProcess.Number(bytes / 1024.0 / 1024.0, "F2"));
        return 0;
    }

    /// <summary>Reads the rows and writes them to a temporary file (deleted after); the rows, columns, bytes and time.</summary>
    private static (long Rows, int Columns, long Bytes, Timing Time) Export(DuckDBConnection connection, Process self, long rows, string format)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cockpit-benchmark-export-{Guid.NewGuid():N}.{format}");
        try
        {
            self.Refresh();
            var cpuAtStart = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long available;
            using (var count = connection.CreateCommand())
            {
                count.CommandText = "select count(*) from wide_snapshot";
                available = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            if (available == 0) throw new UsageException("the current build's wide_snapshot has no rows.");
            using var command = connection.CreateCommand();
            command.CommandText = "select w.* from wide_snapshot as w cross join range($k) limit $n";
            // rows as DuckDB produces them: without it the reader holds the whole result in memory first
            command.UseStreamingMode = true;
            command.Parameters.Add(new DuckDBParameter("k", (available + rows - 1) / available));
            command.Parameters.Add(new DuckDBParameter("n", rows));
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => new SheetColumn(reader.GetName(i), KindOf(reader.GetName(i), reader.GetFieldType(i), reader.GetDataTypeName(i))))
                .ToList();
            var values = new object?[columns.Count];
            long written = 0;
            using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (format == "xlsx")
                {
                    using var workbook = new XlsxStreamWriter(stream);
                    var sheet = workbook.AddSheet("明细 Rows", columns);
                    while (reader.Read())
                    {
                        Fill(reader, values);
                        sheet.WriteRow(values);
                    }
                    written = sheet.RowsWritten;
                }
                else if (format == "csv")
                {
                    using var csv = new CsvStreamWriter(stream, columns);
                    while (reader.Read())
                    {
                        Fill(reader, values);
                        csv.WriteRow(values);
                    }
                    written = csv.RowsWritten;
                }
                else
                {
                    while (reader.Read())
                    {
                        Fill(reader, values);
                        written++;
                    }
                }
            }
            var seconds = watch.Elapsed.TotalSeconds;
            self.Refresh();
            return (written, columns.Count, new FileInfo(file).Length, new Timing(seconds, (self.TotalProcessorTime - cpuAtStart).TotalSeconds));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void Fill(System.Data.Common.DbDataReader reader, object?[] values)
    {
        for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
    }

    /// <summary>The kind a drill-down would give the column: amounts in yuan as money, rates as percentages.</summary>
    private static CellKind KindOf(string name, Type type, string typeName)
    {
        var rate = name.EndsWith("_rate", StringComparison.Ordinal) || name.Contains("ratio", StringComparison.Ordinal);
        if (type == typeof(string)) return CellKind.Text;
        if (type == typeof(bool)) return CellKind.Flag;
        if (type == typeof(DateOnly)) return CellKind.Date;
        if (type == typeof(DateTime)) return typeName.Contains("Timestamp", StringComparison.OrdinalIgnoreCase) ? CellKind.DateTime : CellKind.Date;
        if (type == typeof(decimal)) return rate ? CellKind.Percent : CellKind.Money;
        if (type == typeof(double) || type == typeof(float)) return rate ? CellKind.Percent : CellKind.Number;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)) return CellKind.Integer;
        return CellKind.Text;
    }
}
