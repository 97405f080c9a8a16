namespace Cockpit.Etl.Cli.Bench;

/// <summary>The export section of <c>bench</c> (issue 18): not measured yet.</summary>
internal static class ExportBench
{
    public static IEnumerable<BenchRow> Run(BenchContext context) =>
        [new BenchRow("export", "not measured yet", null, "", Note: "this section of bench is not built yet")];
}
