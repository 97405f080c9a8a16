using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Pages;

/// <summary>
/// 风控驾驶舱's data on the hand-made company at D = 2026-06-30 (net assets 100M; May 98M). Liability by hand (see
/// <see cref="KpiHandComputedTests"/>): C4's bond K5 10M × 80 % = 8.0M (its performance bond K6 is non-financing);
/// C5's lease K8 5.0M; C3's loans K4 1.5M + K10 0.6M = 2.1M > 2M for a farmer → 100 %; C1's loan K2 1.6M × 0.8 × 75 %.
/// </summary>
public sealed class RiskDashboardTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private async Task<RiskModel> LoadAsync(DataAccess access, FilterState state)
    {
        using var data = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
        return await RiskDashboard.LoadAsync(data, new PageRequest(state, access));
    }

    [Fact]
    public async Task TheLargestCustomersAndGroupsAgainstNetAssets()
    {
        var model = await LoadAsync(DataAccess.CompanyWide("risk"), new FilterState(D));
        Assert.Equal(100_000_000m, model.NetAssets);
        Assert.Equal(
            [("客户4", 14_000_000m, 8_000_000m, 0.08m), ("客户5", 5_000_000m, 5_000_000m, 0.05m), ("客户3", 2_100_000m, 2_100_000m, 0.021m), ("客户1", 1_600_000m, 960_000m, 0.0096m)],
            model.TopCustomers.Select(c => (c.Name, c.Balance, c.Liability, c.Ratio!.Value)));
        // the group of C1 and C4 (恒泰集团) together; C5 and C3, outside any group, each their own group
        Assert.Equal(
            [("恒泰集团（关联方）", 15_600_000m, 8_960_000m, 0.0896m), ("客户5", 5_000_000m, 5_000_000m, 0.05m), ("客户3", 2_100_000m, 2_100_000m, 0.021m)],
            model.TopGroups.Select(c => (c.Name, c.Balance, c.Liability, c.Ratio!.Value)));
        // a customer opens their file by credit code; a group line opens none
        // the farmer C3 is a person: the risk officer sees their code masked, first and last four characters kept
        var codes = HandMadeCompany.Build().Customers.ToDictionary(c => c.Name,
            c => c.Kind == "farmer" ? c.CreditCode[..4] + "**********" + c.CreditCode[^4..] : c.CreditCode);
        Assert.All(model.TopCustomers, c => Assert.Equal(codes[c.Name], c.CreditCode));
        Assert.All(model.TopGroups, g => Assert.Null(g.CreditCode));
        // the first lines are the regulatory figures
        var figures = model.RedLines.ToDictionary(f => f.Kpi.Code, f => f.Current.Value);
        Assert.Equal(figures["top_customer_ratio"], model.TopCustomers[0].Ratio);
        Assert.Equal(figures["top_group_ratio"], model.TopGroups[0].Ratio);
    }

    [Fact]
    public async Task RedLineTrendsUseTheNetAssetsOfTheSameMonth()
    {
        var model = await LoadAsync(DataAccess.CompanyWide("risk"), new FilterState(D));
        var customer = model.Trends.Single(t => t.Code == "top_customer_ratio");
        Assert.Equal((0.10m, 24), (customer.Line, customer.Months.Count));
        Assert.Equal(0.08m, customer.Months[^1].Value); // June: 8.0M ÷ 100M
        Assert.Equal(8_000_000m / 98_000_000m, customer.Months[^2].Value); // May: 8.0M ÷ May's 98M
        Assert.Null(customer.Months[^3].Value); // April: no net assets reported → no ratio, with the reason
        Assert.NotNull(customer.Months[^3].ReasonZh);
        Assert.Empty(customer.Breaches);
        Assert.Equal(15m / 100m, model.Trends.Single(t => t.Code == "top_group_ratio").Line);
        Assert.Equal(10m, model.Trends.Single(t => t.Code == "leverage").Line);
    }

    [Fact]
    public async Task OverdueBucketsAndExposureByClass()
    {
        var model = await LoadAsync(DataAccess.CompanyWide("risk"), new FilterState(D));
        // K4 15 days overdue (1.5M), K10 40 days (0.6M)
        Assert.Equal([("1-30", 1L, 1_500_000m), ("31-90", 1L, 600_000m), ("91-180", 0L, 0m), (">180", 0L, 0m)],
            model.Overdue.Select(b => (b.Bucket, b.Contracts, b.Balance)));
        // five-level classes at D: normal K2 1.6M + K5 10M + K6 4.0M + K8 5.0M; special mention K4; substandard K10
        var classes = model.Exposures.Single(e => e.Dimension == KpiDimension.FiveLevelClass).Lines;
        Assert.Equal([("normal", 20_600_000m, 13_960_000m), ("special_mention", 1_500_000m, 1_500_000m), ("substandard", 600_000m, 600_000m)],
            classes.Select(l => (l.Key, l.Balance, l.Liability)));
        Assert.All(model.Exposures, e => Assert.Equal(22_700_000m, e.Lines.Sum(l => l.Balance)));
    }

    [Fact]
    public async Task ADepartmentHeadSeesTheirDepartmentsExposureAgainstTheCompanysNetAssets()
    {
        var model = await LoadAsync(DataAccess.DepartmentHead("bd2", "BD2"), new FilterState(D));
        // BD2: C4's K5 and K6, C3's K4 and K10; never BD1's C5 (K8) or C1 (K2)
        Assert.Equal(["客户4", "客户3"], model.TopCustomers.Select(c => c.Name));
        Assert.Equal(0.08m, model.TopCustomers[0].Ratio);
        Assert.All(model.Exposures, e => Assert.Equal(16_100_000m, e.Lines.Sum(l => l.Balance)));
        // the regulatory figures stay the company's
        Assert.Equal(0.1606m, model.RedLines.Single(f => f.Kpi.Code == "leverage").Current.Value);
        await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(DataAccess.DepartmentHead("bd2", "BD2"), new FilterState(D, Department: "BD1")));
    }

    [Fact]
    public async Task TheFiveLevelMigrationBetweenTwoMonthEnds()
    {
        using var data = ScopedData.Open(company.Kpis, DataAccess.CompanyWide("risk"), new FilterState(D), companyTotals: false);
        var model = await RiskDashboard.LoadAsync(data, new PageRequest(new FilterState(D), DataAccess.CompanyWide("risk")), new DateOnly(2026, 3, 31));
        var m = model.Migration;
        Assert.Equal((new DateOnly(2026, 3, 31), D), (m.From, m.To));
        // in force at 31 March, normal: K2 2.0M, K4 1.5M, K5 10M, K7 6.0M, K10 0.6M, K11 2.5M; special mention: K3 1.0M
        // at 30 June: K2, K5 normal; K4 special mention (15 days); K10 substandard (40 days); K7, K11 released; K3 compensated
        Assert.Equal((2L, 12_000_000m), m.Cell("normal", "normal"));
        Assert.Equal((1L, 1_500_000m), m.Cell("normal", "special_mention"));
        Assert.Equal((1L, 600_000m), m.Cell("normal", "substandard"));
        Assert.Equal((2L, 8_500_000m), m.Cell("normal", MigrationMatrix.Ended));
        Assert.Equal((1L, 1_000_000m), m.Cell("special_mention", MigrationMatrix.Ended));
        // each row adds up to its class at the start
        Assert.Equal((6L, 22_600_000m), m.Row("normal"));
        Assert.Equal((1L, 1_000_000m), m.Row("special_mention"));
        Assert.Equal((0L, 0m), m.Row("substandard"));
        // by default three months back from D: the same March
        Assert.Equal(new DateOnly(2026, 3, 31), model.Migration.From);
    }
}
