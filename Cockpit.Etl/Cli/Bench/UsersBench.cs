namespace Cockpit.Etl.Cli.Bench;

/// <summary>The users section of <c>bench</c> (issue 18): not measured yet.</summary>
internal static class UsersBench
{
    public static IEnumerable<BenchRow> Run(BenchContext context) =>
        [new BenchRow("users", "not measured yet", null, "", Note: "this section of bench is not built yet")];
}
