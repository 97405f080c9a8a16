using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cockpit.Warehouse;

namespace Cockpit.Etl.Pipeline;

/// <summary>One run of the ETL as recorded in <c>runs/&lt;run-id&gt;.json</c>; written at start and at the end.</summary>
public sealed class RunLog
{
    public long RunId { get; set; }
    /// <summary><see cref="RunStatus"/>.</summary>
    public string Status { get; set; } = RunStatus.Running;
    /// <summary>The stage the run was in when it ended (for a failed run, where it failed).</summary>
    public string Stage { get; set; } = "";
    public string? Error { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public long DurationMs { get; set; }
    public string BuildId { get; set; } = "";
    public DateOnly? AsOf { get; set; }
    /// <summary>The core system read, without credentials.</summary>
    public string Source { get; set; } = "";
    public string Inbox { get; set; } = "";
    public List<SourceCount> Sources { get; set; } = [];
    public List<RejectedFile> RejectedFiles { get; set; } = [];
    public List<DataTestResult> DataTests { get; set; } = [];
    public List<string> Warnings { get; set; } = [];
    /// <summary>SHA-256 of every inbox file read (and of the SQLite source file when there is one).</summary>
    public List<SourceFileHash> SourceFiles { get; set; } = [];
    public int ProcessId { get; set; }
    /// <summary>When the running process started and on which machine: a reused process id is not taken for this run.</summary>
    public DateTimeOffset? ProcessStartedAt { get; set; }
    public string? Machine { get; set; }
    /// <summary>The run failed because the warehouse could not be written (a full disk, a read-only file system), not because of the data.</summary>
    public bool StorageFailure { get; set; }
    /// <summary>The run was started with <c>--allow-hollow</c>: the hollow-build guards in <see cref="Guards"/> did not stop it.</summary>
    public bool AllowHollow { get; set; }
    /// <summary>Hollow-build guards that tripped: they refused the publish, or were overridden with <see cref="AllowHollow"/>.</summary>
    public List<GuardFinding> Guards { get; set; } = [];

    /// <summary>The warehouse SQL version that made the build (<see cref="WarehouseSchema.Version"/>; 0 = before it was recorded).</summary>
    public int Schema { get; set; }

    public long Quarantined => Sources.Sum(s => s.Quarantined);

    /// <summary>Rows the build holds from every source: the loaded rows of each table and file.</summary>
    public long RowsLoaded => Sources.Sum(s => s.Loaded);

    /// <summary>This run's build as a pointer (to read it as an earlier build, or to publish it again).</summary>
    public BuildPointer Pointer(WarehouseLayout layout) =>
        new(BuildId, RunId, layout.BuildFile(BuildId), EndedAt ?? StartedAt, AsOf, Schema);
}

public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>Loaded, but not published: the build would have been hollow (see <see cref="RunLog.Guards"/>).</summary>
    public const string Refused = "refused";
    /// <summary>Still "running" although its process is gone: the process was killed.</summary>
    public const string Abandoned = "abandoned";

    public static bool IsKnown(string? status) => status is Running or Succeeded or Failed or Refused or Abandoned;
}

/// <summary>Rows read, loaded and quarantined for one source table or file: read = loaded + quarantined.</summary>
public sealed record SourceCount(string Name, long Read, long Loaded, long Quarantined);

public sealed record RejectedFile(string File, string Reason, string ReasonKey = "");

/// <summary>A data test and its failing rows: how many, and the first few as "object key" (e.g. <c>dim_customer 17</c>).</summary>
public sealed record DataTestResult(string Name, long Failures)
{
    public List<string> Examples { get; init; } = [];
}

public sealed record SourceFileHash(string File, string Sha256, long Bytes);

/// <summary>
/// One hollow-build guard that tripped: <see cref="Guard"/> is <c>inbox_missing</c>, <c>empty_table</c> or
/// <c>row_loss</c>; <see cref="Target"/> the folder or table; <see cref="Message"/> Chinese then English.
/// </summary>
public sealed record GuardFinding(string Guard, string Target, string Message);

/// <summary>A file in <c>runs/</c> that is not a readable run log (truncated, corrupt, or something else).</summary>
public sealed record UnreadableRunLog(string File, string Reason);

/// <summary>Reads and writes run logs and their quarantine lists in the warehouse's <c>runs/</c> folder.</summary>
public static class RunLogStore
{
    public static string LogFile(WarehouseLayout layout, long runId) => Path.Combine(layout.RunsDirectory, $"{runId:D6}.json");

    public static string QuarantineFile(WarehouseLayout layout, long runId) =>
        Path.Combine(layout.RunsDirectory, $"{runId:D6}.quarantine.json");

    public static void Save(WarehouseLayout layout, RunLog log)
    {
        Directory.CreateDirectory(layout.RunsDirectory);
        WriteAtomically(LogFile(layout, log.RunId), JsonSerializer.Serialize(log, WarehouseLayout.Json));
    }

    public static void SaveQuarantine(WarehouseLayout layout, long runId, IReadOnlyList<QuarantineEntry> entries)
    {
        Directory.CreateDirectory(layout.RunsDirectory);
        WriteAtomically(QuarantineFile(layout, runId), JsonSerializer.Serialize(entries, WarehouseLayout.Json));
    }

    /// <summary>All readable run logs, newest first; unreadable files are left out (see <see cref="Scan"/>).</summary>
    public static List<RunLog> ReadAll(WarehouseLayout layout) => Scan(layout).Logs;

    /// <summary>The run logs, newest first, and the files in <c>runs/</c> that look like run logs but cannot be read as one.</summary>
    public static (List<RunLog> Logs, List<UnreadableRunLog> Unreadable) Scan(WarehouseLayout layout)
    {
        if (!Directory.Exists(layout.RunsDirectory)) return ([], []);
        var logs = new List<RunLog>();
        var unreadable = new List<UnreadableRunLog>();
        foreach (var file in Directory.GetFiles(layout.RunsDirectory, "*.json"))
        {
            if (file.EndsWith(".quarantine.json", StringComparison.Ordinal)) continue;
            var (log, reason) = Read(file);
            if (log is not null) logs.Add(log);
            else unreadable.Add(new UnreadableRunLog(file, reason!));
        }
        return ([.. logs.OrderByDescending(r => r.RunId)], unreadable);
    }

    /// <summary>
    /// Moves unreadable run logs aside as <c>&lt;name&gt;.corrupt</c>, so they stop hiding the others; returns a
    /// warning for each. Called by a run, under the warehouse lock.
    /// </summary>
    public static List<string> MoveAside(IEnumerable<UnreadableRunLog> unreadable)
    {
        var warnings = new List<string>();
        foreach (var (file, reason) in unreadable)
        {
            var target = file + ".corrupt";
            for (var i = 2; File.Exists(target); i++) target = $"{file}.{i}.corrupt";
            File.Move(file, target);
            warnings.Add($"运行记录无法读取，已移到 {Path.GetFileName(target)} an unreadable run log was moved aside: " +
                         $"runs/{Path.GetFileName(file)} → {Path.GetFileName(target)} ({reason})");
        }
        return warnings;
    }

    /// <summary>The highest run number any file in <c>runs/</c> carries, readable or not: a new run never reuses one.</summary>
    public static long HighestRunNumber(WarehouseLayout layout)
    {
        if (!Directory.Exists(layout.RunsDirectory)) return 0;
        long highest = 0;
        foreach (var file in Directory.EnumerateFiles(layout.RunsDirectory))
        {
            var name = Path.GetFileName(file);
            var digits = name.Length - name.TrimStart("0123456789".ToCharArray()).Length;
            if (digits > 0 && long.TryParse(name[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) highest = Math.Max(highest, n);
        }
        return highest;
    }

    /// <summary>Temporary files a killed or failed write left in <c>runs/</c>.</summary>
    public static IEnumerable<string> StaleTemporaryFiles(WarehouseLayout layout) =>
        Directory.Exists(layout.RunsDirectory) ? Directory.EnumerateFiles(layout.RunsDirectory, "*.tmp") : [];

    /// <summary>The rows a run quarantined; a list that cannot be read is reported, not taken for "none".</summary>
    /// <exception cref="WarehouseUnusableException">the quarantine file is corrupt or unreadable.</exception>
    public static List<QuarantineEntry> ReadQuarantine(WarehouseLayout layout, long runId)
    {
        var file = QuarantineFile(layout, runId);
        if (!File.Exists(file)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<QuarantineEntry>>(File.ReadAllText(file), WarehouseLayout.Json)
                   ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            throw new WarehouseUnusableException(
                $"批次 #{runId} 的隔离记录无法读取 the quarantine list of run #{runId} cannot be read: runs/{Path.GetFileName(file)}: {WarehouseFault.Describe(e)}", e);
        }
    }

    /// <summary>
    /// The status to show: a run still "running" whose process is gone (killed, or its id now belongs to another
    /// process) is <see cref="RunStatus.Abandoned"/>, without waiting for the next run to notice.
    /// </summary>
    public static string EffectiveStatus(RunLog log) =>
        log.Status == RunStatus.Running && ProcessIsGone(log) ? RunStatus.Abandoned : log.Status;

    /// <summary>The process that wrote a "running" log no longer runs. Unknown (no id, another machine) counts as alive.</summary>
    public static bool ProcessIsGone(RunLog log)
    {
        if (log.ProcessId <= 0) return false;
        if (log.Machine is { } machine && !machine.Equals(Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var process = Process.GetProcessById(log.ProcessId);
            if (process.HasExited) return true;
            if (log.ProcessStartedAt is not { } started) return false;
            return Math.Abs((process.StartTime.ToUniversalTime() - started.UtcDateTime).TotalSeconds) > 2;
        }
        catch (ArgumentException)
        {
            return true; // no process has that id
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false; // cannot tell; assume it still runs
        }
    }

    /// <summary>When this process started (UTC), to recognise it later.</summary>
    public static DateTimeOffset? CurrentProcessStart()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    private static (RunLog? Log, string? Reason) Read(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        try
        {
            var log = JsonSerializer.Deserialize<RunLog>(File.ReadAllText(file), WarehouseLayout.Json);
            if (log is null || log.RunId <= 0 || !RunStatus.IsKnown(log.Status) || log.StartedAt == default)
            {
                return (null, "不是运行记录 not a run log");
            }
            if (!long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number != log.RunId)
            {
                return (null, $"文件名与批次号 #{log.RunId} 不符 the name does not match run #{log.RunId}");
            }
            return (log, null);
        }
        catch (JsonException e)
        {
            return (null, $"不是有效的 JSON not valid JSON{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return (null, WarehouseFault.Describe(e));
        }
    }

    private static void WriteAtomically(string file, string content)
    {
        var temp = $"{file}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temp, content);
            File.Move(temp, file, overwrite: true);
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the next run cleans runs/*.tmp
            }
        }
    }
}
