using Bunit;
using System.Security.Claims;
using Cockpit.Etl.Demo;
using Cockpit.Etl.Source.Model;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Security;

namespace Cockpit.Tests.Pages;

/// <summary>
/// The recogniser and the masks on worked examples. Check digits (GB 11643): Σ of the first 17 digits × the weights
/// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11, indexes "10X98765432".
/// </summary>
public sealed class PersonalDataTests
{
    [Fact]
    public void AResidentIdIsRecognisedByItsCheckDigitAndBirthDate()
    {
        // GB 11643's own example: 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167,
        // 167 mod 11 = 2 → 'X'
        Assert.True(PersonalData.IsResidentId("11010519491231002X"));
        Assert.True(PersonalData.IsResidentId("11010519491231002x"));
        Assert.False(PersonalData.IsResidentId("110105194912310021")); // check digit 1, should be X
        // born 1880-01-01: Σ = 195, mod 11 = 8 → '4'
        Assert.True(PersonalData.IsResidentId("440524188001010014"));
        // month 13: Σ = 176, mod 11 = 0 → '1' is the right check digit, but there is no such birth date
        Assert.False(PersonalData.IsResidentId("110105194913310021"));
        // the old 15-digit form: region 110105, born (19)49-12-31, sequence 002
        Assert.True(PersonalData.IsResidentId("110105491231002"));
        Assert.False(PersonalData.IsResidentId("110105491331002"));
        Assert.False(PersonalData.IsResidentId("1101054912310021")); // 16 digits
        Assert.False(PersonalData.IsResidentId(null));
    }

    [Fact]
    public void AnEnterpriseCreditCodeIsNotAnIdAndIsNeverMasked()
    {
        // 统一社会信用代码 of the hand-made company's customer 1: 91 + 369102 + organisation code + check character
        var code = HandMadeCompany.Build().Customers[0].CreditCode;
        Assert.StartsWith("91369102", code, StringComparison.Ordinal);
        Assert.False(PersonalData.IsResidentId(code));
        Assert.Equal(code, PersonalData.MaskCode(code, person: null));
        Assert.Equal(code, PersonalData.MaskCode(code, person: false));
        Assert.Equal("91369102MA1234567X", PersonalData.MaskText("91369102MA1234567X"));
        Assert.Equal(code, PersonalMask.Masked([]).Code(code, "enterprise"));
    }

    [Fact]
    public void AnIdKeepsItsFirstAndLastFourCharacters()
    {
        Assert.Equal("1101**********002X", PersonalData.MaskId("11010519491231002X"));
        Assert.Equal("1101*******1002", PersonalData.MaskId("110105491231002"));
        Assert.Equal("1101**********002X", PersonalData.MaskCode("11010519491231002X", person: null));
        // a person's code is masked whatever its form (the hand-made farmer's has the form of a credit code)
        Assert.Equal("9136**********567X", PersonalData.MaskCode("91369102MA1234567X", person: true));
    }

    [Fact]
    public void MobilesAndIdsInsideFreeTextAreMasked()
    {
        Assert.Equal("请回电138****5678，谢谢", PersonalData.MaskText("请回电13812345678，谢谢"));
        Assert.Equal("电话+86 139****0000或86159****1234", PersonalData.MaskText("电话+86 13900000000或8615911111234"));
        Assert.Equal("身份证1101**********002X办理", PersonalData.MaskText("身份证11010519491231002X办理"));
        Assert.True(PersonalData.HasMobile("手机：19912345678"));
    }

    [Fact]
    public void ALongerDigitRunOrANonMobileIsLeftAlone()
    {
        // 12 and 20 digits, a landline, an 11-digit run starting 12, an 18-digit run that fails the check digit
        foreach (var text in new[] { "合同号138123456789", "流水20260415000123456789", "座机02112345678", "编号12812345678", "账号110105194912310021" })
        {
            Assert.Equal(text, PersonalData.MaskText(text));
        }
        Assert.Null(PersonalData.MaskText(null));
    }

    [Fact]
    public void OnlyTheAuditorSeesPersonalDataWhole()
    {
        static DataAccess For(string role, string? department = null)
        {
            var claims = new List<Claim> { new(ClaimTypes.Name, role), new(ClaimTypes.Role, role) };
            if (department is not null) claims.Add(new Claim(CockpitClaims.Department, department));
            return CockpitAccess.For(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")));
        }
        Assert.True(For(CockpitRoles.Auditor).SeesPersonalData);
        Assert.False(For(CockpitRoles.Executive).SeesPersonalData);
        Assert.False(For(CockpitRoles.RiskOfficer).SeesPersonalData);
        Assert.False(For(CockpitRoles.DepartmentHead, "BD2").SeesPersonalData);
        Assert.False(For(CockpitRoles.Admin).SeesPersonalData);
        Assert.Equal(("personal=whole", "personal=masked"), (For(CockpitRoles.Auditor).PersonalDataAudit, For(CockpitRoles.Executive).PersonalDataAudit));
    }

    [Fact]
    public void APersonsLinkCarriesTheirCustomerIdNeverTheirIdNumber()
    {
        Assert.Equal("/customers/c7?asof=2026-06", CustomerLinks.ForCustomer("1101**********002X", 7, new DateOnly(2026, 6, 30)));
        Assert.Equal("/customers/c7", CustomerLinks.ForCustomer("11010519491231002X", 7)); // whole (an auditor's) too
        Assert.Null(CustomerLinks.ForCustomer("1101**********002X", null)); // no id: no link rather than a broken one
        Assert.Equal("/customers/91369102MA1234567X", CustomerLinks.ForCustomer("91369102MA1234567X", 1));
        Assert.Equal("/customers/c1", CustomerLinks.ForRow(["customer_id", "customer_name", "credit_code"], [1L, "客户1", null]));
        Assert.Null(CustomerLinks.ForRow(["contract_no"], ["K1"]));
        Assert.Equal(((long?)7L, (long?)null, (long?)null), (CustomerFile.ParseIdKey("c7"), CustomerFile.ParseIdKey("C7"), CustomerFile.ParseIdKey("c7x")));
    }
}

/// <summary>
/// The hand-made company with a natural person: customer C7 客户7, kind individual, resident ID 11010519491231002X
/// (GB 11643's example), manager M2 李强 (BD2), with one BD2 loan K13 (300,000, 2026-04-15 → 2027-04-15, in force,
/// snapshots 04-30, 05-31, 06-30 at 300,000) and a survey response R8 (2026-06-05, phone, NPS 9, CSAT 5) whose comment
/// holds a mobile number and the ID number. C3 is a farmer whose code has the form of a credit code
/// (<c>ChineseIds.CreditCode("91", "369121", 10_000_003)</c>): a person all the same, masked by their kind.
/// </summary>
public sealed class PersonalDataCompany() : HandMadeCompany(Extend(Build()))
{
    public const string Id7 = "11010519491231002X";

    public const string Masked7 = "1101**********002X";

    public const string Comment8 = "请回电13812345678，身份证11010519491231002X，流水20260415000123456789";

    public const string MaskedComment8 = "请回电138****5678，身份证1101**********002X，流水20260415000123456789";

    public static string Code(int customer) => Build().Customers.Single(c => c.Id == customer).CreditCode;

    private static DemoCompany Extend(DemoCompany c)
    {
        c.Customers.Add(new Customer
        {
            Id = 7, CreditCode = Id7, Name = "客户7", Kind = "individual", IndustryCode = "A01", RegionCode = "369102",
            CreditRating = "BBB", RiskLevel = "medium", Tier = "ordinary", ManagerId = 2,
            CreatedAt = new DateTime(2024, 1, 2, 9, 0, 0), UpdatedAt = new DateTime(2024, 1, 2, 9, 0, 0),
        });
        c.Contracts.Add(new Contract
        {
            Id = 13, ContractNo = "K13", CustomerId = 7, ProductId = 1, BankId = 1, DepartmentId = 2, ManagerId = 2, Amount = 300_000m,
            BankRiskShare = 0m, FeeRate = 0.01m, CounterGuarantee = "guarantor", StartOn = new DateOnly(2026, 4, 15),
            MaturityOn = new DateOnly(2027, 4, 15), Status = "in_force", UpdatedAt = new DateTime(2026, 6, 30, 18, 0, 0),
        });
        foreach (var m in new[] { new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 30) })
        {
            c.BalanceSnapshots.Add(new BalanceSnapshot { ContractId = 13, AsOf = m, Outstanding = 300_000m, OverdueDays = 0, FiveLevelClass = "normal" });
        }
        c.InboxFiles.Add(new InboxFile("surveys_2026-06-30_people.csv", InboxFormat.CsvUtf8, [
            new object?[] { "response_id", "credit_code", "surveyed_on", "channel", "nps_score", "csat", "comment" },
            new object?[] { "R8", Id7, "2026-06-05", "phone", "9", "5", Comment8 },
        ]));
        return c;
    }
}

/// <summary>
/// Masking on <see cref="PersonalDataCompany"/>, D = 2026-06-30: a department head's and an executive's drill-downs,
/// exports, customer file and customer page show people's ID numbers and mobile numbers masked; the auditor's whole.
/// </summary>
public sealed class PersonalDataMaskingTests(PersonalDataCompany company) : IClassFixture<PersonalDataCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private static readonly KpiWindow AtD = new(D, D);

    private static readonly DataAccess Executive = DataAccess.CompanyWide("boss");

    private static readonly DataAccess Bd2 = DataAccess.DepartmentHead("bd2", "BD2");

    private static readonly DataAccess Auditor = DataAccess.Auditor("audit");

    private static readonly string Masked3 = PersonalDataCompany.Code(3)[..4] + "**********" + PersonalDataCompany.Code(3)[^4..];

    private ScopedData Open(DataAccess access) => ScopedData.Open(company.Kpis, access, new FilterState(D), companyTotals: false);

    /// <summary>customer_id → credit_code of the rows.</summary>
    private static Dictionary<long, string?> Codes(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var (id, code) = (columns.ToList().IndexOf("customer_id"), columns.ToList().IndexOf("credit_code"));
        return rows.GroupBy(r => Convert.ToInt64(r[id], System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Select(r => r[code] as string).Distinct().Single());
    }

    [Fact]
    public async Task ADepartmentHeadsAndAnExecutivesDrillDownShowsPeoplesIdsMasked()
    {
        // balance rows at D: BD2's K4, K10 (C3 farmer), K5, K6 (C4 enterprise), K13 (C7 individual); BD1's K2 (C1), K8 (C5)
        foreach (var access in new[] { Executive, Bd2 })
        {
            using var data = Open(access);
            var page = await data.GetDrillDownAsync("balance", AtD, limit: 100);
            var codes = Codes(page.Columns, page.Rows);
            Assert.Equal(PersonalDataCompany.Masked7, codes[7]);
            Assert.Equal(Masked3, codes[3]);
            Assert.Equal(PersonalDataCompany.Code(4), codes[4]); // an enterprise: whole
            Assert.DoesNotContain(page.Rows.SelectMany(r => r), v => v is string s && s.Contains(PersonalDataCompany.Id7, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheAuditorsDrillDownShowsThemWhole()
    {
        using var data = Open(Auditor);
        var page = await data.GetDrillDownAsync("balance", AtD, limit: 100);
        var codes = Codes(page.Columns, page.Rows);
        Assert.Equal((PersonalDataCompany.Id7, PersonalDataCompany.Code(3)), (codes[7], codes[3]));
    }

    /// <summary>
    /// A grid page is cached for every visitor with the same figure, filters and selection; the mask is applied to a copy
    /// of it per caller, so an executive after the auditor sees the ids masked and the auditor after them whole again.
    /// </summary>
    [Fact]
    public async Task ACachedGridPageIsMaskedPerCallerNeverInTheCache()
    {
        var selection = new RowSelection(Sort: "credit_code", Descending: false);
        foreach (var (access, id7, id3) in new[] { (Auditor, PersonalDataCompany.Id7, PersonalDataCompany.Code(3)),
            (Executive, PersonalDataCompany.Masked7, Masked3), (Auditor, PersonalDataCompany.Id7, PersonalDataCompany.Code(3)) })
        {
            using var data = Open(access);
            var page = await data.GetDrillDownAsync("balance", AtD, limit: 50, selection: selection);
            var again = await data.GetDrillDownAsync("balance", AtD, limit: 50, selection: selection);
            var codes = Codes(page.Columns, page.Rows);
            Assert.Equal((id7, id3), (codes[7], codes[3]));
            Assert.Equal(codes, Codes(again.Columns, again.Rows));
        }
        // the page was read once: the second and third callers' pages came from the cache (the auditor's rows are the cached ones)
        using (var auditor = Open(Auditor))
        {
            var first = await auditor.GetDrillDownAsync("balance", AtD, limit: 50, selection: selection);
            var second = await auditor.GetDrillDownAsync("balance", AtD, limit: 50, selection: selection);
            Assert.Same(first.Rows, second.Rows);
        }
    }

    [Fact]
    public async Task ExportedRowsAreMaskedLikeThePageExceptForTheAuditor()
    {
        foreach (var (access, id7, id3) in new[] { (Executive, PersonalDataCompany.Masked7, Masked3), (Bd2, PersonalDataCompany.Masked7, Masked3),
            (Auditor, PersonalDataCompany.Id7, PersonalDataCompany.Code(3)) })
        {
            using var data = Open(access);
            var columns = (await data.GetDrillDownAsync("balance", AtD, limit: 1)).Columns;
            var codes = Codes(columns, data.StreamRows("balance", AtD).ToList());
            Assert.Equal((id7, id3), (codes[7], codes[3]));
        }
    }

    [Fact]
    public async Task ASurveyCommentsMobileAndIdAreMaskedInTheDrillDownAndExport()
    {
        // nps in June: R6 (C6, 06-10), R7 (C5, 06-20), R8 (C7, 06-05)
        var june = KpiWindow.For(D, KpiPeriod.Month);
        foreach (var (access, comment) in new[] { (Executive, PersonalDataCompany.MaskedComment8), (Auditor, PersonalDataCompany.Comment8) })
        {
            using var data = Open(access);
            var page = await data.GetDrillDownAsync("nps", june, limit: 100);
            var at = page.Columns.ToList().IndexOf("comment");
            var response = page.Columns.ToList().IndexOf("response_id");
            Assert.Equal(comment, page.Rows.Single(r => (string?)r[response] == "R8")[at]);
            Assert.Equal(comment, data.StreamRows("nps", june).Single(r => (string?)r[response] == "R8")[at]);
        }
    }

    private async Task<CustomerFileModel> FileAsync(DataAccess access, string key)
    {
        var state = new FilterState(D);
        using var data = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
        return await CustomerFile.LoadAsync(data, new PageRequest(state, access), key);
    }

    [Fact]
    public async Task APersonsFileShowsTheirIdMaskedExceptToTheAuditor()
    {
        foreach (var access in new[] { Executive, Bd2 })
        {
            var m = await FileAsync(access, "c7");
            Assert.Equal(("客户7", PersonalDataCompany.Masked7, true), (m.Profile.Name, m.Profile.CreditCode, m.Profile.IsPerson));
            Assert.Equal([PersonalDataCompany.MaskedComment8], m.Surveys.Select(s => s.Comment));
            Assert.Equal([PersonalDataCompany.Masked7], m.Group.Members.Select(g => g.CreditCode));
            Assert.Equal(["K13"], m.Contracts.Select(k => k.ContractNo));
        }
        var whole = await FileAsync(Auditor, "c7");
        Assert.Equal(PersonalDataCompany.Id7, whole.Profile.CreditCode);
        Assert.Equal([PersonalDataCompany.Comment8], whole.Surveys.Select(s => s.Comment));
        // the farmer's code is masked too; an enterprise's is not
        Assert.Equal(Masked3, (await FileAsync(Executive, PersonalDataCompany.Code(3))).Profile.CreditCode);
        var c4 = await FileAsync(Executive, PersonalDataCompany.Code(4));
        Assert.Equal((PersonalDataCompany.Code(4), false), (c4.Profile.CreditCode, c4.Profile.IsPerson));
    }

    [Fact]
    public async Task AWholeIdStillFindsTheFileButItIsShownMasked()
    {
        var m = await FileAsync(Executive, PersonalDataCompany.Id7);
        Assert.Equal((7L, PersonalDataCompany.Masked7), (m.Profile.CustomerId, m.Profile.CreditCode));
        // an unknown id key is answered like an unknown code; a department head's key of another department's customer too
        await Assert.ThrowsAsync<ScopeRefusedException>(() => FileAsync(Executive, "c99"));
        await Assert.ThrowsAsync<ScopeRefusedException>(() => FileAsync(DataAccess.DepartmentHead("bd1", "BD1"), "c7"));
    }

    [Fact]
    public async Task APersonsLinkFromAMaskedRowHasNoIdNumberAndOpensTheirFile()
    {
        using var data = Open(Executive);
        var page = await data.GetDrillDownAsync("balance", AtD, limit: 100);
        var id = page.Columns.ToList().IndexOf("customer_id");
        var href = CustomerLinks.ForRow(page.Columns, page.Rows.First(r => Convert.ToInt64(r[id], System.Globalization.CultureInfo.InvariantCulture) == 7), D)!;
        Assert.Equal("/customers/c7?asof=2026-06", href);
        Assert.DoesNotContain("19491231", href, StringComparison.Ordinal);
        var key = href["/customers/".Length..href.IndexOf('?', StringComparison.Ordinal)];
        Assert.Equal("客户7", (await FileAsync(Bd2, key)).Profile.Name);
        // an enterprise's row still links by its credit code
        var c4 = CustomerLinks.ForRow(page.Columns, page.Rows.First(r => Convert.ToInt64(r[id], System.Globalization.CultureInfo.InvariantCulture) == 4), D);
        Assert.Equal($"/customers/{PersonalDataCompany.Code(4)}?asof=2026-06", c4);
    }

    [Fact]
    public async Task TheCustomerPagesVerbatimsAreMaskedAndASearchByTheWholeIdFindsThem()
    {
        foreach (var (access, code, comment) in new[] { (Executive, PersonalDataCompany.Masked7, PersonalDataCompany.MaskedComment8),
            (Bd2, PersonalDataCompany.Masked7, PersonalDataCompany.MaskedComment8), (Auditor, PersonalDataCompany.Id7, PersonalDataCompany.Comment8) })
        {
            var state = new FilterState(D);
            using var data = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
            var m = await CustomerDashboard.LoadAsync(data, new PageRequest(state, access), new CustomerOptions(Search: PersonalDataCompany.Id7));
            var line = Assert.Single(m.Verbatims.Lines);
            Assert.Equal(("R8", 7L, code, comment), (line.ResponseId, line.CustomerId, line.CreditCode, line.Comment));
        }
    }
}

/// <summary>The widgets that name a customer link a person by their customer id, never by their (masked) ID number.</summary>
public sealed class PersonalDataWidgetTests : Cockpit.Tests.Components.BunitTestBase
{
    [Fact]
    public void APersonsNameLinksToTheirFileByCustomerId()
    {
        var cut = Render<CustomerLink>(p => p.Add(c => c.Name, "客户7").Add(c => c.CreditCode, PersonalDataCompany.Masked7)
            .Add(c => c.CustomerId, 7L).Add(c => c.AsOf, new DateOnly(2026, 6, 30)));
        Assert.Equal("/customers/c7?asof=2026-06", cut.Find("a[data-testid=customer-link]").GetAttribute("href"));
        // a masked code without the id: the plain name, not a link to nowhere
        cut = Render<CustomerLink>(p => p.Add(c => c.Name, "客户7").Add(c => c.CreditCode, PersonalDataCompany.Masked7));
        Assert.Empty(cut.FindAll("a"));
        Assert.Equal("客户7", cut.Markup.Trim());
    }

    [Fact]
    public void AComplaintsAndAVerbatimsPersonLinkByCustomerId()
    {
        var complaints = Render<ComplaintTable>(p => p.Add(c => c.Complaints, new ComplaintRow[]
        {
            new(new DateOnly(2026, 6, 1), "客户7", PersonalDataCompany.Masked7, "服务态度", "业务二部", true, null, null, 7),
        }));
        Assert.Equal("/customers/c7", complaints.Find("[data-testid=complaint-row] a").GetAttribute("href"));
        var feed = Render<VerbatimFeed>(p => p.Add(c => c.Verbatims, new VerbatimLine[]
        {
            new(new DateOnly(2026, 6, 5), 9, PersonalDataCompany.MaskedComment8, "客户7", PersonalDataCompany.Masked7, "业务二部", 7),
        }));
        Assert.Equal("/customers/c7", feed.Find("[data-testid=verbatim] a").GetAttribute("href"));
        Assert.DoesNotContain("13812345678", feed.Markup, StringComparison.Ordinal);
    }
}
