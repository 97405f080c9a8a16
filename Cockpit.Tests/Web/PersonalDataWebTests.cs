using System.Net;
using ClosedXML.Excel;
using Cockpit.Tests.Pages;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// People's ID numbers through the real app on the hand-made company, whose customer C3 (客户3) is a farmer (BD2):
/// an executive's and a department head's pages show the number masked, first and last four characters kept; the
/// auditor's page and export show it whole, and the export's audit entry says so.
/// </summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class PersonalDataWebTests(SecuredCompany secured)
{
    private static readonly string Code3 = CustomerFileCompany.Code(3);

    private static readonly string Masked3 = Code3[..4] + "**********" + Code3[^4..];

    [Theory]
    [InlineData("ceo")]
    [InlineData("bd2")]
    public async Task AnExecutivesAndADepartmentHeadsFileShowsThePersonsNumberMasked(string user)
    {
        using var client = await secured.App.SignedInAsync(user);
        // the person's file is keyed by their customer id, not their number
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/customers/c3?asof=2026-06"));
        Assert.Equal("客户3", TestIdText(html, "customer-name"));
        Assert.Equal((Masked3, "身份证号"), (TestIdText(html, "customer-code"), TestIdText(html, "customer-code-label")));
        Assert.DoesNotContain(Code3, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditorsFileShowsItWholeAndAnEnterpriseIsTitledByItsCreditCode()
    {
        using var client = await secured.App.SignedInAsync("audit");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/customers/c3?asof=2026-06"));
        Assert.Equal(Code3, TestIdText(html, "customer-code"));
        var c4 = CustomerFileCompany.Code(4);
        html = WebUtility.HtmlDecode(await client.GetStringAsync($"/customers/{c4}?asof=2026-06"));
        Assert.Equal((c4, "统一社会信用代码"), (TestIdText(html, "customer-code"), TestIdText(html, "customer-code-label")));
    }

    [Fact]
    public async Task TheAuditorsExportHoldsTheNumberWholeAndTheCallListsAuditSaysWhetherItIsMasked()
    {
        using var audit = await secured.App.SignedInAsync("audit", followRedirects: false);
        using var response = await audit.GetAsync("/export/balance?asof=2026-06");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var book = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Contains(book.Worksheets.SelectMany(s => s.CellsUsed()), c => c.GetString() == Code3);

        using (var whole = await audit.GetAsync("/customers/calllist/export?asof=2026-06")) Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Contains("personal=whole", (await secured.AuditAsync("audit")).Last(a => a.Action == "export").Detail!, StringComparison.Ordinal);
        using var ceo = await secured.App.SignedInAsync("ceo", followRedirects: false);
        using (var masked = await ceo.GetAsync("/customers/calllist/export?asof=2026-06")) Assert.Equal(HttpStatusCode.OK, masked.StatusCode);
        Assert.Contains("personal=masked", (await secured.AuditAsync("ceo")).Last(a => a.Action == "export").Detail!, StringComparison.Ordinal);
    }
}
