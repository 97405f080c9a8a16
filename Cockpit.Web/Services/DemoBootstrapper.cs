using Cockpit.Etl;
using Cockpit.Etl.Demo;
using Cockpit.Etl.Source;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Services;

/// <summary>
/// On a fresh clone there is no source yet: generate the demo company in the background (the page shows
/// progress meanwhile), so that <c>dotnet run --project Cockpit.Web</c> needs no other step.
/// </summary>
public sealed class DemoBootstrapper(
    IOptions<SourceOptions> source, IOptions<EtlOptions> etl, FirstRunState state, ILogger<DemoBootstrapper> logger,
    TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        try
        {
            var file = SourceSummaryReader.SqliteFile(source.Value);
            if (file is null || File.Exists(file) || !etl.Value.GenerateDemoWhenMissing)
            {
                state.Set(FirstRunStage.Ready, "就绪 ready");
                return;
            }
            var directory = Path.GetDirectoryName(file)!;
            state.Set(FirstRunStage.GeneratingDemo, "首次运行：正在生成演示公司数据… first run: generating the demo company…");
            logger.LogInformation("No source database at {File}: generating the demo company into {Directory}", file, directory);
            var today = ChinaTime.Today(time);
            var result = DemoWriter.Generate(directory, new DemoOptions(etl.Value.DemoSeed, etl.Value.DemoContracts), today);
            if (!File.Exists(file))
            {
                throw new InvalidOperationException(
                    $"the demo company was written to {directory}, but the configured source is {file}; point Source:ConnectionString at {Path.Combine(directory, DemoWriter.SourceFileName)}.");
            }
            logger.LogInformation("Demo company generated in {Seconds:F1} s", result.TotalTime.TotalSeconds);
            state.Set(FirstRunStage.Ready, "就绪 ready");
        }
        catch (Exception e)
        {
            logger.LogError(e, "First run failed");
            state.Set(FirstRunStage.Failed, $"演示数据生成失败 demo generation failed: {e.Message}");
        }
    }, stoppingToken);
}
