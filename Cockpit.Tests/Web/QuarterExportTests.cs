using System.Net;
using ClosedXML.Excel;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Exports;

namespace Cockpit.Tests.Web;

/// <summary>季度经营分析: the quarter workbook opened with ClosedXML, and its endpoint for each role.</summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class QuarterExportTests(SecuredCompany secured)
{
    private static readonly DateOnly D = HandMadeCompany.D;

    [Fact]
    public async Task TheQuarterWorkbookHoldsTheDepartmentsQuarterAsTypedCellsWhoseTotalsEqualThePage()
    {
        using var client = await secured.App.SignedInAsync("bd2");
        using var response = await client.GetAsync("/business/export?asof=2026-06");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("BD2_2026Q2", Uri.UnescapeDataString(response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!));
        using var book = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["封面 Cover", "目标 Goals", "客户经理 Managers", "漏斗 Funnel", "双人尽调 Dual DD"], book.Worksheets.Select(w => w.Name));

        // the same figures as the page's model for the same request
        var kpis = new Cockpit.Warehouse.Kpis.KpiService(new Cockpit.Warehouse.WarehouseLayout(secured.Warehouse));
        var state = new FilterState(D, Cockpit.Warehouse.Kpis.KpiPeriod.Quarter);
        using var data = ScopedData.Open(kpis, DataAccess.DepartmentHead("bd2", "BD2"), state, companyTotals: false);
        var model = await BusinessDashboard.LoadAsync(data, new PageRequest(state, DataAccess.DepartmentHead("bd2", "BD2")));

        var cover = book.Worksheet("封面 Cover");
        Assert.Equal("业务二部", cover.Cell(2, 2).GetString());
        Assert.Equal("2026Q2", cover.Cell(3, 2).GetString());
        Assert.Equal(new DateTime(2026, 6, 30), cover.Cell(4, 2).GetDateTime());

        // managers: 李强 and 赵磊, then the department's total (Q2: K6 4.0M new; balance 16.1M)
        var managers = book.Worksheet("客户经理 Managers");
        Assert.Equal(["李强", "赵磊", "部门合计 Department total"], Enumerable.Range(2, 3).Select(r => managers.Cell(r, 3).GetString()));
        Assert.Equal(XLDataType.Number, managers.Cell(4, 4).DataType);
        Assert.Equal(model.Total.NewAmount, (decimal)managers.Cell(4, 4).GetDouble());
        Assert.Equal(4_000_000m, model.Total.NewAmount);
        Assert.Equal(16_100_000m, (decimal)managers.Cell(4, 7).GetDouble());
        Assert.Equal((decimal)managers.Cell(2, 4).GetDouble() + (decimal)managers.Cell(3, 4).GetDouble(), (decimal)managers.Cell(4, 4).GetDouble());
        Assert.Equal("#,##0.00", managers.Cell(4, 4).Style.NumberFormat.Format);

        // the funnel of Q2 (received A8 on 1 May only): 1 received, at due diligence
        var funnel = book.Worksheet("漏斗 Funnel");
        Assert.Equal([1L, 1L, 0L, 0L, 0L], Enumerable.Range(2, 5).Select(r => (long)funnel.Cell(r, 2).GetDouble()));
        Assert.Equal(model.Funnel.Received, (long)funnel.Cell(2, 2).GetDouble());

        // dual due diligence of Q2 in BD2: A8 ✓ → 100 %, as a percentage cell
        var rules = book.Worksheet("双人尽调 Dual DD");
        Assert.Equal(1.0, rules.Cell(1, 2).GetDouble());
        Assert.Equal("0.00%", rules.Cell(1, 2).Style.NumberFormat.Format);
    }

    [Fact]
    public async Task ADepartmentHeadCannotExportAnotherDepartmentsQuarter()
    {
        using var client = await secured.App.SignedInAsync("bd2");
        using var refused = await client.GetAsync("/business/export?asof=2026-06&dept=BD1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("李强", await refused.Content.ReadAsStringAsync());
        using var executive = await secured.App.SignedInAsync("ceo");
        using var bd1 = await executive.GetAsync("/business/export?asof=2026-06&dept=BD1");
        Assert.Equal(HttpStatusCode.OK, bd1.StatusCode);
        using var book = new XLWorkbook(await bd1.Content.ReadAsStreamAsync());
        // BD1's Q2 goal: 8.0M new business, 5.0M done, 3.0M short
        var goals = book.Worksheet("目标 Goals");
        Assert.Equal(("2026Q2", 5_000_000.0, 8_000_000.0, -3_000_000.0), (goals.Cell(2, 1).GetString(), goals.Cell(2, 3).GetDouble(), goals.Cell(2, 4).GetDouble(), goals.Cell(2, 8).GetDouble()));
    }
}
