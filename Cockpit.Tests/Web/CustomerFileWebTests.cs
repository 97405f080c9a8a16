using System.Net;
using Cockpit.Tests.Pages;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// The customer file (客户档案) through the real app, signed in, on the hand-made company: a department head asking for
/// another department's customer, and anyone asking for nonsense, get a page with the message — never a 500, never
/// the customer's name; a risk officer gets the file.
/// </summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class CustomerFileWebTests(SecuredCompany secured)
{
    [Fact]
    public async Task ADepartmentHeadIsToldTheCustomerIsNotFoundOrNotInTheirScope()
    {
        using var head = await secured.App.SignedInAsync("bd1");
        // C3 (客户3) has business in BD2 only
        var code = CustomerFileCompany.Code(3);
        using var response = await head.GetAsync($"/customers/{Uri.EscapeDataString(code)}?asof=2026-06");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal($"未找到客户 {code}，或该客户不在您的查看范围内。", TestIdText(html, "scope-refused"));
        Assert.DoesNotContain("客户3", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"customer-name\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/customers/nonexistent%2F..")]
    [InlineData("/customers/nonexistent")]
    [InlineData("/customers/%27%3B%20drop%20table%20dim_customer%3B--")]
    public async Task NonsenseAnswersAPageWithTheMessage(string path)
    {
        foreach (var user in new[] { "bd1", "risk" })
        {
            using var client = await secured.App.SignedInAsync(user);
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains("data-testid=\"scope-refused\"", html, StringComparison.Ordinal);
            Assert.Contains("或该客户不在您的查看范围内", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ARiskOfficerReadsTheFile()
    {
        using var risk = await secured.App.SignedInAsync("risk");
        var code = CustomerFileCompany.Code(3);
        var html = WebUtility.HtmlDecode(await risk.GetStringAsync($"/customers/{Uri.EscapeDataString(code)}?asof=2026-06"));
        Assert.Equal("客户3", TestIdText(html, "customer-name"));
        Assert.Equal(code, TestIdText(html, "customer-code"));
        // K4 1.5M + K10 0.6M in force at D
        Assert.Equal("210.00 万元", TestIdText(html, "customer-balance"));
        Assert.Equal(2, html.Split("data-testid=\"file-contract\"").Length - 1);
        Assert.DoesNotContain("data-testid=\"scope-refused\"", html, StringComparison.Ordinal);
    }
}
