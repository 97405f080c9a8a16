namespace Cockpit.Etl.Cli;

/// <summary>The exit codes of every command, as <c>help</c> and the README document them.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>run</c>: a build was published (possibly with warnings about what it repaired).</summary>
    public const int Ok = 0;
    /// <summary><c>run</c> failed at a stage; the run log says where and why; the current build is unchanged.</summary>
    public const int Failed = 1;
    /// <summary>The command line cannot be run as given.</summary>
    public const int Usage = 2;
    /// <summary>Another run holds the warehouse lock.</summary>
    public const int Busy = 3;
    /// <summary><c>run</c> refused to publish a hollow build; <c>--allow-hollow</c> publishes anyway.</summary>
    public const int Refused = 4;
    /// <summary>The warehouse cannot be used: a file, not writable, a full disk, or no readable current build.</summary>
    public const int WarehouseUnusable = 5;
    /// <summary>Something unexpected (a bug): one line here, the details in a log file.</summary>
    public const int Unexpected = 6;
}
