using Bunit;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;

namespace Cockpit.Tests.Components;

/// <summary>Every customer the cockpit names opens their file: the helper and the drill-down grid.</summary>
public sealed class CustomerLinkTests(HandMadeCompany company) : BunitTestBase, IClassFixture<HandMadeCompany>
{
    [Fact]
    public void ALinkEscapesTheCodeAndKeepsTheAsOf()
    {
        Assert.Equal("/customers/91369102MA1234567X", CustomerLinks.Href("91369102MA1234567X"));
        Assert.Equal("/customers/a%2F..%3Fx%3D1?asof=2026-06", CustomerLinks.Href("a/..?x=1", new DateOnly(2026, 6, 30)));
    }

    [Fact]
    public async Task TheDrillGridsCustomerNamesAndCodesOpenTheirFiles()
    {
        using var data = ScopedData.Open(company.Kpis, DataAccess.CompanyWide("risk"), new FilterState(HandMadeCompany.D), companyTotals: false);
        var window = new KpiWindow(HandMadeCompany.D, HandMadeCompany.D);
        var first = await data.GetDrillDownAsync("balance", window, limit: 1);
        var cut = Render<DrillGrid>(p => p
            .Add(g => g.Data, data)
            .Add(g => g.Code, "balance")
            .Add(g => g.Window, window)
            .Add(g => g.Columns, first.Columns));
        // six contracts in force at D (K2, K4, K5, K6, K8, K10): a name and a code link on each row
        cut.WaitForAssertion(() => Assert.Equal(12, cut.FindAll("a[data-testid=customer-link]").Count), TimeSpan.FromSeconds(10));
        var links = cut.FindAll("a[data-testid=customer-link]");
        var c4 = HandMadeCompany.Build().Customers.Single(c => c.Id == 4).CreditCode;
        Assert.Contains(links, a => a.TextContent.Trim() == "客户4" && a.GetAttribute("href") == $"/customers/{c4}?asof=2026-06");
        Assert.Contains(links, a => a.TextContent.Trim() == c4);
    }
}
