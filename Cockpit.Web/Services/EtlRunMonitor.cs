using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;

namespace Cockpit.Web.Services;

/// <summary>
/// The run of this server that is queued or running, and where it is (stage, source, rows, fraction), for the admin
/// pages to show without a reload. One run at a time: <see cref="TryClaim"/> refuses while a run is queued or running
/// here, or while another process (the ETL CLI) holds a run whose log still says running.
/// </summary>
public sealed class EtlRunMonitor(WarehouseLayout layout, TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _claimedAt;
    private EtlProgress? _progress;

    /// <summary>Raised (on the job's thread) when the progress or the running state changes.</summary>
    public event Action? Changed;

    /// <summary>A run was claimed (queued or running) and has not ended.</summary>
    public bool IsActive
    {
        get { lock (_gate) return _claimedAt is not null; }
    }

    /// <summary>The latest progress of the active run, or null.</summary>
    public EtlProgress? Progress
    {
        get { lock (_gate) return _progress; }
    }

    public DateTimeOffset? ClaimedAt
    {
        get { lock (_gate) return _claimedAt; }
    }

    /// <summary>
    /// Why a run cannot start now (Chinese then English), or null: a run is queued or running on this server, or a
    /// run log of another process still says running.
    /// </summary>
    public string? BusyReason()
    {
        lock (_gate)
        {
            if (_claimedAt is { } at)
            {
                return $"已有一次运行正在进行（{Clock(at)} 开始），请等它结束 a run is already in progress (since {Clock(at)} China time): wait for it to end";
            }
        }
        var running = RunLogStore.ReadAll(layout).FirstOrDefault(r => RunLogStore.EffectiveStatus(r) == RunStatus.Running);
        return running is null ? null
            : $"批次 #{running.RunId} 正在运行（{Clock(running.StartedAt)} 开始），请等它结束 run #{running.RunId} is in progress (since {Clock(running.StartedAt)} China time): wait for it to end";
    }

    /// <summary>Claims the one run; false with the reason when a run is already queued or running.</summary>
    public bool TryClaim(out string? reason)
    {
        lock (_gate)
        {
            reason = BusyReason();
            if (reason is not null) return false;
            _claimedAt = time.GetUtcNow();
            _progress = new EtlProgress(EtlStage.Extract, "", 0, 0, "排队中 queued");
        }
        Changed?.Invoke();
        return true;
    }

    /// <summary>A run starts (the scheduled one claims here; a manual one was claimed when it was queued).</summary>
    public void Begin()
    {
        lock (_gate)
        {
            _claimedAt ??= time.GetUtcNow();
            _progress = new EtlProgress(EtlStage.Extract, "", 0, 0, "开始 starting");
        }
        Changed?.Invoke();
    }

    public void Report(EtlProgress progress)
    {
        lock (_gate) _progress = progress;
        Changed?.Invoke();
    }

    /// <summary>The run ended (or never started): the next one may start.</summary>
    public void End()
    {
        lock (_gate)
        {
            _claimedAt = null;
            _progress = null;
        }
        Changed?.Invoke();
    }

    private static string Clock(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Cockpit.Etl.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Registration of the ETL runs and quarantine pages' services.</summary>
public static class EtlRunsExtensions
{
    public static IServiceCollection AddEtlRuns(this IServiceCollection services) => services.AddSingleton<EtlRunMonitor>();
}
