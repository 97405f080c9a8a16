namespace Cockpit.Warehouse;

/// <summary>Where the DuckDB builds live: section <c>Warehouse</c> of the configuration.</summary>
public sealed class WarehouseOptions
{
    public const string SectionName = "Warehouse";

    /// <summary>The warehouse folder: <c>builds/</c>, <c>runs/</c>, <c>current.json</c>; relative to the data root.</summary>
    public string Directory { get; set; } = "data/warehouse";

    /// <summary>How many published builds to keep (the current one always stays).</summary>
    public int KeepBuilds { get; set; } = 10;
}
