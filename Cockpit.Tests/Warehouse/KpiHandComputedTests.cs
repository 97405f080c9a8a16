using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Warehouse;

/// <summary>
/// Every KPI on the hand-made company (see <see cref="HandMadeCompany"/>), each expected value worked out by hand in
/// the comments. D = 2026-06-30; YTD = 2026-01-01…06-30; Q2 = 04-01…06-30; TTM = 2025-07-01…2026-06-30.
/// In force at D: K2 1,600,000; K4 1,500,000; K5 10,000,000; K6 4,000,000; K8 5,000,000; K10 600,000 → 22,700,000.
/// </summary>
public sealed class KpiHandComputedTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;
    private static readonly KpiWindow Ytd = KpiWindow.For(D, KpiPeriod.Ytd);

    private decimal? Value(string code, KpiWindow? window = null, KpiFilter? filter = null, KpiScope? scope = null) =>
        company.Kpis.GetAsync(code, window ?? Ytd, filter, scope).GetAwaiter().GetResult().Value;

    private static void Near(decimal expected, decimal? actual, decimal tolerance = 0.0000000001m)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(expected - actual!.Value) <= tolerance, $"expected {expected}, got {actual}");
    }

    [Fact]
    public void ScaleAndBusinessKpis()
    {
        Assert.Equal(22_700_000m, Value("balance"));
        // new in YTD: K2 2.0M (1 Jan), K10 0.6M, K4 1.5M (31 Mar), K6 4.0M (1 Apr), K8 5.0M (30 Jun) = 13.1M, 5 contracts
        Assert.Equal(13_100_000m, Value("new_amount"));
        Assert.Equal(5m, Value("new_count"));
        // ended in YTD: K1 3.0M (released 15 Mar), K7 6.0M (10 May), K3 1.0M (compensated 20 May), K11 2.5M (30 Jun)
        Assert.Equal(12_500_000m, Value("released_amount"));
        // fees in YTD: 24,000 + 6,000 + 15,000 + 40,000 + 100,000 (30 Jun)
        Assert.Equal(185_000m, Value("fee_income"));
        // Σ amount × rate of the new contracts: 24,000 + 6,000 + 15,000 + 40,000 + 100,000 = 185,000 over 13.1M
        Near(185_000m / 13_100_000m, Value("avg_fee_rate"));
        // first contracts in YTD: only C3 (K10, 10 Feb); C1, C2, C4, C5, C6 had earlier contracts
        Assert.Equal(1m, Value("new_customers"));
        // SMEs and farmers at D: C1 small 1.6M, C3 farmer 1.5M + 0.6M, C5 medium 5.0M = 8.7M (C4 large is out)
        Near(8_700_000m / 22_700_000m, Value("smb_share"));
        // strategic industry I65: C1 1.6M + C5 5.0M
        Near(6_600_000m / 22_700_000m, Value("strategic_share"));
        // 专精特新: C1 only
        Near(1_600_000m / 22_700_000m, Value("specialized_new_share"));
        // non-financing fees: K6 (PERF) 40,000 of 185,000
        Near(40_000m / 185_000m, Value("non_financing_fee_share"));
        // approved in YTD: A2 26 days, A3 20, A4 24, A5 26 → mean 24 (A1 was decided in 2025)
        Assert.Equal(24m, Value("approval_days"));
        // decided in YTD: 4 approved, 1 rejected (A6); the withdrawn A7 does not count → 0.8
        Assert.Equal(0.8m, Value("approval_rate"));
        // due diligence done in YTD: A2 ✓ (B M4), A3 ✗ (A M2 named as B too), A4 ✓, A5 ✗ (no B), A6 ✓, A8 ✓; A1 was in
        // 2025, the withdrawn A7 had none → 4 of 6
        Assert.Equal(4m / 6m, Value("dual_due_diligence_rate"));
    }

    [Fact]
    public void LiabilityBalanceAppliesEveryRegulatoryWeight()
    {
        // K2: C1 small, loan balance with us 1.6M ≤ 5M → 1.6M × (1 − 20 % bank share) × 75 % = 960,000
        // K4 + K10: C3 farmer, loans 1.5M + 0.6M = 2.1M > 2M → 100 %: 1,500,000 + 600,000
        // K5: bond of an AA issuer → 10M × 80 % = 8,000,000
        // K6: non-financing (履约保函) → excluded
        // K8: financing lease of a medium enterprise → 100 %: 5,000,000
        Assert.Equal(16_060_000m, Value("liability_balance"));
        // leverage: 16.06M ÷ net assets 100M (June 2026)
        Assert.Equal(0.1606m, Value("leverage"));
        // largest customer: C4 8.0M ÷ 100M; largest group: G1 = C4 8.0M + C1 0.96M
        Assert.Equal(0.08m, Value("top_customer_ratio"));
        Assert.Equal(0.0896m, Value("top_group_ratio"));
    }

    [Fact]
    public void RiskKpis()
    {
        // compensation paid in YTD: K3's 1,020,000 on 20 May
        Assert.Equal(1_020_000m, Value("compensation_amount"));
        Assert.Equal(1_020_000m / 12_500_000m, Value("compensation_rate"));
        // written off in YTD: 50,000 (20 Apr) ÷ released 12.5M
        Assert.Equal(50_000m / 12_500_000m, Value("loss_rate"));
        // recovery rate YTD: the 2025 compensation (500,000, paid Aug 2025) carries 500,000 − 100,000 recovered in
        // Nov 2025 = 400,000 into 2026; plus 1,020,000 paid in 2026 → 1,420,000. Recovered in 2026: 150,000 + 120,000.
        Assert.Equal(270_000m / 1_420_000m, Value("recovery_rate"));
        // balance at D: 500,000 + 1,020,000 − (100,000 + 150,000 + 120,000) − 50,000 = 1,100,000
        Assert.Equal(1_100_000m, Value("compensation_balance"));
        // reserves June 2026 3,000,000 ÷ 1,100,000
        Assert.Equal(3_000_000m / 1_100_000m, Value("provision_coverage"));
        // overdue at D: K4 1.5M (15 days) + K10 0.6M (40 days); non-performing: K10 (substandard)
        Assert.Equal(2_100_000m / 22_700_000m, Value("overdue_rate"));
        Assert.Equal(600_000m / 22_700_000m, Value("npl_rate"));
        // started in 2026: 13.1M, of which K4 and K10 went overdue by D
        Assert.Equal(2_100_000m / 13_100_000m, Value("new_business_overdue_rate"));
        // at D: C4 14.0M, C5 5.0M, C3 2.1M, C1 1.6M — four customers, all in the top 10
        Assert.Equal(1m, Value("top10_share"));
        // industries at D: C34 14.0M (C4), I65 6.6M (C1, C5), A01 2.1M (C3)
        Near(14_000_000m / 22_700_000m, Value("industry_max_share"));
        Near((14m * 14m + 6.6m * 6.6m + 2.1m * 2.1m) / (22.7m * 22.7m), Value("industry_hhi"), 0.0000000001m);
        // open at D: S1 (closed only on 5 Jul) and S2; S3 was closed in February
        Assert.Equal(2m, Value("open_signals"));
    }

    [Fact]
    public async Task CustomerKpis()
    {
        // YTD responses after the correction of R7 (2 → 9): R1 10, R2 9, R7 9 promote; R4 3, R6 6 detract; R3 7, R5 8 pass
        var nps = await company.Kpis.GetAsync("nps", Ytd);
        Assert.Equal(7, nps.Rows);
        Near((3m - 2m) / 7m * 100m, nps.Value);
        // margin: p₊ = 3/7, p₋ = 2/7, N = 1/7, variance = 5/7 − 1/49 = 34/49; 1.96 × √(34/49 ÷ 7) × 100
        Near((decimal)(1.96 * Math.Sqrt(34.0 / 343.0) * 100), nps.Margin, 0.000001m);
        Assert.True(nps.Unreliable); // 7 < 30 responses
        // csat among the six responses with a score: R1 5, R2 4, R3 3, R4 2, R6 4, R7 5 → four of six score 4 or 5
        Near(4m / 6m, Value("csat"));
        Assert.Equal(5m, Value("complaints"));
        // response hours: P1 2, P2 26, P3 1.5, P4 1, P5 0.5 → median 1.5
        Assert.Equal(1.5m, Value("complaint_response_hours"));
        // on time: P1 only. P2 answered after 26 h; P3 resolved after 14 days; P4 unresolved past its 17 Jun
        // deadline; P5 (28 Jun) is still inside its deadline and not judged → 1 / 4
        Assert.Equal(0.25m, Value("complaint_ontime_rate"));
        // maturing in YTD: C1 (K1 15 Mar, renewed by K2 73 days before), C2 (K3, no other contract within 90 days),
        // C5 (K7 10 May, renewed by K8 51 days after), C6 (K11 30 Jun, none) → 2 of 4
        Assert.Equal(0.5m, Value("renewal_rate"));
        Assert.Equal(0.5m, Value("churn_rate"));
    }

    [Fact]
    public void EveryKpiOfTheCatalogueHasAHandComputedCheckHere()
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "catalogue-check", "KpiHandComputedTests.cs"));
        foreach (var kpi in KpiCatalog.All) Assert.Contains($"\"{kpi.Code}\"", source);
    }

    [Fact]
    public void PeriodEdgesIncludeTheFirstAndLastDayAndNothingElse()
    {
        // Q1 2026: K2 on 1 Jan (first day), K10, K4 on 31 Mar (last day)
        Assert.Equal(4_100_000m, Value("new_amount", KpiWindow.For(new DateOnly(2026, 3, 31), KpiPeriod.Quarter)));
        // March alone: K4 on the 31st
        Assert.Equal(1_500_000m, Value("new_amount", KpiWindow.For(new DateOnly(2026, 3, 31), KpiPeriod.Month)));
        // Q2: K6 on 1 Apr, K8 on 30 Jun
        Assert.Equal(9_000_000m, Value("new_amount", KpiWindow.For(D, KpiPeriod.Quarter)));
        // June: K8 (30 Jun); fees in June: K8's 100,000 on the 30th
        Assert.Equal(5_000_000m, Value("new_amount", KpiWindow.For(D, KpiPeriod.Month)));
        Assert.Equal(100_000m, Value("fee_income", KpiWindow.For(D, KpiPeriod.Month)));
        // TTM 2025-07-01…2026-06-30: 13.1M + K5 (1 Jul 2025, first day) + K11 (30 Sep 2025); K3 (30 Jun 2025) is out
        Assert.Equal(25_600_000m, Value("new_amount", KpiWindow.For(D, KpiPeriod.Ttm)));
        Assert.Equal(305_000m, Value("fee_income", KpiWindow.For(D, KpiPeriod.Ttm)));
        Assert.Equal(3m, Value("new_customers", KpiWindow.For(D, KpiPeriod.Ttm))); // C3, C4 (K5), C6 (K11)
        // Q2 compensation rate: 1.02M ÷ (K7 6.0M + K3 1.0M + K11 2.5M)
        Assert.Equal(1_020_000m / 9_500_000m, Value("compensation_rate", KpiWindow.For(D, KpiPeriod.Quarter)));
    }

    [Fact]
    public async Task APeriodWithNothingReleasedHasNoCompensationRateAndSaysWhy()
    {
        var february = await company.Kpis.GetAsync("compensation_rate", KpiWindow.For(new DateOnly(2026, 2, 28), KpiPeriod.Month));
        Assert.Null(february.Value);
        Assert.Equal(0m, february.Denominator ?? 0m);
        Assert.Contains("解保", february.ReasonZh);
        Assert.Contains("released", february.ReasonEn);
        // and a month without finance figures has no leverage
        var april = await company.Kpis.GetAsync("leverage", KpiWindow.For(new DateOnly(2026, 4, 30), KpiPeriod.Month));
        Assert.Null(april.Value);
        Assert.Contains("net assets", april.ReasonEn);
    }

    [Fact]
    public async Task YearAgoAndPreviousPeriodComparisons()
    {
        var figure = await company.Kpis.GetFiguresAsync(["balance", "new_amount"], D, KpiPeriod.Month);
        // balance at 2025-06-30: K1 3.0M, K3 1.0M (started that day), K7 6.0M, K9 0.8M, K12 0.5M (overdue) = 11.3M
        Assert.Equal(11_300_000m, figure[0].YearAgo.Value);
        // at 2026-05-31: K2 2.0M, K4 1.5M, K5 10M, K6 4M, K10 0.6M, K11 2.5M = 20.6M
        Assert.Equal(20_600_000m, figure[0].Previous.Value);
        // new in June 2025: K3 (30 Jun 2025) 1.0M; in May 2026: nothing
        Assert.Equal(1_000_000m, figure[1].YearAgo.Value);
        Assert.Equal(0m, figure[1].Previous.Value);
    }

    [Fact]
    public void FiltersChangeTheFiguresAsWorkedOut()
    {
        Assert.Equal(6_100_000m, Value("new_amount", filter: new KpiFilter(Department: "BD2"))); // K4, K6, K10
        Assert.Equal(7_000_000m, Value("new_amount", filter: new KpiFilter(Department: "BD1"))); // K2, K8
        Assert.Equal(4_100_000m, Value("new_amount", filter: new KpiFilter(Product: "LWC"))); // K2, K4, K10
        Assert.Equal(6_600_000m, Value("balance", filter: new KpiFilter(Industry: "I65"))); // K2, K8
        Assert.Equal(2_100_000m, Value("balance", filter: new KpiFilter(Region: "369121", Product: "LWC"))); // C3's K4, K10
        Assert.Equal(1_600_000m, Value("balance", filter: new KpiFilter(Tier: "core"))); // C1
        // complaints about BD2: P2, P3
        Assert.Equal(2m, Value("complaints", filter: new KpiFilter(Department: "BD2")));
    }

    [Fact]
    public void TheDrillDownsOwnDimensionsNarrowTheBalanceAsWorkedOut()
    {
        // in force at D: K2 1.6M (C1 BBB), K4 1.5M (C3 BBB, special mention), K5 10M and K6 4M (C4 AA), K8 5M (C5 A),
        // K10 0.6M (C3 BBB, substandard); every customer is of medium risk, every contract guaranteed by a guarantor
        Assert.Equal(600_000m, Value("balance", filter: new KpiFilter(FiveLevelClass: "substandard")));
        Assert.Equal(1_500_000m, Value("balance", filter: new KpiFilter(FiveLevelClass: "special_mention")));
        Assert.Equal(20_600_000m, Value("balance", filter: new KpiFilter(FiveLevelClass: "normal")));
        Assert.Equal(14_000_000m, Value("balance", filter: new KpiFilter(Rating: "AA")));
        Assert.Equal(1_600_000m, Value("balance", filter: new KpiFilter(Rating: "BBB", FiveLevelClass: "normal"))); // K2
        Assert.Equal(22_700_000m, Value("balance", filter: new KpiFilter(RiskLevel: "medium", CounterGuarantee: "guarantor")));
        Assert.Equal(0m, Value("balance", filter: new KpiFilter(RiskLevel: "high")));
        Assert.Equal(0m, Value("balance", filter: new KpiFilter(CounterGuarantee: "mortgage")));
    }

    [Fact]
    public void RowsWithoutADrillDimensionRefuseItRatherThanIgnoreIt()
    {
        // complaints carry no five-level class: narrowing them by one would silently count them all
        var refused = Assert.Throws<ScopeRefusedException>(() => Value("complaints", filter: new KpiFilter(FiveLevelClass: "substandard")));
        Assert.Contains("five_level_class", refused.MessageEn);
    }

    [Fact]
    public async Task AOneDepartmentScopeNeverReturnsAnotherDepartmentsRows()
    {
        var bd2 = KpiScope.Only("BD2");
        Assert.Equal(6_100_000m, Value("new_amount", scope: bd2));
        Assert.Equal(0m, Value("new_amount", filter: new KpiFilter(Department: "BD1"), scope: bd2)); // asking does not help
        // leverage within the scope: BD2 liability K4 1.5M + K10 0.6M + K5 8.0M over the company's net assets
        Assert.Equal(0.101m, Value("leverage", scope: bd2));
        foreach (var code in new[] { "balance", "new_amount", "fee_income", "compensation_rate", "complaints", "nps", "top_customer_ratio" })
        {
            var drill = await company.Kpis.GetDrillDownAsync(code, Ytd, scope: bd2, limit: 10_000);
            var department = drill.Columns.ToList().IndexOf("department_code");
            Assert.All(drill.Rows, r => Assert.True(r[department] is null or "BD2", $"{code}: a {r[department]} row in a BD2 scope"));
        }
        var balance = await company.Kpis.GetDrillDownAsync("balance", Ytd, scope: bd2);
        Assert.Equal(16_100_000m, balance.Figure.Value); // K4, K5, K6, K10
        Assert.Equal(4, balance.Rows.Count);
    }

    [Fact]
    public async Task DrillDownsSortAndPageOnTheServerByAnyOfTheirColumns()
    {
        // in force at D, by outstanding: K5 10.0M, K8 5.0M, K6 4.0M, K2 1.6M, K4 1.5M, K10 0.6M
        decimal[] descending = [10_000_000m, 5_000_000m, 4_000_000m, 1_600_000m, 1_500_000m, 600_000m];
        var top = await company.Kpis.GetDrillDownAsync("balance", Ytd, sortColumn: "numerator", descending: true, limit: 3);
        var numerator = top.Columns.ToList().IndexOf("numerator");
        Assert.Equal(descending[..3], top.Rows.Select(r => Convert.ToDecimal(r[numerator])));
        Assert.Equal(6, top.TotalRows);
        var next = await company.Kpis.GetDrillDownAsync("balance", Ytd, sortColumn: "numerator", descending: true, offset: 3, limit: 3);
        Assert.Equal(descending[3..], next.Rows.Select(r => Convert.ToDecimal(r[numerator])));
        var ascending = await company.Kpis.GetDrillDownAsync("balance", Ytd, sortColumn: "numerator", limit: 10);
        Assert.Equal(descending.Reverse(), ascending.Rows.Select(r => Convert.ToDecimal(r[numerator])));
        // a column the rows do not have is ignored, never pasted into the SQL
        var unknown = await company.Kpis.GetDrillDownAsync("balance", Ytd, sortColumn: "numerator; drop table fct_contract", limit: 10);
        Assert.Equal(6, unknown.Rows.Count);
    }

    [Fact]
    public async Task TargetsAreJudgedForHigherAndLowerIsBetterKpis()
    {
        var statuses = await new TargetService(company.Kpis, new WarehouseLayout(company.Warehouse)).GetAsync(D);
        TargetStatus T(int? quarter, string department, string kpi) => statuses.Single(s => s.Quarter == quarter && s.Department == department && s.KpiCode == kpi);
        var ytdProgress = 181m / 365m; // 1 Jan – 30 Jun 2026

        // BD1 Q2 new guarantees: K8 5.0M of 8.0M = 62.5 %; the quarter is over (time progress 100 %) → red
        var q2 = T(2, "BD1", "new_amount");
        Assert.Equal((5_000_000m, 0.625m, 1m, "red"), (q2.Actual!.Value, q2.Completion!.Value, q2.TimeProgress, q2.Status));
        // company new guarantees: 13.1M of 25M = 52.4 % ≥ 49.6 % of the year elapsed → green
        var all = T(null, "ALL", "new_amount");
        Assert.Equal(0.524m, all.Completion);
        Assert.Equal(ytdProgress, all.TimeProgress);
        Assert.Equal("green", all.Status);
        // BD2 fees: 15,000 + 40,000 + 6,000 = 61,000 of 130,000 = 46.9 %, within 10 points below 49.6 % → amber
        var fees = T(null, "BD2", "fee_income");
        Assert.Equal(61_000m, fees.Actual);
        Assert.Equal(61_000m / 130_000m, fees.Completion);
        Assert.Equal("amber", fees.Status);
        // ceiling 5 %: actual 8.16 % → not met, completion 5 / 8.16 = 61.3 % → red
        var ceiling = T(null, "ALL", "compensation_rate");
        Assert.False(ceiling.Met);
        Assert.Equal(0.05m / 0.0816m, ceiling.Completion);
        Assert.Equal("red", ceiling.Status);
        // BD1 ceiling 10 %: BD1 released K1 3.0M + K3 1.0M + K7 6.0M, compensation 1.02M → 10.2 %, completion 98.0 % → amber
        var bd1 = T(null, "BD1", "compensation_rate");
        Assert.Equal(0.102m, bd1.Actual);
        Assert.Equal("amber", bd1.Status);
        // NPS 14.3 ≥ 10: met, green, completion above 100 %
        var nps = T(null, "ALL", "nps");
        Assert.True(nps.Met);
        Assert.Equal("green", nps.Status);
        Assert.True(nps.Completion > 1m);
        // a scoped department head sees the company targets and their own, never another department's
        var scoped = await new TargetService(company.Kpis, new WarehouseLayout(company.Warehouse)).GetAsync(D, KpiScope.Only("BD2"));
        Assert.DoesNotContain(scoped, s => s.Department == "BD1");
        Assert.Contains(scoped, s => s.Department == "BD2");
    }

    [Fact]
    public async Task BreakdownsAndSeriesAddUp()
    {
        var byDepartment = await company.Kpis.GetBreakdownAsync("new_amount", Ytd, KpiDimension.Department);
        Assert.Equal(7_000_000m, byDepartment.Single(b => b.Key == "BD1").Value);
        Assert.Equal(6_100_000m, byDepartment.Single(b => b.Key == "BD2").Value);
        Assert.Equal("业务一部", byDepartment.Single(b => b.Key == "BD1").Label);
        var byIndustry = await company.Kpis.GetBreakdownAsync("industry_max_share", Ytd, KpiDimension.Industry);
        Near(14m / 22.7m, byIndustry[0].Value);
        var series = await company.Kpis.GetSeriesAsync("new_amount", D, KpiPeriod.Month, 6);
        // Jan K2 2.0M, Feb K10 0.6M, Mar K4 1.5M, Apr K6 4.0M, May nothing, Jun K8 5.0M
        Assert.Equal([2_000_000m, 600_000m, 1_500_000m, 4_000_000m, 0m, 5_000_000m], series.Select(s => s.Value!.Value));
    }
}
