using Cockpit.Etl.Demo;
using Cockpit.Etl.Source.Model;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Pages;

/// <summary>
/// The hand-made company with what customer C2's file lacks and a customer with business in two departments: a fee
/// on K3 (2025-07-02, 20,000), a complaint P6 by C2 about BD1 (2026-05-06), and an application 9 of C4 (BD2's
/// customer) to BD1, received 2026-06-01, A manager M5 陈静, B manager M1 王敏, undecided.
/// </summary>
public sealed class CustomerFileCompany() : HandMadeCompany(Extend(Build()))
{
    public static string Code(int customer) => Build().Customers.Single(c => c.Id == customer).CreditCode;

    private static DemoCompany Extend(DemoCompany c)
    {
        c.FeePayments.Add(new FeePayment { Id = 7, ContractId = 3, PaidOn = new DateOnly(2025, 7, 2), Amount = 20_000m });
        c.Applications.Add(new Application
        {
            Id = 9, CustomerId = 4, ProductId = 1, DepartmentId = 1, Channel = "bank_referral", RequestedAmount = 2_000_000m,
            ManagerAId = 5, ManagerBId = 1, ReceivedOn = new DateOnly(2026, 6, 1), DueDiligenceOn = new DateOnly(2026, 6, 4),
            UpdatedAt = new DateTime(2026, 6, 4, 9, 0, 0),
        });
        c.InboxFiles.Add(new InboxFile("complaints_2026-06-30_more.csv", InboxFormat.CsvUtf8Bom, [
            new object?[] { "complaint_id", "credit_code", "received_at", "responded_at", "resolved_at", "category", "department_code" },
            new object?[] { "P6", c.Customers[1].CreditCode, "2026-05-06 09:00", "2026-05-06 10:00", "2026-05-08 09:00", "收费问题", "BD1" },
        ]));
        return c;
    }
}

/// <summary>
/// 客户档案 on the hand-made company (header of <see cref="HandMadeCompany"/>), D = 2026-06-30. Customer C2 (客户2,
/// micro enterprise, C34, 东湖区, BB, ordinary, no group, manager M1 王敏 of BD1) has three BD1 loans, all ended by D:
/// K12 (0.5M, 2024-06-01, compensated 2025-08-15), K9 (0.8M, 2024-10-01, released 2025-10-01), K3 (1.0M, 2025-06-30,
/// compensated 2026-05-20); signal 1, survey R0, and (added) a fee and complaint P6. Liability: loans of a micro
/// enterprise whose loan balance with us never passes 2.3M ≤ 5M, bank share 0 → 75 % of the balance.
/// </summary>
public sealed class CustomerFileTests(CustomerFileCompany company) : IClassFixture<CustomerFileCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private static readonly DataAccess Risk = DataAccess.CompanyWide("risk");

    private static readonly DataAccess Bd1 = DataAccess.DepartmentHead("bd1", "BD1");

    private static readonly DataAccess Bd2 = DataAccess.DepartmentHead("bd2", "BD2");

    private async Task<CustomerFileModel> LoadAsync(DataAccess access, string code, DateOnly? asOf = null)
    {
        var state = new FilterState(asOf ?? D);
        using var data = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
        return await CustomerFile.LoadAsync(data, new PageRequest(state, access), code);
    }

    [Fact]
    public async Task TheProfileIsTheCustomersRecord()
    {
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        var p = m.Profile;
        Assert.Equal((2L, "客户2", "enterprise", "micro"), (p.CustomerId, p.Name, p.Kind, p.Size));
        Assert.Equal(("C34", "通用设备制造业", "369102", "东湖区"), (p.IndustryCode, p.IndustryName, p.RegionCode, p.RegionName));
        Assert.Equal((1_000_000m, new DateOnly(2010, 1, 1)), (p.RegisteredCapital, p.EstablishedOn));
        Assert.Equal(("BB", "medium", "ordinary", false), (p.CreditRating, p.RiskLevel, p.Tier, p.SpecializedNew));
        Assert.Equal(("M1", "王敏", "业务一部"), (p.ManagerCode, p.ManagerName, p.ManagerDepartment));
        Assert.Equal(["BD1"], p.Departments); // K3, K9, K12 and application 7
        Assert.Equal(D, m.Date.AsOf);
    }

    [Fact]
    public async Task ACustomerOutsideAnyGroupIsItsOwnGroup()
    {
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        Assert.False(m.Group.IsGroup);
        Assert.Equal("C2", m.Group.GroupKey);
        // nothing in force at D
        Assert.Equal([(2L, 0m, 0m)], m.Group.Members.Select(g => (g.CustomerId, g.Balance, g.Liability)));
        Assert.Equal((0m, 0m), (m.Balance, m.Liability));
    }

    [Fact]
    public async Task TheGroupListsEveryMemberWithTheirBalancesAtD()
    {
        // 恒泰集团: C1 (K2 1.6M at D; liability 1.6M × (1 − 20 %) × 75 % = 0.96M) and C4 (K5 bond 10M × 80 % = 8.0M;
        // K6 4.0M a performance bond, non-financing: no liability) — 15.6M and 8.96M, as the risk page's top group
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(1));
        Assert.True(m.Group.IsGroup);
        Assert.Equal("恒泰集团（关联方）", m.Group.Name);
        Assert.Equal([("客户1", 1_600_000m, 960_000m), ("客户4", 14_000_000m, 8_000_000m)],
            m.Group.Members.Select(g => (g.Name, g.Balance, g.Liability)));
        Assert.Equal(CustomerFileCompany.Code(4), m.Group.Members[1].CreditCode);
        Assert.Equal((15_600_000m, 8_960_000m), (m.Group.Balance, m.Group.Liability));
        Assert.Equal((1_600_000m, 960_000m), (m.Balance, m.Liability));
    }

    [Fact]
    public async Task ContractsCarryTheirMonthEndsAndManagers()
    {
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        // by start date; none in force at D, so no balance at D
        Assert.Equal([("K12", "compensated", new DateOnly(2025, 8, 15)), ("K9", "released", new DateOnly(2025, 10, 1)), ("K3", "compensated", new DateOnly(2026, 5, 20))],
            m.Contracts.Select(k => (k.ContractNo, k.Status, k.ReleasedOn!.Value)));
        Assert.All(m.Contracts, k => Assert.Equal((null, null, "BD1", "M1", "王敏", null), (k.Outstanding, k.Liability, k.DepartmentCode, k.ManagerCode, k.ManagerName, k.ManagerBName)));
        // a snapshot every month end before the end: K12 2024-06…2025-07 (14), K9 2024-10…2025-09 (12), K3 2025-06…2026-04 (11)
        Assert.Equal([14, 12, 11], m.Contracts.Select(k => k.History.Count));
        var k3 = m.Contracts[2];
        Assert.Equal(new ContractMonth(new DateOnly(2025, 6, 30), 1_000_000m, 750_000m, 0, "normal"), k3.History[0]);
        Assert.Equal(new ContractMonth(new DateOnly(2026, 3, 31), 1_000_000m, 750_000m, 20, "special_mention"), k3.History[^2]);
        Assert.Equal(new ContractMonth(new DateOnly(2026, 4, 30), 1_000_000m, 750_000m, 50, "substandard"), k3.History[^1]);
        Assert.Equal(["normal", "special_mention", "substandard"], m.Contracts[0].History.Select(h => h.FiveLevelClass).Distinct());
    }

    [Fact]
    public async Task TheCustomersBalanceMonthByMonth()
    {
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        // 2024-06-30 (K12's first month end) to D: 25 month ends, the ones without a contract at 0
        Assert.Equal(25, m.Months.Count);
        Assert.Equal((new DateOnly(2024, 6, 30), D), (m.Months[0].AsOf, m.Months[^1].AsOf));
        var byMonth = m.Months.ToDictionary(c => c.AsOf.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), c => (c.Balance, c.Liability));
        Assert.Equal((500_000m, 375_000m), byMonth["2024-09"]); // K12
        Assert.Equal((1_300_000m, 975_000m), byMonth["2024-10"]); // K12 + K9
        Assert.Equal((2_300_000m, 1_725_000m), byMonth["2025-07"]); // K12 + K9 + K3
        Assert.Equal((1_800_000m, 1_350_000m), byMonth["2025-08"]); // K12 compensated 2025-08-15
        Assert.Equal((1_000_000m, 750_000m), byMonth["2025-10"]); // K9 released 2025-10-01
        Assert.Equal((0m, 0m), byMonth["2026-05"]); // K3 compensated 2026-05-20
    }

    [Fact]
    public async Task OverdueHistoryNewestFirst()
    {
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        Assert.Equal(
        [
            ("K3", new DateOnly(2026, 4, 30), 50, "substandard", 1_000_000m),
            ("K3", new DateOnly(2026, 3, 31), 20, "special_mention", 1_000_000m),
            ("K12", new DateOnly(2025, 7, 31), 60, "substandard", 500_000m),
            ("K12", new DateOnly(2025, 6, 30), 29, "special_mention", 500_000m),
        ], m.Overdue.Select(o => (o.ContractNo, o.AsOf, o.OverdueDays, o.FiveLevelClass, o.Outstanding)));
    }

    [Fact]
    public async Task FeesCompensationsAndRecoveries()
    {
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        Assert.Equal([new FeeLine(7, "K3", new DateOnly(2025, 7, 2), 20_000m)], m.Fees);
        // K3's 1,020,000 with 120,000 back (2026-06-25); K12's 500,000 with 100,000 + 150,000 back and 50,000 written off
        Assert.Equal(
        [
            (2L, "K3", new DateOnly(2026, 5, 20), 1_020_000m, 120_000m, 0m, 900_000m),
            (1L, "K12", new DateOnly(2025, 8, 15), 500_000m, 250_000m, 50_000m, 200_000m),
        ], m.Compensations.Select(c => (c.CompensationId, c.ContractNo, c.PaidOn, c.Amount, c.Recovered, c.WrittenOff, c.Remaining)));
        Assert.Equal(
        [
            (3L, 2L, new DateOnly(2026, 6, 25), 120_000m, "collateral"),
            (2L, 1L, new DateOnly(2026, 2, 15), 150_000m, "litigation"),
            (1L, 1L, new DateOnly(2025, 11, 10), 100_000m, "negotiation"),
        ], m.Recoveries.Select(r => (r.RecoveryId, r.CompensationId, r.ReceivedOn, r.Amount, r.Method!)));
    }

    [Fact]
    public async Task SignalsSurveysComplaintsApplicationsAndManagers()
    {
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        // signal 1 closed on 2026-07-05, after D: open at D
        Assert.Equal([new SignalLine(1, new DateOnly(2026, 3, 1), "litigation", "red", "closed", new DateOnly(2026, 7, 5), true)], m.Signals);
        Assert.Equal([("R0", new DateOnly(2025, 12, 20), "phone", 10, (int?)5)], m.Surveys.Select(s => (s.ResponseId, s.SurveyedOn, s.Channel!, s.NpsScore, s.Csat)));
        Assert.Equal([("P6", new DateTime(2026, 5, 6, 9, 0, 0), "收费问题", "BD1")], m.Complaints.Select(c => (c.ComplaintId, c.ReceivedAt, c.Category!, c.DepartmentCode)));
        // application 7 to BD1, withdrawn, A = BD1's first manager M1, no B manager
        Assert.Equal([(7L, "BD1", "withdrawn", "王敏", (string?)null, (long?)null)],
            m.Applications.Select(a => (a.ApplicationId, a.DepartmentCode, a.Decision!, a.ManagerName!, a.ManagerBName, a.ContractId)));
        // the customer manager, and A of the three contracts; no contract came from an application, so no B
        Assert.Equal([("M1", "王敏", "customer", ""), ("M1", "王敏", "A", "K12,K9,K3")],
            m.Managers.Select(x => (x.Code, x.Name, x.Role, string.Join(',', x.On))));
    }

    [Fact]
    public async Task TheBManagerIsTheApplicationsOne()
    {
        // C1: K1 (no application) and K2, signed from application 1 (A M1 王敏, B M5 陈静)
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(1));
        Assert.Equal([("K1", null, null), ("K2", 1L, "陈静")], m.Contracts.Select(k => (k.ContractNo, k.ApplicationId, k.ManagerBName)));
        Assert.Equal([("M1", "customer", ""), ("M1", "A", "K1,K2"), ("M5", "B", "1")],
            m.Managers.Select(x => (x.Code, x.Role, string.Join(',', x.On))));
        // K2 at D: 1.6M in force, normal
        Assert.Equal((1_600_000m, 960_000m, 0, "normal"), (m.Contracts[1].Outstanding!.Value, m.Contracts[1].Liability!.Value, m.Contracts[1].OverdueDays!.Value, m.Contracts[1].FiveLevelClass!));
    }

    [Fact]
    public async Task AnEarlierAsOfShowsTheFileAsItStoodThen()
    {
        // 2026-03-31: K3 in force, 20 days overdue; only K12's compensation yet, with 250,000 back and the write-off
        // (2026-04-20) still to come; complaint P6 (2026-05) not yet received
        var m = await LoadAsync(Risk, CustomerFileCompany.Code(2), new DateOnly(2026, 3, 31));
        Assert.Equal((1_000_000m, 750_000m), (m.Balance, m.Liability));
        Assert.Equal((20, "special_mention"), (m.Contracts[2].OverdueDays!.Value, m.Contracts[2].FiveLevelClass!));
        Assert.Equal([(1L, 250_000m, 0m, 250_000m)], m.Compensations.Select(c => (c.CompensationId, c.Recovered, c.WrittenOff, c.Remaining)));
        Assert.Equal(2, m.Recoveries.Count);
        Assert.Empty(m.Complaints);
        Assert.Equal(22, m.Months.Count); // 2024-06 … 2026-03
        Assert.Equal(3, m.Overdue.Count);
    }

    [Fact]
    public async Task ADepartmentHeadCannotOpenAnotherDepartmentsCustomerAndIsToldNothingMore()
    {
        // C3 (farmer): K4, K10 and applications 2, 3, all BD2's
        var code = CustomerFileCompany.Code(3);
        var refused = await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(Bd1, code));
        var unknown = await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(Bd1, "91369999MA0000000X"));
        // the same words, whether the customer exists or not (only the code asked for is repeated)
        Assert.Equal(refused.MessageZh.Replace(code, "?", StringComparison.Ordinal), unknown.MessageZh.Replace("91369999MA0000000X", "?", StringComparison.Ordinal));
        Assert.Equal(refused.MessageEn.Replace(code, "?", StringComparison.Ordinal), unknown.MessageEn.Replace("91369999MA0000000X", "?", StringComparison.Ordinal));
        Assert.Equal(CustomerFile.NotFound(code).MessageZh, refused.MessageZh);
        Assert.DoesNotContain("客户3", refused.MessageZh, StringComparison.Ordinal);
        // and the other way round: C2 is BD1's only
        await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(Bd2, CustomerFileCompany.Code(2)));
        // nonsense is unknown too, never an error
        foreach (var nonsense in new[] { "", "   ", "nonexistent/..", "'; drop table dim_customer; --", new string('9', 500) })
        {
            await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(Risk, nonsense));
        }
    }

    [Fact]
    public async Task ARiskOfficerOpensAnyCustomer()
    {
        foreach (var id in Enumerable.Range(1, 6))
        {
            var m = await LoadAsync(Risk, CustomerFileCompany.Code(id));
            Assert.Equal($"客户{id}", m.Profile.Name);
        }
        var auditor = await LoadAsync(DataAccess.CompanyWide("audit"), CustomerFileCompany.Code(3));
        // C3 at D: K4 1.5M (15 days overdue) + K10 0.6M (40 days): a farmer above 2M → 100 %
        Assert.Equal((2_100_000m, 2_100_000m), (auditor.Balance, auditor.Liability));
    }

    [Fact]
    public async Task ADepartmentHeadSeesTheirOwnDepartmentsRowsOnly()
    {
        // BD1's head and C2, all BD1's: the same file as the risk officer's
        var own = await LoadAsync(Bd1, CustomerFileCompany.Code(2));
        var all = await LoadAsync(Risk, CustomerFileCompany.Code(2));
        Assert.Equal(all.Contracts.Select(k => k.ContractNo), own.Contracts.Select(k => k.ContractNo));
        Assert.Equal((1, 2, 3, 1, 1, 1), (own.Fees.Count, own.Compensations.Count, own.Recoveries.Count, own.Signals.Count, own.Surveys.Count, own.Complaints.Count));

        // C4 is BD2's customer (K5, K6, application 4; manager M2) with one application to BD1 (9): BD1's head may
        // open the file and sees that application only — not BD2's contracts, nor the signal, survey R4 and
        // complaint P3 that belong to BD2
        var c4 = await LoadAsync(Bd1, CustomerFileCompany.Code(4));
        Assert.Equal(["BD1"], c4.Profile.Departments);
        Assert.Empty(c4.Contracts);
        Assert.Equal([(9L, "陈静", "王敏")], c4.Applications.Select(a => (a.ApplicationId, a.ManagerName!, a.ManagerBName!)));
        Assert.Empty(c4.Signals);
        Assert.Empty(c4.Surveys);
        Assert.Empty(c4.Complaints);
        Assert.Equal((0m, 0m), (c4.Balance, c4.Liability));
        // its group as BD1 sees it: C1's BD1 loan, and C4 with nothing of BD1's in force
        Assert.Equal([("客户1", 1_600_000m), ("客户4", 0m)], c4.Group.Members.Select(g => (g.Name, g.Balance)));
        Assert.Equal(["M2:customer", "M1:B"], c4.Managers.Select(x => $"{x.Code}:{x.Role}"));

        // the risk officer sees all of C4: both departments, K5 and K6, applications 4 and 9
        var full = await LoadAsync(Risk, CustomerFileCompany.Code(4));
        Assert.Equal(["BD1", "BD2"], full.Profile.Departments);
        Assert.Equal(["K5", "K6"], full.Contracts.Select(k => k.ContractNo));
        Assert.Equal([9L, 4L], full.Applications.Select(a => a.ApplicationId));
        Assert.Equal((14_000_000m, 8_000_000m), (full.Balance, full.Liability));

        // BD2's head: C1 has no business of BD2's — not there; its group member C4 is
        await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(Bd2, CustomerFileCompany.Code(1)));
        var bd2 = await LoadAsync(Bd2, CustomerFileCompany.Code(4));
        Assert.Equal([("客户4", 14_000_000m, 8_000_000m)], bd2.Group.Members.Select(g => (g.Name, g.Balance, g.Liability)));
        Assert.Equal([4L], bd2.Applications.Select(a => a.ApplicationId));
    }
}
