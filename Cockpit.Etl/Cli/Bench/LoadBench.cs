namespace Cockpit.Etl.Cli.Bench;

/// <summary>The load section of <c>bench</c> (issue 18): not measured yet.</summary>
internal static class LoadBench
{
    public static IEnumerable<BenchRow> Run(BenchContext context) =>
        [new BenchRow("load", "not measured yet", null, "", Note: "this section of bench is not built yet")];

    /// <summary>Builds the warehouse the other sections read with one plain ETL run (not measured).</summary>
    public static void BuildWarehouse(BenchContext context)
    {
        var log = Pipeline.EtlRunner.Run(new Pipeline.EtlRunRequest(
            new Source.SourceOptions { Provider = "sqlite", ConnectionString = $"Data Source={context.SourceDb}" }, context.Inbox, context.Warehouse));
        if (log.Status != Pipeline.RunStatus.Succeeded) throw new InvalidOperationException($"bench: the ETL run failed at {log.Stage}: {log.Error}");
    }
}
