using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Pages;

/// <summary>
/// 压力测试 on the hand-made company at D = 2026-06-30, worked out by hand (docs/stress-test.md), and the simulation
/// against closed forms.
/// <para>Cohorts: the month ends M ≤ D − 12 months = 2025-06-30 (the data starts 2024-06-30). In force then:
/// K12 (C2, C34) 2024-06-30…2025-06-30 = 13 month ends, compensated 2025-08-15, which is within 12 months after
/// M from 2024-08-31 on = 11 defaults; K9 (C2, C34) 2024-10-31…2025-06-30 = 9, none; K3 (C2, C34) 2025-06-30 = 1,
/// compensated 2026-05-20 = 1 default; K1 (C1, I65) 2025-03-31…2025-06-30 = 4; K7 (C5, I65) 2025-05-31, 2025-06-30 = 2.
/// So C34 23 observations and 12 defaults, I65 6 and 0, A01 none; the portfolio 12 ÷ 29.</para>
/// <para>With k = 6: C34 Z = 23/29, PD = 23/29 × 12/23 + 6/29 × 12/29 = 420/841; I65 Z = ½, PD = ½ × 0 + ½ × 12/29 = 6/29;
/// A01 Z = 0, PD = 12/29 (fell back).</para>
/// <para>In force at D, exposure = outstanding × (1 − bank share): K5 10M and K6 4M (C34), K8 5M and K2 1.6M × 0.8 =
/// 1.28M (I65), K4 1.5M and K10 0.6M (A01): 22.38M. LGD with recoveries 6 months old: compensation 1 (K12, 500,000,
/// paid 2025-08-15 ≤ 2025-12-31) recovered 100,000 + 150,000 → 1 − 250/500 = 0.5; compensation 2 (2026-05-20) is too
/// recent. Finance of June: reserves 3,000,000, net assets 100,000,000; liability 16,060,000 (leverage 0.1606×).</para>
/// </summary>
public sealed class StressTestTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private static readonly StressParameters Hand = StressParameters.Default with { Credibility = 6, RecoveryMonths = 6, Trials = 2_000 };

    private async Task<StressBaseline> BaselineAsync(StressParameters p)
    {
        var state = new FilterState(D);
        var request = new PageRequest(state, DataAccess.CompanyWide("risk"));
        using var data = ScopedData.Open(company.Kpis, request.Access, state, companyTotals: false);
        return await StressTest.LoadBaselineAsync(data, PageDate.Resolve(request, data.FilterOptions()), p);
    }

    private static StressScenario Scenario(string? preset = null, string? mult = null, string? ind = null, string? reg = null, string? haircut = null, string? rho = null)
    {
        var (scenario, errors) = StressScenario.FromQuery(preset, mult, ind, reg, haircut, rho);
        Assert.Empty(errors);
        return scenario;
    }

    [Fact]
    public async Task BaselineDefaultRatesAreCohortRatesWeightedByCredibility()
    {
        var b = await BaselineAsync(Hand);
        Assert.Equal((29L, 12L), (b.Observations, b.Defaults));
        Assert.Equal(12.0 / 29, b.PortfolioPd, 12);
        Assert.Equal((new DateOnly(2024, 6, 30), new DateOnly(2025, 6, 30)), (b.CohortFrom!.Value, b.CohortTo!.Value));
        var s = b.Industries.ToDictionary(x => x.Key);
        Assert.Equal(["C34", "I65", "A01"], b.Industries.Select(x => x.Key)); // largest exposure first
        Assert.Equal((2, 14_000_000.0, 23L, 12L), (s["C34"].Contracts, s["C34"].Exposure, s["C34"].Observations, s["C34"].Defaults));
        Assert.Equal(23.0 / 29, s["C34"].Weight, 12);
        Assert.Equal(420.0 / 841, s["C34"].Pd, 12);
        Assert.Equal((2, 6_280_000.0, 6L, 0L), (s["I65"].Contracts, s["I65"].Exposure, s["I65"].Observations, s["I65"].Defaults));
        Assert.Equal(6.0 / 29, s["I65"].Pd, 12);
        Assert.False(s["I65"].FellBack);
        Assert.Equal((0L, 12.0 / 29, true), (s["A01"].Observations, s["A01"].Pd, s["A01"].FellBack));
        // rating groups: C2 is BB (all 23 C34 observations), too few to move a PD (relativity 1)
        Assert.Equal((23L, 12L), (b.Ratings.Single(r => r.Key == "bb").Observations, b.Ratings.Single(r => r.Key == "bb").Defaults));
        Assert.All(b.RatingRelativity.Values, r => Assert.Equal(1.0, r));
        Assert.Equal(22_380_000.0, b.Exposure, 6);
        Assert.Equal((1, 500_000.0, 250_000.0, 0.5, 0.5), (b.LgdCompensations, b.LgdCompensated, b.LgdRecovered, b.ObservedLgd!.Value, b.Lgd));
        Assert.Equal((3_000_000m, 100_000_000m, 16_060_000m), (b.Reserves!.Value, b.NetAssets!.Value, b.Liability!.Value));
        // released in the 12 months to D: K12 0.5M, K9 0.8M, K1 3M, K7 6M, K3 1M, K11 2.5M
        Assert.Equal(13_800_000m, b.Released);
    }

    [Fact]
    public async Task WithoutOldEnoughCompensationsTheDefaultLgdApplies()
    {
        // 24 months: nothing was compensated by 2024-06-30
        var b = await BaselineAsync(StressParameters.Default);
        Assert.Equal((0, (double?)null, 0.7), (b.LgdCompensations, b.ObservedLgd, b.Lgd));
        // k = 1000: C34's own rate weighs 23/1023
        Assert.Equal(23.0 / 1023 * 12 / 23 + 1000.0 / 1023 * 12 / 29, b.Industries.Single(s => s.Key == "C34").Pd, 12);
        Assert.True(b.Industries.Single(s => s.Key == "C34").FellBack);
    }

    [Fact]
    public async Task ManufacturingDownturnWithAHaircutProjectsTheCompensationAndWhatItLeaves()
    {
        var b = await BaselineAsync(Hand);
        var scenario = Scenario(preset: "manufacturing", haircut: "20");
        Assert.Equal(3.0, scenario.Industries["C"]);
        var r = StressTest.Run(b, scenario, Hand);
        var x = r.Projection;
        // C34 ×3: min(1, 3 × 420/841) = 1 → 14M; I65 6.28M × 6/29; A01 2.1M × 12/29
        var compensation = 14_000_000 + 6_280_000 * 6.0 / 29 + 2_100_000 * 12.0 / 29; // 16,168,275.86
        Assert.Equal(compensation, x.Compensation, 4);
        Assert.Equal(1 - 0.5 * 0.8, x.Lgd, 12); // the haircut takes 20 % of the recoveries
        var loss = compensation * 0.6; // 9,700,965.52
        Assert.Equal(loss, x.Loss, 4);
        Assert.Equal(compensation / 13_800_000, x.CompensationRate!.Value, 12);
        Assert.Equal(3_000_000 - loss, x.ReservesAfter!.Value, 4);
        Assert.False(x.Covered);
        // the 6,700,965.52 beyond the reserves comes out of net assets
        var netAssets = 100_000_000 - (loss - 3_000_000);
        Assert.Equal(netAssets, x.NetAssetsAfter!.Value, 4);
        Assert.Equal(16_060_000 / netAssets, x.LeverageAfter!.Value, 12);
        Assert.Equal(8_000_000 / netAssets, x.TopCustomerRatioAfter!.Value, 12); // C4's 8M
        Assert.Equal(["K5", "K6", "K8", "K4", "K2", "K10"], x.Top.Select(t => t.Contract.ContractNo));
        Assert.Equal((10_000_000.0, 1.0, 3.0), (x.Top[0].Compensation, x.Top[0].StressedPd, x.Top[0].Multiplier));
        // the baseline beside it: Σ EAD × PD × 0.5
        var baseline = (14_000_000 * 420.0 / 841 + 6_280_000 * 6.0 / 29 + 2_100_000 * 12.0 / 29) * 0.5;
        Assert.Equal(baseline, r.Base.Loss, 4);
    }

    [Fact]
    public async Task TheReverseMultiplierAppliedAsAScenarioExhaustsTheReserves()
    {
        var b = await BaselineAsync(Hand);
        var r = StressTest.Run(b, StressScenario.Baseline, Hand);
        // below every cap the loss is m × 4,579,976.22 (the baseline loss): 3,000,000 ÷ that = 0.655 → 0.66
        Assert.Equal(0.66, r.Reverse.Reserves);
        var at = StressTest.Project(b, Scenario(mult: "0.66"));
        var below = StressTest.Project(b, Scenario(mult: "0.65"));
        Assert.True(at.ReservesAfter <= 0 && below.ReservesAfter > 0, $"{at.ReservesAfter} {below.ReservesAfter}");
        // net assets never reach liability ÷ 10: even with every PD at 1 the loss is 22.38M × 0.5 ≪ 101.394M
        Assert.Null(r.Reverse.Leverage);
        Assert.True(r.Reverse.Known);
        // the reverse multiplier keeps the scenario's other settings: with C34 ×3 the loss is m × 11,571,652.80 below
        // the caps (C34's 3 × 420/841 × m stays under 1 for m < 0.67), so 3,000,000 ÷ that = 0.259 → 0.26
        Assert.Equal(0.26, StressTest.Run(b, Scenario(ind: "C34:3"), Hand).Reverse.Reserves);
    }

    [Fact]
    public async Task TwoRunsGiveTheSameNumbers()
    {
        var b1 = await BaselineAsync(Hand);
        var b2 = await BaselineAsync(Hand);
        var scenario = Scenario(mult: "1.5", reg: "369121:2");
        var (r1, r2) = (StressTest.Run(b1, scenario, Hand), StressTest.Run(b2, scenario, Hand));
        Assert.Equal(r1.Distribution.Histogram, r2.Distribution.Histogram);
        Assert.Equal((r1.Distribution.Expected, r1.Distribution.Q95, r1.Distribution.Q99, r1.Distribution.Q999, r1.Distribution.ExhaustReserves),
            (r2.Distribution.Expected, r2.Distribution.Q95, r2.Distribution.Q99, r2.Distribution.Q999, r2.Distribution.ExhaustReserves));
        Assert.Equal(r1.Projection.Loss, r2.Projection.Loss);
        var exposure = Enumerable.Repeat(1.0, 500).ToArray();
        var pd = Enumerable.Range(0, 500).Select(i => 0.01 + i % 7 * 0.01).ToArray();
        Assert.Equal(StressMath.Simulate(exposure, pd, 0.2, 5_000, 42), StressMath.Simulate(exposure, pd, 0.2, 5_000, 42));
        Assert.NotEqual(StressMath.Simulate(exposure, pd, 0.2, 5_000, 42), StressMath.Simulate(exposure, pd, 0.2, 5_000, 43));
    }

    /// <summary>
    /// The page's result is cached per build, scope, date, scenario and parameters: the same scenario again is the same
    /// result (no second simulation); another multiplier, correlation, parameter set or department scope is computed anew.
    /// </summary>
    [Fact]
    public async Task ThePagesResultIsCachedForTheSameInputsOnly()
    {
        var state = new FilterState(D);
        async Task<StressResult> Load(StressScenario scenario, StressParameters p, DataAccess access)
        {
            using var data = ScopedData.Open(company.Kpis, access, state, companyTotals: false);
            return (await StressTest.LoadAsync(data, new PageRequest(state, access), scenario, [], p)).Result!;
        }
        var risk = DataAccess.CompanyWide("risk");
        var first = await Load(Scenario(mult: "1.5", reg: "369121:2"), Hand, risk);
        Assert.Same(first, await Load(Scenario(mult: "1.5", reg: "369121:2"), Hand, risk));
        Assert.NotSame(first, await Load(Scenario(mult: "1.5001", reg: "369121:2"), Hand, risk));
        Assert.NotSame(first, await Load(Scenario(mult: "1.5", reg: "369121:2", rho: "0.2"), Hand, risk));
        Assert.NotSame(first, await Load(Scenario(mult: "1.5", reg: "369121:2"), Hand with { Seed = 7 }, risk));
        var bd2 = await Load(Scenario(mult: "1.5", reg: "369121:2"), Hand, DataAccess.DepartmentHead("bd2", "BD2"));
        Assert.NotSame(first, bd2);
        Assert.True(bd2.Projection.Loss < first.Projection.Loss); // BD2's contracts only
    }

    /// <summary>
    /// ρ = 0: 100 equal exposures with PD 5 % default independently, so the number of defaults is Binomial(100, 5 %).
    /// Its exact quantiles against 20,000 trials: the empirical q-quantile's probability level has a standard error
    /// √(q(1−q)/N) ≤ 0.0016 (q = 95 %), smaller than the binomial's probability steps near those quantiles (≥ 0.0009 at
    /// 99.9 % where the error is 0.0002), so the simulated quantile is the exact one or its neighbour: ±1 default.
    /// </summary>
    [Fact]
    public void WithoutCorrelationTheQuantilesAreTheBinomials()
    {
        const int n = 100;
        const double pd = 0.05;
        var losses = StressMath.Simulate(Enumerable.Repeat(1.0, n).ToArray(), Enumerable.Repeat(pd, n).ToArray(), 0, 20_000, 7);
        foreach (var q in new[] { 0.5, 0.95, 0.99, 0.999 })
        {
            var exact = BinomialQuantile(n, pd, q);
            Assert.InRange(StressMath.Quantile(losses, q), exact - 1, exact + 1);
        }
        Assert.Equal(n * pd, losses.Average(), 1); // 5 ± 0.03 (σ = 2.18 ÷ √20,000 = 0.015)
    }

    private static int BinomialQuantile(int n, double p, double q)
    {
        var cdf = 0.0;
        for (var k = 0; k <= n; k++)
        {
            cdf += Math.Exp(LogChoose(n, k) + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
            if (cdf >= q) return k;
        }
        return n;
    }

    private static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 1; i <= k; i++) sum += Math.Log(n - k + i) - Math.Log(i);
        return sum;
    }

    /// <summary>
    /// A large homogeneous portfolio (5,000 equal exposures, PD 2 %, ρ 0.15, LGD 1): the 99.9 % quantile is Vasicek's
    /// N((N⁻¹(PD) + √ρ N⁻¹(0.999)) ÷ √(1−ρ)) × 5,000 = 0.1763 × 5,000 ≈ 881 within 2 %. The economy is sampled in
    /// strata, so the error left is the idiosyncratic noise (σ of a trial's default rate √(0.18 × 0.82 ÷ 5,000) ≈ 0.0054,
    /// 3 % of the quantile, averaged over the ~20 trials beyond it) and granularity (a 1/n effect): well within 2 %.
    /// </summary>
    [Fact]
    public void ALargeHomogeneousPortfoliosTailIsVasiceks()
    {
        const int n = 5_000;
        const double pd = 0.02, rho = 0.15;
        var losses = StressMath.Simulate(Enumerable.Repeat(1.0, n).ToArray(), Enumerable.Repeat(pd, n).ToArray(), rho, 20_000, 20_260_630);
        var vasicek = Normal.Cdf((Normal.InverseCdf(pd) + Math.Sqrt(rho) * Normal.InverseCdf(0.999)) / Math.Sqrt(1 - rho)) * n;
        Assert.InRange(vasicek, 875, 888);
        Assert.InRange(StressMath.Quantile(losses, 0.999), vasicek * 0.98, vasicek * 1.02);
        Assert.Equal(n * pd, losses.Average(), 0); // 100 ± 0.5
    }

    [Fact]
    public void TheNormalFunctionsAreAccurate()
    {
        Assert.Equal(0.975, Normal.Cdf(1.959963984540054), 12);
        Assert.Equal(0.5, Normal.Cdf(0), 15);
        Assert.Equal(3.090232306167813, Normal.InverseCdf(0.999), 10);
        Assert.Equal(-2.053748910631823, Normal.InverseCdf(0.02), 10);
        foreach (var p in new[] { 1e-10, 0.001, 0.3, 0.77, 0.9999 }) Assert.Equal(p, Normal.Cdf(Normal.InverseCdf(p)), 12);
    }

    [Fact]
    public void BadScenarioValuesAreReportedNotThrown()
    {
        var (s, errors) = StressScenario.FromQuery("nonsense", "abc", "C:x,I65:2", "369102:500", "-5", "1.5");
        Assert.Equal(6, errors.Count);
        Assert.Equal((1.0, 0.0, StressScenario.DefaultCorrelation), (s.Overall, s.Haircut, s.Correlation));
        Assert.Equal(2.0, s.Industries["I65"]);
        // the most specific prefix applies; multipliers multiply
        var t = Scenario(mult: "2", ind: "C:3,C34:1.5", reg: "3691:2");
        Assert.Equal(2 * 1.5 * 2, t.Multiplier("C34", "369121"));
        Assert.Equal(2 * 3.0, t.Multiplier("C35", "110000"));
        Assert.Equal(new Dictionary<string, string> { ["mult"] = "2", ["ind"] = "C:3,C34:1.5", ["reg"] = "3691:2" }, t.ToQuery());
    }

    [Fact]
    public async Task TheRegionalPresetShocksTheLargestRegion()
    {
        var state = new FilterState(D);
        var request = new PageRequest(state, DataAccess.CompanyWide("risk"));
        using var data = ScopedData.Open(company.Kpis, request.Access, state, companyTotals: false);
        var model = await StressTest.LoadAsync(data, request, Scenario(preset: "regional"), [], Hand);
        // 369121 (青溪县): K4, K5, K6, K10 = 16.1M against 369102's 6.28M
        Assert.Equal(new Dictionary<string, double> { ["369121"] = 3 }, model.Result!.Scenario.Regions);
        Assert.Equal(D, model.Date.AsOf);
        Assert.True(model.Result.Distribution.Elapsed < TimeSpan.FromSeconds(5));
    }
}
