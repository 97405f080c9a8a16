using Cockpit.Warehouse;

namespace Cockpit.Web.Services;

/// <summary>Notices a newly published build, so open pages refresh without a restart.</summary>
public sealed class BuildWatcher(WarehouseLayout layout, ILogger<BuildWatcher> logger) : BackgroundService
{
    /// <summary>How often the pointer is checked.</summary>
    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    public string? CurrentBuildId { get; private set; }

    /// <summary>Raised with the new build, from a background thread.</summary>
    public event Action<BuildPointer>? BuildPublished;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        CurrentBuildId = layout.ReadCurrent()?.BuildId;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var pointer = layout.ReadCurrent();
                if (pointer is null || pointer.BuildId == CurrentBuildId) continue;
                CurrentBuildId = pointer.BuildId;
                logger.LogInformation("New warehouse build {BuildId} published", pointer.BuildId);
                BuildPublished?.Invoke(pointer);
            }
            catch (IOException)
            {
                // the pointer is being replaced; next tick
            }
        }
    }
}
