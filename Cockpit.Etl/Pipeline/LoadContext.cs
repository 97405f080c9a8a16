using DuckDB.NET.Data;

namespace Cockpit.Etl.Pipeline;

/// <summary>State shared by the loaders of one run: the build being written, counts, quarantine, loaded keys.</summary>
internal sealed class LoadContext(long runId, DateOnly today, DuckDBConnection build, IProgress<EtlProgress>? progress)
{
    public long RunId { get; } = runId;
    /// <summary>The run date in China time: later dates in the sources are "future".</summary>
    public DateOnly Today { get; } = today;
    public DuckDBConnection Build { get; } = build;
    public IProgress<EtlProgress>? Progress { get; } = progress;

    public List<QuarantineEntry> Quarantined { get; } = [];
    public List<(SourceCount Count, string Kind, string? Sha256)> Counts { get; } = [];
    public List<RejectedFile> RejectedFiles { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<SourceFileHash> Files { get; } = [];

    // keys of the rows loaded so far: a child row whose parent was not loaded is an orphan
    public HashSet<int> Departments { get; } = [];
    public HashSet<int> Staff { get; } = [];
    public HashSet<int> Banks { get; } = [];
    public HashSet<int> Products { get; } = [];
    public HashSet<string> Industries { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Regions { get; } = new(StringComparer.Ordinal);
    public HashSet<int> Groups { get; } = [];
    public HashSet<int> Customers { get; } = [];
    public HashSet<int> Applications { get; } = [];
    public Dictionary<int, (DateOnly Start, DateOnly? Released)> Contracts { get; } = [];
    public HashSet<int> Compensations { get; } = [];
    public Dictionary<string, int> CustomerByCreditCode { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> DepartmentByCode { get; } = new(StringComparer.Ordinal);

    private Inbox.InboxKeys? _keys;

    /// <summary>What the inbox rows are checked against: the run date and the departments and customers loaded so far.</summary>
    public Inbox.InboxKeys Keys => _keys ??= new(Today, DepartmentByCode, CustomerByCreditCode);

    /// <summary>Progress fraction of the load stage (0.1–0.7 of the run), advanced by the loaders.</summary>
    public double Fraction { get; set; } = 0.1;

    /// <summary>The table or file being read, so a failure can name it.</summary>
    public string? CurrentSource { get; set; }

    public void Report(string source, long rows, string message)
    {
        CurrentSource = source;
        Progress?.Report(new EtlProgress(EtlStage.Load, source, rows, Fraction, message));
    }
}
