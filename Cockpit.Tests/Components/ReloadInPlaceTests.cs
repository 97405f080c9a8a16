using Bunit;
using Cockpit.Tests.Pages;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Pages;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Tests.Components;

/// <summary>
/// A filter change on a page built on <see cref="CockpitPage"/>: the page keeps what it shows — dimmed, not clickable,
/// under a thin bar, its links still those of the shown figures — until the new state's data is there, and then shows
/// that; changes made quickly one after another end on the last one's data.
/// </summary>
public sealed class ReloadInPlaceTests(WarningsCompany company) : BunitTestBase, IClassFixture<WarningsCompany>
{
    /// <summary>A component of the page's content that counts how often it was made.</summary>
    private sealed class Probe : ComponentBase
    {
        public static int Made;

        protected override void OnInitialized() => Interlocked.Increment(ref Made);
    }

    /// <summary>A page whose load of each period waits until the test lets it finish.</summary>
    private sealed class GatedPage : CockpitPage
    {
        public static readonly Dictionary<KpiPeriod, TaskCompletionSource> Gates = [];
        public static int Loads;
        private KpiPeriod? _shown;

        protected override async Task LoadAsync(PageRequest request)
        {
            Interlocked.Increment(ref Loads);
            await Gates[request.State.Period].Task;
            _shown = request.State.Period;
        }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenComponent<PageShell>(0);
            builder.AddComponentParameter(1, nameof(PageShell.Ready), _shown is not null);
            builder.AddComponentParameter(2, nameof(PageShell.Loading), Loading);
            builder.AddComponentParameter(3, nameof(PageShell.ChildContent), (RenderFragment)(b =>
            {
                b.OpenElement(0, "a");
                b.AddAttribute(1, "data-testid", "figure");
                b.AddAttribute(2, "href", Href("/drill/balance", LoadedState));
                b.AddContent(3, _shown?.ToString());
                b.CloseElement();
                b.OpenComponent<Probe>(4);
                b.CloseComponent();
            }));
            builder.CloseComponent();
        }
    }

    private IRenderedComponent<GatedPage> RenderPage()
    {
        AddPageData(company, CockpitRoles.Executive);
        GatedPage.Gates.Clear();
        GatedPage.Loads = 0;
        Probe.Made = 0;
        foreach (var period in Enum.GetValues<KpiPeriod>()) GatedPage.Gates[period] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        GatedPage.Gates[KpiPeriod.Ytd].SetResult();
        var cut = Render<GatedPage>();
        cut.WaitForAssertion(() => Assert.Equal("Ytd", cut.Find("[data-testid=figure]").TextContent));
        return cut;
    }

    /// <summary>A filter change as the filter bar makes it: a navigation to the new query string.</summary>
    private void Navigate(IRenderedComponent<GatedPage> cut, string uri) =>
        cut.InvokeAsync(() => Services.GetRequiredService<NavigationManager>().NavigateTo(uri));

    [Fact]
    public void WhileANewStateLoadsThePageKeepsItsFiguresAndTheirLinksDimmedUnderABar()
    {
        var cut = RenderPage();
        Assert.Empty(cut.FindAll("[data-testid=page-reloading]"));
        Assert.Equal("false", cut.Find("[data-testid=page-content]").GetAttribute("aria-busy"));
        Assert.Equal("/drill/balance", cut.Find("[data-testid=figure]").GetAttribute("href"));
        Assert.Equal(1, Probe.Made);

        Navigate(cut, "/?period=month");

        // the month is loading: the year to date stays, with its own link, dimmed and marked busy
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=page-reloading]")));
        Assert.Equal("Ytd", cut.Find("[data-testid=figure]").TextContent);
        Assert.Equal("/drill/balance", cut.Find("[data-testid=figure]").GetAttribute("href"));
        Assert.Equal("true", cut.Find("[data-testid=page-content]").GetAttribute("aria-busy"));
        Assert.Contains("cockpit-stale", cut.Find("[data-testid=page-content]").ClassName);

        GatedPage.Gates[KpiPeriod.Month].SetResult();

        cut.WaitForAssertion(() => Assert.Equal("Month", cut.Find("[data-testid=figure]").TextContent));
        Assert.Equal("/drill/balance?period=month", cut.Find("[data-testid=figure]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=page-reloading]"));
        Assert.Equal("false", cut.Find("[data-testid=page-content]").GetAttribute("aria-busy"));
        Assert.DoesNotContain("cockpit-stale", cut.Find("[data-testid=page-content]").ClassName);
        // updated in place: the content's components were kept, not made again
        Assert.Equal(1, Probe.Made);
    }

    [Fact]
    public void ChangesOneAfterAnotherEndOnTheLastOnesDataEvenWhenItsLoadIsQuicker()
    {
        var cut = RenderPage();
        Navigate(cut, "/?period=quarter");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=page-reloading]")));
        Navigate(cut, "/?period=ttm");

        // the later change's data is ready first; the earlier one's comes after it
        GatedPage.Gates[KpiPeriod.Ttm].SetResult();
        GatedPage.Gates[KpiPeriod.Quarter].SetResult();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Ttm", cut.Find("[data-testid=figure]").TextContent);
            Assert.Empty(cut.FindAll("[data-testid=page-reloading]"));
        });
        Assert.Equal("/drill/balance?period=ttm", cut.Find("[data-testid=figure]").GetAttribute("href"));
        Assert.Equal(3, GatedPage.Loads); // the first state, the quarter and the last: none skipped, none twice
    }
}
