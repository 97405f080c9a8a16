namespace Cockpit.Etl.Cli.Bench;

/// <summary>The pages section of <c>bench</c> (issue 18): not measured yet.</summary>
internal static class PagesBench
{
    public static IEnumerable<BenchRow> Run(BenchContext context) =>
        [new BenchRow("pages", "not measured yet", null, "", Note: "this section of bench is not built yet")];
}
