using System.Globalization;
using Bunit;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Pages;
using Cockpit.Web;
using Cockpit.Web.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Cockpit.Tests.Components;

/// <summary>One bUnit setup: MudBlazor services, the real localizer, loose JS interop, a culture per test.</summary>
public abstract class BunitTestBase : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    /// <summary>
    /// bUnit's one-second default wait fails on a loaded two-core CI machine before its first check has run; a wait
    /// still ends as soon as its condition holds.
    /// </summary>
    static BunitTestBase() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected BunitTestBase()
    {
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        JSInterop.Mode = JSRuntimeMode.Loose;
        UseCulture("zh-CN");
    }

    /// <summary>
    /// The page data layer (<see cref="CockpitData"/> and what it needs) on a hand-made company's
    /// warehouse, for a user signed in with one role.
    /// </summary>
    protected void AddPageData(HandMadeCompany company, string role, AlertRules? rules = null)
    {
        var auth = this.AddAuthorization();
        auth.SetAuthorized(role);
        auth.SetRoles(role);
        Services.AddSingleton(company.Kpis);
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton(rules ?? AlertRules.Default);
        Services.AddSingleton(new WarehouseLayout(company.Warehouse));
        Services.AddSingleton<BuildWatcher>();
        Services.AddScoped<CircuitCulture>();
        Services.AddSingleton<WarehouseStatus>();
        Services.AddScoped<ViewedBuild>();
        Services.AddScoped<CockpitData>();
    }

    protected static void UseCulture(string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        await base.DisposeAsync();
    }

    // the localizer's resources live in the web assembly
    internal static readonly System.Reflection.Assembly WebAssembly = typeof(Strings).Assembly;
}
