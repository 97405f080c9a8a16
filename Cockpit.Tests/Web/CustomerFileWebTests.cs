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
        Assert.Contains("data-testid=\"scope-refused\"", html, StringComparison.Ordinal);
        Assert.Contains($"未找到客户 {code}，或该客户不在您的查看范围内。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("客户3", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"customer-name\"", html, StringComparison.Ordinal);

        // their own department's customer C2 (BD1's K3, K9, K12): the file, saying it shows BD1's business only
        html = WebUtility.HtmlDecode(await head.GetStringAsync($"/customers/{Uri.EscapeDataString(CustomerFileCompany.Code(2))}?asof=2026-06"));
        Assert.Equal("客户2", TestIdText(html, "customer-name"));
        Assert.Contains("仅显示本部门（BD1）的数据", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("data-testid=\"file-contract\"").Length - 1);
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
        // a farmer is a person: their number is masked for the risk officer and titled as an ID number
        Assert.Equal(code[..4] + "**********" + code[^4..], TestIdText(html, "customer-code"));
        Assert.Equal("身份证号", TestIdText(html, "customer-code-label"));
        // K4 1.5M + K10 0.6M in force at D
        Assert.Equal("210.00 万元", TestIdText(html, "customer-balance"));
        Assert.Equal(2, html.Split("data-testid=\"file-contract\"").Length - 1);
        Assert.DoesNotContain("data-testid=\"scope-refused\"", html, StringComparison.Ordinal);
        int Count(string testId) => html.Split($"data-testid=\"{testId}\"").Length - 1;
        // K10 overdue at May's end (9 days) and June's (40), K4 at June's (15); signal 2, survey R3, complaint P2,
        // applications 2 and 3; the five-level history: a row per contract, a cell per month end in force
        Assert.Equal((3, 1, 1, 1, 2), (Count("overdue-row"), Count("signal-row"), Count("survey-row"), Count("complaint-row"), Count("application-row")));
        Assert.Equal(2, Count("history-row"));
        Assert.Equal(4 + 5, Count("history-cell")); // K4 2026-03…06, K10 2026-02…06
        Assert.Contains("data-class=\"substandard\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFileAndItsMessageInEnglish()
    {
        using var risk = await secured.App.SignedInAsync("risk");
        var code = CustomerFileCompany.Code(3);
        var html = WebUtility.HtmlDecode(await risk.GetStringAsync(
            $"/culture?c=en-US&redirect={Uri.EscapeDataString($"/customers/{Uri.EscapeDataString(code)}?asof=2026-06")}"));
        Assert.Contains("Customer file", html, StringComparison.Ordinal);
        Assert.Equal("CNY 2.10 m", TestIdText(html, "customer-balance"));
        html = WebUtility.HtmlDecode(await risk.GetStringAsync("/customers/nonexistent"));
        Assert.Contains("Customer nonexistent was not found or is not in your scope.", html, StringComparison.Ordinal);
    }
}
