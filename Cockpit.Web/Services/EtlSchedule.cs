using System.Globalization;
using System.Text.Json;
using Cockpit.Etl;
using Cockpit.Web.Security;
using Cronos;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Services;

/// <summary>The operations services (issue 16, items 3, 7, 8): the inbox page's uploads and the ETL schedule.</summary>
public static class OpsServices
{
    public static IServiceCollection AddCockpitOps(this IServiceCollection services)
    {
        services.AddScoped<InboxUploads>();
        services.AddSingleton<EtlSchedule>();
        services.AddHostedService<ScheduleKeeper>();
        return services;
    }
}

/// <summary>Hangfire's job storage when PostgreSQL is not configured (<c>Hangfire:Storage</c>).</summary>
public static class JobStorages
{
    /// <summary>A SQLite file in the data folder: the demo's default; history and queued jobs survive a restart.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>In memory: lost on restart (tests).</summary>
    public const string Memory = "memory";

    /// <summary>The job database's file name in the data folder.</summary>
    public const string FileName = "hangfire.db";

    /// <summary>Opens (creating when missing) <c>hangfire.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static JobStorage OpenSqlite(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new Hangfire.Storage.SQLite.SQLiteStorage(Path.Combine(dataDirectory, FileName), new Hangfire.Storage.SQLite.SQLiteStorageOptions
        {
            // a queued job starts within a second or two, not the default 15 s
            QueuePollInterval = TimeSpan.FromSeconds(1),
        });
    }
}

/// <summary>A cron expression checked: the parsed expression or why it is refused (Chinese and English).</summary>
public sealed record CronCheck(string Cron, CronExpression? Expression, string? ErrorZh, string? ErrorEn)
{
    public bool Valid => Expression is not null;
}

/// <summary>What became of a schedule change.</summary>
public sealed record ScheduleSaveResult(bool Saved, string Cron, string? ErrorZh, string? ErrorEn);

/// <summary>
/// The ETL's schedule (issue 16, item 7): a five-field cron in China time. The one set on /admin/schedule is kept in
/// <c>schedule.json</c> in the data folder (beside the warehouse and Hangfire's job file) and wins over
/// <c>Etl:Schedule</c> from the configuration; without either, nightly at 02:00. Applied to Hangfire's recurring job
/// at start, on every change, and again whenever the job is found missing (deleted on the dashboard).
/// </summary>
public sealed class EtlSchedule(
    IConfiguration configuration, IOptions<EtlOptions> etl, IServiceProvider services, AuditLog audit, TimeProvider time,
    ILogger<EtlSchedule> logger)
{
    public const string DefaultCron = "0 2 * * *";

    /// <summary>The saved schedule's file name in the data folder.</summary>
    public const string FileName = "schedule.json";

    private readonly Lock _gate = new();

    public string FilePath => Path.Combine(etl.Value.DataDirectory, FileName);

    /// <summary>The schedule in force: saved, else configured, else the default.</summary>
    public string Cron
    {
        get
        {
            lock (_gate)
            {
                return Saved() ?? Configured;
            }
        }
    }

    /// <summary>The configured schedule (<c>Etl:Schedule</c>), or the default.</summary>
    public string Configured => configuration["Etl:Schedule"] is { Length: > 0 } c ? c.Trim() : DefaultCron;

    /// <summary>Whether the schedule in force was set on the page (else it comes from the configuration).</summary>
    public bool IsSaved => Saved() is not null;

    /// <summary>Checks a five-field cron (minute hour day-of-month month day-of-week), as Hangfire reads it.</summary>
    public static CronCheck Check(string? cron)
    {
        var text = (cron ?? "").Trim();
        if (text.Length == 0) return new CronCheck(text, null, "请输入 cron 表达式", "enter a cron expression");
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return new CronCheck(text, null,
                $"cron 表达式应有 5 个字段（分 时 日 月 周），此处为 {fields.Length} 个",
                $"a cron expression has 5 fields (minute hour day month weekday); this one has {fields.Length}");
        }
        try
        {
            var expression = CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard);
            if (expression.GetNextOccurrence(DateTime.UtcNow, ChinaTime.Zone) is null && expression.GetNextOccurrence(DateTime.UtcNow.AddYears(-5), ChinaTime.Zone) is null)
            {
                return new CronCheck(text, null, "该表达式永远不会触发（例如 2 月 30 日）", "this expression never fires (e.g. 30 February)");
            }
            return new CronCheck(string.Join(' ', fields), expression, null, null);
        }
        catch (CronFormatException e)
        {
            return new CronCheck(text, null, $"cron 表达式无效：{e.Message}", $"invalid cron expression: {e.Message}");
        }
    }

    /// <summary>The next <paramref name="count"/> run times after <paramref name="from"/>, in China time.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(CronExpression expression, DateTimeOffset from, int count = 5) =>
        [.. expression.GetOccurrences(from, from.AddYears(5), ChinaTime.Zone, fromInclusive: false).Take(count)];

    /// <summary>The next five runs of the schedule in force, from now.</summary>
    public IReadOnlyList<DateTimeOffset> NextRuns(int count = 5) =>
        Check(Cron).Expression is { } e ? Next(e, time.GetUtcNow(), count) : [];

    /// <summary>
    /// Checks, saves (atomically, in the data folder), applies to Hangfire and audits a new schedule. A refused one
    /// changes nothing and is audited as refused.
    /// </summary>
    public async Task<ScheduleSaveResult> SaveAsync(string? cron, string userName, HttpContext? http = null, CancellationToken ct = default)
    {
        var check = Check(cron);
        var before = Cron;
        if (!check.Valid)
        {
            await audit.WriteAsync(AuditActions.ScheduleChanged, userName, false, $"refused cron '{check.Cron}': {check.ErrorEn}", http, ct);
            return new ScheduleSaveResult(false, check.Cron, check.ErrorZh, check.ErrorEn);
        }
        lock (_gate)
        {
            Directory.CreateDirectory(etl.Value.DataDirectory);
            var temp = FilePath + $".{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(new SavedSchedule(check.Cron, userName, time.GetUtcNow())));
            File.Move(temp, FilePath, overwrite: true);
        }
        Apply();
        logger.LogInformation("ETL schedule changed by {User} from {Before} to {After}", userName, before, check.Cron);
        await audit.WriteAsync(AuditActions.ScheduleChanged, userName, true, $"cron '{before}' -> '{check.Cron}' (China time)", http, ct);
        return new ScheduleSaveResult(true, check.Cron, null, null);
    }

    /// <summary>Sets Hangfire's recurring ETL job to the schedule in force. An unusable saved or configured cron stops here with why.</summary>
    public void Apply()
    {
        var cron = Cron;
        if (!Check(cron).Valid)
        {
            throw new InvalidOperationException($"The ETL schedule '{cron}' is not a valid five-field cron expression ({Check(cron).ErrorEn}); fix Etl:Schedule or {FilePath}.");
        }
        services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<EtlJob>(
            EtlJob.RecurringJobId, j => j.RunScheduled(), cron, new RecurringJobOptions { TimeZone = ChinaTime.Zone });
    }

    /// <summary>Recreates the recurring job when it is missing (deleted on the dashboard); true when it did.</summary>
    public bool EnsureJob()
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        var entries = connection.GetAllEntriesFromHash($"recurring-job:{EtlJob.RecurringJobId}");
        if (entries is { Count: > 0 }) return false;
        Apply();
        logger.LogWarning("The recurring ETL job was missing (deleted on the dashboard?); recreated with {Cron}", Cron);
        return true;
    }

    private string? Saved()
    {
        try
        {
            if (!File.Exists(FilePath)) return null;
            return JsonSerializer.Deserialize<SavedSchedule>(File.ReadAllText(FilePath))?.Cron is { Length: > 0 } c ? c : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            logger.LogWarning("The saved ETL schedule {File} cannot be read ({Message}); using Etl:Schedule", FilePath, e.Message);
            return null;
        }
    }

    private sealed record SavedSchedule(string Cron, string ChangedBy, DateTimeOffset ChangedAt);

    /// <summary>
    /// A cron in words, Chinese and English: the common shapes (every day / weekday / month at a time, every n minutes
    /// or hours) read naturally; anything else field by field.
    /// </summary>
    public static (string Zh, string En) Describe(string cron)
    {
        var f = cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 5) return (cron, cron);
        var (minute, hour, day, month, weekday) = (f[0], f[1], f[2], f[3], f[4]);
        var fixedTime = Number(minute) is not null && Numbers(hour) is { } hours ? hours : null;
        string AtZh() => string.Join("、", fixedTime!.Select(h => $"{h:00}:{int.Parse(minute, CultureInfo.InvariantCulture):00}"));
        string AtEn() => string.Join(", ", fixedTime!.Select(h => $"{h:00}:{int.Parse(minute, CultureInfo.InvariantCulture):00}"));
        const string Zone = "（北京时间）";
        const string ZoneEn = " (China time)";
        if (fixedTime is not null && month == "*")
        {
            if (day == "*" && weekday == "*") return ($"每天 {AtZh()}{Zone}", $"every day at {AtEn()}{ZoneEn}");
            if (day == "*" && Weekdays(weekday) is { } days)
            {
                return ($"每{string.Join("、", days.Select(d => WeekdayZh[d]))} {AtZh()}{Zone}",
                    $"every {string.Join(", ", days.Select(d => WeekdayEn[d]))} at {AtEn()}{ZoneEn}");
            }
            if (weekday == "*" && Numbers(day) is { } dates)
            {
                return ($"每月 {string.Join("、", dates)} 日 {AtZh()}{Zone}", $"on day {string.Join(", ", dates)} of every month at {AtEn()}{ZoneEn}");
            }
        }
        if (day == "*" && month == "*" && weekday == "*")
        {
            if (Step(minute) is { } every && hour == "*") return ($"每 {every} 分钟", $"every {every} minutes");
            if (Number(minute) is { } at && hour == "*") return ($"每小时的第 {at} 分", $"every hour at minute {at}");
            if (Number(minute) is { } at2 && Step(hour) is { } hours2) return ($"每 {hours2} 小时（第 {at2} 分）{Zone}", $"every {hours2} hours at minute {at2}{ZoneEn}");
        }
        return ($"分 {minute}，时 {hour}，日 {day}，月 {month}，周 {weekday}{Zone}",
            $"minute {minute}, hour {hour}, day {day}, month {month}, weekday {weekday}{ZoneEn}");
    }

    private static readonly string[] WeekdayZh = ["周日", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    private static readonly string[] WeekdayEn = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static int? Number(string field) => int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static int? Step(string field) => field.StartsWith("*/", StringComparison.Ordinal) ? Number(field[2..]) : null;

    /// <summary>A list of numbers and ranges (<c>1,15</c>, <c>1-5</c>), expanded; null for anything else.</summary>
    private static List<int>? Numbers(string field)
    {
        var all = new List<int>();
        foreach (var part in field.Split(','))
        {
            var range = part.Split('-');
            if (range.Length == 1 && Number(part) is { } n) all.Add(n);
            else if (range.Length == 2 && Number(range[0]) is { } a && Number(range[1]) is { } b && a <= b) all.AddRange(Enumerable.Range(a, b - a + 1));
            else return null;
        }
        return all;
    }

    private static List<int>? Weekdays(string field)
    {
        var names = new[] { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
        var numeric = field.ToUpperInvariant();
        for (var i = 0; i < names.Length; i++) numeric = numeric.Replace(names[i], i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return Numbers(numeric) is { } days && days.All(d => d is >= 0 and <= 7) ? days : null;
    }
}

/// <summary>
/// Keeps Hangfire's recurring ETL job in place: the dashboard offers to delete it; a deleted job is recreated with the
/// schedule in force within half a minute.
/// </summary>
public sealed class ScheduleKeeper(EtlSchedule schedule, ILogger<ScheduleKeeper> logger) : BackgroundService
{
    public static TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
                schedule.EnsureJob();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                logger.LogWarning("The recurring ETL job could not be checked: {Message}", e.Message);
            }
        }
    }
}
