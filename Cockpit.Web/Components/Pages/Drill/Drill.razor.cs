using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Pages.Drill;

/// <summary>
/// The rows behind a figure (<see cref="DrillGrid"/>), with the figure they reconcile to above them and, for a
/// concentration KPI, the ranking behind it. Never company-wide for a department head: their own department's rows.
/// </summary>
public partial class Drill : CockpitPage
{
    [Parameter] public string Code { get; set; } = "";

    [CascadingParameter] private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

    private ScopedData? _data;
    private DrillModel? _model;
    private string? _unknown;
    private string _home = "/";

    private string Title => _model is null ? Code : Zh ? _model.Kpi.NameZh : _model.Kpi.NameEn;

    protected override async Task LoadAsync(PageRequest request)
    {
        _model = null;
        _unknown = KpiCatalog.Contains(Code) ? null : string.Format(Culture, L["Drill_UnknownKpi"], Code);
        if (_unknown is not null) return;
        if (Authentication is not null)
        {
            var user = (await Authentication).User;
            _home = CockpitRoles.Home(CockpitRoles.All.Where(user.IsInRole)); // 返回 goes where this role starts
        }
        // the grid pages through this page's data later: it stays open (one build) until the page reloads or closes
        _data?.Dispose();
        _data = null;
        _data = Data.Open(request, companyTotals: false);
        _model = await DrillDashboard.LoadAsync(_data, request, Code);
    }

    protected override bool AcceptsDrillDimensions => true;

    /// <summary>The grid's sort, page and search change the URL but not the figure.</summary>
    protected override string? ReloadKey => Code;

    private FilterState ShownState => State with { AsOf = _model?.Date.AsOf ?? State.AsOf };

    private string BackHref => _home == "/" ? Href("/", ShownState.WithoutDrillDimensions()) : _home;

    /// <summary>The same rows on the explore page, where another KPI can be picked under the same filters.</summary>
    private string ExploreHref => "/explore" + ShownState.QueryString() + (ShownState.QueryString().Length == 0 ? "?" : "&") + "kpi=" + Uri.EscapeDataString(Code);

    public override void Dispose()
    {
        _data?.Dispose();
        base.Dispose();
    }
}
