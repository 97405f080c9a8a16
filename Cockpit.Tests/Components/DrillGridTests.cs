using Bunit;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Tests.Components;

/// <summary>
/// The drill-down grid as an auditor reads it, on the hand-made company's balance at D (2026-06-30): K5 10,000,000
/// (C4, fee 1.2 %), K8 5,000,000, K6 4,000,000, K2 1,600,000, K4 1,500,000 (关注), K10 600,000 (次级).
/// </summary>
public sealed class DrillGridTests(HandMadeCompany company) : BunitTestBase, IClassFixture<HandMadeCompany>
{
    private static readonly KpiWindow Window = new(HandMadeCompany.D, HandMadeCompany.D);

    private async Task<(IRenderedComponent<DrillGrid> Grid, ScopedData Data, IReadOnlyList<string> Columns)> RenderAsync(string uri)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        var data = ScopedData.Open(company.Kpis, DataAccess.CompanyWide("audit"), new FilterState(HandMadeCompany.D), companyTotals: false);
        var first = await data.GetDrillDownAsync("balance", Window, limit: 1);
        var cut = Render<DrillGrid>(p => p.Add(g => g.Data, data).Add(g => g.Code, "balance").Add(g => g.Window, Window)
            .Add(g => g.Columns, first.Columns).Add(g => g.Sample, first.Rows[0]));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=grid-row]")), TimeSpan.FromSeconds(10));
        return (cut, data, first.Columns);
    }

    private static List<string> Headings(IRenderedComponent<DrillGrid> cut) =>
        [.. cut.FindAll("thead tr:first-child th").Select(th => th.GetAttribute("data-column")!)];

    private static string CellText(IRenderedComponent<DrillGrid> cut, int row, string column)
    {
        var index = Headings(cut).IndexOf(column);
        Assert.True(index >= 0, $"{column} is not shown");
        return cut.FindAll("[data-testid=grid-row]")[row].QuerySelectorAll("td")[index].TextContent.Trim();
    }

    [Fact]
    public async Task CodesAreNamedRatesArePercentagesAndMoneyIsIn10kYuanLargestFirst()
    {
        var (cut, data, _) = await RenderAsync("/drill/balance");
        using var _ = data;
        // the largest amount first: K5, 10,000,000 yuan = 1,000.00 万元, the full amount on hover, right-aligned
        Assert.Equal("K5", CellText(cut, 0, "contract_no"));
        Assert.Equal("1,000.00", CellText(cut, 0, "numerator"));
        var cell = cut.FindAll("[data-testid=grid-row]")[0].QuerySelectorAll("td")[Headings(cut).IndexOf("numerator")];
        Assert.Equal("10,000,000.00 元", cell.GetAttribute("title"));
        Assert.Contains("text-align:right", cell.GetAttribute("style"));
        Assert.Contains("分子（万元）", cut.Find("thead").TextContent);
        Assert.Equal("1.20%", CellText(cut, 0, "fee_rate"));
        Assert.Equal("在保", CellText(cut, 0, "status"));
        Assert.Equal("次级", CellText(cut, 5, "five_level_class")); // K10, the smallest
        Assert.Equal("中", CellText(cut, 0, "risk_level"));
        Assert.Equal("企业", CellText(cut, 0, "customer_kind"));
        Assert.DoesNotContain(cut.FindAll("[data-testid=grid-row] td"), td => td.TextContent.Trim() is "in_force" or "normal" or "enterprise");
        // ids and lineage behind the chooser; a sum's empty denominator too
        var shown = Headings(cut);
        Assert.DoesNotContain("source_ref", shown);
        Assert.DoesNotContain("contract_id", shown);
        Assert.DoesNotContain("row_kind", shown);
        Assert.DoesNotContain("denominator", shown);
        Assert.Equal(["contract_no", "customer_name"], shown.Take(2));
        Assert.Contains("第 1–6 行，共 6 行", cut.Find("[data-testid=grid-info]").TextContent);
    }

    [Fact]
    public async Task TheColumnChooserAndTheUrlDecideTheColumnsAndTheOrder()
    {
        // the URL names three columns (a technical one among them) and an order: smallest first
        var (cut, data, columns) = await RenderAsync("/drill/balance?cols=source_ref,numerator,contract_no&sort=numerator&dir=asc");
        using var _ = data;
        Assert.Equal(["contract_no", "numerator", "source_ref"], Headings(cut));
        Assert.Equal("K10", CellText(cut, 0, "contract_no"));
        Assert.StartsWith("balance_snapshots", CellText(cut, 0, "source_ref"));
        // the chooser lists every column, and a choice goes into the URL
        var nav = Services.GetRequiredService<NavigationManager>();
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        cut.Find("[data-testid=grid-columns] button").Click();
        popovers.WaitForAssertion(() => Assert.Equal(columns.Count, popovers.FindAll("[data-testid=grid-column-choice]").Count));
        popovers.FindAll("[data-testid=grid-column-choice]").Single(c => c.GetAttribute("data-column") == "fee_rate").Click();
        cut.WaitForAssertion(() => Assert.Contains("cols=contract_no%2Cnumerator%2Cfee_rate%2Csource_ref", nav.Uri));
    }

    [Fact]
    public async Task SortSearchAndColumnFiltersGoIntoTheUrlAndNarrowTheRows()
    {
        var nav = Services.GetRequiredService<NavigationManager>();
        var (cut, data, _) = await RenderAsync("/drill/balance?dept=BD2");
        using (data)
        {
            // a header click sorts: a text column A→Z first
            // (an event reaches the grid through the renderer's dispatcher: on a loaded machine it may run after Click returns)
            cut.FindAll("[data-testid=grid-sort]")[Headings(cut).IndexOf("customer_name")].Click();
            cut.WaitForAssertion(() => Assert.Contains("sort=customer_name&dir=asc", nav.Uri));
            Assert.Contains("dept=BD2", nav.Uri); // the filter bar's state stays
            cut.Find("[data-testid=grid-filter][data-column=five_level_class]").Change("次级");
            cut.WaitForAssertion(() => Assert.Contains("f.five_level_class=%E6%AC%A1%E7%BA%A7", nav.Uri));
        }
        // read back from the URL: a search for customer 4 and a class filter by its Chinese name
        (cut, data, _) = await RenderAsync("/drill/balance?q=%E5%AE%A2%E6%88%B74");
        using (data)
        {
            Assert.Equal(["K5", "K6"], cut.FindAll("[data-testid=grid-row]").Select((_, i) => CellText(cut, i, "contract_no")));
            Assert.Contains("已选 2 行", cut.Find("[data-testid=grid-selected]").TextContent); // 14M of 22.7M
            Assert.Contains("61.67%", cut.Find("[data-testid=grid-selected]").TextContent);
        }
        (cut, data, _) = await RenderAsync("/drill/balance?f.five_level_class=%E6%AC%A1%E7%BA%A7");
        using (data)
        {
            Assert.Equal("K10", Assert.Single(cut.FindAll("[data-testid=grid-row]").Select((_, i) => CellText(cut, i, "contract_no"))));
        }
        // amounts in 万元: 150..500 keeps K8 5,000,000, K6 4,000,000, K2 1,600,000 and K4 1,500,000
        (cut, data, _) = await RenderAsync("/drill/balance?f.numerator=150..500");
        using (data)
        {
            Assert.Equal(["K8", "K6", "K2", "K4"], cut.FindAll("[data-testid=grid-row]").Select((_, i) => CellText(cut, i, "contract_no")));
        }
        // a filter that cannot be read says so rather than silently showing everything
        (cut, data, _) = await RenderAsync("/drill/balance?f.numerator=abc");
        using (data)
        {
            Assert.NotNull(cut.Find("[data-testid=grid-filter-error]"));
        }
    }
}
