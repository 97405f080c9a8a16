using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// A drill-down grid column named after the SQL column it shows: MudDataGrid reports sorting by the column's
/// <see cref="PropertyName"/>, which a plain TemplateColumn leaves as a random id; the server sorts by this name.
/// </summary>
public sealed class DrillColumn<T> : TemplateColumn<T>
{
    /// <summary>The column's name in the KPI's rows (the sort key sent to the server).</summary>
    [Parameter, EditorRequired] public string Name { get; set; } = "";

    public override string PropertyName => Name;
}
