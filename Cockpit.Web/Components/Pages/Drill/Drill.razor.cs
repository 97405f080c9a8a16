using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Cockpit.Web.Components.Pages.Drill;

/// <summary>One row of a drill-down.</summary>
public sealed record DrillRow(object?[] Cells);

/// <summary>The rows behind a figure: server-paged and sortable, with the figure they reconcile to above them.</summary>
public partial class Drill
{
    [Parameter] public string Code { get; set; } = "";

    [SupplyParameterFromQuery(Name = "asof")] public string? AsOfQuery { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? PeriodQuery { get; set; }
    [SupplyParameterFromQuery(Name = "dept")] public string? DepartmentQuery { get; set; }
    [SupplyParameterFromQuery(Name = "product")] public string? ProductQuery { get; set; }
    [SupplyParameterFromQuery(Name = "industry")] public string? IndustryQuery { get; set; }
    [SupplyParameterFromQuery(Name = "region")] public string? RegionQuery { get; set; }
    [SupplyParameterFromQuery(Name = "tier")] public string? TierQuery { get; set; }

    private FilterState _state = new();
    private KpiDefinition? _kpi;
    private KpiResult? _figure;
    private KpiWindow? _window;
    private List<string> _columns = [];
    private MudDataGrid<DrillRow>? _grid;
    private string? _error;
    private ScopedData? _data;
    private string _home = "/";

    [CascadingParameter] private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

    private static CultureInfo Culture => CultureInfo.CurrentUICulture;
    private static bool Zh => Culture.TwoLetterISOLanguageName == "zh";
    private string Title => _kpi is null ? Code : Zh ? _kpi.NameZh : _kpi.NameEn;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _kpi = KpiCatalog.Contains(Code) ? KpiCatalog.Get(Code) : null;
            if (_kpi is null)
            {
                _error = $"未知指标 unknown KPI: {Code}";
                return;
            }
            if (Authentication is not null)
            {
                var user = (await Authentication).User;
                _home = CockpitRoles.Home(CockpitRoles.All.Where(user.IsInRole)); // 返回 goes where this role starts
            }
            _state = FilterState.FromQuery(AsOfQuery, PeriodQuery, DepartmentQuery, ProductQuery, IndustryQuery, RegionQuery, TierQuery);
            // rows are never company-wide for a department head: their own department only
            _data = await Data.ForAsync(_state, companyTotals: false);
            var asOf = _state.AsOf ?? _data.FilterOptions().MonthEnds.First();
            _window = KpiWindow.For(asOf, _state.Period);
            var first = await _data.GetDrillDownAsync(Code, _window, limit: 1);
            _figure = first.Figure;
            _columns = [.. first.Columns];
            _error = null;
            if (_grid is not null) await _grid.ReloadServerData();
        }
        catch (ScopeRefusedException e)
        {
            _data = null;
            _figure = null;
            _error = Zh ? e.MessageZh : e.MessageEn;
        }
        catch (Exception e) when (e is InvalidOperationException or DuckDB.NET.Data.DuckDBException)
        {
            _error = e.Message;
        }
    }

    private async Task<GridData<DrillRow>> LoadRowsAsync(GridState<DrillRow> state, CancellationToken ct)
    {
        if (_window is null || _data is null) return new GridData<DrillRow> { Items = [], TotalItems = 0 };
        var sort = state.SortDefinitions.FirstOrDefault();
        try
        {
            var page = await _data.GetDrillDownAsync(Code, _window, offset: state.Page * state.PageSize,
                limit: state.PageSize, sortColumn: sort?.SortBy, descending: sort?.Descending ?? false);
            return new GridData<DrillRow> { Items = page.Rows.Select(r => new DrillRow(r)).ToList(), TotalItems = (int)Math.Min(int.MaxValue, page.TotalRows) };
        }
        catch (Exception e) when (e is InvalidOperationException or DuckDB.NET.Data.DuckDBException)
        {
            // a failed page keeps the circuit alive and says why
            _error = e.Message;
            await InvokeAsync(StateHasChanged);
            return new GridData<DrillRow> { Items = [], TotalItems = 0 };
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        decimal m => m.ToString("N2", CultureInfo.InvariantCulture),
        double x => x.ToString("N2", CultureInfo.InvariantCulture),
        bool b => b ? "✓" : "",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
