using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Services;

namespace Cockpit.Web.Components.Pages.Leadership;

/// <summary>
/// 领导驾驶舱: the page an executive opens first every morning (PAGES.md). Its data is
/// <see cref="LeadershipDashboard"/>'s; this renders it and turns clicks into URLs.
/// </summary>
public partial class Leadership : CockpitPage
{
    private LeadershipModel? _model;

    protected override async Task LoadAsync(PageRequest request)
    {
        _model = await Data.LeadershipAsync(request);
    }

    private FilterState ShownState => LoadedState with { AsOf = _model?.Date.AsOf ?? LoadedState.AsOf };

    private string DepartmentName(string code) => _model?.Options.Departments.FirstOrDefault(d => d.Code == code)?.Name ?? code;

    private string KpiName(string code) => Zh ? KpiCatalog.Get(code).NameZh : KpiCatalog.Get(code).NameEn;

    /// <summary>The drill-down of a figure, with the page's filters and as-of date: it shows the card's drill figure.</summary>
    private string DrillHref(string code, FilterState? state = null) => Href($"/drill/{code}", state ?? ShownState);

    /// <summary>The caption of a card's own part: a department head's department, or the filtered segment.</summary>
    private string OwnLabel => _model?.OwnDepartment is { } own
        ? string.Format(Culture, L["Own_Department"], DepartmentName(own))
        : L["Own_Segment"];

    private IReadOnlyList<TrendSeries> TrendBalance => _model is null ? [] :
    [
        new(KpiName("balance"), KpiUnit.Yuan, _model.BalanceTrend, "line"),
        new(KpiName("new_amount"), KpiUnit.Yuan, _model.NewAmountTrend, "column"),
    ];

    private IReadOnlyList<TrendSeries> TrendRisk => _model is null ? [] :
    [
        new(KpiName("compensation_amount"), KpiUnit.Yuan, _model.CompensationTrend, "column"),
        new(KpiName("recovery_rate") + (Zh ? "（近12个月）" : " (TTM)"), KpiUnit.Percent, _model.RecoveryRateTrend, "line"),
    ];

    /// <summary>A structure's items for its chart; the remainder beyond the ranked ones as the last item without a key.</summary>
    private IReadOnlyList<StructureItem> Items(KpiDimension dimension)
    {
        var structure = _model?.Structures.FirstOrDefault(s => s.Dimension == dimension);
        if (structure is null) return [];
        var items = structure.Items.Select(r => new StructureItem(r.Key, Label(dimension, r), r.Value!.Value)).ToList();
        if (structure.Remainder is { } rest)
        {
            items.Add(new StructureItem(null, L["Other"], rest, structure.RemainderCount));
        }
        return items;
    }

    private string Label(KpiDimension dimension, KpiBreakdownItem item) => dimension == KpiDimension.Tier
        ? L[$"Tier_{item.Key}"]
        : item.Label ?? item.Key ?? CockpitFormat.Missing;

    /// <summary>The targets' period: the quarter when the period is a quarter, else the year.</summary>
    private string TargetPeriodLabel => _model is null ? "" : _model.TargetQuarter is { } q
        ? $"{_model.Date.AsOf.Year}Q{q}"
        : Zh ? $"{_model.Date.AsOf.Year}年" : _model.Date.AsOf.Year.ToString(Culture);

    /// <summary>What the overall completion averages (whose targets, which period), or why there is none.</summary>
    private string OverallHint
    {
        get
        {
            if (_model is null) return "";
            if (_model.Period is not (KpiPeriod.Ytd or KpiPeriod.Quarter)) return L["Overall_NoTargetsForPeriod"];
            if (_model.OverallCompletion is null) return L["Overall_NoTargets"];
            var whose = LoadedState.Department is { } d ? DepartmentName(d) : (string)L["Overall_Company"];
            return string.Format(Culture, L["Overall_Hint"], whose, _model.TargetQuarter is null ? L["Overall_Year"] : L["Overall_Quarter"]);
        }
    }

    private string PeriodTitle => _model is null ? "" : CockpitFormat.Period(_model.Date.AsOf, _model.Period, Culture);

    private void TrendSelected((TrendSeries Series, KpiResult Point) selected)
    {
        var month = selected.Point.Window.AsOf;
        var period = selected.Point.Window.From == month.AddDays(1 - month.Day) ? KpiPeriod.Month : ShownState.Period;
        Navigation.NavigateTo(DrillHref(selected.Point.Code, ShownState with { AsOf = month, Period = period }));
    }

    private void StructureSelected(StructureItem item, KpiDimension dimension)
    {
        if (item.Key is null) return;
        var s = ShownState;
        s = dimension switch
        {
            KpiDimension.Product => s with { Product = item.Key },
            KpiDimension.Industry => s with { Industry = item.Key },
            KpiDimension.Region => s with { Region = item.Key },
            _ => s with { Tier = item.Key },
        };
        Navigation.NavigateTo(DrillHref("balance", s));
    }
}
