using System.Globalization;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Components.Pages.Leadership;

/// <summary>领导驾驶舱: the page an executive opens first every morning (PAGES.md).</summary>
public partial class Leadership
{
    [Inject] private CockpitData Data { get; set; } = default!;
    [Inject] private BuildWatcher Watcher { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private CircuitCulture CircuitCulture { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "asof")] public string? AsOfQuery { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? PeriodQuery { get; set; }
    [SupplyParameterFromQuery(Name = "dept")] public string? DepartmentQuery { get; set; }
    [SupplyParameterFromQuery(Name = "product")] public string? ProductQuery { get; set; }
    [SupplyParameterFromQuery(Name = "industry")] public string? IndustryQuery { get; set; }
    [SupplyParameterFromQuery(Name = "region")] public string? RegionQuery { get; set; }
    [SupplyParameterFromQuery(Name = "tier")] public string? TierQuery { get; set; }

    private FilterState _state = new();
    private Cockpit.Warehouse.Kpis.FilterOptions? _options;
    private View? _view;
    private string? _error;
    private ScopeRefusedException? _refused;
    /// <summary>A month the build holds no data for: said so, with the months it does hold, instead of zeros.</summary>
    private string? _noData;
    /// <summary>An as-of that is no month (9999-12, 2026-13): said so, and the latest month shown.</summary>
    private string? _asOfIgnored;

    private static CultureInfo Culture => CultureInfo.CurrentUICulture;
    private static bool Zh => Culture.TwoLetterISOLanguageName == "zh";

    /// <param name="CompanyLevel">a regulatory ratio shown at company level although the view is filtered.</param>
    internal sealed record Card(KpiFigure Figure, IReadOnlyList<KpiResult> Series, TargetStatus? Target, decimal? Limit, bool CompanyLevel);
    internal sealed record RedLine(KpiFigure Figure, decimal? Limit, bool CompanyLevel);

    internal sealed record View(
        DateOnly AsOf, IReadOnlyList<Card> Cards, IReadOnlyList<RedLine> RedLines, IReadOnlyList<TargetStatus> League,
        decimal? OverallCompletion, decimal YearProgress, string? OverallStatus,
        IReadOnlyList<TrendSeries> TrendBalance, IReadOnlyList<TrendSeries> TrendRisk,
        IReadOnlyList<StructureItem> ByProduct, IReadOnlyList<StructureItem> ByIndustry,
        IReadOnlyList<StructureItem> ByRegion, IReadOnlyList<StructureItem> ByTier);

    protected override void OnInitialized() => Watcher.BuildPublished += OnBuildPublished;

    protected override async Task OnParametersSetAsync()
    {
        _state = FilterState.FromQuery(AsOfQuery, PeriodQuery, DepartmentQuery, ProductQuery, IndustryQuery, RegionQuery, TierQuery);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            if (Data.CurrentBuild is null) return;
            // PAGES.md: a department head sees company-level totals here, and no other department
            var data = await Data.ForAsync(_state, companyTotals: true);
            _options = data.FilterOptions();
            var months = _options.MonthEnds;
            _asOfIgnored = !string.IsNullOrWhiteSpace(AsOfQuery) && _state.AsOf is null && months.Count > 0
                ? string.Format(Culture, L["AsOf_Invalid"], AsOfQuery, months[0].ToString("yyyy-MM", CultureInfo.InvariantCulture))
                : null;
            _noData = _state.AsOf is { } asked && months.Count > 0 && !months.Contains(asked)
                ? string.Format(Culture, L["AsOf_NoData"], asked.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                    months[^1].ToString("yyyy-MM", CultureInfo.InvariantCulture), months[0].ToString("yyyy-MM", CultureInfo.InvariantCulture))
                : null;
            _error = null;
            _refused = null;
            if (_noData is not null)
            {
                _view = null;
                return;
            }
            var asOf = _state.AsOf ?? months.FirstOrDefault();
            _view = await BuildViewAsync(data, asOf, _state.Period);
        }
        catch (ScopeRefusedException e)
        {
            _view = null;
            _refused = e;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or DuckDB.NET.Data.DuckDBException)
        {
            _error = e.Message;
        }
    }

    private async Task<View> BuildViewAsync(ScopedData data, DateOnly asOf, KpiPeriod period)
    {
        var codes = KpiPages.LeadershipCards.Concat(KpiPages.LeadershipRedLines).Distinct().ToList();
        var figuresTask = data.GetFiguresAsync(codes, asOf, period);
        var seriesTasks = KpiPages.LeadershipCards.ToDictionary(c => c, c => data.GetSeriesAsync(c, asOf, period, 12));
        var targetsTask = data.GetTargetsAsync(asOf, year: asOf.Year);
        var trendTasks = new[]
        {
            data.GetSeriesAsync("balance", asOf, KpiPeriod.Month, 24),
            data.GetSeriesAsync("new_amount", asOf, KpiPeriod.Month, 24),
            data.GetSeriesAsync("compensation_amount", asOf, KpiPeriod.Month, 24),
            data.GetSeriesAsync("recovery_rate", asOf, KpiPeriod.Ttm, 24),
        };
        var window = KpiWindow.For(asOf, period);
        var structureTasks = new[] { KpiDimension.Product, KpiDimension.Industry, KpiDimension.Region, KpiDimension.Tier }
            .Select(d => data.GetBreakdownAsync("balance", window, d)).ToArray();
        await Task.WhenAll([figuresTask, targetsTask, .. seriesTasks.Values, .. trendTasks, .. structureTasks]);

        var figures = figuresTask.Result.ToDictionary(f => f.Kpi.Code);
        var targets = targetsTask.Result;
        TargetStatus? CompanyTarget(string kpi) => targets.FirstOrDefault(t => t.Quarter is null && t.Department == "ALL" && t.KpiCode == kpi);
        decimal? Limit(string code) => KpiCatalog.Get(code).RedLine ?? (KpiCatalog.Get(code).Direction == KpiDirection.LowerIsBetter ? CompanyTarget(code)?.Target : null);

        // only the year-to-date view is compared with the yearly target
        TargetStatus? CardTarget(string code) =>
            code == "new_amount" && period == KpiPeriod.Ytd && data.Filter == KpiFilter.None ? CompanyTarget(code) : null;

        var cards = KpiPages.LeadershipCards
            .Select(c => new Card(figures[c], seriesTasks[c].Result, CardTarget(c), Limit(c), data.ShownAtCompanyLevel(c)))
            .ToList();
        var redLines = KpiPages.LeadershipRedLines
            .Select(c => new RedLine(figures[c], Limit(c), data.ShownAtCompanyLevel(c)))
            .OrderByDescending(r => r.Limit is { } l && l != 0 && r.Figure.Current.Value is { } val ? val / l : -1m)
            .ToList();
        var yearly = targets.Where(t => t.Quarter is null).ToList();
        var cumulative = yearly.Where(t => t.Department == "ALL" && KpiCatalog.Get(t.KpiCode).IsCumulative && t.Completion is not null).ToList();
        decimal? overall = cumulative.Count == 0 ? null : cumulative.Average(t => t.Completion!.Value);
        var yearProgress = cumulative.FirstOrDefault()?.TimeProgress ?? (decimal)asOf.DayOfYear / (DateTime.IsLeapYear(asOf.Year) ? 366 : 365);
        var overallStatus = overall is not { } o ? null : o >= yearProgress ? TrafficLight.Green : o >= yearProgress - 0.1m ? TrafficLight.Amber : TrafficLight.Red;
        var league = yearly.Where(t => t.Department != "ALL" && t.KpiCode == "new_amount").OrderByDescending(t => t.Completion).ToList();

        string Name(string code) => Zh ? KpiCatalog.Get(code).NameZh : KpiCatalog.Get(code).NameEn;
        var trendBalance = new[]
        {
            new TrendSeries(Name("balance"), KpiUnit.Yuan, trendTasks[0].Result, "line"),
            new TrendSeries(Name("new_amount"), KpiUnit.Yuan, trendTasks[1].Result, "column"),
        };
        var trendRisk = new[]
        {
            new TrendSeries(Name("compensation_amount"), KpiUnit.Yuan, trendTasks[2].Result, "column"),
            new TrendSeries(Name("recovery_rate") + (Zh ? "（近12个月）" : " (TTM)"), KpiUnit.Percent, trendTasks[3].Result, "line"),
        };
        var tierNames = _options!.Tiers.ToDictionary(t => t.Code, t => (string)L[$"Tier_{t.Code}"]);
        List<StructureItem> Items(IReadOnlyList<KpiBreakdownItem> rows, int top = int.MaxValue, Func<KpiBreakdownItem, string>? label = null)
        {
            var items = rows.Where(r => r.Value is not null).Select(r => new StructureItem(r.Key, label?.Invoke(r) ?? r.Label ?? r.Key ?? "—", r.Value!.Value)).ToList();
            if (items.Count <= top) return items;
            var other = items.Skip(top).Sum(i => i.Value);
            return [.. items.Take(top), new StructureItem(null, L["Other"], other)];
        }
        return new View(asOf, cards, redLines, league, overall, yearProgress, overallStatus, trendBalance, trendRisk,
            Items(structureTasks[0].Result), Items(structureTasks[1].Result, 10), Items(structureTasks[2].Result),
            Items(structureTasks[3].Result, label: r => tierNames.GetValueOrDefault(r.Key ?? "", r.Key ?? "—")));
    }

    private string DepartmentName(string code) => _options?.Departments.FirstOrDefault(d => d.Code == code)?.Name ?? code;

    /// <summary>The drill-down of a figure, with the page's filters and as-of date.</summary>
    private string DrillHref(string code, FilterState? state = null)
    {
        var s = state ?? _state with { AsOf = _view?.AsOf ?? _state.AsOf };
        // a company-level ratio opens the company's rows, as its card shows the company's figure
        if (KpiCatalog.Get(code).CompanyLevel) s = s with { Department = null, Product = null, Industry = null, Region = null, Tier = null };
        return $"/drill/{code}{s.QueryString()}";
    }

    private void TrendSelected((TrendSeries Series, KpiResult Point) selected)
    {
        var month = selected.Point.Window.AsOf;
        var period = selected.Point.Window.From == month.AddDays(1 - month.Day) ? KpiPeriod.Month : _state.Period;
        Navigation.NavigateTo(DrillHref(selected.Point.Code, _state with { AsOf = month, Period = period }));
    }

    private void StructureSelected(StructureItem item, KpiDimension dimension)
    {
        if (item.Key is null) return;
        var s = _state with { AsOf = _view?.AsOf ?? _state.AsOf };
        s = dimension switch
        {
            KpiDimension.Product => s with { Product = item.Key },
            KpiDimension.Industry => s with { Industry = item.Key },
            KpiDimension.Region => s with { Region = item.Key },
            _ => s with { Tier = item.Key },
        };
        Navigation.NavigateTo(DrillHref("balance", s));
    }

    private void OnBuildPublished(BuildPointer pointer) => _ = InvokeAsync(async () =>
    {
        CircuitCulture.Apply();
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose() => Watcher.BuildPublished -= OnBuildPublished;
}
