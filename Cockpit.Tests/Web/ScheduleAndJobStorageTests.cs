using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Tests.Web;

/// <summary>Issue 16, item 7: the ETL schedule's cron checked, in words, its next five runs in China time.</summary>
public sealed class EtlScheduleTests
{
    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("30 1 * * 1-5")]
    [InlineData(" 0  */6 * * * ")]
    [InlineData("0 3 1,15 * *")]
    public void AFiveFieldCronIsAccepted(string cron) => Assert.True(EtlSchedule.Check(cron).Valid);

    [Theory]
    [InlineData("", "请输入")]
    [InlineData("0 2 * *", "5 个字段")]
    [InlineData("0 0 2 * * *", "5 个字段")]
    [InlineData("61 2 * * *", "无效")]
    [InlineData("0 25 * * *", "无效")]
    [InlineData("every night", "5 个字段")]
    [InlineData("0 2 30 2 *", "永远不会")]
    public void AnUnusableCronIsRefusedWithWhy(string cron, string why)
    {
        var check = EtlSchedule.Check(cron);
        Assert.False(check.Valid);
        Assert.Contains(why, check.ErrorZh, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(check.ErrorEn));
    }

    [Fact]
    public void TheNextFiveRunsAreInChinaTime()
    {
        // 2026-12-02 16:20 UTC = 2026-12-03 00:20 in China (UTC+8): the next 02:00 is that morning
        var from = new DateTimeOffset(2026, 12, 2, 16, 20, 0, TimeSpan.Zero);
        var runs = EtlSchedule.Next(EtlSchedule.Check("0 2 * * *").Expression!, from);
        Assert.Equal(5, runs.Count);
        var china = runs.Select(r => TimeZoneInfo.ConvertTime(r, Cockpit.Etl.ChinaTime.Zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "2026-12-03 02:00:00", "2026-12-04 02:00:00", "2026-12-05 02:00:00", "2026-12-06 02:00:00", "2026-12-07 02:00:00" }, china);
        // = 18:00 UTC the day before
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.Zero), runs[0]);

        // weekdays at 01:30 from Thursday 2026-12-03 00:20 China: Thu 3rd, Fri 4th, Mon 7th, Tue 8th, Wed 9th
        var weekdays = EtlSchedule.Next(EtlSchedule.Check("30 1 * * 1-5").Expression!, from)
            .Select(r => TimeZoneInfo.ConvertTime(r, Cockpit.Etl.ChinaTime.Zone).Day);
        Assert.Equal(new[] { 3, 4, 7, 8, 9 }, weekdays);
    }

    [Theory]
    [InlineData("0 2 * * *", "每天 02:00（北京时间）", "every day at 02:00 (China time)")]
    [InlineData("30 1 * * 1-5", "每周一、周二、周三、周四、周五 01:30（北京时间）", "every Monday, Tuesday, Wednesday, Thursday, Friday at 01:30 (China time)")]
    [InlineData("0 3 1,15 * *", "每月 1、15 日 03:00（北京时间）", "on day 1, 15 of every month at 03:00 (China time)")]
    [InlineData("*/15 * * * *", "每 15 分钟", "every 15 minutes")]
    [InlineData("0 */6 * * *", "每 6 小时（第 0 分）（北京时间）", "every 6 hours at minute 0 (China time)")]
    public void TheCronReadsInWords(string cron, string zh, string en) => Assert.Equal((zh, en), EtlSchedule.Describe(cron));
}

/// <summary>
/// Issue 16, items 7 and 8 in the real app: the schedule saved on the page persists in the data folder and is applied
/// to Hangfire's recurring job, which is recreated when deleted; the default job storage is a SQLite file in the data
/// folder, beside Identity's SQLite database (both native SQLite bundles load in one process).
/// </summary>
public sealed class ScheduleAppTests : IDisposable
{
    private readonly HandMadeCompany _company = new();
    private readonly string _data = TempFolder.Create("schedule");

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App() =>
        WebTestSupport.App(_data, Path.Combine(_company.Folder, "source.db"), Path.Combine(_company.Folder, "inbox"), _company.Warehouse,
            new Dictionary<string, string> { ["Hangfire:Storage"] = JobStorages.Sqlite });

    private static RecurringJobDto Job(IServiceProvider services)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Single(j => j.Id == EtlJob.RecurringJobId);
    }

    [Fact]
    public async Task ASavedScheduleIsAppliedKeptAcrossARestartAndTheDeletedJobComesBack()
    {
        await using (var app = App())
        {
            using var client = await app.SignedInAsync("admin"); // Identity's SQLite beside Hangfire's
            Assert.IsType<Hangfire.Storage.SQLite.SQLiteStorage>(app.Services.GetRequiredService<JobStorage>());
            Assert.True(File.Exists(Path.Combine(_data, JobStorages.FileName)));
            Assert.Equal("0 2 * * *", Job(app.Services).Cron);

            var schedule = app.Services.GetRequiredService<EtlSchedule>();
            var refused = await schedule.SaveAsync("0 26 * * *", "admin");
            Assert.False(refused.Saved);
            Assert.False(File.Exists(schedule.FilePath));

            var saved = await schedule.SaveAsync("30 1 * * 1-5", "admin");
            Assert.True(saved.Saved);
            Assert.Equal("30 1 * * 1-5", Job(app.Services).Cron);
            Assert.Equal("Asia/Shanghai", Job(app.Services).TimeZoneId);

            // deleted on the dashboard: recreated
            app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(EtlJob.RecurringJobId);
            Assert.True(schedule.EnsureJob());
            Assert.Equal("30 1 * * 1-5", Job(app.Services).Cron);
            Assert.False(schedule.EnsureJob());

            var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/admin/schedule"));
            Assert.Contains("30 1 * * 1-5", page, StringComparison.Ordinal);
            Assert.Contains("每周一、周二、周三、周四、周五 01:30", page, StringComparison.Ordinal);

            var audit = await AuditAsync(app);
            Assert.Equal(new[] { false, true }, audit);
        }

        // a restart: the saved schedule wins over Etl:Schedule
        await using (var again = App())
        {
            using var _ = again.CreateClient();
            Assert.Equal("30 1 * * 1-5", Job(again.Services).Cron);
        }
    }

    [Fact]
    public async Task TheInboxAndSchedulePagesAreForAdminsOnly()
    {
        await using var app = App();
        using var risk = await app.SignedInAsync("risk", followRedirects: false);
        foreach (var path in new[] { "/admin/inbox", "/admin/schedule" })
        {
            var response = await risk.GetAsync(path);
            Assert.NotEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        using var admin = await app.SignedInAsync("admin");
        var inbox = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/inbox"));
        Assert.Contains("finance_2026.xlsx", inbox, StringComparison.Ordinal);
        Assert.Contains("收件箱", inbox, StringComparison.Ordinal);
    }

    private static async Task<List<bool>> AuditAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app)
    {
        var factory = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<IdentityDb>>();
        await using var db = await factory.CreateDbContextAsync();
        return [.. db.AuditLog.Where(e => e.Action == AuditActions.ScheduleChanged).OrderBy(e => e.Id).Select(e => e.Succeeded)];
    }

    public void Dispose()
    {
        _company.Dispose();
        TempFolder.Delete(_data);
    }
}

/// <summary>Issue 16, item 8: a job queued before a restart runs after it (the SQLite job storage in the data folder).</summary>
public sealed class PersistentJobStorageTests : IDisposable
{
    private readonly string _data = TempFolder.Create("jobs");

    [Fact]
    public async Task AJobQueuedBeforeARestartRunsAfterIt()
    {
        var marker = Path.Combine(_data, "ran.txt");
        string id;
        // before: queued, no server to run it; the process "stops"
        var first = JobStorages.OpenSqlite(_data);
        try
        {
            id = new BackgroundJobClient(first).Enqueue(() => JobProbe.Touch(marker));
            Assert.Equal(1, first.GetMonitoringApi().EnqueuedCount("default"));
        }
        finally
        {
            (first as IDisposable)?.Dispose();
        }
        Assert.False(File.Exists(marker));

        // after: the same file opened again, a server started: the job runs
        var second = JobStorages.OpenSqlite(_data);
        try
        {
            Assert.Equal(1, second.GetMonitoringApi().EnqueuedCount("default"));
            // its own activator: the process-wide one may belong to a web test's app whose services are already disposed
            using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 1, Activator = new JobActivator() }, second))
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline && !File.Exists(marker))
                {
                    await Task.Delay(200);
                }
            }
            var history = second.GetMonitoringApi().JobDetails(id).History;
            var states = string.Join(" | ", history.Select(h => $"{h.StateName} {h.Reason} {string.Join(";", h.Data.Select(d => d.Key + "=" + d.Value))}"));
            Assert.True(File.Exists(marker), states);
            Assert.Contains(history, h => h.StateName == "Succeeded");
        }
        finally
        {
            (second as IDisposable)?.Dispose();
        }
    }

    public void Dispose() => TempFolder.Delete(_data);
}

/// <summary>The job a persistent-storage test queues: writes its marker file.</summary>
public static class JobProbe
{
    public static void Touch(string path) => File.WriteAllText(path, "ran");
}
