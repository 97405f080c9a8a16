using System.Text.Json;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Pages;

/// <summary>
/// 业务驾驶舱's data on the hand-made company, every figure worked out by hand from <see cref="HandMadeCompany"/>
/// (D = 2026-06-30; BD2's managers 李强 M2 and 赵磊 M4, BD1's 王敏 M1 and 陈静 M5).
/// </summary>
[Collection("console")] // one test runs the command line, which writes to the shared Console
public sealed class BusinessDashboardTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;
    private static readonly DataAccess Ceo = DataAccess.CompanyWide("ceo");
    private static readonly DataAccess Bd2 = DataAccess.DepartmentHead("bd2", "BD2");

    private async Task<BusinessModel> LoadAsync(DataAccess access, FilterState state)
    {
        using var data = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
        return await BusinessDashboard.LoadAsync(data, new PageRequest(state, access));
    }

    [Fact]
    public async Task TheManagersTableOfADepartmentAddsUpToTheDepartment()
    {
        var model = await LoadAsync(Bd2, new FilterState(D));
        Assert.Equal(["M2", "M4"], model.Managers.Select(m => m.Code));
        var (m2, m4) = (model.Managers[0], model.Managers[1]);
        // 李强: new K4 1.5M + K6 4.0M + K10 0.6M; new customer C3 (first contract K10); fees 15,000 + 40,000 + 6,000;
        // in force K4 + K6 + K10 = 6.1M, of it overdue K10 (40 days) and K4 (15 days) = 2.1M; approved A2 26, A3 20,
        // A4 24 days → 70/3; his customers' surveys: C3 7 (passive), C4 3 (detractor) → −50 on 2
        Assert.Equal((1, "李强", 6_100_000m, 1m, 61_000m, 6_100_000m, 2_100_000m, 0m), (m2.Rank, m2.Name, m2.NewAmount, m2.NewCustomers, m2.FeeIncome, m2.Balance, m2.OverdueBalance, m2.Compensation));
        Assert.Equal(70m / 3m, m2.ApprovalDays!.Value, 6);
        Assert.Equal((-50m, 2L), (m2.Nps!.Value, m2.NpsResponses));
        // 赵磊: no new business; K5 10.0M in force (K11 released on D); C6 surveyed 6 → −100 on 1; no approvals as A
        Assert.Equal((2, "赵磊", 0m, 0m, 0m, 10_000_000m, 0m), (m4.Rank, m4.Name, m4.NewAmount, m4.NewCustomers, m4.FeeIncome, m4.Balance, m4.OverdueBalance));
        Assert.Null(m4.ApprovalDays);
        Assert.Equal((-100m, 1L), (m4.Nps!.Value, m4.NpsResponses));
        // the department's line is the sum of the managers' (and the department's own rates)
        Assert.Equal(model.Managers.Sum(m => m.NewAmount), model.Total.NewAmount);
        Assert.Equal(model.Managers.Sum(m => m.Balance), model.Total.Balance);
        Assert.Equal(model.Managers.Sum(m => m.FeeIncome), model.Total.FeeIncome);
        Assert.Equal(model.Managers.Sum(m => m.OverdueBalance), model.Total.OverdueBalance);
        Assert.Equal((16_100_000m, 3L), (model.Total.Balance, model.Total.NpsResponses));
        Assert.Equal(-200m / 3m, model.Total.Nps!.Value, 6);
    }

    [Fact]
    public async Task TheFunnelChannelsAndStuckApplications()
    {
        var model = await LoadAsync(Bd2, new FilterState(D));
        // BD2 received in 2026: A2, A3, A4, A6, A8; due diligence all 5; reviewed 4 (A8 waits); approved A2, A3, A4;
        // signed K10, K4, K6
        var f = model.Funnel;
        Assert.Equal((5L, 5L, 4L, 3L, 3L), (f.Received, f.DueDiligence, f.Reviewed, f.Approved, f.Signed));
        Assert.Equal([null, 1m, 0.8m, 0.75m, 1m], f.Stages.Select(s => s.Conversion));
        // median days: receipt → due diligence 3; → review 5; review → decision A2 18, A3 12, A4 16, A6 13 → 14.5;
        // decision → signing A2 5, A3 10, A4 7 → 7
        Assert.Equal((3m, 5m, 14.5m, 7m), (f.DaysToDueDiligence!.Value, f.DaysToReview!.Value, f.DaysToDecision!.Value, f.DaysToSigning!.Value));
        // A8: due diligence on 4 May, nothing since: 57 days > 30
        var stuck = Assert.Single(model.Stuck);
        Assert.Equal((8L, "due_diligence", new DateOnly(2026, 5, 4), 57, "李强"), (stuck.ApplicationId, stuck.Stage, stuck.Since, stuck.Days, stuck.ManagerName));
        // channels: bank referral A2, A3, A8 (2 approved, 2.0M); government A4, A6 (1 approved, 1 rejected, 1.0M)
        Assert.Equal(
            [("bank_referral", "银行推荐", 3L, 2L, 0L, 2_000_000m, (decimal?)1m), ("government", "政府推荐", 2L, 1L, 1L, 1_000_000m, 0.5m)],
            model.Channels.Select(c => (c.Channel, c.NameZh, c.Applications, c.Approved, c.Rejected, c.ApprovedAmount, c.ApprovalRate)));
    }

    [Fact]
    public async Task DualDueDiligenceAndItsExceptions()
    {
        // BD2: A2 ✓, A3 ✗ (李强 named as A and B), A4 ✓, A6 ✓, A8 ✓ → 80 %
        var bd2 = await LoadAsync(Bd2, new FilterState(D));
        Assert.Equal(0.8m, bd2.DualDueDiligence.Value);
        var exception = Assert.Single(bd2.Exceptions);
        Assert.Equal((3L, "客户3", new DateOnly(2026, 3, 4), "李强", "李强"), (exception.ApplicationId, exception.CustomerName, exception.DueDiligenceOn, exception.ManagerA, exception.ManagerB));
        // the company: also A5 (BD1, no B manager) → 4 of 6
        var company = await LoadAsync(Ceo, new FilterState(D));
        Assert.Equal(4m / 6m, company.DualDueDiligence.Value);
        Assert.Equal([3L, 5L], company.Exceptions.Select(e => e.ApplicationId));
        Assert.Null(company.Exceptions[1].ManagerB);
    }

    [Fact]
    public async Task GoalsOfTheQuarterAndTheYearWithTheirGapWorstFirst()
    {
        // BD1's Q2 target 8.0M new business: finished quarter at D, K8 5.0M → 62.5 %, red, 3.0M short
        var finished = await LoadAsync(Ceo, new FilterState(D, Department: "BD1"));
        var q2 = Assert.Single(finished.QuarterGoals);
        Assert.Equal(("new_amount", 5_000_000m, 0.625m, 1m, "red", -3_000_000m), (q2.Target.KpiCode, q2.Target.Actual!.Value, q2.Target.Completion!.Value, q2.Target.TimeProgress, q2.Target.Status, q2.Gap!.Value));
        // in progress at 31 May: nothing signed yet in Q2, 61 of 91 days gone → red, 8.0M short
        var running = await LoadAsync(Ceo, new FilterState(new DateOnly(2026, 5, 31), Department: "BD1"));
        var may = Assert.Single(running.QuarterGoals);
        Assert.Equal((0m, 0m, 61m / 91m, "red", -8_000_000m), (may.Target.Actual!.Value, may.Target.Completion!.Value, may.Target.TimeProgress, may.Target.Status, may.Gap!.Value));
        // BD1's year: a compensation-rate ceiling of 10 %, actual 10.2 % → amber, 0.2 points over
        var ceiling = Assert.Single(finished.YearGoals);
        Assert.Equal(("compensation_rate", "amber"), (ceiling.Target.KpiCode, ceiling.Target.Status));
        Assert.Equal(-0.002m, ceiling.Gap!.Value, 6);

        // the company's year, worst first: the compensation rate (8.16 % over 5 %, red), new business (52.4 %), NPS (met)
        var all = await LoadAsync(Ceo, new FilterState(D));
        Assert.Equal("ALL", all.TargetDepartment);
        Assert.Equal(["compensation_rate", "new_amount", "nps"], all.YearGoals.Select(g => g.Target.KpiCode));
        Assert.Equal(13_100_000m - 25_000_000m, all.YearGoals[1].Gap);
        // a department head: their department's goals only (BD2: fees 61,000 of 130,000, 69,000 short)
        var bd2 = await LoadAsync(Bd2, new FilterState(D));
        Assert.Equal("BD2", bd2.TargetDepartment);
        Assert.Empty(bd2.QuarterGoals);
        var fees = Assert.Single(bd2.YearGoals);
        Assert.Equal(("fee_income", -69_000m, "amber"), (fees.Target.KpiCode, fees.Gap!.Value, fees.Target.Status));
    }

    [Fact]
    public async Task TheMixOfNewBusiness()
    {
        var model = await LoadAsync(Bd2, new FilterState(D));
        // BD2's 2026 new business: LWC K4 1.5M + K10 0.6M, PERF K6 4.0M; new customer C3 (K4, K10), returning C4 (K6)
        Assert.Equal([("PERF", 4_000_000m), ("LWC", 2_100_000m)], model.ProductMix.Select(p => (p.Key!, p.Value!.Value)));
        Assert.Equal((2_100_000m, 4_000_000m), (model.NewCustomerAmount, model.ReturningCustomerAmount));
        // fee rates weighted by amount: (1.5M × 1 % + 0.6M × 1 % + 4.0M × 1 %) ÷ 6.1M = 1 %
        Assert.Equal(0.01m, model.AverageFeeRate.Value);
        Assert.Equal(12, model.ApprovalCycleTrend.Count);
    }

    [Fact]
    public async Task ADepartmentHeadSeesNothingOfAnotherDepartmentByAnyFilter()
    {
        await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(Bd2, new FilterState(D, Department: "BD1")));
        foreach (var state in new[] { new FilterState(D), new FilterState(D, Product: "LEASE"), new FilterState(D, Product: "LWC", Tier: "ordinary"), new FilterState(D, KpiPeriod.Ttm) })
        {
            var model = await LoadAsync(Bd2, state);
            Assert.All(model.Managers, m => Assert.Equal("BD2", m.DepartmentCode));
            Assert.All(model.Stuck, s => Assert.Equal("BD2", s.DepartmentCode));
            Assert.All(model.Exceptions, e => Assert.Equal("BD2", e.DepartmentCode));
            Assert.DoesNotContain(model.Managers, m => m.Code is "M1" or "M5");
            Assert.All(model.QuarterGoals.Concat(model.YearGoals), g => Assert.Equal("BD2", g.Target.Department));
        }
        // LEASE is BD1's business only (K8): nothing of it reaches BD2's head
        var lease = await LoadAsync(Bd2, new FilterState(D, Product: "LEASE"));
        Assert.Equal(0L, lease.Funnel.Received);
        Assert.All(lease.Managers, m => Assert.Equal(0m, m.NewAmount + m.Balance));
    }

    [Fact]
    public async Task AManagersBookListsTheirCustomersAndContractsAndIsRefusedAcrossDepartments()
    {
        async Task<ManagerBook> Book(DataAccess access, string manager, long? customer = null)
        {
            using var data = ScopedData.Open(company.Kpis, access, new FilterState(D), companyTotals: false);
            return await ManagerBooks.LoadAsync(data, new PageRequest(new FilterState(D), access), manager, customer);
        }
        // 李强 (M2): in force at D or signed in 2026, by customer then start — C3: K10 (10 Feb, 0.6M, 40 days overdue),
        // K4 (31 Mar, 1.5M, 15 days); C4: K6 (4.0M)
        var m2 = await Book(Bd2, "M2");
        Assert.Equal(("李强", "BD2"), (m2.ManagerName, m2.DepartmentCode));
        Assert.Equal(["K10", "K4", "K6"], m2.Contracts.Select(k => k.ContractNo));
        Assert.Equal([("客户4", 4_000_000m), ("客户3", 2_100_000m)], m2.Customers.Select(c => (c.Name, c.Balance)));
        // a customer of the book: their contracts only
        var c3 = await Book(Bd2, "M2", customer: 3);
        Assert.Equal(["K10", "K4"], c3.Contracts.Select(k => k.ContractNo));
        Assert.Equal((40, 600_000m), (c3.Contracts[0].OverdueDays!.Value, c3.Contracts[0].Outstanding!.Value));
        // another department's manager: refused to a department head, open to an executive
        await Assert.ThrowsAsync<ScopeRefusedException>(() => Book(Bd2, "M1"));
        Assert.Equal(["K2", "K8"], (await Book(Ceo, "M1")).Contracts.Select(k => k.ContractNo));
    }

    [Fact]
    public async Task ThePagesFiguresEqualTheCommandLines()
    {
        var (code, output, _) = Cli.Run(["targets", "--warehouse", company.Warehouse, "--as-of", "2026-06-30", "--json"]);
        Assert.Equal(0, code);
        using var targets = JsonDocument.Parse(output);
        foreach (var department in new[] { "BD1", "BD2", null })
        {
            var model = await LoadAsync(Ceo, new FilterState(D, Department: department));
            foreach (var goal in model.QuarterGoals.Concat(model.YearGoals))
            {
                var t = goal.Target;
                var line = targets.RootElement.EnumerateArray().Single(e => e.GetProperty("department").GetString() == t.Department
                    && e.GetProperty("kpi_code").GetString() == t.KpiCode && e.GetProperty("year").GetInt32() == t.Year
                    && (e.GetProperty("quarter").ValueKind == JsonValueKind.Null ? null : (int?)e.GetProperty("quarter").GetInt32()) == t.Quarter);
                Assert.Equal(line.GetProperty("actual").GetDecimal(), t.Actual);
                Assert.Equal(line.GetProperty("completion").GetDecimal(), t.Completion);
                Assert.Equal(line.GetProperty("status").GetString(), t.Status);
            }
        }
        (code, output, _) = Cli.Run(["kpis", "--warehouse", company.Warehouse, "--as-of", "2026-06-30", "--department", "BD2", "--json"]);
        Assert.Equal(0, code);
        using var kpis = JsonDocument.Parse(output);
        decimal? Kpi(string kpi) => kpis.RootElement.EnumerateArray().Single(e => e.GetProperty("code").GetString() == kpi).GetProperty("value").GetDecimal();
        var bd2 = await LoadAsync(Bd2, new FilterState(D));
        Assert.Equal((Kpi("new_amount"), Kpi("fee_income"), Kpi("balance"), Kpi("dual_due_diligence_rate")),
            (bd2.Total.NewAmount, bd2.Total.FeeIncome, bd2.Total.Balance, bd2.DualDueDiligence.Value));
    }
}
