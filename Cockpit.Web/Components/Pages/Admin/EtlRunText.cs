using System.Globalization;
using Cockpit.Etl.Pipeline;

namespace Cockpit.Web.Components.Pages.Admin;

/// <summary>How the ETL pages show times and durations: China time with seconds, seconds with one decimal.</summary>
public static class EtlRunText
{
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? TimeZoneInfo.ConvertTime(t, Cockpit.Etl.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>The run's duration; for a run still going, the time since it started.</summary>
    public static string Duration(RunLog run, TimeProvider time)
    {
        var ms = run.Status == RunStatus.Running && run.EndedAt is null
            ? (time.GetUtcNow() - run.StartedAt).TotalMilliseconds
            : run.DurationMs;
        return (ms / 1000.0).ToString("N1", CultureInfo.InvariantCulture) + " s";
    }
}
