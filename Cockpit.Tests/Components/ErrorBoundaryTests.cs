using Bunit;
using Cockpit.Tests.Web;
using Cockpit.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cockpit.Tests.Components;

public sealed class ErrorBoundaryTests : BunitTestBase
{
    private readonly ListLoggerProvider _logs = new();

    public ErrorBoundaryTests() => Services.AddLogging(l => l.AddProvider(_logs));

    private sealed class Broken : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret detail: Password=hunter2");
    }

    [Fact]
    public void AnErrorInAPageShowsAReferenceThatIsInTheLogAndNoDetail()
    {
        var cut = Render<CockpitErrorBoundary>(p => p.AddChildContent<Broken>());
        var reference = cut.Find("[data-testid=correlation-id]").TextContent;
        Assert.Equal(12, reference.Length);
        Assert.Contains("页面出错", cut.Find("[data-testid=page-error]").TextContent);
        Assert.DoesNotContain("hunter2", cut.Markup);
        Assert.DoesNotContain("InvalidOperationException", cut.Markup);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(reference, StringComparison.Ordinal) && l.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutAnErrorThePageIsShownAsItIs()
    {
        var cut = Render<CockpitErrorBoundary>(p => p.AddChildContent("<p data-testid=\"fine\">ok</p>"));
        Assert.Equal("ok", cut.Find("[data-testid=fine]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=page-error]"));
    }
}
