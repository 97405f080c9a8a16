using System.Text.Json;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;

namespace Cockpit.Etl.Cli;

/// <summary><c>run</c>, <c>status</c> and <c>quarantine</c>: the warehouse build and what it recorded.</summary>
internal static class EtlCommands
{
    public const int Published = 0;
    public const int Failed = 1;
    public const int Busy = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string Warehouse(Arguments a) => a.Value("--warehouse") ?? DataPaths.Resolve("data/warehouse");

    public static int Run(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--source", "--provider", "--inbox", "--warehouse", "--keep-builds" }, new HashSet<string> { "--json" });
        var keep = a.Int("--keep-builds") ?? new WarehouseOptions().KeepBuilds;
        if (keep < 1) throw new UsageException("--keep-builds must be at least 1.");
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
            Warehouse(a)) { KeepBuilds = keep };
        var json = a.Has("--json");

        RunLog log;
        try
        {
            log = EtlRunner.Run(request, Console.IsErrorRedirected ? null : new TerminalProgress());
        }
        catch (EtlBusyException e)
        {
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    runId = (long?)null, status = "busy", buildId = (string?)null, sources = Array.Empty<object>(),
                    rejectedFiles = Array.Empty<object>(), dataTests = Array.Empty<object>(), error = e.Message,
                }, Json));
            }
            Console.Error.WriteLine($"错误 error: {e.Message}");
            return Busy;
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
                dataTests = log.DataTests.Select(t => new { name = t.Name, failures = t.Failures }),
                stage = log.Stage,
                error = log.Error,
                durationMs = log.DurationMs,
            }, Json));
        }
        else
        {
            PrintRun(log);
        }
        return log.Status == RunStatus.Succeeded ? Published : Failed;
    }

    private static void PrintRun(RunLog log)
    {
        var ok = log.Status == RunStatus.Succeeded;
        Console.WriteLine(ok
            ? $"已发布 published: build {log.BuildId} (批次 run #{log.RunId}), 数据截至 as-of {log.AsOf:yyyy-MM-dd}, {log.DurationMs / 1000.0:F1} s"
            : $"失败 failed at {log.Stage}: {log.Error} (批次 run #{log.RunId}); the current build is unchanged");
        if (log.Sources.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"  {"source",-44} {"read",10} {"loaded",10} {"quarantined",12}");
            foreach (var s in log.Sources) Console.WriteLine($"  {s.Name,-44} {s.Read,10:N0} {s.Loaded,10:N0} {s.Quarantined,12:N0}");
        }
        foreach (var f in log.RejectedFiles) Console.WriteLine($"  拒收文件 rejected file {f.File}: {f.Reason}");
        foreach (var w in log.Warnings) Console.WriteLine($"  提示 warning: {w}");
        foreach (var t in log.DataTests) Console.WriteLine($"  数据测试 data test {t.Name,-22} {(t.Failures == 0 ? "ok" : $"{t.Failures:N0} failing rows")}");
        if (log.Quarantined > 0)
        {
            Console.WriteLine($"  隔离 {log.Quarantined:N0} quarantined rows: dotnet run --project Cockpit.Etl -- quarantine");
        }
    }

    public static int Status(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse" }, new HashSet<string> { "--json" });
        var layout = new WarehouseLayout(Warehouse(a));
        var current = layout.ReadCurrent();
        var runs = RunLogStore.ReadAll(layout).Take(10).ToList();
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
                }),
            }, Json));
            return 0;
        }
        Console.WriteLine(current is null
            ? "尚无已发布的数据 no build has been published yet: dotnet run --project Cockpit.Etl -- run"
            : $"当前 current build {current.BuildId} (批次 run #{current.RunId}), 数据截至 as-of {current.AsOf:yyyy-MM-dd}, " +
              $"更新于 published {TimeZoneInfo.ConvertTime(current.PublishedAt, ChinaTime.Zone):yyyy-MM-dd HH:mm:ss} (China time)");
        foreach (var r in runs)
        {
            Console.WriteLine($"  #{r.RunId,-5} {r.Status,-10} {TimeZoneInfo.ConvertTime(r.StartedAt, ChinaTime.Zone):yyyy-MM-dd HH:mm:ss} " +
                              $"{r.DurationMs / 1000.0,7:F1} s  quarantined {r.Quarantined,6:N0}  {(r.Error is null ? "" : $"{r.Stage}: {r.Error}")}");
        }
        return 0;
    }

    public static int Quarantine(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse" }, new HashSet<string> { "--json" });
        var layout = new WarehouseLayout(Warehouse(a));
        var last = RunLogStore.ReadAll(layout).FirstOrDefault(r => r.Status != RunStatus.Running);
        var rows = last is null ? [] : RunLogStore.ReadQuarantine(layout, last.RunId);
        if (a.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(q => new
            {
                source = q.Source, row = q.Row, column = q.Column, value = q.Value, reason = q.Reason, reasonKey = q.ReasonKey,
            }), Json));
            return 0;
        }
        if (last is null)
        {
            Console.WriteLine("尚无运行记录 no run yet");
            return 0;
        }
        Console.WriteLine($"批次 run #{last.RunId}: {rows.Count:N0} 条隔离记录 quarantined rows");
        foreach (var q in rows) Console.WriteLine($"  {q.Source} [{q.Row}] {q.Column} = \"{q.Value}\": {q.Reason}");
        return 0;
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
