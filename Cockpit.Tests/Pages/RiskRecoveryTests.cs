using Cockpit.Etl.Demo;
using Cockpit.Etl.Source.Model;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Pages;

/// <summary>
/// The hand-made company with one more recovery on compensation 1 (K12's 500,000 of 2025-08-15): 50,000 on
/// 2026-03-01, after its first six months. Its recoveries are then 100,000 (2025-11-10), 150,000 (2026-02-15, the last
/// day of six months), 50,000 (2026-03-01); compensation 2 (K3's 1,020,000 of 2026-05-20) has 120,000 (2026-06-25);
/// compensation 1 has a write-off of 50,000 (2026-04-20). Both compensations are BD1's (customer C2).
/// </summary>
public sealed class RecoveryCompany() : HandMadeCompany(Extend(Build()))
{
    private static DemoCompany Extend(DemoCompany c)
    {
        c.Recoveries.Add(new Recovery { Id = 4, CompensationId = 1, ReceivedOn = new DateOnly(2026, 3, 1), Amount = 50_000m, Method = "negotiation" });
        return c;
    }
}

/// <summary>代偿与回收 on the risk page, worked out by hand at D = 2026-06-30.</summary>
public sealed class RiskRecoveryTests(RecoveryCompany company) : IClassFixture<RecoveryCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private async Task<RecoveryPanel> LoadAsync(DataAccess access, FilterState state)
    {
        using var data = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
        return (await RiskDashboard.LoadAsync(data, new PageRequest(state, access))).Recovery;
    }

    [Fact]
    public async Task RecoveryByTheYearOfCompensationAfterSixMonthsAndSoFar()
    {
        var panel = await LoadAsync(DataAccess.CompanyWide("risk"), new FilterState(D));
        Assert.Equal([2025, 2026], panel.Cohorts.Select(c => c.Year));
        var y2025 = panel.Cohorts[0];
        Assert.Equal((1L, 500_000m, 300_000m, 0.6m), (y2025.Compensations, y2025.Amount, y2025.Recovered, y2025.RecoveredShare));
        // six months after 2025-08-15 is 2026-02-15: the 150,000 of that day counts, the 50,000 of 1 March not;
        // twelve months (2026-08-15) are not over at D, so there is no 12-month figure yet
        Assert.Equal([0.5m, null, null, null], y2025.After);
        var y2026 = panel.Cohorts[1];
        Assert.Equal((1L, 1_020_000m, 120_000m), (y2026.Compensations, y2026.Amount, y2026.Recovered));
        Assert.Equal(120_000m / 1_020_000m, y2026.RecoveredShare);
        Assert.All(y2026.After, Assert.Null);
    }

    [Fact]
    public async Task MonthlyCompensationRecoveriesAndWriteOffs()
    {
        var panel = await LoadAsync(DataAccess.CompanyWide("risk"), new FilterState(D));
        Assert.Equal(24, panel.Months.Count);
        Assert.Equal((new DateOnly(2024, 7, 31), D), (panel.Months[0].Month, panel.Months[^1].Month));
        var byMonth = panel.Months.ToDictionary(m => m.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(500_000m, byMonth["2025-08"].Compensation);
        Assert.Equal(1_020_000m, byMonth["2026-05"].Compensation);
        Assert.Equal([100_000m, 150_000m, 50_000m, 120_000m],
            new[] { "2025-11", "2026-02", "2026-03", "2026-06" }.Select(m => byMonth[m].Recovered!.Value));
        Assert.Equal(50_000m, byMonth["2026-04"].WrittenOff);
        Assert.Equal(1_520_000m, panel.Months.Sum(m => m.Compensation ?? 0));
        Assert.Equal(420_000m, panel.Months.Sum(m => m.Recovered ?? 0));
        Assert.Equal(50_000m, panel.Months.Sum(m => m.WrittenOff ?? 0));
    }

    [Fact]
    public async Task RatesOverTheTrailingTwelveMonths()
    {
        var panel = await LoadAsync(DataAccess.CompanyWide("risk"), new FilterState(D));
        // 2025-07-01 … 2026-06-30: released K1 3.0M, K3 1.0M (compensated), K7 6.0M, K9 0.8M, K11 2.5M, K12 0.5M
        // (compensated) = 13.8M; compensation 1,520,000; write-off 50,000; recoveries 420,000 against nothing owed at
        // the start plus 1,520,000 paid; compensation balance at D 1,520,000 − 420,000 − 50,000 = 1,050,000 against
        // reserves of 3,000,000
        Assert.Equal(1_520_000m / 13_800_000m, panel.RateTrends["compensation_rate"][^1].Value);
        Assert.Equal(50_000m / 13_800_000m, panel.RateTrends["loss_rate"][^1].Value);
        Assert.Equal(420_000m / 1_520_000m, panel.RateTrends["recovery_rate"][^1].Value);
        Assert.Equal(3_000_000m / 1_050_000m, panel.RateTrends["provision_coverage"][^1].Value);
        Assert.All(panel.RateTrends.Values, t => Assert.Equal(24, t.Count));
        // the figures are the page's period (year to date): compensation 1,020,000 of 12.5M released
        var figures = panel.Figures.ToDictionary(f => f.Kpi.Code, f => f.Current.Value);
        Assert.Equal(1_020_000m, figures["compensation_amount"]);
        Assert.Equal(1_020_000m / 12_500_000m, figures["compensation_rate"]);
        Assert.Equal(1_050_000m, figures["compensation_balance"]);
    }

    [Fact]
    public async Task ADepartmentHeadSeesOnlyTheirDepartmentsCompensations()
    {
        // both compensations are BD1's
        var bd2 = await LoadAsync(DataAccess.DepartmentHead("bd2", "BD2"), new FilterState(D));
        Assert.Empty(bd2.Cohorts);
        Assert.Equal(0m, bd2.Months.Sum(m => m.Compensation ?? 0));
        var bd1 = await LoadAsync(DataAccess.DepartmentHead("bd1", "BD1"), new FilterState(D));
        Assert.Equal([500_000m, 1_020_000m], bd1.Cohorts.Select(c => c.Amount));
    }
}
