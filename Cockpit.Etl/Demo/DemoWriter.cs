using System.Diagnostics;
using System.Text.Json;
using Cockpit.Etl.Source;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cockpit.Etl.Demo;

/// <summary>Writes a generated company to <c>&lt;dir&gt;/source.db</c> and <c>&lt;dir&gt;/inbox/</c>.</summary>
public static class DemoWriter
{
    public const string SourceFileName = "source.db";
    public const string InboxFolderName = "inbox";
    /// <summary>The planted faults, beside (not in) the inbox so the ETL does not read it.</summary>
    public const string DirtyManifestFileName = "demo-dirty-records.json";

    /// <summary>Generates and writes a demo company; replaces what a previous generation wrote there.</summary>
    public static DemoResult Generate(string outDirectory, DemoOptions options, DateOnly today, IProgress<string>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        progress?.Report("正在生成演示公司 generating the demo company…");
        var company = DemoGenerator.Generate(options, today);
        var generated = watch.Elapsed;
        progress?.Report("正在写入业务核心系统 writing source.db…");
        Write(outDirectory, company);
        return new DemoResult(company, Path.GetFullPath(outDirectory), generated, watch.Elapsed);
    }

    public static void Write(string outDirectory, DemoCompany company)
    {
        Directory.CreateDirectory(outDirectory);
        var dbPath = Path.Combine(outDirectory, SourceFileName);
        var temp = dbPath + ".tmp";
        foreach (var stale in new[] { temp, temp + "-journal" }) if (File.Exists(stale)) File.Delete(stale);
        WriteDatabase(temp, company);
        File.Move(temp, dbPath, overwrite: true); // readers never see a half-written source

        var inbox = Path.Combine(outDirectory, InboxFolderName);
        if (Directory.Exists(inbox)) Directory.Delete(inbox, recursive: true);
        Directory.CreateDirectory(inbox);
        foreach (var file in company.InboxFiles) InboxFileWriter.Write(inbox, file);

        File.WriteAllText(Path.Combine(outDirectory, DirtyManifestFileName),
            JsonSerializer.Serialize(company.DirtyRecords, new JsonSerializerOptions
            {
                WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }));
    }

    private static void WriteDatabase(string path, DemoCompany company)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using var db = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.Sqlite, connectionString));
        db.Database.EnsureCreated();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        Insert(connection, db, company.Departments);
        Insert(connection, db, company.Staff);
        Insert(connection, db, company.Banks);
        Insert(connection, db, company.Products);
        Insert(connection, db, company.Industries);
        Insert(connection, db, company.Regions);
        Insert(connection, db, company.CustomerGroups);
        Insert(connection, db, company.Customers);
        Insert(connection, db, company.Applications);
        Insert(connection, db, company.Contracts);
        Insert(connection, db, company.BalanceSnapshots);
        Insert(connection, db, company.FeePayments);
        Insert(connection, db, company.Compensations);
        Insert(connection, db, company.Recoveries);
        Insert(connection, db, company.WriteOffs);
        Insert(connection, db, company.RiskSignals);
        transaction.Commit();
    }

    /// <summary>
    /// Bulk insert with one prepared statement per table. Table and column names and the value conversions
    /// (timestamps as ISO text, flags as 0/1) come from the EF model, so the rows are exactly what EF would write.
    /// </summary>
    private static void Insert<T>(SqliteConnection connection, CoreSystemContext db, IReadOnlyList<T> rows) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model");
        var properties = entity.GetProperties().ToList();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"insert into {entity.GetTableName()} ({string.Join(", ", properties.Select(p => p.GetColumnName()))}) " +
            $"values ({string.Join(", ", properties.Select((_, i) => "$p" + i))})";
        var parameters = properties.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        var converters = properties.Select(p => p.GetTypeMapping().Converter).ToArray();
        var getters = properties.Select(p => p.PropertyInfo ?? throw new InvalidOperationException($"{p.Name} has no CLR property")).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < getters.Length; i++)
            {
                var value = getters[i].GetValue(row);
                if (value is not null && converters[i] is { } converter) value = converter.ConvertToProvider(value);
                parameters[i].Value = value ?? DBNull.Value;
            }
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>What a generation produced and how long it took.</summary>
public sealed record DemoResult(DemoCompany Company, string Directory, TimeSpan GenerateTime, TimeSpan TotalTime);
