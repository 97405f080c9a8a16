using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// One complaint (投诉) as the table shows it: when it came, from whom, its category and the department responsible,
/// whether it is still open, and how many hours past its resolution deadline an open one is (null or ≤ 0: not past).
/// </summary>
public sealed record ComplaintRow(
    DateOnly Received, string? Customer, string? CreditCode, string? Category, string? Department, bool Open,
    decimal? HoursOverdue, decimal? ResponseHours, long? CustomerId = null)
{
    /// <summary>Open and past its deadline.</summary>
    public bool Overdue => Open && HoursOverdue > 0;
}

/// <summary>Complaints, open ones past their deadline first (the most overdue on top), then the rest newest first.</summary>
public partial class ComplaintTable
{
    /// <summary>The complaints to list.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ComplaintRow> Complaints { get; set; } = [];

    /// <summary>The month end a customer's file opens at (the page's as-of).</summary>
    [Parameter] public DateOnly? AsOf { get; set; }

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    internal IEnumerable<ComplaintRow> Ordered => Complaints
        .OrderByDescending(c => c.Overdue)
        .ThenByDescending(c => c.Overdue ? c.HoursOverdue : null)
        .ThenByDescending(c => c.Received);
}
