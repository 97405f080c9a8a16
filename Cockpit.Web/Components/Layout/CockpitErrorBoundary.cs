using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Components.Layout;

/// <summary>
/// Catches an error while a page renders or handles an event in the interactive session: the user sees a short
/// message with a reference, the log gets the exception under the same reference, and no stack trace reaches the
/// browser. The navigation stays usable.
/// </summary>
public sealed class CockpitErrorBoundary : ErrorBoundary
{
    [Inject] private ILogger<CockpitErrorBoundary> Logger { get; set; } = default!;

    [Inject] private IStringLocalizer<Strings> L { get; set; } = default!;

    /// <summary>The reference of the error shown now (also in the log).</summary>
    public string? Reference { get; private set; }

    protected override Task OnErrorAsync(Exception exception)
    {
        Reference = Guid.NewGuid().ToString("N")[..12];
        Logger.LogError(exception, "Unhandled error {CorrelationId} in the interactive session", Reference);
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }
        builder.OpenElement(1, "div");
        builder.AddAttribute(2, "class", "mud-alert mud-alert-text-error pa-4");
        builder.AddAttribute(3, "role", "alert");
        builder.AddAttribute(4, "data-testid", "page-error");
        builder.AddContent(5, $"{L["Error_Title"]}：{L["Error_Text"]} {L["Error_Reference"]}: ");
        builder.OpenElement(6, "code");
        builder.AddAttribute(7, "data-testid", "correlation-id");
        builder.AddContent(8, Reference);
        builder.CloseElement();
        builder.CloseElement();
    }
}
