namespace Cockpit.Etl.Pipeline;

/// <summary>The stages of a run, in order.</summary>
public enum EtlStage
{
    /// <summary>Open the sources, list and hash the inbox files.</summary>
    Extract,
    /// <summary>Stream, validate and append rows into the staging tables of the new build.</summary>
    Load,
    /// <summary>Run <c>sql/staging</c> and <c>sql/marts</c>.</summary>
    Transform,
    /// <summary>Run <c>sql/tests</c>; any failing row stops the build.</summary>
    DataTests,
    /// <summary>Make the build current.</summary>
    Publish,
}

/// <summary>Where a run is: the stage, the source being read, rows so far, and a line for people.</summary>
/// <param name="Stage">The stage the run is in.</param>
/// <param name="Source">The table or file being read, if any.</param>
/// <param name="Rows">Rows read from that source so far.</param>
/// <param name="Fraction">0–1 overall, for a progress bar.</param>
/// <param name="Message">A line for people, Chinese then English.</param>
public sealed record EtlProgress(EtlStage Stage, string Source, long Rows, double Fraction, string Message);
