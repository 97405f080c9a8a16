using System.Globalization;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Cockpit.Web.Components.Widgets;

/// <summary>One row of a drill-down.</summary>
public sealed record DrillRow(object?[] Cells);

/// <summary>
/// The drill-down grid every page uses: the rows behind one figure, a page at a time from the server, sorted by any
/// column; read through the page's <see cref="ScopedData"/>, so in the caller's scope and on the page's build.
/// </summary>
public partial class DrillGrid
{
    /// <summary>The page's data (its session, scope and filter).</summary>
    [Parameter, EditorRequired] public ScopedData Data { get; set; } = default!;

    /// <summary>The KPI whose rows are shown.</summary>
    [Parameter, EditorRequired] public string Code { get; set; } = "";

    [Parameter, EditorRequired] public KpiWindow Window { get; set; } = default!;

    /// <summary>The rows' columns (from the first page).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Columns { get; set; } = [];

    private MudDataGrid<DrillRow>? _grid;
    private string? _error;
    private (ScopedData, string, KpiWindow)? _shown;

    private static bool Zh => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    protected override async Task OnParametersSetAsync()
    {
        var now = (Data, Code, Window);
        if (_shown is { } before && before != now && _grid is not null)
        {
            _shown = now;
            await _grid.ReloadServerData();
        }
        _shown = now;
    }

    private async Task<GridData<DrillRow>> LoadRowsAsync(GridState<DrillRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        try
        {
            var page = await Data.GetDrillDownAsync(Code, Window, offset: state.Page * state.PageSize,
                limit: state.PageSize, sortColumn: sort?.SortBy, descending: sort?.Descending ?? false);
            _error = null;
            return new GridData<DrillRow> { Items = page.Rows.Select(r => new DrillRow(r)).ToList(), TotalItems = (int)Math.Min(int.MaxValue, page.TotalRows) };
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or DuckDB.NET.Data.DuckDBException)
        {
            // a failed page keeps the circuit alive and says why
            _error = WarehouseFault.FirstLine(e.Message);
            await InvokeAsync(StateHasChanged);
            return new GridData<DrillRow> { Items = [], TotalItems = 0 };
        }
    }

    /// <summary>The customer's name and credit code open the customer's file (at the grid's as-of), where the rows carry the code.</summary>
    private string? CustomerHref(int column, DrillRow row)
    {
        if (Columns[column] is not ("customer_name" or "credit_code")) return null;
        var code = -1;
        for (var i = 0; i < Columns.Count && code < 0; i++)
        {
            if (Columns[i] == "credit_code") code = i;
        }
        return code >= 0 && code < row.Cells.Length && row.Cells[code] is string credit && credit.Length > 0
            ? CustomerLinks.Href(credit, Window.AsOf)
            : null;
    }

    internal static string Cell(object? value) => value switch
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
