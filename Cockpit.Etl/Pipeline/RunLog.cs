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

    public long Quarantined => Sources.Sum(s => s.Quarantined);
}

public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>Still "running" when a later run started: the process was killed.</summary>
    public const string Abandoned = "abandoned";
}

/// <summary>Rows read, loaded and quarantined for one source table or file: read = loaded + quarantined.</summary>
public sealed record SourceCount(string Name, long Read, long Loaded, long Quarantined);

public sealed record RejectedFile(string File, string Reason, string ReasonKey = "");

public sealed record DataTestResult(string Name, long Failures);

public sealed record SourceFileHash(string File, string Sha256, long Bytes);

/// <summary>Reads and writes run logs and their quarantine lists in the warehouse's <c>runs/</c> folder.</summary>
public static class RunLogStore
{
    public static string LogFile(WarehouseLayout layout, long runId) => Path.Combine(layout.RunsDirectory, $"{runId:D6}.json");

    public static string QuarantineFile(WarehouseLayout layout, long runId) =>
        Path.Combine(layout.RunsDirectory, $"{runId:D6}.quarantine.json");

    public static void Save(WarehouseLayout layout, RunLog log)
    {
        Directory.CreateDirectory(layout.RunsDirectory);
        var file = LogFile(layout, log.RunId);
        var temp = file + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(log, WarehouseLayout.Json));
        File.Move(temp, file, overwrite: true);
    }

    public static void SaveQuarantine(WarehouseLayout layout, long runId, IReadOnlyList<QuarantineEntry> entries)
    {
        Directory.CreateDirectory(layout.RunsDirectory);
        File.WriteAllText(QuarantineFile(layout, runId), JsonSerializer.Serialize(entries, WarehouseLayout.Json));
    }

    /// <summary>All run logs, newest first.</summary>
    public static List<RunLog> ReadAll(WarehouseLayout layout)
    {
        if (!Directory.Exists(layout.RunsDirectory)) return [];
        return Directory.GetFiles(layout.RunsDirectory, "*.json")
            .Where(f => !f.EndsWith(".quarantine.json", StringComparison.Ordinal))
            .Select(f => JsonSerializer.Deserialize<RunLog>(File.ReadAllText(f), WarehouseLayout.Json)!)
            .OrderByDescending(r => r.RunId)
            .ToList();
    }

    public static List<QuarantineEntry> ReadQuarantine(WarehouseLayout layout, long runId)
    {
        var file = QuarantineFile(layout, runId);
        return File.Exists(file) ? JsonSerializer.Deserialize<List<QuarantineEntry>>(File.ReadAllText(file), WarehouseLayout.Json)! : [];
    }
}
