using System.Globalization;
using Cockpit.Etl;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Cockpit.Web;

/// <summary>Service registration of the cockpit, grouped by concern.</summary>
public static class Extensions
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en-US")];

    /// <summary>The core-system source, the ETL's folders and the warehouse, bound and validated at start-up.</summary>
    public static IHostApplicationBuilder AddCockpitData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SourceOptions>()
            .Bind(builder.Configuration.GetSection(SourceOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Source:ConnectionString is required.")
            .Validate(o => o.Provider is SourceProviders.Sqlite or SourceProviders.PostgreSql,
                "Source:Provider must be 'sqlite' or 'postgresql'.")
            .PostConfigure(o =>
            {
                if (o.Provider == SourceProviders.Sqlite) o.ConnectionString = DataPaths.ResolveSqlite(o.ConnectionString);
            })
            .ValidateOnStart();
        builder.Services.AddOptions<EtlOptions>()
            .Bind(builder.Configuration.GetSection(EtlOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Etl:DataDirectory is required.")
            .Validate(o => o.DemoContracts >= 50, "Etl:DemoContracts must be at least 50.")
            .Validate(o => o.MaxRowLoss is >= 0 and <= 1, "Etl:MaxRowLoss must be a share between 0 and 1 (0.5 = 50 %).")
            .Validate(o => o.InboxMaxFileMegabytes >= 1, "Etl:InboxMaxFileMegabytes must be at least 1.")
            .PostConfigure(o =>
            {
                o.DataDirectory = DataPaths.Resolve(o.DataDirectory);
                if (!string.IsNullOrWhiteSpace(o.InboxDirectory)) o.InboxDirectory = DataPaths.Resolve(o.InboxDirectory);
            })
            .ValidateOnStart();
        builder.Services.AddOptions<WarehouseOptions>()
            .Bind(builder.Configuration.GetSection(WarehouseOptions.SectionName))
            .Validate(o => o.KeepBuilds >= 1, "Warehouse:KeepBuilds must be at least 1.")
            .PostConfigure(o => o.Directory = DataPaths.Resolve(o.Directory))
            .ValidateOnStart();
        // 预警阈值: a configured set that cannot be used stops the start with what is wrong (no silent fallback)
        builder.Services.AddOptions<RiskAlertOptions>()
            .Bind(builder.Configuration.GetSection(RiskAlertOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RiskAlertOptions>, RiskAlertOptionsValidation>();
        builder.Services.AddSingleton(sp => AlertRules.Create(sp.GetRequiredService<IOptions<RiskAlertOptions>>().Value.ToRules()));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new WarehouseLayout(sp.GetRequiredService<IOptions<WarehouseOptions>>().Value.Directory));
        builder.Services.AddSingleton(sp => new KpiService(sp.GetRequiredService<WarehouseLayout>()));
        builder.Services.AddSingleton<TargetService>();
        builder.Services.AddSingleton<WarehouseStatus>();
        builder.Services.AddSingleton<BuildWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BuildWatcher>());
        builder.Services.AddSingleton<FirstRunState>();
        builder.Services.AddSingleton<EtlJob>();
        builder.Services.AddEtlRuns();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<TargetUploads>();
        builder.Services.AddCockpitOps();
        builder.Services.AddHostedService<FirstRunService>();
        builder.Services.AddScoped<SourceSummaryService>();
        builder.Services.AddScoped<CockpitData>();
        builder.Services.AddScoped<ViewedBuild>();
        builder.Services.AddSingleton<Cockpit.Web.Exports.ExportFiles>();
        builder.Services.AddSingleton<Cockpit.Web.Exports.DrillExports>();
        return builder;
    }

    /// <summary>
    /// Hangfire runs the ETL on a cron (default nightly 02:00 China time, editable on /admin/schedule). Job storage:
    /// PostgreSQL when <c>Hangfire:PostgreSql</c> is set (production); otherwise a SQLite file in the data folder
    /// (<c>hangfire.db</c>), which keeps the history and queued jobs across a restart; <c>Hangfire:Storage</c> =
    /// <c>memory</c> keeps them in memory (tests).
    /// </summary>
    public static IHostApplicationBuilder AddCockpitJobs(this IHostApplicationBuilder builder)
    {
        var storage = builder.Configuration["Hangfire:PostgreSql"];
        var kind = builder.Configuration["Hangfire:Storage"] ?? JobStorages.Sqlite;
        if (string.IsNullOrWhiteSpace(storage) && kind is not (JobStorages.Sqlite or JobStorages.Memory))
        {
            throw new InvalidOperationException($"Hangfire:Storage must be '{JobStorages.Sqlite}' or '{JobStorages.Memory}' (or set Hangfire:PostgreSql), not '{kind}'.");
        }
        // this host's own storage, registered before AddHangfire: Hangfire's default is the process-wide
        // JobStorage.Current, which another host in the same process (the tests) may have replaced and disposed
        if (string.IsNullOrWhiteSpace(storage))
        {
            builder.Services.AddSingleton<JobStorage>(sp =>
            {
                _ = sp.GetRequiredService<IGlobalConfiguration>(); // this host's logging first: the storage's threads log
                return kind == JobStorages.Memory
                    ? new Hangfire.InMemory.InMemoryStorage()
                    : JobStorages.OpenSqlite(sp.GetRequiredService<IOptions<EtlOptions>>().Value.DataDirectory);
            });
        }
        builder.Services.AddHangfire((sp, c) =>
        {
            c.UseLogProvider(new HangfireLogging(sp.GetRequiredService<ILoggerFactory>()));
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (!string.IsNullOrWhiteSpace(storage)) c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(storage));
        });
        builder.Services.AddHangfireServer(o => o.WorkerCount = 1);
        return builder;
    }

    /// <summary>Blazor Server with MudBlazor, Chinese first with an English switch.</summary>
    public static IHostApplicationBuilder AddCockpitUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // a query or route value that does not bind (/admin/quarantine/download?run=abc) is a 400 with the bad-request
        // page in every environment, not an exception (Development's default) that the error page turns into a 500
        builder.Services.PostConfigure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddMudServices();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddScoped<CircuitCulture>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitCulture>());
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // the language a user chose (cookie) wins; otherwise Chinese, whatever the browser says
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return builder;
    }

    /// <summary>
    /// The Hangfire dashboard at /hangfire: signed-in admins only, and read-only — nothing there can delete the
    /// nightly job or start a run behind the cockpit's back (Run now on /admin/runs is the one way, one run at a
    /// time, audited; the schedule is edited on /admin/schedule).
    /// </summary>
    public static void MapCockpitHangfireDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [new AdminDashboardFilter()], AppPath = "/admin", IsReadOnlyFunc = _ => true, DisplayStorageConnectionString = false,
            })
            .RequireAuthorization(CockpitRoles.Admin);

    /// <summary>Security headers (CSP and friends) on every response.</summary>
    public static void UseCockpitSecurityHeaders(this WebApplication app) =>
        app.UseSecurityHeaders(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);

    /// <summary>Schedules the nightly ETL: the saved schedule (/admin/schedule), else <c>Etl:Schedule</c>.</summary>
    public static void UseCockpitSchedule(this WebApplication app) =>
        app.Services.GetRequiredService<EtlSchedule>().Apply();
}

/// <summary>Hangfire's own check behind the endpoint's: the admin role.</summary>
public sealed class AdminDashboardFilter : Hangfire.Dashboard.IDashboardAuthorizationFilter
{
    public bool Authorize(Hangfire.Dashboard.DashboardContext context) =>
        Hangfire.Dashboard.AspNetCoreDashboardContextExtensions.GetHttpContext(context).User.IsInRole(CockpitRoles.Admin);
}

/// <summary>Reads the source summary for the admin page.</summary>
public sealed class SourceSummaryService(IOptions<SourceOptions> options)
{
    public Task<SourceSummary> ReadAsync(CancellationToken ct = default) => SourceSummaryReader.ReadAsync(options.Value, ct);
}

/// <summary>Risk:Alerts is checked at start-up: an unusable rule set fails the start with the rule and what is wrong.</summary>
internal sealed class RiskAlertOptionsValidation : IValidateOptions<RiskAlertOptions>
{
    public ValidateOptionsResult Validate(string? name, RiskAlertOptions options) =>
        AlertRules.Problem(options.ToRules()) is { } problem
            ? ValidateOptionsResult.Fail(problem + " See docs/risk-alerts.md.")
            : ValidateOptionsResult.Success;
}
