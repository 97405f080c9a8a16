using System.Security.Claims;
using System.Security.Cryptography;
using ClosedXML.Excel;
using Cockpit.Etl.Pipeline;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Tests.Web;

/// <summary>
/// The real app on its own copy of the hand-made company (uploads change its inbox), the demo accounts, Hangfire's
/// in-memory server running the queued ETL.
/// </summary>
public sealed class UploadCompany : IAsyncLifetime
{
    public HandMadeCompany Company { get; } = new();

    public string Folder { get; } = TempFolder.Create("upload");

    public WebApplicationFactory<Program> App { get; private set; } = default!;

    public string Inbox => Path.Combine(Company.Folder, "inbox");

    public WarehouseLayout Layout => new(Company.Warehouse);

    public Task InitializeAsync()
    {
        App = WebTestSupport.App(Folder, Path.Combine(Company.Folder, "source.db"), Inbox, Company.Warehouse);
        using var _ = App.CreateClient(); // start the host (demo accounts, Hangfire server)
        return Task.CompletedTask;
    }

    /// <summary>The principal the cookie sign-in would give this account: its real roles and department claim.</summary>
    public async Task<ClaimsPrincipal> UserAsync(string userName)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CockpitUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no account {userName}");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CockpitUser>>().CreateAsync(user);
    }

    public async Task<TargetUploadResult> UploadAsync(string userName, string fileName, byte[] bytes, long? size = null, string? forDepartment = null)
    {
        var user = await UserAsync(userName);
        await using var scope = App.Services.CreateAsyncScope();
        using var stream = new MemoryStream(bytes);
        return await scope.ServiceProvider.GetRequiredService<TargetUploads>().UploadAsync(user, fileName, stream, size ?? bytes.Length, forDepartment);
    }

    public T Service<T>(Func<TargetUploads, T> use)
    {
        using var scope = App.Services.CreateScope();
        return use(scope.ServiceProvider.GetRequiredService<TargetUploads>());
    }

    public async Task<List<AuditEntry>> AuditAsync(string action)
    {
        var factory = App.Services.GetRequiredService<IDbContextFactory<IdentityDb>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The targets of the current build, read through the target service (the cockpit's own reader).</summary>
    public async Task<IReadOnlyList<TargetStatus>> TargetsAsync()
    {
        using var kpis = new KpiService(Layout);
        return await new TargetService(kpis, Layout).GetAsync(HandMadeCompany.D);
    }

    /// <summary>Waits until Hangfire has no queued or running job, so that one test's rebuild does not land in the next.</summary>
    public async Task WaitIdleAsync()
    {
        var monitoring = App.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline && (monitoring.EnqueuedCount("default") > 0 || monitoring.ProcessingCount() > 0)) await Task.Delay(300);
    }

    public string[] InboxFiles() => [.. Directory.GetFiles(Inbox).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Company.Dispose();
        TempFolder.Delete(Folder);
    }
}

/// <summary>
/// Issue 12, item 6: targets uploaded from the cockpit are checked with the ETL's own rules before anything is stored,
/// stored in the inbox so that they win over older targets, loaded by a queued rebuild, scoped by role in the service
/// itself, and audited.
/// </summary>
public sealed class TargetUploadTests(UploadCompany company) : IClassFixture<UploadCompany>
{
    private static readonly object?[] Header = ["year", "quarter", "department_code", "kpi_code", "target"];

    /// <summary>A workbook made with ClosedXML as Excel would save it: the header on row 1, one row per target.</summary>
    public static byte[] Workbook(params object?[][] rows)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("目标");
        var all = new[] { Header }.Concat(rows).ToList();
        for (var r = 0; r < all.Count; r++)
        {
            for (var c = 0; c < all[r].Length; c++)
            {
                var cell = sheet.Cell(r + 1, c + 1);
                switch (all[r][c])
                {
                    case null: break;
                    case string s: cell.Value = s; break;
                    case int i: cell.Value = i; break;
                    case decimal d: cell.Value = d; break;
                    case double d: cell.Value = d; break;
                }
            }
        }
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    private static decimal? Target(IReadOnlyList<TargetStatus> targets, int? quarter, string department, string kpi) =>
        targets.FirstOrDefault(t => t.Year == 2026 && t.Quarter == quarter && t.Department == department && t.KpiCode == kpi)?.Target;

    private async Task<TargetUploadStatus> WaitLiveAsync(string file, string sha)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        TargetUploadStatus status;
        do
        {
            status = company.Service(u => u.Status(file, sha));
            if (status.Live) return status;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);
        var runs = RunLogStore.ReadAll(company.Layout);
        Assert.Fail($"the upload {file} never went live; runs: {string.Join("; ", runs.Select(r => $"#{r.RunId} {r.Status} {r.Error}"))}");
        return status;
    }

    [Fact]
    public async Task AValidWorkbookIsStoredLoadedByTheQueuedRebuildAndItsTargetsWinOverTheOlderFile()
    {
        var before = await company.TargetsAsync();
        Assert.Equal(8_000_000m, Target(before, 2, "BD1", "new_amount")); // from targets_2026-01-01.xlsx
        var bytes = Workbook(
            [2026, 2, "BD1", "new_amount", 9_500_000m],
            [2026, null, "ALL", "nps", 25m]);

        var result = await company.UploadAsync("admin", "二季度目标.xlsx", bytes);

        Assert.True(result.Accepted, string.Join("; ", result.Errors.Select(e => e.Reason)));
        Assert.Equal(2, result.Rows);
        Assert.Matches(@"^targets_upload_\d{8}-\d{6}_ALL\.xlsx$", result.StoredAs);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Sha256);
        Assert.NotNull(result.JobId);
        // stored whole under its name, nothing temporary left; read after the dated file, so it wins
        var stored = Path.Combine(company.Inbox, result.StoredAs!);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored));
        Assert.DoesNotContain(company.InboxFiles(), f => f.StartsWith('.'));
        Assert.True(string.CompareOrdinal(result.StoredAs, "targets_2026-01-01.xlsx") > 0);

        var live = await WaitLiveAsync(result.StoredAs!, result.Sha256);

        var pointer = company.Layout.ReadCurrent()!;
        Assert.NotEqual(company.Company.Log.BuildId, pointer.BuildId);
        Assert.Equal(pointer.PublishedAt, live.LiveSince);
        var after = await company.TargetsAsync();
        Assert.Equal(9_500_000m, Target(after, 2, "BD1", "new_amount"));
        Assert.Equal(25m, Target(after, null, "ALL", "nps"));
        // what the upload does not repeat keeps the older file's value
        Assert.Equal(25_000_000m, Target(after, null, "ALL", "new_amount"));
        Assert.Equal(130_000m, Target(after, null, "BD2", "fee_income"));

        // the upload is audited: who, the stored and the uploaded name, rows, department and content hash
        var audit = (await company.AuditAsync(AuditActions.TargetsUpload)).Where(a => a.Detail!.Contains(result.StoredAs!, StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(audit);
        Assert.Equal("admin", entry.UserName);
        Assert.True(entry.Succeeded);
        Assert.Contains("二季度目标.xlsx", entry.Detail);
        Assert.Contains("2 rows", entry.Detail);
        Assert.Contains("department ALL", entry.Detail);
        Assert.Contains($"sha256 {result.Sha256}", entry.Detail);
        Assert.Contains($"hangfire job {result.JobId}", entry.Detail);
        await company.WaitIdleAsync();
    }

    [Fact]
    public async Task AWorkbookWithABadRowIsRefusedWholeNamingRowAndColumnAndNothingIsStored()
    {
        var filesBefore = company.InboxFiles();
        var targetBefore = Target(await company.TargetsAsync(), null, "BD2", "fee_income");
        var buildBefore = company.Layout.ReadCurrent()!.BuildId;
        var runsBefore = RunLogStore.ReadAll(company.Layout).Count;
        var bytes = Workbook(
            [2026, 3, "BD2", "fee_income", 50_000m],
            [2026, 3, "BD2", "no_such_kpi", 1m],
            [2026, 5, "BD2", "new_amount", 1_000_000m],
            [2026, null, "BD9", "new_amount", 1_000_000m],
            [2026, null, "BD2", "fee_income", "很多"]);

        var result = await company.UploadAsync("admin", "targets.xlsx", bytes);

        Assert.False(result.Accepted);
        Assert.Null(result.StoredAs);
        Assert.Null(result.JobId);
        // each bad row by its spreadsheet row (header = row 1) and column, with the ETL's reason in both languages
        Assert.Equal([3, 4, 5, 6], result.Errors.Select(e => e.Row!.Value));
        Assert.Equal(("kpi_code", ReasonKeys.UnknownEnum, "no_such_kpi"), (result.Errors[0].Column, result.Errors[0].ReasonKey, result.Errors[0].Value));
        Assert.Equal(("quarter", ReasonKeys.BadValue), (result.Errors[1].Column, result.Errors[1].ReasonKey));
        Assert.Equal(("department_code", ReasonKeys.OrphanKey), (result.Errors[2].Column, result.Errors[2].ReasonKey));
        Assert.Equal(("target", ReasonKeys.NotANumber), (result.Errors[3].Column, result.Errors[3].ReasonKey));
        Assert.All(result.Errors, e =>
        {
            Assert.NotEmpty(e.MessageZh);
            Assert.NotEmpty(e.MessageEn);
            Assert.Contains(e.Column, e.MessageEn);
        });

        // nothing half-applied: no file, no run, the targets as they were
        Assert.Equal(filesBefore, company.InboxFiles());
        await Task.Delay(500);
        Assert.Equal(buildBefore, company.Layout.ReadCurrent()!.BuildId);
        Assert.Equal(runsBefore, RunLogStore.ReadAll(company.Layout).Count);
        Assert.Equal(targetBefore, Target(await company.TargetsAsync(), null, "BD2", "fee_income"));
        var refused = (await company.AuditAsync(AuditActions.TargetsUpload)).Last();
        Assert.False(refused.Succeeded);
        Assert.Contains("refused targets.xlsx", refused.Detail);
        Assert.Contains("4 error(s), first: row 3 kpi_code", refused.Detail);
    }

    public static TheoryData<string, string, string> OtherKinds => new()
    {
        { "a surveys workbook", "surveys_2026.xlsx", ReasonKeys.MissingColumn },
        { "a text file", "targets.txt", ReasonKeys.UnsupportedFile },
        { "a Word document under .xlsx", "targets.xlsx", ReasonKeys.NotAWorkbook },
        { "an empty file", "targets.xlsx", ReasonKeys.EmptyFile },
        { "a header only", "targets.csv", ReasonKeys.EmptyFile },
        { "a semicolon CSV", "targets.csv", ReasonKeys.WrongDelimiter },
        { "a file over the inbox limit", "targets.xlsx", ReasonKeys.FileTooLarge },
    };

    [Theory]
    [MemberData(nameof(OtherKinds))]
    public async Task AFileOfAnotherKindIsRefusedWithTheEtlsReason(string what, string fileName, string reasonKey)
    {
        var filesBefore = company.InboxFiles();
        byte[] bytes = what switch
        {
            "a surveys workbook" => SurveysWorkbook(),
            "a text file" => "year,quarter,department_code,kpi_code,target\n2026,,ALL,nps,30\n"u8.ToArray(),
            "a Word document under .xlsx" => WordDocument(),
            "an empty file" => [],
            "a header only" => "year,quarter,department_code,kpi_code,target\r\n"u8.ToArray(),
            "a semicolon CSV" => "year;quarter;department_code;kpi_code;target\n2026;;ALL;nps;30\n"u8.ToArray(),
            _ => Workbook([2026, null, "ALL", "nps", 30m]),
        };
        long? size = what == "a file over the inbox limit" ? company.Service(u => u.MaxBytes) + 1 : null;

        var result = await company.UploadAsync("admin", fileName, bytes, size);

        Assert.False(result.Accepted, what);
        var error = Assert.Single(result.Errors);
        Assert.Equal(reasonKey, error.ReasonKey);
        Assert.Null(error.Row);
        Assert.NotEmpty(error.MessageZh);
        Assert.NotEmpty(error.MessageEn);
        Assert.Equal(filesBefore, company.InboxFiles());
    }

    private static byte[] SurveysWorkbook()
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("Sheet1");
        string[] header = ["response_id", "credit_code", "surveyed_on", "channel", "nps_score"];
        for (var c = 0; c < header.Length; c++) sheet.Cell(1, c + 1).Value = header[c];
        sheet.Cell(2, 1).Value = "R1";
        sheet.Cell(2, 5).Value = 9;
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }

    private static byte[] WordDocument()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write("<w:document/>");
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task ADepartmentHeadMayUploadOnlyTheirOwnDepartmentsTargetsAndTheServiceChecksItItself()
    {
        var filesBefore = company.InboxFiles();

        // bd2 with a row of BD1 (and one of the company): refused, naming the rows
        var mixed = await company.UploadAsync("bd2", "targets.xlsx", Workbook(
            [2026, 3, "BD2", "new_amount", 3_000_000m],
            [2026, 3, "BD1", "new_amount", 9_000_000m],
            [2026, null, "ALL", "nps", 40m]));
        Assert.False(mixed.Accepted);
        Assert.Equal([3, 4], mixed.Errors.Select(e => e.Row!.Value));
        Assert.All(mixed.Errors, e => Assert.Equal(("department_code", "other_department"), (e.Column, e.ReasonKey)));
        Assert.Contains("第 3 行", mixed.Errors[0].MessageZh);
        Assert.Contains("row 3", mixed.Errors[0].MessageEn);
        Assert.Contains("BD2", mixed.Errors[0].MessageEn);

        // asking to upload for another department, or a role that may not upload: refused before the file is read
        var other = await company.UploadAsync("bd2", "targets.xlsx", Workbook([2026, 3, "BD1", "new_amount", 1m]), forDepartment: "BD1");
        Assert.Equal("forbidden", Assert.Single(other.Errors).ReasonKey);
        foreach (var role in new[] { "ceo", "risk", "audit" })
        {
            var refused = await company.UploadAsync(role, "targets.xlsx", Workbook([2026, 3, "BD1", "new_amount", 1m]));
            Assert.Equal("forbidden", Assert.Single(refused.Errors).ReasonKey);
        }
        Assert.Equal(filesBefore, company.InboxFiles());

        // bd2's own rows are accepted, under a name that says whose they are; an admin may upload BD1's
        var own = await company.UploadAsync("bd2", "targets.xlsx", Workbook([2026, null, "BD2", "new_amount", 30_000_000m]));
        Assert.True(own.Accepted, string.Join("; ", own.Errors.Select(e => e.Reason)));
        Assert.Matches(@"^targets_upload_\d{8}-\d{6}_BD2\.xlsx$", own.StoredAs);
        Assert.Equal("BD2", own.Department);
        var admin = await company.UploadAsync("admin", "targets.xlsx", Workbook([2026, 1, "BD1", "new_amount", 7_000_000m]));
        Assert.True(admin.Accepted, string.Join("; ", admin.Errors.Select(e => e.Reason)));

        // bd2's latest upload is the one bd2's widget follows, not the admin's
        var bd2 = await company.UserAsync("bd2");
        Assert.Equal(own.StoredAs, company.Service(u => u.Latest(bd2))!.File);
        await WaitLiveAsync(own.StoredAs!, own.Sha256);
        await WaitLiveAsync(admin.StoredAs!, admin.Sha256);
        var targets = await company.TargetsAsync();
        Assert.Equal(30_000_000m, Target(targets, null, "BD2", "new_amount"));
        Assert.Equal(7_000_000m, Target(targets, 1, "BD1", "new_amount"));
        var audit = await company.AuditAsync(AuditActions.TargetsUpload);
        Assert.Contains(audit, a => a.UserName == "bd2" && a.Succeeded && a.Detail!.Contains("department BD2", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.UserName == "risk" && !a.Succeeded);
        await company.WaitIdleAsync();
    }

    [Fact]
    public async Task OfTwoUploadsInARowTheLaterWinsEvenWithinTheSameSecond()
    {
        var first = await company.UploadAsync("bd1", "a.xlsx", Workbook([2026, null, "BD1", "fee_income", 111_000m]));
        var second = await company.UploadAsync("bd1", "b.xlsx", Workbook([2026, null, "BD1", "fee_income", 222_000m]));
        Assert.True(first.Accepted && second.Accepted);
        Assert.True(string.CompareOrdinal(second.StoredAs, first.StoredAs) > 0, $"{second.StoredAs} must sort after {first.StoredAs}");
        await WaitLiveAsync(first.StoredAs!, first.Sha256);
        await WaitLiveAsync(second.StoredAs!, second.Sha256);
        Assert.Equal(222_000m, Target(await company.TargetsAsync(), null, "BD1", "fee_income"));
        await company.WaitIdleAsync();
    }

    [Fact]
    public async Task AFileWhoseContentIsAlreadyInTheInboxIsRefusedBecauseARunWouldSkipIt()
    {
        var existing = await File.ReadAllBytesAsync(Path.Combine(company.Inbox, "targets_2026-01-01.xlsx"));
        var result = await company.UploadAsync("admin", "again.xlsx", existing);
        Assert.False(result.Accepted);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ReasonKeys.DuplicateFile, error.ReasonKey);
        Assert.Contains("targets_2026-01-01.xlsx", error.MessageEn);
    }
}
