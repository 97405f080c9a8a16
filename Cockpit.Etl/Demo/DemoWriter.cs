using System.Diagnostics;
using System.Text.Json;
using Cockpit.Etl.Source;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
        using (var db = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.Sqlite, connectionString)))
        {
            db.Database.EnsureCreated();
        }
        // Large tables go in chunks through a fresh context each, with change detection off.
        Insert(connectionString, company.Departments);
        Insert(connectionString, company.Staff);
        Insert(connectionString, company.Banks);
        Insert(connectionString, company.Products);
        Insert(connectionString, company.Industries);
        Insert(connectionString, company.Regions);
        Insert(connectionString, company.CustomerGroups);
        Insert(connectionString, company.Customers);
        Insert(connectionString, company.Applications);
        Insert(connectionString, company.Contracts);
        Insert(connectionString, company.BalanceSnapshots);
        Insert(connectionString, company.FeePayments);
        Insert(connectionString, company.Compensations);
        Insert(connectionString, company.Recoveries);
        Insert(connectionString, company.WriteOffs);
        Insert(connectionString, company.RiskSignals);
        SqliteConnection.ClearAllPools();
    }

    private static void Insert<T>(string connectionString, IReadOnlyList<T> rows) where T : class
    {
        const int chunk = 20_000;
        for (var offset = 0; offset < rows.Count; offset += chunk)
        {
            using var db = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.Sqlite, connectionString));
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            using var tx = db.Database.BeginTransaction();
            db.Set<T>().AddRange(rows.Skip(offset).Take(chunk));
            db.SaveChanges();
            tx.Commit();
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>What a generation produced and how long it took.</summary>
public sealed record DemoResult(DemoCompany Company, string Directory, TimeSpan GenerateTime, TimeSpan TotalTime);
