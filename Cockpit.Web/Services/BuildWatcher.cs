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
        CurrentBuildId = Read()?.BuildId;
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var pointer = Read();
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

    private string? _problem;

    /// <summary>The pointer; an unreadable one is "no readable build" and logged once, not an exception.</summary>
    private BuildPointer? Read()
    {
        var read = layout.ReadPointer();
        if (read.Problem is not null && read.Problem != _problem)
        {
            logger.LogWarning("No readable warehouse build: {Problem}. The next ETL run restores the newest build that opens.", read.Problem);
        }
        _problem = read.Problem;
        return read.Pointer;
    }
}
