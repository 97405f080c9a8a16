using Cockpit.Etl;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Services;

/// <summary>One ETL run from the web: the schedule (Hangfire), the first run and, later, "run now" on the admin page.</summary>
public sealed class EtlJob(
    IOptions<SourceOptions> source, IOptions<EtlOptions> etl, IOptions<WarehouseOptions> warehouse, TimeProvider time,
    EtlRunMonitor monitor, ILogger<EtlJob> logger)
{
    public const string RecurringJobId = "etl";

    /// <summary>Runs the ETL now; another run in progress is reported, not waited for.</summary>
    public RunLog? Run(IProgress<EtlProgress>? progress = null)
    {
        var request = new EtlRunRequest(source.Value, etl.Value.ResolveInbox(), warehouse.Value.Directory)
        {
            // the retention setting saved on /admin/builds wins over Warehouse:KeepBuilds
            KeepBuilds = new WarehouseLayout(warehouse.Value.Directory).SavedKeepBuilds() ?? warehouse.Value.KeepBuilds,
            MaxRowLoss = etl.Value.MaxRowLoss,
            InboxMaxFileBytes = etl.Value.InboxMaxFileMegabytes * 1024L * 1024,
            MemoryLimitMegabytes = etl.Value.MemoryLimitMegabytes,
            Time = time,
        };
        monitor.Begin();
        var both = new BothProgress(monitor, progress);
        try
        {
            var log = EtlRunner.Run(request, both);
            logger.LogInformation("ETL run #{RunId} {Status} in {Ms} ms ({Stage}) {Error}", log.RunId, log.Status, log.DurationMs, log.Stage, log.Error);
            return log;
        }
        catch (EtlBusyException e)
        {
            logger.LogWarning("ETL not started: {Message}", e.Message);
            return null;
        }
        finally
        {
            monitor.End();
        }
    }

    /// <summary>A run started by hand on the admin page (audited there); one at a time across the farm.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public void RunManual(string startedBy)
    {
        logger.LogInformation("ETL started by hand by {User}", startedBy);
        Run();
    }

    /// <summary>The scheduled run (Hangfire); one at a time across the farm.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public void RunScheduled() => Run();

    /// <summary>Progress goes to the admin pages (<see cref="EtlRunMonitor"/>) and to the caller's reporter, if any.</summary>
    private sealed class BothProgress(EtlRunMonitor monitor, IProgress<EtlProgress>? other) : IProgress<EtlProgress>
    {
        public void Report(EtlProgress value)
        {
            monitor.Report(value);
            other?.Report(value);
        }
    }
}
