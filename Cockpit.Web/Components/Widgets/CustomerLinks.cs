using System.Globalization;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// Where a customer's file (客户档案) is: every customer the cockpit names links there, through this one helper. An
/// enterprise's file is keyed by its credit code (统一社会信用代码), URL-escaped; a person's by <c>c</c> + their customer
/// id (<see cref="CustomerFile.IdKey"/>), because their credit code is their resident ID number, which must not
/// travel in a URL (masked or whole).
/// </summary>
public static class CustomerLinks
{
    /// <summary>The customer file of <paramref name="creditCode"/>, at the as-of month <paramref name="asOf"/> when given.</summary>
    public static string Href(string creditCode, DateOnly? asOf = null) => Key(Uri.EscapeDataString(creditCode), asOf);

    /// <summary>
    /// The customer file of a customer named by their credit code as shown to this caller and their customer id: by
    /// the id when the code is masked or is a resident ID number (a person), by the code otherwise; null when neither
    /// is known or a masked code comes without an id.
    /// </summary>
    public static string? ForCustomer(string? creditCode, long? customerId, DateOnly? asOf = null)
    {
        var person = PersonalData.IsMasked(creditCode) || PersonalData.IsResidentId(creditCode);
        if ((person || string.IsNullOrEmpty(creditCode)) && customerId is { } id) return Key(CustomerFile.IdKey(id), asOf);
        return person || string.IsNullOrEmpty(creditCode) ? null : Href(creditCode, asOf);
    }

    /// <summary>
    /// The customer file of a row with named columns (a drill-down row): its <c>credit_code</c> and <c>customer_id</c>
    /// cells (either may be missing), as <see cref="ForCustomer"/>. Null when the row names no customer.
    /// </summary>
    public static string? ForRow(IReadOnlyList<string> columns, IReadOnlyList<object?> row, DateOnly? asOf = null)
    {
        string? code = null;
        long? id = null;
        for (var i = 0; i < columns.Count && i < row.Count; i++)
        {
            if (columns[i] == "credit_code") code = row[i] as string;
            else if (columns[i] == "customer_id" && row[i] is { } value) id = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }
        return ForCustomer(code, id, asOf);
    }

    private static string Key(string escapedKey, DateOnly? asOf) =>
        "/customers/" + escapedKey + (asOf is { } d ? "?asof=" + d.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "");
}
