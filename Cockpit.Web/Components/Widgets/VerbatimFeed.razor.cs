using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Widgets;

/// <summary>One survey comment (客户原声): when, the NPS score given, by whom, the customer's department.</summary>
public sealed record VerbatimLine(
    DateOnly Date, int? Score, string? Comment, string? Customer, string? CreditCode, string? Department, long? CustomerId = null);

/// <summary>
/// The latest survey comments, newest first, with a search box: the words go to the data layer (the page reloads the
/// comments with them), a pause of 400 ms after typing, so that each keystroke is not a query.
/// </summary>
public partial class VerbatimFeed
{
    /// <summary>The comments found.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<VerbatimLine> Verbatims { get; set; } = [];

    /// <summary>The words searched for.</summary>
    [Parameter] public string? Search { get; set; }

    /// <summary>Called with the words once typing pauses.</summary>
    [Parameter] public EventCallback<string?> SearchChanged { get; set; }

    /// <summary>The month end a customer's file opens at (the page's as-of).</summary>
    [Parameter] public DateOnly? AsOf { get; set; }

    /// <summary>A data-testid for browser tests.</summary>
    [Parameter] public string? TestId { get; set; }

    internal IEnumerable<VerbatimLine> Ordered => Verbatims.OrderByDescending(v => v.Date);

    private Task SearchTyped(string? words)
    {
        Search = string.IsNullOrWhiteSpace(words) ? null : words.Trim();
        return SearchChanged.InvokeAsync(Search);
    }
}
