using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cockpit.Warehouse;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// The load section of <c>bench</c> (issue 18): the full ETL (<see cref="Pipeline.EtlRunner"/>) beside (a) the reference
/// pipe — every core-system table streamed with a plain <see cref="SqliteDataReader"/> into the DuckDB appender, no
/// validation or transforms — and (b) DuckDB's own CSV reader on the same tables (exported to CSV first, not timed).
/// Each run is a fresh child process (<c>bench --child-load etl|pipe|csv</c>), so its time and peak working set are its own.
/// </summary>
internal static class LoadBench
{
    public const string ChildFlag = "--child-load";
    private const string Marker = "bench-load-result";

    public static IEnumerable<BenchRow> Run(BenchContext context)
    {
        var csvFolder = Path.Combine(context.Folder, "bench-csv");
        BenchContext.Say($"load: exporting the core-system tables to CSV in {csvFolder} (not timed)");
        var (tables, rows) = ExportCsv(context.SourceDb, csvFolder);
        var runs = new Dictionary<string, List<(double Seconds, double PeakMb)>> { ["etl"] = [], ["pipe"] = [], ["csv"] = [] };
        for (var i = 0; i < context.Repeat; i++)
        {
            foreach (var kind in runs.Keys)
            {
                // the first ETL run builds the warehouse the other sections read; every other run writes to a folder of its own
                var target = kind == "etl" && i == 0 ? context.Warehouse : Path.Combine(context.Folder, $"bench-load-{kind}-{i}");
                BenchContext.Say($"load: {kind} run {i + 1} of {context.Repeat}");
                var fields = SelfProcess.Run(["bench", ChildFlag, kind, "--source", context.SourceDb, "--inbox", context.Inbox,
                    "--target", target, "--csv", csvFolder], Marker, $"the load run '{kind}'")
                    ?? throw new InvalidOperationException($"bench: the load run '{kind}' failed (its error is above)");
                runs[kind].Add((SelfProcess.Parse(fields[0]), SelfProcess.Parse(fields[1])));
                if (target != context.Warehouse) Directory.Delete(target, recursive: true);
                BenchContext.Say($"load: {kind} {fields[0]} s, peak {fields[1]} MB");
            }
        }
        var what = $"{tables} tables, {rows:N0} rows";
        var (etl, pipe, csv) = (runs["etl"], runs["pipe"], runs["csv"]);
        return
        [
            new("load", "ETL end to end (time)", BenchStats.Median(etl.Select(r => r.Seconds)), "s", "reference pipe: SqliteDataReader → DuckDB appender",
                BenchStats.Median(pipe.Select(r => r.Seconds)), $"{what}; median of {context.Repeat}, ETL {BenchStats.Spread(etl.Select(r => r.Seconds))} s, pipe {BenchStats.Spread(pipe.Select(r => r.Seconds))} s"),
            new("load", "ETL end to end (peak memory)", BenchStats.Median(etl.Select(r => r.PeakMb)), "MB", "reference pipe: SqliteDataReader → DuckDB appender",
                BenchStats.Median(pipe.Select(r => r.PeakMb)), $"peak working set of each child process; ETL {BenchStats.Spread(etl.Select(r => r.PeakMb))} MB, pipe {BenchStats.Spread(pipe.Select(r => r.PeakMb))} MB"),
            new("load", "ETL end to end (time)", BenchStats.Median(etl.Select(r => r.Seconds)), "s", "DuckDB read_csv of the same tables",
                BenchStats.Median(csv.Select(r => r.Seconds)), $"CSV written beforehand, not timed; read_csv {BenchStats.Spread(csv.Select(r => r.Seconds))} s"),
            new("load", "ETL end to end (peak memory)", BenchStats.Median(etl.Select(r => r.PeakMb)), "MB", "DuckDB read_csv of the same tables",
                BenchStats.Median(csv.Select(r => r.PeakMb)), $"read_csv {BenchStats.Spread(csv.Select(r => r.PeakMb))} MB"),
        ];
    }

    /// <summary>Builds the warehouse the other sections read with one plain ETL run (not measured).</summary>
    public static void BuildWarehouse(BenchContext context) => Etl(context.SourceDb, context.Inbox, context.Warehouse);

    private static void Etl(string sourceDb, string inbox, string warehouse)
    {
        var log = Pipeline.EtlRunner.Run(new Pipeline.EtlRunRequest(
            new Source.SourceOptions { Provider = "sqlite", ConnectionString = $"Data Source={sourceDb}" }, inbox, warehouse));
        if (log.Status != Pipeline.RunStatus.Succeeded) throw new InvalidOperationException($"bench: the ETL run failed at {log.Stage}: {log.Error}");
    }

    /// <summary>In the child process: one load, then the result line (seconds, peak MB).</summary>
    public static int Child(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { ChildFlag, "--source", "--inbox", "--target", "--csv" }, new HashSet<string>());
        var source = a.Value("--source") ?? throw new UsageException("--source is needed");
        var target = a.Value("--target") ?? throw new UsageException("--target is needed");
        var watch = Stopwatch.StartNew();
        switch (a.Value(ChildFlag))
        {
            case "etl":
                Etl(source, a.Value("--inbox") ?? throw new UsageException("--inbox is needed"), target);
                break;
            case "pipe":
                Pipe(source, target);
                break;
            case "csv":
                ReadCsv(a.Value("--csv") ?? throw new UsageException("--csv is needed"), target);
                break;
            default:
                throw new UsageException($"{ChildFlag} takes etl, pipe or csv.");
        }
        SelfProcess.Report(Marker, SelfProcess.Number(watch.Elapsed.TotalSeconds));
        return 0;
    }

    /// <summary>The core-system tables (not SQLite's or EF's own) and their columns with SQLite's declared types.</summary>
    private static List<(string Table, List<(string Name, string Type)> Columns)> Tables(SqliteConnection sqlite)
    {
        var names = new List<string>();
        using (var command = sqlite.CreateCommand())
        {
            command.CommandText = "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__EF%' order by name";
            using var reader = command.ExecuteReader();
            while (reader.Read()) names.Add(reader.GetString(0));
        }
        return [.. names.Select(table =>
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = $"select name, type from pragma_table_info('{table}') order by cid";
            using var reader = command.ExecuteReader();
            var columns = new List<(string, string)>();
            while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
            return (table, columns);
        })];
    }

    private static SqliteConnection OpenSource(string sourceDb)
    {
        var sqlite = new SqliteConnection($"Data Source={sourceDb};Mode=ReadOnly");
        sqlite.Open();
        return sqlite;
    }

    private static string DuckType(string sqliteType) =>
        sqliteType.Contains("INT", StringComparison.OrdinalIgnoreCase) ? "BIGINT"
        : sqliteType.Contains("REAL", StringComparison.OrdinalIgnoreCase) || sqliteType.Contains("DOUB", StringComparison.OrdinalIgnoreCase) ? "DOUBLE"
        : "VARCHAR";

    /// <summary>The reference pipe: each table read with a plain reader and appended as it is (declared types, no checks).</summary>
    private static void Pipe(string sourceDb, string target)
    {
        Directory.CreateDirectory(target);
        using var sqlite = OpenSource(sourceDb);
        using var duck = WarehouseConnection.OpenWrite(Path.Combine(target, "pipe.duckdb"));
        foreach (var (table, columns) in Tables(sqlite))
        {
            var types = columns.Select(c => DuckType(c.Type)).ToArray();
            using (var create = duck.CreateCommand())
            {
                create.CommandText = $"create table \"{table}\" ({string.Join(", ", columns.Select((c, i) => $"\"{c.Name}\" {types[i]}"))})";
                create.ExecuteNonQuery();
            }
            using var read = sqlite.CreateCommand();
            read.CommandText = $"select * from \"{table}\"";
            using var reader = read.ExecuteReader();
            using var appender = duck.CreateAppender(table);
            while (reader.Read())
            {
                var row = appender.CreateRow();
                for (var i = 0; i < types.Length; i++)
                {
                    row = reader.IsDBNull(i) ? row.AppendNullValue()
                        : types[i] == "BIGINT" ? row.AppendValue(reader.GetInt64(i))
                        : types[i] == "DOUBLE" ? row.AppendValue(reader.GetDouble(i))
                        : row.AppendValue(reader.GetString(i));
                }
                row.EndRow();
            }
        }
    }

    /// <summary>DuckDB's CSV reader: each table created from its CSV file (types detected by DuckDB).</summary>
    private static void ReadCsv(string csvFolder, string target)
    {
        Directory.CreateDirectory(target);
        using var duck = WarehouseConnection.OpenWrite(Path.Combine(target, "csv.duckdb"));
        foreach (var file in Directory.GetFiles(csvFolder, "*.csv").Order(StringComparer.Ordinal))
        {
            using var command = duck.CreateCommand();
            command.CommandText = $"create table \"{Path.GetFileNameWithoutExtension(file)}\" as select * from read_csv('{file.Replace("'", "''")}', header = true)";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Every core-system table to one CSV file each (RFC 4180, header line); the tables and rows written.</summary>
    private static (int Tables, long Rows) ExportCsv(string sourceDb, string csvFolder)
    {
        Directory.CreateDirectory(csvFolder);
        using var sqlite = OpenSource(sourceDb);
        var tables = Tables(sqlite);
        long rows = 0;
        foreach (var (table, columns) in tables)
        {
            using var writer = new StreamWriter(Path.Combine(csvFolder, table + ".csv"), false, new UTF8Encoding(false), 1 << 16);
            writer.WriteLine(string.Join(',', columns.Select(c => Quote(c.Name))));
            using var read = sqlite.CreateCommand();
            read.CommandText = $"select * from \"{table}\"";
            using var reader = read.ExecuteReader();
            var line = new StringBuilder();
            while (reader.Read())
            {
                line.Clear();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i > 0) line.Append(',');
                    if (reader.IsDBNull(i)) continue;
                    line.Append(reader.GetValue(i) switch
                    {
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var v => Quote(v.ToString() ?? ""),
                    });
                }
                writer.WriteLine(line);
                rows++;
            }
        }
        return (tables.Count, rows);
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
