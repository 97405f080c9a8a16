using Cockpit.Etl;
using Cockpit.Etl.Demo;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Services;

/// <summary>
/// A fresh clone has no data: generate the demo company (when the SQLite source does not exist) and build the first
/// warehouse in the background while the page shows progress, so <c>dotnet run --project Cockpit.Web</c> needs
/// no other step.
/// </summary>
public sealed class FirstRunService(
    IOptions<SourceOptions> source, IOptions<EtlOptions> etl, IOptions<WarehouseOptions> warehouse, FirstRunState state,
    EtlJob job, ILogger<FirstRunService> logger, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            if (new WarehouseLayout(warehouse.Value.Directory).ReadCurrent() is { } current)
            {
                state.Set(FirstRunStage.Ready, "就绪 ready", 1);
                if (current.Schema < WarehouseSchema.Version)
                {
                    // an upgrade: the published build was made by older SQL; rebuild now rather than at night (the
                    // old build stays on screen until the new one is published)
                    logger.LogInformation("The published build {Build} has schema {Old}, this version needs {New}: rebuilding",
                        current.BuildId, current.Schema, WarehouseSchema.Version);
                    var upgrade = job.Run();
                    if (upgrade?.Status != RunStatus.Succeeded) logger.LogWarning("The upgrade rebuild did not publish: {Error}", upgrade?.Error);
                }
                return;
            }
            var file = SourceSummaryReader.SqliteFile(source.Value);
            if (file is not null && !File.Exists(file) && etl.Value.GenerateDemoWhenMissing)
            {
                var directory = Path.GetDirectoryName(file)!;
                state.Set(FirstRunStage.GeneratingDemo, "首次运行：正在生成演示公司数据… First run: generating the demo company…", 0.02);
                logger.LogInformation("No source database at {File}: generating the demo company into {Directory}", file, directory);
                var result = DemoWriter.Generate(directory, new DemoOptions(etl.Value.DemoSeed, etl.Value.DemoContracts), ChinaTime.Today(time));
                logger.LogInformation("Demo company generated in {Seconds:F1} s", result.TotalTime.TotalSeconds);
                if (!File.Exists(file))
                {
                    throw new InvalidOperationException(
                        $"the demo company was written to {directory}, but the configured source is {file}");
                }
            }
            state.Set(FirstRunStage.BuildingWarehouse, "正在构建数据仓库… Building the warehouse…", 0.3);
            var progress = new SynchronousProgress(p =>
                state.Set(FirstRunStage.BuildingWarehouse, $"正在构建数据仓库：{p.Message}", 0.3 + 0.7 * p.Fraction));
            var log = job.Run(progress);
            if (log?.Status == RunStatus.Succeeded) state.Set(FirstRunStage.Ready, "就绪 ready", 1);
            else state.Set(FirstRunStage.Failed, $"首次数据加载失败 the first load failed: {log?.Error ?? "another run is in progress"}");
        }
        catch (Exception e)
        {
            logger.LogError(e, "First run failed");
            state.Set(FirstRunStage.Failed, $"首次运行失败 first run failed: {e.Message}");
        }
    }, stoppingToken);

    private sealed class SynchronousProgress(Action<EtlProgress> report) : IProgress<EtlProgress>
    {
        public void Report(EtlProgress value) => report(value);
    }
}
