using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Services;

namespace Cockpit.Web.Components.Pages.Business;

/// <summary>
/// 业务驾驶舱: a department head runs the quarter from here (PAGES.md). Its data is <see cref="BusinessDashboard"/>'s;
/// this renders it and turns clicks into URLs.
/// </summary>
public partial class Business : CockpitPage
{
    private BusinessModel? _model;
    private DataAccess? _access;

    protected override async Task LoadAsync(PageRequest request)
    {
        _access = request.Access;
        _model = await Data.BusinessAsync(request);
    }

    private FilterState ShownState => LoadedState with { AsOf = _model?.Date.AsOf ?? LoadedState.AsOf };

    private string DepartmentName(string? code) => code is null or "ALL" ? L["Business_Company"]
        : _model?.Options.Departments.FirstOrDefault(d => d.Code == code)?.Name ?? code;

    private string Title => _model is null ? "" : $"{DepartmentName(_model.TargetDepartment)} · {CockpitFormat.Period(_model.Date.AsOf, _model.Period, Culture)}";

    /// <summary>A goal opens its KPI's rows for the goal's department and period.</summary>
    private string GoalHref(GoalLine goal)
    {
        var t = goal.Target;
        var state = ShownState with
        {
            Department = t.Department == "ALL" ? null : t.Department,
            Period = t.Quarter is null ? KpiPeriod.Ytd : KpiPeriod.Quarter,
            AsOf = t.PeriodEnd < ShownState.AsOf ? t.PeriodEnd : ShownState.AsOf,
        };
        return Href($"/drill/{t.KpiCode}", state);
    }

    private string ManagerHref(ManagerLine manager) => Href($"/business/managers/{Uri.EscapeDataString(manager.Code)}", ShownState);

    private string KpiHref(string code) => Href($"/drill/{code}", ShownState);

    private string Money(decimal? value) => CockpitFormat.Money(value, Culture, allowYi: false);

    private IReadOnlyList<StructureItem> ProductMix => _model?.ProductMix
        .Select(p => new StructureItem(p.Key, p.Label ?? p.Key ?? "—", p.Value ?? 0)).ToList() ?? [];

    private IReadOnlyList<StructureItem> CustomerMix => _model is null ? [] :
    [
        new("new", L["Business_NewCustomers"], _model.NewCustomerAmount),
        new("returning", L["Business_ReturningCustomers"], _model.ReturningCustomerAmount),
    ];

    private IReadOnlyList<TrendSeries> CycleTrend => _model is null ? [] :
        [new(Zh ? KpiCatalog.Get("approval_days").NameZh : KpiCatalog.Get("approval_days").NameEn, KpiUnit.Days, _model.ApprovalCycleTrend, "line")];

    private void ProductSelected(StructureItem item)
    {
        if (item.Key is not null) Navigation.NavigateTo(Href("/drill/new_amount", ShownState with { Product = item.Key }));
    }

    private void TrendSelected((TrendSeries Series, KpiResult Point) selected) =>
        Navigation.NavigateTo(Href($"/drill/{selected.Point.Code}", ShownState with { AsOf = selected.Point.Window.AsOf, Period = KpiPeriod.Month }));
}
