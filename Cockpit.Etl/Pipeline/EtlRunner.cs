using System.Diagnostics;
using Cockpit.Etl.Pipeline.Inbox;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
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

    /// <summary>
    /// The largest share (0–1) of its rows in the current build that a core table may lose before the run refuses
    /// to publish. 1 turns the guard off.
    /// </summary>
    public double MaxRowLoss { get; init; } = HollowBuildGuard.DefaultMaxRowLoss;

    /// <summary>An inbox file larger than this is rejected from its size, before it is read.</summary>
    public long InboxMaxFileBytes { get; init; } = InboxLimits.DefaultMaxFileBytes;

    /// <summary>Publish even when a hollow-build guard refuses (<c>--allow-hollow</c>); the run log records which.</summary>
    public bool AllowHollow { get; init; }

    /// <summary>
    /// DuckDB's memory limit while it builds (<c>--memory-limit-mb</c>, <c>Etl:MemoryLimitMegabytes</c>); beyond it the
    /// joins and sorts of the transforms spill to a folder beside the build, removed after the run. 0: DuckDB's own
    /// default (80 % of the machine's memory).
    /// </summary>
    public int MemoryLimitMegabytes { get; init; } = DefaultMemoryLimitMegabytes;

    /// <summary>1,536 MB: a million contracts build within it (the marts spill), a default company never reaches it.</summary>
    public const int DefaultMemoryLimitMegabytes = 1536;

    /// <summary>
    /// Whether the run pre-aggregates the KPI cube (default). The tests of the load's faults and guards leave it out:
    /// they judge the rows loaded and quarantined, and a build without the cube is complete (its pages compute from the
    /// rows), while the cube has tests of its own.
    /// </summary>
    internal bool BuildCube { get; init; } = true;

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
    /// <summary>
    /// Runs the ETL. Returns the run log; <see cref="RunStatus.Succeeded"/> means a build was published,
    /// <see cref="RunStatus.Refused"/> that a hollow-build guard stopped it (<see cref="RunLog.Guards"/>).
    /// </summary>
    /// <exception cref="EtlBusyException">another run holds the warehouse lock.</exception>
    /// <exception cref="WarehouseUnusableException">the warehouse folder cannot be used to record a run (a file, not writable, full).</exception>
    public static RunLog Run(EtlRunRequest request, IProgress<EtlProgress>? progress = null, CancellationToken ct = default)
    {
        var layout = new WarehouseLayout(request.WarehouseDirectory);
        PrepareFolders(layout);
        using var runLock = AcquireLock(layout);
        var repairs = Unusable("修复运行记录", "repairing the run records", () => Repair(layout));

        var previous = RunLogStore.ReadAll(layout);
        Unusable("记录运行", "recording the run", () =>
        {
            // under the lock, a log still "running" belongs to a run that is gone
            foreach (var stale in previous.Where(r => r.Status == RunStatus.Running))
            {
                stale.Status = RunStatus.Abandoned;
                stale.Error ??= "进程在运行中终止 the process ended during the run";
                RunLogStore.Save(layout, stale);
            }
        });

        var started = request.Time.GetUtcNow();
        var runId = Math.Max(RunLogStore.HighestRunNumber(layout), layout.ReadCurrent()?.RunId ?? 0) + 1;
        var buildId = $"{runId:D6}-{ChinaTime.Now(request.Time):yyyyMMdd-HHmmss}";
        var log = new RunLog
        {
            RunId = runId, BuildId = buildId, StartedAt = started, ProcessId = Environment.ProcessId,
            ProcessStartedAt = RunLogStore.CurrentProcessStart(), Machine = Environment.MachineName,
            Source = SourceSummaryReader.Describe(request.Source), Inbox = Path.GetFullPath(request.InboxDirectory),
            AllowHollow = request.AllowHollow, Warnings = repairs,
        };
        Unusable("记录运行", "recording the run", () => RunLogStore.Save(layout, log));

        var buildFile = layout.BuildFile(buildId);
        var watch = Stopwatch.StartNew();
        LoadContext? ctx = null;
        var stage = EtlStage.Extract;
        void Enter(EtlStage next, double fraction, string message)
        {
            stage = next;
            log.Stage = next.ToString();
            try
            {
                // the stage on record while the run goes on: a page reloaded (or another process) reads it
                RunLogStore.Save(layout, log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the end of the run saves the log again, or says why it could not
            }
            progress?.Report(new EtlProgress(next, "", 0, fraction, message));
            request.BeforeStage?.Invoke(next);
        }

        try
        {
            Enter(EtlStage.Extract, 0.0, "打开数据源 opening the sources");
            var inboxMissing = HollowBuildGuard.CheckInbox(request.InboxDirectory);
            var source = ReadOnlySource(request.Source);
            var files = inboxMissing is null ? InboxLoader.ListFiles(request.InboxDirectory, new InboxLimits(request.InboxMaxFileBytes)) : [];
            using var db = SourceProviders.Open(source);
            if (!db.Database.CanConnect())
            {
                throw new InvalidOperationException($"无法连接业务核心系统 cannot connect to the core system: {log.Source}");
            }
            SourceSchemaCheck.Verify(db);
            var currentCounts = CurrentCounts(layout, log.Warnings);

            Enter(EtlStage.Load, 0.1, "加载暂存表 loading staging");
            using (var build = WarehouseConnection.OpenWrite(buildFile))
            {
                LimitMemory(build, request.MemoryLimitMegabytes, buildFile + ".spill");
                var scripts = request.SqlFolder is null ? SqlScripts.Locate() : new SqlScripts(request.SqlFolder);
                scripts.RunDdl(build);
                ctx = new LoadContext(runId, ChinaTime.Today(request.Time), build, progress);
                CoreSystemLoader.Load(db, ctx, ct);
                InboxLoader.Load(files, ctx, ct);
                ctx.CurrentSource = null;
                WriteRunTables(ctx);
                log.Sources = ctx.Counts.Select(c => c.Count).ToList();
                log.RejectedFiles = ctx.RejectedFiles;
                log.Warnings.AddRange(ctx.Warnings);
                log.SourceFiles = [.. SqliteFileHash(source), .. ctx.Files];

                if (inboxMissing is not null) log.Guards.Add(inboxMissing);
                log.Guards.AddRange(HollowBuildGuard.CheckTables(ctx.Counts.Where(c => c.Kind == "table").Select(c => c.Count), currentCounts, request.MaxRowLoss));
                if (log.Guards.Count > 0 && !request.AllowHollow) throw new HollowBuildException(log.Guards);
                if (log.Guards.Count > 0)
                {
                    log.Warnings.Add("已用 --allow-hollow 越过不完整数据检查 published with --allow-hollow despite: "
                                     + string.Join("; ", log.Guards.Select(g => g.Message)));
                }

                Enter(EtlStage.Transform, 0.75, "转换 transforming");
                scripts.RunModels(build, "staging");
                scripts.RunModels(build, "marts", name => progress?.Report(new EtlProgress(EtlStage.Transform, name, 0, 0.8, $"构建 building {name}")));
                scripts.RunMacros(build, name => progress?.Report(new EtlProgress(EtlStage.Transform, name, 0, 0.85, $"构建 building {name}")));
                if (request.BuildCube && AsOf(build) is { } cubeDate)
                {
                    // the pages' figures pre-aggregated (a KPI DuckDB cannot cube is computed from its rows by the pages)
                    KpiCube.Build(build, cubeDate, scripts.Folder,
                        code => progress?.Report(new EtlProgress(EtlStage.Transform, code, 0, 0.87, $"预聚合 pre-aggregating {code}")));
                }

                Enter(EtlStage.DataTests, 0.9, "数据测试 data tests");
                log.DataTests = scripts.RunTests(build);
                var failing = log.DataTests.Where(t => t.Failures > 0).ToList();
                if (failing.Count > 0)
                {
                    throw new InvalidOperationException(
                        "数据测试未通过，本批次不发布 data tests failed, the build is not published: "
                        + string.Join("; ", failing.Select(t =>
                            $"{t.Name} ({t.Failures:N0} failing rows{(t.Examples.Count == 0 ? "" : ", e.g. " + string.Join(", ", t.Examples))})")));
                }
                log.AsOf = AsOf(build);
            }

            Enter(EtlStage.Publish, 0.97, "发布 publishing");
            log.Schema = WarehouseSchema.Version;
            layout.Publish(new BuildPointer(buildId, runId, buildFile, request.Time.GetUtcNow(), log.AsOf, WarehouseSchema.Version));
            log.Status = RunStatus.Succeeded;
            Prune(layout, request.KeepBuilds, runId);
            progress?.Report(new EtlProgress(EtlStage.Publish, "", 0, 1.0, $"已发布 published build {buildId}"));
        }
        catch (HollowBuildException e)
        {
            log.Status = RunStatus.Refused;
            log.Error = e.Message;
            log.Stage = stage.ToString();
            DeleteBuild(buildFile);
        }
        catch (Exception e)
        {
            log.Status = RunStatus.Failed;
            log.StorageFailure = WarehouseFault.IsDiskFullOrReadOnly(e);
            log.Error = Describe(e, stage, ctx?.CurrentSource);
            log.Stage = stage.ToString();
            DeleteBuild(buildFile);
        }
        finally
        {
            try
            {
                if (Directory.Exists(buildFile + ".spill")) Directory.Delete(buildFile + ".spill", recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // DuckDB's spill files: the next run's folder has its own name
            }
            log.EndedAt = request.Time.GetUtcNow();
            log.DurationMs = watch.ElapsedMilliseconds;
            try
            {
                if (ctx is not null) RunLogStore.SaveQuarantine(layout, runId, ctx.Quarantined);
                RunLogStore.Save(layout, log);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the outcome stands (the pointer is the truth); say that its record is missing
                log.Warnings.Add($"运行记录无法保存 the run log could not be saved: {WarehouseFault.Describe(e)}");
            }
        }
        return log;
    }

    /// <summary>The quarantined rows a run recorded.</summary>
    public static IReadOnlyList<QuarantineEntry> Quarantine(string warehouseDirectory, long runId) =>
        RunLogStore.ReadQuarantine(new WarehouseLayout(warehouseDirectory), runId);

    /// <summary>The warehouse folder and its <c>builds/</c> and <c>runs/</c> exist as folders and can be written.</summary>
    private static void PrepareFolders(WarehouseLayout layout)
    {
        if (layout.PathProblem() is { } notAFolder) throw new WarehouseUnusableException(notAFolder);
        foreach (var folder in new[] { layout.Directory, layout.BuildsDirectory, layout.RunsDirectory })
        {
            if (File.Exists(folder))
            {
                throw new WarehouseUnusableException(
                    $"数据仓库中的 {Path.GetFileName(folder)} 是文件而不是文件夹：{folder}（the warehouse's {Path.GetFileName(folder)} is a file, not a folder）");
            }
            try
            {
                Directory.CreateDirectory(folder);
                using var probe = new FileStream(Path.Combine(folder, $".write-probe-{Guid.NewGuid():N}"), FileMode.CreateNew,
                    FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new WarehouseUnusableException(
                    $"数据仓库文件夹无法写入：{folder}（the warehouse folder cannot be written: {WarehouseFault.Describe(e)}）", e);
            }
        }
        foreach (var file in new[] { layout.CurrentPointer, layout.LockFile })
        {
            if (Directory.Exists(file))
            {
                throw new WarehouseUnusableException(
                    $"数据仓库中的 {Path.GetFileName(file)} 是文件夹而不是文件：{file}（the warehouse's {Path.GetFileName(file)} is a folder, not a file）");
            }
        }
    }

    private static FileStream AcquireLock(WarehouseLayout layout)
    {
        try
        {
            return new FileStream(layout.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is UnauthorizedAccessException || WarehouseFault.IsStorage(e))
        {
            // not another run: the folder itself is the problem
            throw new WarehouseUnusableException(
                $"无法创建运行锁 {layout.LockFile}（the run lock cannot be taken: {WarehouseFault.Describe(e)}）", e);
        }
        catch (IOException)
        {
            var running = RunLogStore.ReadAll(layout).FirstOrDefault(r => r.Status == RunStatus.Running);
            var since = running is null ? "" : $"（批次 #{running.RunId}，开始于 {TimeZoneInfo.ConvertTime(running.StartedAt, ChinaTime.Zone):yyyy-MM-dd HH:mm:ss}）";
            var sinceEn = running is null ? "" : $" (run #{running.RunId}, started {running.StartedAt:yyyy-MM-dd HH:mm:ss} UTC)";
            throw new EtlBusyException($"另一个 ETL 运行正在进行{since}，本次未启动 another ETL run is in progress{sinceEn}; this one did not start");
        }
    }

    /// <summary>
    /// Under the lock, before the run: removes temporary files an interrupted run left, moves unreadable run logs
    /// aside, and when <c>current.json</c> is unreadable or names a build that is missing or does not open, makes
    /// the newest succeeded build that opens current again. Returns what it did, as warnings.
    /// </summary>
    private static List<string> Repair(WarehouseLayout layout)
    {
        var warnings = new List<string>();
        foreach (var temp in layout.StaleTemporaryPointers().Concat(RunLogStore.StaleTemporaryFiles(layout)).ToList())
        {
            File.Delete(temp);
            warnings.Add($"已删除中断运行留下的临时文件 removed a temporary file an interrupted run left: {Path.GetRelativePath(layout.Directory, temp)}");
        }
        var (logs, unreadable) = RunLogStore.Scan(layout);
        warnings.AddRange(RunLogStore.MoveAside(unreadable));

        var read = layout.ReadPointer();
        var problem = read.Problem ?? (read.Pointer is { } p ? WarehouseConnection.Probe(layout.BuildFile(p.BuildId)) : null);
        if (problem is null) return warnings;
        var fallback = logs
            .Where(r => r.Status == RunStatus.Succeeded && WarehouseLayout.IsBuildId(r.BuildId) && r.BuildId != read.Pointer?.BuildId)
            .FirstOrDefault(r => WarehouseConnection.Probe(layout.BuildFile(r.BuildId)) is null);
        if (fallback is null)
        {
            warnings.Add($"{problem}；找不到能打开的已发布旧版本，本次发布后将成为当前版本 " +
                         $"({problem}; no earlier published build that opens was found: this run's build becomes current when published)");
            return warnings;
        }
        if (read.Problem is not null && File.Exists(layout.CurrentPointer))
        {
            File.Copy(layout.CurrentPointer, layout.CurrentPointer + ".corrupt", overwrite: true);
        }
        layout.Publish(fallback.Pointer(layout));
        warnings.Add($"{problem}；已恢复为批次 #{fallback.RunId} 的数据版本 {fallback.BuildId} " +
                     $"({problem}; the current build is again {fallback.BuildId} of run #{fallback.RunId})");
        return warnings;
    }

    /// <summary>Rows each core table loaded into the current build: the baseline of the row-loss guard.</summary>
    private static Dictionary<string, long>? CurrentCounts(WarehouseLayout layout, List<string> warnings)
    {
        if (layout.ReadCurrent() is not { } current) return null;
        try
        {
            using var connection = WarehouseConnection.OpenReadOnly(layout.BuildFile(current.BuildId));
            using var command = connection.CreateCommand();
            command.CommandText = "select source, rows_loaded from etl_source_counts where kind = 'table'";
            using var reader = command.ExecuteReader();
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read()) counts[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1));
            return counts;
        }
        catch (Exception e) when (e is DuckDBException or IOException or UnauthorizedAccessException)
        {
            warnings.Add($"无法读取当前版本的行数，本次不比较行数 the current build's row counts cannot be read, so rows are not compared: {WarehouseFault.FirstLine(e.Message)}");
            return null;
        }
    }

    /// <summary>A failure's reason for the run log: where it happened (the table or file being read) and why.</summary>
    /// <summary>DuckDB's memory limit for the build, spilling to <paramref name="spill"/> (see <see cref="EtlRunRequest.MemoryLimitMegabytes"/>).</summary>
    private static void LimitMemory(DuckDB.NET.Data.DuckDBConnection build, int megabytes, string spill)
    {
        if (megabytes <= 0) return;
        using var command = build.CreateCommand();
        command.CommandText = $"set memory_limit = '{megabytes}MB'; set temp_directory = '{spill.Replace("'", "''")}'";
        command.ExecuteNonQuery();
    }

    private static string Describe(Exception e, EtlStage stage, string? source)
    {
        if (e is OperationCanceledException) return "已取消 cancelled";
        var message = WarehouseFault.IsDiskFullOrReadOnly(e)
            ? $"写入数据仓库失败 writing the warehouse failed: {WarehouseFault.Describe(e)}"
            : e.Message;
        return stage == EtlStage.Load && source is not null && !message.Contains(source, StringComparison.Ordinal)
            ? $"读取 {source} 时出错 while reading {source}: {message}"
            : message;
    }

    /// <summary>Runs a step of the bookkeeping; a disk or permission failure there means the warehouse cannot be used.</summary>
    private static T Unusable<T>(string zh, string en, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WarehouseUnusableException($"{zh}失败 {en} failed: {WarehouseFault.Describe(e)}", e);
        }
    }

    private static void Unusable(string zh, string en, Action step) => Unusable(zh, en, () => { step(); return 0; });

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
        // a killed run's write-ahead log can outlive its build file
        foreach (var wal in Directory.GetFiles(layout.BuildsDirectory, "*.duckdb.wal"))
        {
            if (!File.Exists(wal[..^".wal".Length])) DeleteBuild(wal[..^".wal".Length]);
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
