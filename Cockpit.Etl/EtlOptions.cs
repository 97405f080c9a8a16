namespace Cockpit.Etl;

/// <summary>Folders and first-run behaviour of the ETL: section <c>Etl</c> of the configuration.</summary>
public sealed class EtlOptions
{
    public const string SectionName = "Etl";

    /// <summary>Where generated data lives (demo source, warehouse builds, logs); relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The inbox folder departments drop files into; default <c>&lt;DataDirectory&gt;/inbox</c>.</summary>
    public string? InboxDirectory { get; set; }

    /// <summary>On first run with a SQLite source that does not exist yet, generate the demo company there.</summary>
    public bool GenerateDemoWhenMissing { get; set; } = true;

    /// <summary>Seed of the generated demo company.</summary>
    public int DemoSeed { get; set; } = Demo.DemoOptions.DefaultSeed;

    /// <summary>About how many contracts the generated demo company has.</summary>
    public int DemoContracts { get; set; } = Demo.DemoOptions.DefaultContracts;

    /// <summary>
    /// The largest share (0–1) of its rows in the current build a core table may lose before a run refuses to
    /// publish (<c>--max-row-loss</c>); 1 turns the guard off.
    /// </summary>
    public double MaxRowLoss { get; set; } = Pipeline.HollowBuildGuard.DefaultMaxRowLoss;

    /// <summary>An inbox file larger than this many megabytes is rejected unread (default 50).</summary>
    public int InboxMaxFileMegabytes { get; set; } = (int)(Pipeline.Inbox.InboxLimits.DefaultMaxFileBytes / (1024 * 1024));

    /// <summary>DuckDB's memory limit while a build is made, in megabytes; beyond it the transforms spill to disk. 0: DuckDB's default.</summary>
    public int MemoryLimitMegabytes { get; set; } = Pipeline.EtlRunRequest.DefaultMemoryLimitMegabytes;

    /// <summary>The inbox folder, resolved.</summary>
    public string ResolveInbox() =>
        string.IsNullOrWhiteSpace(InboxDirectory) ? Path.Combine(DataDirectory, Demo.DemoWriter.InboxFolderName) : InboxDirectory;
}
