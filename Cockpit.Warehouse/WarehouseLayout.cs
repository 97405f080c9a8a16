using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cockpit.Warehouse;

/// <summary>
/// The warehouse folder. Every ETL run writes a new <c>builds/&lt;build-id&gt;.duckdb</c>; <c>current.json</c>
/// names the published one and is replaced atomically; <c>runs/</c> holds the run logs, which survive failed runs.
/// </summary>
public sealed class WarehouseLayout(string directory)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string Directory { get; } = Path.GetFullPath(directory);
    public string BuildsDirectory => Path.Combine(Directory, "builds");
    public string RunsDirectory => Path.Combine(Directory, "runs");
    public string CurrentPointer => Path.Combine(Directory, "current.json");
    public string LockFile => Path.Combine(Directory, "etl.lock");

    public string BuildFile(string buildId) => Path.Combine(BuildsDirectory, buildId + ".duckdb");

    /// <summary>The retention setting saved on /admin/builds: how many published builds every run keeps.</summary>
    public string RetentionFile => Path.Combine(Directory, "retention.json");

    /// <summary>The most builds a retention setting may keep (each is a full copy of the warehouse).</summary>
    public const int MaxKeepBuilds = 100;

    /// <summary>
    /// The saved retention setting, or null when none is saved (or the file cannot be read: the configured or default
    /// number applies, and the builds page says the file is unreadable).
    /// </summary>
    public int? SavedKeepBuilds()
    {
        try
        {
            if (!File.Exists(RetentionFile)) return null;
            var saved = JsonSerializer.Deserialize<RetentionSetting>(File.ReadAllText(RetentionFile), Json);
            return saved?.KeepBuilds is >= 1 and <= MaxKeepBuilds ? saved.KeepBuilds : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Saves the retention setting (1 to <see cref="MaxKeepBuilds"/>); every later run keeps that many builds.</summary>
    public void SaveKeepBuilds(int keep, string by, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keep, MaxKeepBuilds);
        System.IO.Directory.CreateDirectory(Directory);
        var temp = RetentionFile + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new RetentionSetting(keep, by, at), Json));
        File.Move(temp, RetentionFile, overwrite: true);
    }

    /// <summary>Why the warehouse path cannot be a warehouse at all (it is a file), or null.</summary>
    public string? PathProblem() => File.Exists(Directory)
        ? $"数据仓库路径是文件而不是文件夹：{Directory}（the warehouse path is a file, not a folder）"
        : null;

    /// <summary>
    /// The published build, or null when none has been published yet or <c>current.json</c> cannot be used
    /// (<see cref="ReadPointer"/> says why): readers then see "no readable build" rather than an exception.
    /// </summary>
    public BuildPointer? ReadCurrent() => ReadPointer().Pointer;

    /// <summary>
    /// <c>current.json</c> as found: the pointer when it is readable and its build file exists, otherwise null and,
    /// when there is something wrong (not merely nothing published yet), the reason in Chinese and English.
    /// </summary>
    public PointerRead ReadPointer()
    {
        if (System.IO.Directory.Exists(CurrentPointer))
        {
            return new PointerRead(null, "current.json 是文件夹而不是文件 current.json is a folder, not a file");
        }
        if (!File.Exists(CurrentPointer)) return new PointerRead(null, null);
        BuildPointer? pointer;
        try
        {
            pointer = JsonSerializer.Deserialize<BuildPointer>(File.ReadAllText(CurrentPointer), Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            var why = e is JsonException ? "不是有效的 JSON not valid JSON" : WarehouseFault.Describe(e);
            return new PointerRead(null, $"current.json 无法读取 current.json cannot be read: {why}");
        }
        if (pointer is null || pointer.RunId <= 0 || !IsBuildId(pointer.BuildId))
        {
            return new PointerRead(null, "current.json 内容无效 current.json does not name a build");
        }
        if (!File.Exists(BuildFile(pointer.BuildId)))
        {
            return new PointerRead(null,
                $"当前数据版本文件不存在 the current build's file is missing: builds/{pointer.BuildId}.duckdb");
        }
        return new PointerRead(pointer, null);
    }

    /// <summary>Makes a build current: write a temporary pointer, then rename it over the old one (atomic).</summary>
    public void Publish(BuildPointer pointer)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = CurrentPointer + $".{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(pointer, Json));
            File.Move(temp, CurrentPointer, overwrite: true);
        }
        finally
        {
            // a full disk fails the write half-way: never leave the temporary pointer behind
            TryDelete(temp);
        }
    }

    /// <summary>Temporary pointers a killed or failed publish left behind.</summary>
    public IEnumerable<string> StaleTemporaryPointers() =>
        System.IO.Directory.Exists(Directory) ? System.IO.Directory.EnumerateFiles(Directory, "current.json.*.tmp") : [];

    /// <summary>A build id names a file in <c>builds/</c>: no path separators, nothing that climbs out of it.</summary>
    public static bool IsBuildId(string? buildId) =>
        !string.IsNullOrWhiteSpace(buildId) && buildId.IndexOfAny(['/', '\\', ':']) < 0 && !buildId.Contains("..", StringComparison.Ordinal);

    private static void TryDelete(string file)
    {
        try
        {
            if (File.Exists(file)) File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // cleaned by the next run
        }
    }
}

/// <summary>
/// The current build: which file, from which run, published when (UTC), with data up to which date, made by which
/// version of the warehouse's SQL (<see cref="WarehouseSchema.Version"/>; 0 = before versions were written).
/// </summary>
public sealed record BuildPointer(string BuildId, long RunId, string File, DateTimeOffset PublishedAt, DateOnly? AsOf, int Schema = 0);

/// <summary>The retention setting as saved: how many builds to keep, who set it and when.</summary>
public sealed record RetentionSetting(int KeepBuilds, string? SetBy = null, DateTimeOffset? SetAt = null);

/// <summary>The version of what a build holds (marts, columns, macros) that the cockpit's SQL expects.</summary>
public static class WarehouseSchema
{
    /// <summary>
    /// Raised whenever the marts, KPI files or macros change so that an older build cannot serve them: 1 = the table
    /// macros of the KPI files (sql/macros); 2 = managers' codes and the B manager in the wide marts (the business
    /// page, 双人尽调落实率); 3 = the customer's risk level on contracts (the risk page's exposure). The web app rebuilds
    /// on start when the published build is older.
    /// </summary>
    public const int Version = 3;
}

/// <summary><c>current.json</c> as read: the pointer, or why there is none that can be used (null: nothing published yet).</summary>
public sealed record PointerRead(BuildPointer? Pointer, string? Problem);
