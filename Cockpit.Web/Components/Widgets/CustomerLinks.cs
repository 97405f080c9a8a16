using System.Globalization;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// Where a customer's file (客户档案) is: every customer the cockpit names links there, through this one helper, by
/// their credit code (统一社会信用代码; a natural person's resident ID), URL-escaped.
/// </summary>
public static class CustomerLinks
{
    /// <summary>The customer file of <paramref name="creditCode"/>, at the as-of month <paramref name="asOf"/> when given.</summary>
    public static string Href(string creditCode, DateOnly? asOf = null) =>
        "/customers/" + Uri.EscapeDataString(creditCode)
        + (asOf is { } d ? "?asof=" + d.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "");
}
