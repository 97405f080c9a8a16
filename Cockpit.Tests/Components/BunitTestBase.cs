using System.Globalization;
using Bunit;
using Cockpit.Web;
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
