using System.Globalization;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Components.Pages;

/// <summary>
/// The filter shell every data page is built on: the query string ↔ <see cref="FilterState"/>, the caller's access,
/// a refused scope, a failed load and a newly published build (the page reloads on it). A page implements
/// <see cref="LoadAsync"/> from a <see cref="PageRequest"/> and renders what it got; <see cref="PageShell"/> shows
/// the messages.
/// </summary>
public abstract class CockpitPage : ComponentBase, IDisposable
{
    [Inject] protected CockpitData Data { get; set; } = default!;
    [Inject] protected BuildWatcher Watcher { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected CircuitCulture CircuitCulture { get; set; } = default!;
    [Inject] protected IStringLocalizer<Strings> L { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "asof")] public string? AsOfQuery { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? PeriodQuery { get; set; }
    [SupplyParameterFromQuery(Name = "dept")] public string? DepartmentQuery { get; set; }
    [SupplyParameterFromQuery(Name = "product")] public string? ProductQuery { get; set; }
    [SupplyParameterFromQuery(Name = "industry")] public string? IndustryQuery { get; set; }
    [SupplyParameterFromQuery(Name = "region")] public string? RegionQuery { get; set; }
    [SupplyParameterFromQuery(Name = "tier")] public string? TierQuery { get; set; }
    [SupplyParameterFromQuery(Name = "risk")] public string? RiskLevelQuery { get; set; }
    [SupplyParameterFromQuery(Name = "class")] public string? FiveLevelClassQuery { get; set; }
    [SupplyParameterFromQuery(Name = "counter")] public string? CounterGuaranteeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "rating")] public string? RatingQuery { get; set; }

    /// <summary>
    /// The page narrows its rows by the drill-down's own dimensions (risk level, five-level class, counter-guarantee,
    /// rating); a dashboard does not, and ignores them in its URL.
    /// </summary>
    protected virtual bool AcceptsDrillDimensions => false;

    /// <summary>The filter state of the URL.</summary>
    protected FilterState State { get; private set; } = new();

    /// <summary>
    /// The filter state of the data on the page: <see cref="State"/> once its load has finished; while a load runs,
    /// the state before it (the page keeps what it shows, dimmed, until the new data is there — see
    /// <see cref="Loading"/>). Links and captions of the shown figures are built from it, never from the URL's state.
    /// </summary>
    protected FilterState LoadedState { get; private set; } = new();

    /// <summary>A load is running; a page that keeps its data meanwhile passes this to <see cref="PageShell"/>.</summary>
    protected bool Loading { get; private set; }

    /// <summary>The caller may not see this view (another department, no data role): why.</summary>
    protected ScopeRefusedException? Refused { get; private set; }

    /// <summary>The load failed (the warehouse could not be read): why, for the page to show instead of a 500.</summary>
    protected string? Error { get; private set; }

    /// <summary>Nothing has been published yet.</summary>
    protected bool NoBuild { get; private set; }

    protected static CultureInfo Culture => CultureInfo.CurrentUICulture;

    protected static bool Zh => Culture.TwoLetterISOLanguageName == "zh";

    /// <summary>Loads the page's data for a request; throws <see cref="ScopeRefusedException"/> when refused.</summary>
    protected abstract Task LoadAsync(PageRequest request);

    protected override void OnInitialized() => Watcher.BuildPublished += OnBuildPublished;

    protected override async Task OnParametersSetAsync()
    {
        var query = new Dictionary<string, string?>
        {
            ["asof"] = AsOfQuery, ["period"] = PeriodQuery, ["dept"] = DepartmentQuery, ["product"] = ProductQuery,
            ["industry"] = IndustryQuery, ["region"] = RegionQuery, ["tier"] = TierQuery, ["risk"] = RiskLevelQuery,
            ["class"] = FiveLevelClassQuery, ["counter"] = CounterGuaranteeQuery, ["rating"] = RatingQuery,
        };
        var state = FilterState.FromQuery(p => query.GetValueOrDefault(p));
        State = AcceptsDrillDimensions ? state : state.WithoutDrillDimensions();
        // a page with a reload key keeps its data while only other parameters change (a grid's sort or page)
        var key = ReloadKey is { } own ? (object)(State, own) : null;
        if (key is not null && Equals(key, _loadedKey) && Refused is null && Error is null && !NoBuild) return;
        _loadedKey = key;
        await RunAsync();
    }

    private object? _loadedKey;
    private readonly SemaphoreSlim _loadGate = new(1, 1); // nothing to dispose: its wait handle is never asked for

    /// <summary>
    /// What, beside the filter state, the page's data depends on; null (the default) reloads on every change of the
    /// URL. A page whose URL also carries a grid's state (sort, page, search) names its own key so the grid reloads alone.
    /// </summary>
    protected virtual string? ReloadKey => null;

    private async Task RunAsync()
    {
        Refused = null;
        Error = null;
        NoBuild = Data.CurrentBuild is null;
        if (NoBuild) return;
        var state = State;
        Loading = true;
        // one load at a time, in the order of the changes: the last change's data is the one that stays
        await _loadGate.WaitAsync();
        try
        {
            await LoadAsync(new PageRequest(state, await Data.AccessAsync(), AsOfQuery));
        }
        catch (ScopeRefusedException e)
        {
            Refused = e;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or DuckDB.NET.Data.DuckDBException)
        {
            Error = WarehouseFault.FirstLine(e.Message);
        }
        finally
        {
            _loadGate.Release();
            // a later change may have started meanwhile: it is still loading, and its state is not yet shown
            if (state == State)
            {
                Loading = false;
                LoadedState = state;
            }
        }
    }

    /// <summary>The message for an as-of that is no month, or a month outside the build's data; null when neither.</summary>
    protected string? DateNotice(PageDate? date)
    {
        if (date is null) return null;
        static string Month(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (date.OutsideData)
        {
            return string.Format(Culture, L["AsOf_NoData"], Month(State.AsOf!.Value), Month(date.FirstMonth), Month(date.LastMonth));
        }
        return date.Invalid is { } raw ? string.Format(Culture, L["AsOf_Invalid"], raw, Month(date.LastMonth)) : null;
    }

    /// <summary>A URL on this site with a filter state.</summary>
    protected static string Href(string path, FilterState state) => path + state.QueryString();

    /// <summary>
    /// The drill-down of one point of a trend: its KPI at its month end over its own period (a month's amount, a
    /// trailing-twelve-month rate), the rest of the filter as shown.
    /// </summary>
    protected static string PointHref(KpiResult point, FilterState shown)
    {
        var asOf = point.Window.To;
        var period = Enum.GetValues<KpiPeriod>().Cast<KpiPeriod?>().FirstOrDefault(p => KpiWindow.For(asOf, p!.Value) == point.Window) ?? shown.Period;
        return Href($"/drill/{point.Code}", shown with { AsOf = asOf, Period = period });
    }

    private void OnBuildPublished(BuildPointer pointer) => _ = InvokeAsync(async () =>
    {
        CircuitCulture.Apply();
        await RunAsync();
        StateHasChanged();
    });

    public virtual void Dispose()
    {
        Watcher.BuildPublished -= OnBuildPublished;
        GC.SuppressFinalize(this);
    }
}
