using System.Net;
using System.Security.Cryptography;
using ClosedXML.Excel;
using Cockpit.Etl.Demo;

namespace Cockpit.Tests.Web;

/// <summary>
/// 续保跟进名单's workbook on the hand-made company. Contracts maturing from 2026-01 to 2026-06 (the default period, year
/// to date at D = 2026-06-30): K1 (客户1, renewed by K2 starting 73 days before), K3 (客户2, BD1, 1,000,000, matured
/// 2026-06-30; 客户2's other contracts started in 2024), K7 (客户5, renewed by K8 51 days after), K11 (客户6, BD2,
/// 2,500,000, matured 2026-06-30, no other contract). The call list: 客户2 (K3) and 客户6 (K11).
/// </summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class CallListExportTests(SecuredCompany secured)
{
    private static string Code(int customer) => ChineseIds.CreditCode("91", "369102", 10_000_000 + customer);

    private async Task<(HttpResponseMessage Response, byte[] Bytes)> GetAsync(string user, string query)
    {
        using var client = await secured.App.SignedInAsync(user, followRedirects: false);
        var response = await client.GetAsync("/customers/calllist/export" + query);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static IXLWorksheet Sheet(byte[] bytes) => new XLWorkbook(new MemoryStream(bytes)).Worksheet("续保跟进名单 Call list");

    /// <summary>The data rows (from row 2) by their contract number.</summary>
    private static Dictionary<string, IXLRow> Rows(IXLWorksheet sheet) =>
        sheet.RowsUsed().Skip(1).ToDictionary(r => r.Cell(6).GetString());

    [Fact]
    public async Task TheCallListWorkbookHasTypedCellsAFrozenFilteredHeaderAndIsAudited()
    {
        var (response, bytes) = await GetAsync("ceo", "?asof=2026-06");
        using var _ = response;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("续保跟进名单_2026-06.xlsx", Uri.UnescapeDataString(response.Content.Headers.ContentDisposition!.FileNameStar!));

        using var book = new XLWorkbook(new MemoryStream(bytes));
        var sheet = book.Worksheet("续保跟进名单 Call list");
        Assert.Equal("客户 Customer", sheet.Cell(1, 1).GetString());
        Assert.Equal(1, sheet.SheetView.SplitRow); // the header stays when scrolling
        Assert.True(sheet.AutoFilter.IsEnabled);

        var rows = Rows(sheet);
        Assert.Equal(["K11", "K3"], rows.Keys.Order(StringComparer.Ordinal));
        var k3 = rows["K3"];
        Assert.Equal(("客户2", Code(2)), (k3.Cell(1).GetString(), k3.Cell(2).GetString()));
        Assert.Equal(XLDataType.Text, k3.Cell(2).DataType); // a credit code is text, whatever its digits
        Assert.Equal("业务一部", k3.Cell(5).GetString());
        Assert.Equal(XLDataType.Text, k3.Cell(6).DataType);
        Assert.Equal(new DateTime(2026, 6, 30), k3.Cell(9).GetDateTime());
        Assert.Equal((XLDataType.Number, 1_000_000.0, "#,##0.00"), (k3.Cell(10).DataType, k3.Cell(10).GetDouble(), k3.Cell(10).Style.NumberFormat.Format));
        var k11 = rows["K11"];
        Assert.Equal(("客户6", Code(6), "业务二部"), (k11.Cell(1).GetString(), k11.Cell(2).GetString(), k11.Cell(5).GetString()));
        Assert.Equal(2_500_000.0, k11.Cell(10).GetDouble());
        Assert.StartsWith("普通", k11.Cell(3).GetString()); // 客户6 is ordinary
        // the balance that left, when there is one, is a number in yuan
        Assert.All(rows.Values.Select(r => r.Cell(11)).Where(c => !c.IsEmpty()), c => Assert.Equal(XLDataType.Number, c.DataType));

        var about = book.Worksheet("说明 About");
        Assert.Equal(2, about.Cell(4, 2).GetDouble());
        Assert.Contains(secured.Company.Kpis.CurrentBuild!.BuildId, about.Cell(5, 2).GetString());

        var export = (await secured.AuditAsync("ceo")).Last(a => a.Action == "export");
        Assert.True(export.Succeeded);
        Assert.Contains("call list", export.Detail);
        Assert.Contains("rows=2", export.Detail);
        Assert.Contains($"sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}", export.Detail);
    }

    [Fact]
    public async Task ADepartmentHeadExportsOnlyTheirDepartmentsCustomersAndNoOtherDepartment()
    {
        var (own, bytes) = await GetAsync("bd1", "?asof=2026-06");
        using (own)
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(["K3"], Rows(Sheet(bytes)).Keys);
        }
        var (second, bytes2) = await GetAsync("bd2", "?asof=2026-06");
        using (second)
        {
            Assert.Equal(["K11"], Rows(Sheet(bytes2)).Keys);
        }
        var (other, _) = await GetAsync("bd1", "?asof=2026-06&dept=BD2");
        using (other)
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }
        Assert.Contains(await secured.AuditAsync("bd1"), a => a.Action == "export" && !a.Succeeded && a.Detail?.Contains("call list", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TheCustomerRolesExportAndOthersAreRefusedWithoutAnError()
    {
        var (risk, _) = await GetAsync("risk", "?asof=2026-06&period=quarter");
        using (risk) Assert.Equal(HttpStatusCode.OK, risk.StatusCode);
        var (admin, _) = await GetAsync("admin", "?asof=2026-06");
        using (admin) Assert.NotEqual(HttpStatusCode.OK, admin.StatusCode);
        // a month outside the data and a month that is none: a message, never a 500
        var (outside, body) = await GetAsync("ceo", "?asof=2019-01");
        using (outside) Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Contains("no data", System.Text.Encoding.UTF8.GetString(body));
        var (junk, _) = await GetAsync("ceo", "?asof=abc&period=zzz");
        using (junk) Assert.True((int)junk.StatusCode < 500);
    }
}
