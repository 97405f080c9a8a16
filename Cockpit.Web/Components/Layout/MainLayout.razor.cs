using Cockpit.Warehouse;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Cockpit.Web.Components.Layout;

public partial class MainLayout
{
    // System CJK fonts: nothing is fetched from a font CDN.
    private static readonly string[] Fonts = ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", "Arial", "sans-serif"];

    /// <summary>The cockpit's theme (light and dark palettes), shared with the sign-in pages.</summary>
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1f4e79", AppbarBackground = "#1f4e79", Secondary = "#c0392b" },
        PaletteDark = new PaletteDark { Primary = "#6fa8dc", AppbarBackground = "#1b2635", Secondary = "#e57373" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = Fonts } },
    };

    private bool _drawer = true;
    private bool _dark;
    private bool _themeChosen;
    private Freshness _freshness = new(null, null);
    private IJSObjectReference? _module;
    private CockpitErrorBoundary? _errors;

    // after an error the next page opened starts clean
    protected override void OnParametersSet() => _errors?.Recover();

    [Inject] private CircuitCulture CircuitCulture { get; set; } = default!;

    /// <summary>This page's local URL (path and query).</summary>
    private string Here => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    private string CultureHref
    {
        get
        {
            var next = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh" ? "en-US" : "zh-CN";
            return $"/culture?c={next}&redirect={Uri.EscapeDataString(Here)}";
        }
    }

    protected override void OnInitialized()
    {
        _freshness = Status.Read();
        FirstRun.Changed += OnDataChanged;
        Watcher.BuildPublished += OnBuildPublished;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        var stored = await (await ModuleAsync()).InvokeAsync<bool>("getDarkMode");
        // a click on the toggle while the stored choice was still loading wins over it
        if (_themeChosen || stored == _dark) return;
        _dark = stored;
        StateHasChanged();
        await (await ModuleAsync()).InvokeVoidAsync("setDarkMode", _dark); // charts drawn before now follow
    }

    private async Task<IJSObjectReference> ModuleAsync() => _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/cockpit.js");

    private async Task ToggleThemeAsync()
    {
        _themeChosen = true;
        _dark = !_dark;
        await (await ModuleAsync()).InvokeVoidAsync("setDarkMode", _dark);
    }

    private void OnDataChanged() => _ = InvokeAsync(() =>
    {
        CircuitCulture.Apply();
        var before = _freshness.Current?.BuildId;
        _freshness = Status.Read();
        StateHasChanged();
        if (before is null && _freshness.Current is not null) Navigation.Refresh();
    });

    private void OnBuildPublished(BuildPointer pointer) => OnDataChanged();

    public void Dispose()
    {
        FirstRun.Changed -= OnDataChanged;
        Watcher.BuildPublished -= OnBuildPublished;
        if (_module is not null) _ = _module.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
