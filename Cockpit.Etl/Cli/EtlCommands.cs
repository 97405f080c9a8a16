using System.Text.Json;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;

namespace Cockpit.Etl.Cli;

/// <summary><c>run</c>, <c>status</c> and <c>quarantine</c>: the warehouse build and what it recorded.</summary>
internal static class EtlCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string Warehouse(Arguments a) => a.Value("--warehouse") ?? DataPaths.Resolve("data/warehouse");

    public static int Run(string[] args)
    {
        var a = Arguments.Parse(args,
            new HashSet<string> { "--source", "--provider", "--inbox", "--warehouse", "--keep-builds", "--max-row-loss", "--max-file-mb", "--memory-limit-mb" },
            new HashSet<string> { "--json", "--allow-hollow" });
        // --keep-builds, else the retention setting saved on /admin/builds, else the default
        var keep = a.Int("--keep-builds") ?? new WarehouseLayout(Warehouse(a)).SavedKeepBuilds() ?? new WarehouseOptions().KeepBuilds;
        if (keep < 1) throw new UsageException("--keep-builds must be at least 1.");
        var maxRowLoss = a.Value("--max-row-loss") is { } share
            ? HollowBuildGuard.ParseShare(share) ?? throw new UsageException($"--max-row-loss must be a share such as 0.5 or 50%, between 0 and 1 (100%), not '{share}'.")
            : new EtlOptions().MaxRowLoss;
        var maxFileMb = a.Int("--max-file-mb") ?? new EtlOptions().InboxMaxFileMegabytes;
        if (maxFileMb < 1) throw new UsageException("--max-file-mb must be at least 1.");
        var memoryMb = a.Int("--memory-limit-mb") ?? new EtlOptions().MemoryLimitMegabytes;
        if (memoryMb is < 0 or (> 0 and < 256)) throw new UsageException("--memory-limit-mb must be at least 256 (or 0 for DuckDB's default).");
        var provider = (a.Value("--provider") ?? SourceProviders.Sqlite).ToLowerInvariant();
        if (provider is not (SourceProviders.Sqlite or SourceProviders.PostgreSql))
        {
            throw new UsageException($"--provider must be sqlite or postgresql, not '{provider}'.");
        }
        var sourceArg = a.Value("--source") ?? DataPaths.Resolve("data/source.db");
        var connectionString = sourceArg.Contains('=') ? sourceArg
            : provider == SourceProviders.Sqlite ? $"Data Source={Path.GetFullPath(sourceArg)}"
            : throw new UsageException("--source for postgresql is a connection string (Host=…;Database=…;Username=…).");
        var request = new EtlRunRequest(
            new SourceOptions { Provider = provider, ConnectionString = connectionString },
            a.Value("--inbox") ?? DataPaths.Resolve("data/inbox"),
            Warehouse(a)) { KeepBuilds = keep, MaxRowLoss = maxRowLoss, AllowHollow = a.Has("--allow-hollow"), InboxMaxFileBytes = maxFileMb * 1024L * 1024,
                MemoryLimitMegabytes = memoryMb };
        var json = a.Has("--json");

        RunLog log;
        try
        {
            log = EtlRunner.Run(request, Console.IsErrorRedirected ? null : new TerminalProgress());
        }
        catch (Exception e) when (e is EtlBusyException or WarehouseUnusableException)
        {
            var busy = e is EtlBusyException;
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    runId = (long?)null, status = busy ? "busy" : "unusable", buildId = (string?)null, sources = Array.Empty<object>(),
                    rejectedFiles = Array.Empty<object>(), dataTests = Array.Empty<object>(), error = e.Message,
                }, Json));
            }
            if (!Console.IsErrorRedirected) Console.Error.WriteLine();
            Console.Error.WriteLine($"错误 error: {e.Message}");
            return busy ? ExitCodes.Busy : ExitCodes.WarehouseUnusable;
        }
        if (!Console.IsErrorRedirected) Console.Error.WriteLine();

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                runId = log.RunId,
                status = log.Status,
                buildId = log.Status == RunStatus.Succeeded ? log.BuildId : null,
                sources = log.Sources.Select(s => new { name = s.Name, read = s.Read, loaded = s.Loaded, quarantined = s.Quarantined }),
                rejectedFiles = log.RejectedFiles.Select(f => new { file = f.File, reason = f.Reason }),
                dataTests = log.DataTests.Select(t => new { name = t.Name, failures = t.Failures, examples = t.Examples }),
                stage = log.Stage,
                error = log.Error,
                durationMs = log.DurationMs,
                warnings = log.Warnings,
                allowHollow = log.AllowHollow,
                storageFailure = log.StorageFailure,
                guards = log.Guards.Select(g => new { guard = g.Guard, target = g.Target, message = g.Message }),
            }, Json));
        }
        else
        {
            PrintRun(log);
        }
        return log.Status switch
        {
            RunStatus.Succeeded => ExitCodes.Ok,
            RunStatus.Refused => ExitCodes.Refused,
            _ when log.StorageFailure => ExitCodes.WarehouseUnusable,
            _ => ExitCodes.Failed,
        };
    }

    private static void PrintRun(RunLog log)
    {
        Console.WriteLine(log.Status switch
        {
            RunStatus.Succeeded => $"已发布 published: build {log.BuildId} (批次 run #{log.RunId}), 数据截至 as-of {log.AsOf:yyyy-MM-dd}, {log.DurationMs / 1000.0:F1} s",
            RunStatus.Refused => $"未发布 not published (批次 run #{log.RunId}): {log.Error}; the current build is unchanged",
            _ => $"失败 failed at {log.Stage}: {log.Error} (批次 run #{log.RunId}); the current build is unchanged",
        });
        if (log.Status == RunStatus.Succeeded && log.Guards.Count > 0)
        {
            Console.WriteLine($"  已用 --allow-hollow 强制发布 published with --allow-hollow over: {string.Join(", ", log.Guards.Select(g => $"{g.Guard} {g.Target}"))}");
        }
        if (log.Sources.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"  {"source",-44} {"read",10} {"loaded",10} {"quarantined",12}");
            foreach (var s in log.Sources) Console.WriteLine($"  {s.Name,-44} {s.Read,10:N0} {s.Loaded,10:N0} {s.Quarantined,12:N0}");
        }
        foreach (var f in log.RejectedFiles) Console.WriteLine($"  拒收文件 rejected file {f.File}: {f.Reason}");
        foreach (var w in log.Warnings) Console.WriteLine($"  提示 warning: {w}");
        foreach (var t in log.DataTests)
        {
            Console.WriteLine($"  数据测试 data test {t.Name,-22} {(t.Failures == 0 ? "ok" : $"{t.Failures:N0} failing rows")}" +
                              (t.Examples.Count == 0 ? "" : $", e.g. {string.Join(", ", t.Examples)}"));
        }
        if (log.Quarantined > 0)
        {
            Console.WriteLine($"  隔离 {log.Quarantined:N0} quarantined rows: dotnet run --project Cockpit.Etl -- quarantine");
        }
    }

    public static int Status(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse" }, new HashSet<string> { "--json" });
        var layout = new WarehouseLayout(Warehouse(a));
        if (layout.PathProblem() is { } notAFolder) throw new WarehouseUnusableException(notAFolder);
        var read = layout.ReadPointer();
        var current = read.Pointer;
        var problem = read.Problem ?? (current is null ? null : WarehouseConnection.Probe(layout.BuildFile(current.BuildId)));
        if (problem is not null) current = null;
        var (logs, unreadable) = RunLogStore.Scan(layout);
        var runs = logs.Take(10).Select(Shown).ToList();
        var warnings = unreadable
            .Select(u => $"运行记录无法读取 unreadable run log runs/{Path.GetFileName(u.File)}: {u.Reason} (下次运行时移到一旁 the next run moves it aside)")
            .ToList();
        if (File.Exists(layout.RunsDirectory))
        {
            warnings.Add($"runs 是文件而不是文件夹，运行记录无法保存 runs is a file, not a folder, so no run can be recorded: {layout.RunsDirectory}");
        }
        var code = problem is null ? ExitCodes.Ok : ExitCodes.WarehouseUnusable;
        if (a.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                current,
                runs = runs.Select(r => new
                {
                    runId = r.RunId, status = r.Status, stage = r.Stage, startedAt = r.StartedAt, endedAt = r.EndedAt,
                    durationMs = r.DurationMs, buildId = r.BuildId, asOf = r.AsOf, quarantined = r.Quarantined,
                    rejectedFiles = r.RejectedFiles.Count, error = r.Error,
                    allowHollow = r.AllowHollow,
                    guards = r.Guards.Select(g => new { guard = g.Guard, target = g.Target, message = g.Message }),
                }),
                problem,
                warnings,
            }, Json));
            return code;
        }
        if (problem is not null)
        {
            Console.WriteLine($"当前数据版本无法使用 the current build cannot be used: {problem}; " +
                              "下次运行会恢复最近一个可用版本 the next run restores the newest build that opens");
        }
        else
        {
            Console.WriteLine(current is null
                ? "尚无已发布的数据 no build has been published yet: dotnet run --project Cockpit.Etl -- run"
                : $"当前 current build {current.BuildId} (批次 run #{current.RunId}), 数据截至 as-of {current.AsOf:yyyy-MM-dd}, " +
                  $"更新于 published {TimeZoneInfo.ConvertTime(current.PublishedAt, ChinaTime.Zone):yyyy-MM-dd HH:mm:ss} (China time)");
        }
        foreach (var r in runs)
        {
            var overridden = r.AllowHollow && r.Guards.Count > 0 && r.Status == RunStatus.Succeeded
                ? $"  已强制发布 --allow-hollow over {string.Join(", ", r.Guards.Select(g => $"{g.Guard} {g.Target}"))}"
                : "";
            Console.WriteLine($"  #{r.RunId,-5} {r.Status,-10} {TimeZoneInfo.ConvertTime(r.StartedAt, ChinaTime.Zone):yyyy-MM-dd HH:mm:ss} " +
                              $"{r.DurationMs / 1000.0,7:F1} s  quarantined {r.Quarantined,6:N0}  {(r.Error is null ? "" : $"{r.Stage}: {r.Error}")}{overridden}");
        }
        foreach (var w in warnings) Console.Error.WriteLine($"提示 warning: {w}");
        return code;
    }

    /// <summary>A run as status shows it: one whose process is gone is abandoned now, not at the next run.</summary>
    private static RunLog Shown(RunLog run)
    {
        if (RunLogStore.EffectiveStatus(run) != RunStatus.Abandoned || run.Status == RunStatus.Abandoned) return run;
        run.Status = RunStatus.Abandoned;
        run.Error ??= $"进程 {run.ProcessId} 已不在运行 process {run.ProcessId} is gone";
        return run;
    }

    public static int Quarantine(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse" }, new HashSet<string> { "--json" });
        var layout = new WarehouseLayout(Warehouse(a));
        if (layout.PathProblem() is { } notAFolder) throw new WarehouseUnusableException(notAFolder);
        var last = RunLogStore.ReadAll(layout).FirstOrDefault(r => RunLogStore.EffectiveStatus(r) != RunStatus.Running);
        var rows = last is null ? [] : RunLogStore.ReadQuarantine(layout, last.RunId);
        if (a.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(q => new
            {
                source = q.Source, row = q.Row, column = q.Column, value = q.Value, reason = q.Reason, reasonKey = q.ReasonKey,
            }), Json));
            return ExitCodes.Ok;
        }
        if (last is null)
        {
            Console.WriteLine("尚无运行记录 no run yet");
            return ExitCodes.Ok;
        }
        Console.WriteLine($"批次 run #{last.RunId}: {rows.Count:N0} 条隔离记录 quarantined rows");
        foreach (var q in rows) Console.WriteLine($"  {q.Source} [{q.Row}] {q.Column} = \"{q.Value}\": {q.Reason}");
        return ExitCodes.Ok;
    }

    /// <summary>A one-line progress bar on the terminal.</summary>
    private sealed class TerminalProgress : IProgress<EtlProgress>
    {
        public void Report(EtlProgress value)
        {
            const int width = 30;
            var filled = (int)Math.Round(Math.Clamp(value.Fraction, 0, 1) * width);
            var line = $"\r[{new string('#', filled)}{new string('.', width - filled)}] {value.Fraction,4:P0} {value.Message}";
            Console.Error.Write(line.Length > 110 ? line[..110] : line.PadRight(110));
        }
    }
}
