using System.Diagnostics;
using Cockpit.Etl.Pipeline.Inbox;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace Cockpit.Etl.Pipeline;

/// <summary>What to load and where.</summary>
public sealed record EtlRunRequest(SourceOptions Source, string InboxDirectory, string WarehouseDirectory)
{
    /// <summary>How many published builds to keep (the current one always stays).</summary>
    public int KeepBuilds { get; init; } = 10;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Called as each stage begins; the tests inject failures here.</summary>
    internal Action<EtlStage>? BeforeStage { get; init; }

    /// <summary>Another <c>sql/</c> folder (tests); default the one beside the binaries.</summary>
    internal string? SqlFolder { get; init; }
}

/// <summary>
/// One ETL run: extract → validate → load staging → transform → data tests → publish. Each run writes a new
/// DuckDB file; only a fully loaded and tested build becomes current, by an atomic pointer swap. One run at a time
/// (an OS file lock); the run log is written at start and end, so a failed or killed run is still on record.
/// </summary>
public static class EtlRunner
{
    /// <summary>Runs the ETL. Returns the run log; <see cref="RunStatus.Succeeded"/> means a build was published.</summary>
    /// <exception cref="EtlBusyException">another run holds the warehouse lock.</exception>
    public static RunLog Run(EtlRunRequest request, IProgress<EtlProgress>? progress = null, CancellationToken ct = default)
    {
        var layout = new WarehouseLayout(request.WarehouseDirectory);
        Directory.CreateDirectory(layout.BuildsDirectory);
        Directory.CreateDirectory(layout.RunsDirectory);
        using var runLock = AcquireLock(layout);

        var previous = RunLogStore.ReadAll(layout);
        foreach (var stale in previous.Where(r => r.Status == RunStatus.Running))
        {
            stale.Status = RunStatus.Abandoned;
            stale.Error ??= "进程在运行中终止 the process ended during the run";
            RunLogStore.Save(layout, stale);
        }

        var started = request.Time.GetUtcNow();
        var runId = (previous.Count == 0 ? 0 : previous.Max(r => r.RunId)) + 1;
        var buildId = $"{runId:D6}-{ChinaTime.Now(request.Time):yyyyMMdd-HHmmss}";
        var log = new RunLog
        {
            RunId = runId, BuildId = buildId, StartedAt = started, ProcessId = Environment.ProcessId,
            Source = SourceSummaryReader.Describe(request.Source), Inbox = Path.GetFullPath(request.InboxDirectory),
        };
        RunLogStore.Save(layout, log);

        var buildFile = layout.BuildFile(buildId);
        var watch = Stopwatch.StartNew();
        LoadContext? ctx = null;
        var stage = EtlStage.Extract;
        void Enter(EtlStage next, double fraction, string message)
        {
            stage = next;
            log.Stage = next.ToString();
            progress?.Report(new EtlProgress(next, "", 0, fraction, message));
            request.BeforeStage?.Invoke(next);
        }

        try
        {
            Enter(EtlStage.Extract, 0.0, "打开数据源 opening the sources");
            var source = ReadOnlySource(request.Source);
            var files = InboxLoader.ListFiles(request.InboxDirectory);
            using var db = SourceProviders.Open(source);
            if (!db.Database.CanConnect())
            {
                throw new InvalidOperationException($"无法连接业务核心系统 cannot connect to the core system: {log.Source}");
            }

            Enter(EtlStage.Load, 0.1, "加载暂存表 loading staging");
            using (var build = WarehouseConnection.OpenWrite(buildFile))
            {
                var scripts = request.SqlFolder is null ? SqlScripts.Locate() : new SqlScripts(request.SqlFolder);
                scripts.RunDdl(build);
                ctx = new LoadContext(runId, ChinaTime.Today(request.Time), build, progress);
                CoreSystemLoader.Load(db, ctx, ct);
                InboxLoader.Load(files, ctx, ct);
                WriteRunTables(ctx);
                log.Sources = ctx.Counts.Select(c => c.Count).ToList();
                log.RejectedFiles = ctx.RejectedFiles;
                log.Warnings = ctx.Warnings;
                log.SourceFiles = [.. SqliteFileHash(source), .. ctx.Files];

                Enter(EtlStage.Transform, 0.75, "转换 transforming");
                scripts.RunModels(build, "staging");
                scripts.RunModels(build, "marts", name => progress?.Report(new EtlProgress(EtlStage.Transform, name, 0, 0.8, $"构建 building {name}")));

                Enter(EtlStage.DataTests, 0.9, "数据测试 data tests");
                log.DataTests = scripts.RunTests(build);
                var failing = log.DataTests.Where(t => t.Failures > 0).ToList();
                if (failing.Count > 0)
                {
                    throw new InvalidOperationException(
                        "数据测试未通过，本批次不发布 data tests failed, the build is not published: "
                        + string.Join(", ", failing.Select(t => $"{t.Name} ({t.Failures})")));
                }
                log.AsOf = AsOf(build);
            }

            Enter(EtlStage.Publish, 0.97, "发布 publishing");
            layout.Publish(new BuildPointer(buildId, runId, buildFile, request.Time.GetUtcNow(), log.AsOf));
            log.Status = RunStatus.Succeeded;
            Prune(layout, request.KeepBuilds, runId);
            progress?.Report(new EtlProgress(EtlStage.Publish, "", 0, 1.0, $"已发布 published build {buildId}"));
        }
        catch (Exception e)
        {
            log.Status = RunStatus.Failed;
            log.Error = e is OperationCanceledException ? "已取消 cancelled" : e.Message;
            log.Stage = stage.ToString();
            DeleteBuild(buildFile);
        }
        finally
        {
            log.EndedAt = request.Time.GetUtcNow();
            log.DurationMs = watch.ElapsedMilliseconds;
            if (ctx is not null) RunLogStore.SaveQuarantine(layout, runId, ctx.Quarantined);
            RunLogStore.Save(layout, log);
        }
        return log;
    }

    /// <summary>The quarantined rows a run recorded.</summary>
    public static IReadOnlyList<QuarantineEntry> Quarantine(string warehouseDirectory, long runId) =>
        RunLogStore.ReadQuarantine(new WarehouseLayout(warehouseDirectory), runId);

    private static FileStream AcquireLock(WarehouseLayout layout)
    {
        try
        {
            return new FileStream(layout.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var running = RunLogStore.ReadAll(layout).FirstOrDefault(r => r.Status == RunStatus.Running);
            var since = running is null ? "" : $"（批次 #{running.RunId}，开始于 {TimeZoneInfo.ConvertTime(running.StartedAt, ChinaTime.Zone):yyyy-MM-dd HH:mm:ss}）";
            var sinceEn = running is null ? "" : $" (run #{running.RunId}, started {running.StartedAt:yyyy-MM-dd HH:mm:ss} UTC)";
            throw new EtlBusyException($"另一个 ETL 运行正在进行{since}，本次未启动 another ETL run is in progress{sinceEn}; this one did not start");
        }
    }

    /// <summary>SQLite sources are opened read-only: the ETL never writes the core system, nor creates an empty one.</summary>
    private static SourceOptions ReadOnlySource(SourceOptions source)
    {
        if (!source.Provider.Equals(SourceProviders.Sqlite, StringComparison.OrdinalIgnoreCase)) return source;
        var builder = new SqliteConnectionStringBuilder(source.ConnectionString) { Mode = SqliteOpenMode.ReadOnly };
        if (!File.Exists(builder.DataSource))
        {
            throw new FileNotFoundException($"业务核心系统数据库不存在 the core-system database does not exist: {Path.GetFullPath(builder.DataSource)}");
        }
        return new SourceOptions { Provider = SourceProviders.Sqlite, ConnectionString = builder.ToString() };
    }

    private static IEnumerable<SourceFileHash> SqliteFileHash(SourceOptions source)
    {
        if (SourceSummaryReader.SqliteFile(source) is not { } file || !File.Exists(file)) yield break;
        using var stream = File.OpenRead(file);
        yield return new SourceFileHash(Path.GetFileName(file),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)), stream.Length);
    }

    private static void WriteRunTables(LoadContext ctx)
    {
        using (var appender = ctx.Build.CreateAppender("etl_source_counts"))
        {
            foreach (var (count, kind, sha) in ctx.Counts)
            {
                appender.CreateRow().Value(ctx.RunId).Value(count.Name).Value(kind).Value(count.Read).Value(count.Loaded)
                    .Value(count.Quarantined).Value(sha).EndRow();
            }
        }
        using (var appender = ctx.Build.CreateAppender("etl_quarantine"))
        {
            foreach (var q in ctx.Quarantined)
            {
                appender.CreateRow().Value(ctx.RunId).Value(q.Source).Value(q.Row).Value(q.Column).Value(q.Value)
                    .Value(q.ReasonKey).Value(q.MessageZh).Value(q.MessageEn).EndRow();
            }
        }
        using (var appender = ctx.Build.CreateAppender("etl_rejected_files"))
        {
            foreach (var f in ctx.RejectedFiles)
            {
                var parts = f.Reason.Split('（', 2);
                appender.CreateRow().Value(ctx.RunId).Value(f.File).Value(f.ReasonKey).Value(parts[0])
                    .Value(parts.Length > 1 ? parts[1].TrimEnd('）') : "").EndRow();
            }
        }
    }

    private static DateOnly? AsOf(DuckDBConnection build)
    {
        using var command = build.CreateCommand();
        command.CommandText = "select max(as_of) from fct_balance_snapshot";
        var value = command.ExecuteScalar();
        return value is DateOnly d ? d : value is DateTime t ? DateOnly.FromDateTime(t) : null;
    }

    /// <summary>Keeps the newest published builds; removes older ones and any file a failed or killed run left.</summary>
    private static void Prune(WarehouseLayout layout, int keep, long currentRunId)
    {
        var keepIds = RunLogStore.ReadAll(layout)
            .Where(r => r.Status == RunStatus.Succeeded || r.RunId == currentRunId)
            .OrderByDescending(r => r.RunId)
            .Take(Math.Max(1, keep))
            .Select(r => r.BuildId)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(layout.BuildsDirectory, "*.duckdb"))
        {
            if (!keepIds.Contains(Path.GetFileNameWithoutExtension(file))) DeleteBuild(file);
        }
    }

    private static void DeleteBuild(string file)
    {
        foreach (var path in new[] { file, file + ".wal" })
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (IOException)
            {
                // still open by a reader (Windows); the next run's prune removes it
            }
        }
    }
}

/// <summary>Another ETL run holds the warehouse: this one stops at once.</summary>
public sealed class EtlBusyException(string message) : Exception(message);
