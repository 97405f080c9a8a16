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

    /// <summary>The published build, or null when none has been published yet.</summary>
    public BuildPointer? ReadCurrent()
    {
        if (!File.Exists(CurrentPointer)) return null;
        return JsonSerializer.Deserialize<BuildPointer>(File.ReadAllText(CurrentPointer), Json);
    }

    /// <summary>Makes a build current: write a temporary pointer, then rename it over the old one (atomic).</summary>
    public void Publish(BuildPointer pointer)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = CurrentPointer + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(pointer, Json));
        File.Move(temp, CurrentPointer, overwrite: true);
    }
}

/// <summary>The current build: which file, from which run, published when (UTC), with data up to which date.</summary>
public sealed record BuildPointer(string BuildId, long RunId, string File, DateTimeOffset PublishedAt, DateOnly? AsOf);
