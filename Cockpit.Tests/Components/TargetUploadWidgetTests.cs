using Bunit;
using Cockpit.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Tests.Web;
using Cockpit.Warehouse;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Hangfire;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cockpit.Tests.Components;

/// <summary>
/// The upload widget over the real service: the hand-made company's build and inbox, the real audit log (SQLite);
/// Hangfire's client on in-memory storage queues the rebuild (no server runs it here: that is tested over the app).
/// </summary>
public sealed class TargetUploadWidgetTests : BunitTestBase
{
    private readonly HandMadeCompany _company = new();
    private readonly InMemoryJobs _jobs = new();

    public TargetUploadWidgetTests()
    {
        var inbox = Path.Combine(_company.Folder, "inbox");
        Services.AddLogging();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(Options.Create(new EtlOptions { DataDirectory = _company.Folder, InboxDirectory = inbox }));
        Services.AddSingleton(new WarehouseLayout(_company.Warehouse));
        Services.AddSingleton<IBackgroundJobClient>(_jobs.Client);
        var identity = $"Data Source={Path.Combine(_company.Folder, "identity.db")}";
        using (var db = new IdentityDb(new DbContextOptionsBuilder<IdentityDb>().UseSqlite(identity).Options)) db.Database.EnsureCreated();
        Services.AddDbContextFactory<IdentityDb>(o => o.UseSqlite(identity));
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<BuildWatcher>();
        Services.AddScoped<TargetUploads>();
    }

    private void SignIn(string user, string role, string? department = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user);
        auth.SetRoles(role);
        if (department is not null) auth.SetClaims(new System.Security.Claims.Claim(CockpitClaims.Department, department));
    }

    [Fact]
    public void ARefusedWorkbookShowsItsErrorsAsATableOfRowColumnValueAndReason()
    {
        SignIn("admin", CockpitRoles.Admin);
        var cut = Render<TargetUpload>();
        var bytes = TargetUploadTests.Workbook(
            [2026, 2, "BD1", "new_amount", 9_000_000m],
            [2026, 2, "BD1", "no_such_kpi", 1m]);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, "二季度目标.xlsx"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=upload-error]")), TimeSpan.FromSeconds(20));
        Assert.Contains("未被接受", cut.Find("[data-testid=upload-refused]").TextContent);
        Assert.Contains("二季度目标.xlsx", cut.Find("[data-testid=upload-refused]").TextContent);
        var headers = cut.FindAll("[data-testid=upload-errors] th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["行", "列", "值", "原因"], headers);
        var row = Assert.Single(cut.FindAll("[data-testid=upload-error]"));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("3", cells[0]);
        Assert.Equal("kpi_code", cells[1]);
        Assert.Equal("no_such_kpi", cells[2]);
        Assert.Contains("不在允许范围内", cells[3]);
        Assert.Contains("is not one of", cells[3]);
        Assert.Empty(cut.FindAll("[data-testid=upload-accepted]"));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_company.Folder, "inbox")), f => Path.GetFileName(f).StartsWith(TargetUploads.Prefix, StringComparison.Ordinal));
        Assert.Equal(0, _jobs.Queued);
    }

    [Fact]
    public void AnAcceptedWorkbookSaysSoAndShowsItPendingUntilABuildHoldsIt()
    {
        UseCulture("en-US");
        SignIn("bd1", CockpitRoles.DepartmentHead, "BD1");
        var cut = Render<TargetUpload>(p => p.Add(c => c.Department, "BD1"));
        Assert.Contains("BD1", cut.Find("[data-testid=target-upload]").TextContent);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(
            TargetUploadTests.Workbook([2026, 2, "BD1", "new_amount", 9_000_000m]), "targets.xlsx"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=upload-accepted]")), TimeSpan.FromSeconds(20));
        Assert.Contains("1 target rows accepted", cut.Find("[data-testid=upload-accepted]").TextContent);
        Assert.Contains("pending", cut.Find("[data-testid=upload-status]").TextContent);
        Assert.Contains("_BD1.xlsx", cut.Find("[data-testid=upload-status]").TextContent);
        Assert.Equal(1, _jobs.Queued);
    }

    [Fact]
    public void ARoleThatMayNotUploadIsToldSoAndTheButtonIsOff()
    {
        SignIn("risk", CockpitRoles.RiskOfficer);
        var cut = Render<TargetUpload>();
        Assert.NotEmpty(cut.FindAll("[data-testid=upload-forbidden]"));
        Assert.True(cut.Find("[data-testid=upload-button]").HasAttribute("disabled"));
    }

    private bool _disposed;

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            _company.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Hangfire's real client on in-memory storage: jobs are queued, and counted, but not run.</summary>
    private sealed class InMemoryJobs
    {
        private readonly Hangfire.InMemory.InMemoryStorage _storage = new();

        public InMemoryJobs() => Client = new BackgroundJobClient(_storage);

        public IBackgroundJobClient Client { get; }

        public long Queued => _storage.GetMonitoringApi().EnqueuedCount("default");
    }
}
