using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Cockpit.Web.Components.Widgets;

/// <summary>Our one wrapper around ApexCharts (npm apexcharts@4.7.0): options in, point clicks out.</summary>
public partial class ApexChart : ComponentBase, IAsyncDisposable
{
    private ElementReference _element;
    private IJSObjectReference? _module;
    private DotNetObjectReference<ApexChart>? _self;
    private string? _rendered;

    /// <summary>As the JS interop would write them (camelCase names).</summary>
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>ApexCharts options (serialised to JSON as they are).</summary>
    [Parameter, EditorRequired] public object Options { get; set; } = new { };

    /// <summary>Height in pixels.</summary>
    [Parameter] public int Height { get; set; } = 260;

    /// <summary>Called with (series index, point index) when a point, bar or slice is clicked.</summary>
    [Parameter] public EventCallback<(int Series, int Point)> OnPointSelected { get; set; }

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        var json = JsonSerializer.Serialize(Options, JsonOptions);
        if (json == _rendered) return;
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/charts.js");
        _self ??= DotNetObjectReference.Create(this);
        // the options go as the JSON text already made (charts.js parses it): serialised once, not again by the interop
        await _module.InvokeVoidAsync("render", _element, json, OnPointSelected.HasDelegate ? _self : null);
        _rendered = json;
    }

    [JSInvokable]
    public Task OnPointSelectedAsync(int series, int point) => OnPointSelected.InvokeAsync((series, point));

    [JSInvokable("OnPointSelected")]
    public Task OnPointSelectedFromJs(int series, int point) => OnPointSelectedAsync(series, point);

    public async ValueTask DisposeAsync()
    {
        // never rendered interactively (prerender): nothing to destroy, and JS is not there to call
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("destroy", _element);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
        _self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
