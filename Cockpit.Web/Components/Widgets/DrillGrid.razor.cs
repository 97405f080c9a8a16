using System.Globalization;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// The drill-down grid every drill-down and the explore page use: the rows behind one figure, a page at a time from
/// the server, read through the page's <see cref="ScopedData"/> (the caller's scope, the page's build). Its state
/// (<see cref="GridQuery"/>) lives in the URL: a change navigates, and the grid reloads from the URL.
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

    /// <summary>A row of the figure (the first), telling counts from amounts; none when the figure has no rows.</summary>
    [Parameter] public IReadOnlyList<object?>? Sample { get; set; }

    private GridQuery _query = new();
    private IReadOnlyList<object?[]> _rows = [];
    private long _total;
    private bool _loaded;
    private string? _error;
    private KpiSelectionTotals? _selected;
    private KpiResult? _figure;
    private readonly List<string> _unreadable = [];
    private object? _shown;

    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    private static bool Zh => Culture.TwoLetterISOLanguageName == "zh";

    private KpiDefinition Kpi => KpiCatalog.Get(Code);

    /// <summary>The columns shown, in the order of the figure's own first.</summary>
    private IReadOnlyList<string> Shown =>
        _query.Columns is { } chosen && chosen.Any(Columns.Contains)
            ? DrillColumns.Ordered(Columns).Where(chosen.Contains).ToList()
            : DrillColumns.Default(Columns, Kpi);

    private int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column) return i;
        }
        return -1;
    }

    internal ColumnKind KindOf(string column)
    {
        var index = IndexOf(column);
        var sample = Sample is { } s && index >= 0 && index < s.Count ? s[index] : _rows.Count > 0 && index >= 0 ? _rows[0][index] : null;
        return DrillColumns.Kind(column, Kpi, sample);
    }

    private int Pages => (int)Math.Max(1, (_total + _query.Size - 1) / _query.Size);

    protected override async Task OnParametersSetAsync()
    {
        _query = GridQuery.Parse(Navigation.Uri);
        var now = (Data, Code, Window, _query with { Filters = null }, string.Join('|', _query.ColumnFilters.Select(f => f.Key + "=" + f.Value)));
        if (Equals(_shown, now)) return;
        _shown = now;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _unreadable.Clear();
        var selection = _query.ToSelection(KindOf, Culture, _unreadable);
        try
        {
            var page = await Data.GetDrillDownAsync(Code, Window, offset: (_query.Page - 1) * _query.Size, limit: _query.Size, selection: selection);
            _rows = page.Rows;
            _total = page.TotalRows;
            _selected = page.Selected;
            _figure = page.Figure;
            _error = null;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or DuckDB.NET.Data.DuckDBException or ScopeRefusedException)
        {
            // a failed page keeps the circuit alive and says why
            _rows = [];
            _total = 0;
            _error = e is ScopeRefusedException refused ? (Zh ? refused.MessageZh : refused.MessageEn) : WarehouseFault.FirstLine(e.Message);
        }
        _loaded = true;
    }

    private string Info
    {
        get
        {
            if (_total == 0) return string.Format(Culture, L["Grid_RowsOf"], 0, 0, 0);
            var first = (long)(_query.Page - 1) * _query.Size + 1;
            return string.Format(Culture, L["Grid_RowsOf"], first.ToString("N0", CultureInfo.InvariantCulture),
                Math.Min(_total, first + _rows.Count - 1).ToString("N0", CultureInfo.InvariantCulture), _total.ToString("N0", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The part of the figure a search or filter kept: rows, Σ numerator and its share of the figure's.</summary>
    private string SelectedText(KpiSelectionTotals selected)
    {
        var numeratorKind = KindOf("numerator");
        var sum = numeratorKind == ColumnKind.Money ? CockpitFormat.Money(selected.Numerator ?? 0, Culture)
            : (selected.Numerator ?? 0).ToString("#,##0.##", CultureInfo.InvariantCulture);
        var share = _figure?.Numerator is { } all && all != 0 ? CockpitFormat.Percent((selected.Numerator ?? 0) / all) : CockpitFormat.Missing;
        return string.Format(Culture, L["Grid_Selected"], selected.Rows.ToString("N0", CultureInfo.InvariantCulture), sum, share);
    }

    private void Go(GridQuery next) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(next.ToQuery(Columns.Concat(_query.ColumnFilters.Keys).Distinct())));

    private void SearchChanged(string? text) => Go(_query with { Search = string.IsNullOrWhiteSpace(text) ? null : text.Trim(), Page = 1 });

    private void FilterChanged(string column, string? text)
    {
        var filters = _query.ColumnFilters.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) filters.Remove(column);
        else filters[column] = text.Trim();
        Go(_query with { Filters = filters, Page = 1 });
    }

    /// <summary>A new column sorts amounts largest first and text A→Z; the same column again turns the order round.</summary>
    private void SortBy(string column)
    {
        var current = _query.Sort ?? (Columns.Contains("numerator") ? "numerator" : null);
        var currentDescending = _query.Sort is null || _query.Descending;
        var descending = column == current ? !currentDescending : DrillColumns.RightAligned(KindOf(column));
        Go(_query with { Sort = column, Descending = descending, Page = 1 });
    }

    private string SortMark(string column)
    {
        var current = _query.Sort ?? (Columns.Contains("numerator") ? "numerator" : null);
        if (column != current) return "";
        return _query.Sort is null || _query.Descending ? " ↓" : " ↑";
    }

    private void PageChanged(int page) => Go(_query with { Page = Math.Clamp(page, 1, Pages) });

    private void SizeChanged(int size) => Go(_query with { Size = size, Page = 1 });

    private void ToggleColumn(string column)
    {
        var shown = Shown.ToList();
        if (!shown.Remove(column)) shown.Add(column);
        if (shown.Count == 0) return; // at least one column stays
        Go(_query with { Columns = DrillColumns.Ordered(Columns).Where(shown.Contains).ToList() });
    }

    private void ShowAll() => Go(_query with { Columns = DrillColumns.Ordered(Columns).ToList() });

    private void ResetColumns() => Go(_query with { Columns = null });

    private static string HeadStyle(ColumnKind kind) =>
        $"position:sticky;top:0;background:var(--mud-palette-surface);z-index:2;white-space:nowrap;padding:4px 6px;text-align:{(DrillColumns.RightAligned(kind) ? "right" : "left")}";

    private static string CellStyle(ColumnKind kind) =>
        $"white-space:nowrap;padding:3px 6px;border-bottom:1px solid var(--mud-palette-table-lines);{(DrillColumns.RightAligned(kind) ? "text-align:right;font-variant-numeric:tabular-nums" : "")}";

    /// <summary>
    /// The customer's name and number open the customer's file (at the grid's as-of): an enterprise by its credit code,
    /// a person by the customer id, never by an ID number.
    /// </summary>
    private string? CustomerHref(string column, object?[] row) =>
        column is "customer_name" or "credit_code" ? CustomerLinks.ForRow(Columns, row, Window.AsOf) : null;

    /// <summary>A value as plain text (dates ISO, amounts with two decimals): for lists outside the grid.</summary>
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
