using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// The fixed parameters of the stress test (docs/stress-test.md). The scenario (<see cref="StressScenario"/>) is what
/// a user changes; these are the method's.
/// </summary>
/// <param name="CohortMonths">cohorts: the latest month ends with 12 months of hindsight before D (M ≤ D − 12 months).</param>
/// <param name="Credibility">k of the credibility weight Z = n ÷ (n + k), n in contract-months observed.</param>
/// <param name="MinRatingObservations">a rating group adjusts the PD only with at least this many contract-months.</param>
/// <param name="RecoveryMonths">LGD from compensations paid at least this many months before D (recoveries take time).</param>
/// <param name="LgdFloor">the LGD is never taken below this.</param>
/// <param name="DefaultLgd">the LGD when no compensation is old enough.</param>
/// <param name="DefaultPd">the portfolio PD when there is no cohort at all.</param>
/// <param name="Trials">Monte Carlo trials.</param>
/// <param name="Seed">the generator's seed (fixed: the same build and inputs give the same numbers).</param>
/// <param name="Bins">histogram bins.</param>
/// <param name="MaxMultiplier">the reverse stress test looks up to this overall multiplier.</param>
/// <param name="LeverageLine">放大倍数 line (KPIS.md: 10×).</param>
public sealed record StressParameters(
    int CohortMonths = 36, double Credibility = 1000, long MinRatingObservations = 5000, int RecoveryMonths = 24,
    double LgdFloor = 0.3, double DefaultLgd = 0.7, double DefaultPd = 0.02, int Trials = 20_000, ulong Seed = 20_260_630,
    int Bins = 30, double MaxMultiplier = 50, double LeverageLine = 10)
{
    public static readonly StressParameters Default = new();

    /// <summary>Every parameter written exactly (part of the cache key of a result).</summary>
    internal string Key => FormattableString.Invariant(
        $"{CohortMonths}|{Credibility:R}|{MinRatingObservations}|{RecoveryMonths}|{LgdFloor:R}|{DefaultLgd:R}|{DefaultPd:R}|{Trials}|{Seed}|{Bins}|{MaxMultiplier:R}|{LeverageLine:R}");
}

/// <summary>A user's message about a value they gave, in Chinese and English.</summary>
public sealed record StressMessage(string Zh, string En);

/// <summary>
/// A stress scenario: an overall default multiplier, multipliers by industry (a code or a prefix: "C" is all of
/// manufacturing, the most specific prefix applies) and by region, a haircut on recoveries and the asset correlation.
/// Multipliers multiply: a C34 contract in a shocked region under ×2 overall has PD × 2 × m(C34) × m(region).
/// </summary>
public sealed partial record StressScenario(
    string? Preset, double Overall, IReadOnlyDictionary<string, double> Industries, IReadOnlyDictionary<string, double> Regions,
    double Haircut, double Correlation)
{
    public const double DefaultCorrelation = 0.15;
    public const double MaxFactor = 100;

    public static readonly StressScenario Baseline = new(null, 1, new Dictionary<string, double>(), new Dictionary<string, double>(), 0, DefaultCorrelation);

    /// <summary>The named presets: 制造业下行 manufacturing ×3; 区域性风险 the region with the largest exposure ×3; 全面衰退 ×2 and recoveries −30 %.</summary>
    public static readonly IReadOnlyList<string> Presets = ["manufacturing", "regional", "recession"];

    public bool IsBaseline => Overall == 1 && Industries.Count == 0 && Regions.Count == 0 && Haircut == 0;

    private static StressScenario PresetValues(string preset) => preset switch
    {
        "manufacturing" => Baseline with { Preset = preset, Industries = new Dictionary<string, double> { ["C"] = 3 } },
        "regional" => Baseline with { Preset = preset }, // the region is the largest at D: see Resolve
        "recession" => Baseline with { Preset = preset, Overall = 2, Haircut = 0.3 },
        _ => throw new ArgumentOutOfRangeException(nameof(preset)),
    };

    /// <summary>The multiplier of a contract: overall × its industry's × its region's.</summary>
    public double Multiplier(string industry, string region) => Overall * Factor(Industries, industry) * Factor(Regions, region);

    /// <summary>The same without the overall multiplier (the reverse stress test varies that one).</summary>
    public double SegmentMultiplier(string industry, string region) => Factor(Industries, industry) * Factor(Regions, region);

    private static double Factor(IReadOnlyDictionary<string, double> factors, string code)
    {
        var best = -1;
        var factor = 1.0;
        foreach (var (key, value) in factors)
        {
            if (code.StartsWith(key, StringComparison.OrdinalIgnoreCase) && key.Length > best) (best, factor) = (key.Length, value);
        }
        return factor;
    }

    /// <summary>The scenario from the query string; a bad value is reported and left at its default, never thrown.</summary>
    public static (StressScenario Scenario, IReadOnlyList<StressMessage> Errors) FromQuery(
        string? preset, string? overall, string? industries, string? regions, string? haircut, string? correlation)
    {
        var errors = new List<StressMessage>();
        var s = Baseline;
        if (!string.IsNullOrWhiteSpace(preset))
        {
            var p = preset.Trim().ToLowerInvariant();
            if (Presets.Contains(p)) s = PresetValues(p);
            else errors.Add(new($"未知的预设情景：{preset}", $"Unknown preset: {preset}"));
        }
        double? Number(string? text, string nameZh, string nameEn, double min, double max)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max && double.IsFinite(v)) return v;
            errors.Add(new($"{nameZh}「{text}」无效：应为 {min.ToString(CultureInfo.InvariantCulture)} 至 {max.ToString(CultureInfo.InvariantCulture)} 之间的数",
                $"{nameEn} '{text}' is not valid: a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}"));
            return null;
        }
        if (Number(overall, "整体违约倍数", "Overall default multiplier", 0, MaxFactor) is { } m) s = s with { Overall = m };
        if (Number(haircut, "回收折扣", "Recovery haircut", 0, 100) is { } h) s = s with { Haircut = h / 100 };
        if (Number(correlation, "资产相关系数", "Asset correlation", 0, 0.99) is { } r) s = s with { Correlation = r };
        if (Factors(industries, "行业倍数", "Industry multipliers", errors) is { } i) s = s with { Industries = i };
        if (Factors(regions, "地区倍数", "Region multipliers", errors) is { } g) s = s with { Regions = g };
        return (s, errors);
    }

    /// <summary>"C:3,I65:1.5": codes (or prefixes) and their multipliers.</summary>
    private static Dictionary<string, double>? Factors(string? text, string nameZh, string nameEn, List<StressMessage> errors)
    {
        if (text is null) return null;
        var factors = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length == 2 && CodePattern().IsMatch(pieces[0].Trim())
                && double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= MaxFactor)
            {
                factors[pieces[0].Trim()] = v;
            }
            else
            {
                errors.Add(new($"{nameZh}「{part}」无效：应为 代码:倍数（0 至 100），如 C:3",
                    $"{nameEn} '{part}' is not valid: code:multiplier (0 to 100), e.g. C:3"));
            }
        }
        return factors;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,12}$")]
    private static partial Regex CodePattern();

    /// <summary>Every input of the scenario written exactly (the cache key of its result).</summary>
    internal string Key
    {
        get
        {
            static string F(IReadOnlyDictionary<string, double> f) => string.Join(',',
                f.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => FormattableString.Invariant($"{p.Key}:{p.Value:R}")));
            return FormattableString.Invariant($"{Preset}|{Overall:R}|{F(Industries)}|{F(Regions)}|{Haircut:R}|{Correlation:R}");
        }
    }

    /// <summary>The query string of this scenario (values that differ from the baseline), to share and reload a result.</summary>
    public IReadOnlyDictionary<string, string> ToQuery()
    {
        static string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        static string F(IReadOnlyDictionary<string, double> f) =>
            string.Join(',', f.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{N(p.Value)}"));
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Preset is not null) query["preset"] = Preset;
        if (Overall != 1) query["mult"] = N(Overall);
        if (Industries.Count > 0) query["ind"] = F(Industries);
        if (Regions.Count > 0 || Preset == "regional") query["reg"] = F(Regions);
        if (Haircut != 0) query["haircut"] = N(Haircut * 100);
        if (Correlation != DefaultCorrelation) query["rho"] = N(Correlation);
        return query;
    }

    /// <summary>A preset whose region depends on the data (区域性风险): the region with the largest exposure ×3.</summary>
    internal StressScenario Resolve(IReadOnlyList<StressContract> contracts) =>
        Preset == "regional" && Regions.Count == 0 && contracts.Count > 0
            ? this with
            {
                Regions = new Dictionary<string, double>
                {
                    [contracts.GroupBy(c => c.RegionCode).OrderByDescending(g => g.Sum(c => c.Exposure)).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key] = 3,
                },
            }
            : this;
}

/// <summary>A contract in force at D: its exposure (the guarantor's part, outstanding × (1 − bank_risk_share)) and its PD.</summary>
public sealed record StressContract(
    long ContractId, string ContractNo, string CustomerName, string IndustryCode, string IndustryName, string RegionCode, string RegionName,
    string RatingGroup, double Exposure, double Pd);

/// <summary>
/// A segment's 12-month default rate by the cohort method: <see cref="Observations"/> contract-months in force at a
/// cohort month end, <see cref="Defaults"/> of them compensated within 12 months after it; <see cref="Pd"/> the
/// credibility-weighted rate Z · observed + (1 − Z) · portfolio; <see cref="FellBack"/> when Z &lt; ½ (the portfolio
/// rate weighs more than the segment's own).
/// </summary>
public sealed record StressSegment(
    string Key, string Label, int Contracts, double Exposure, long Observations, long Defaults, double? Observed, double Weight, double Pd)
{
    public bool FellBack => Weight < 0.5;
}

/// <summary>What the stress test starts from at D.</summary>
/// <param name="AsOf">D.</param>
/// <param name="Contracts">the contracts in force at D with their exposure and PD.</param>
/// <param name="Industries">PD by industry (the contract's base PD).</param>
/// <param name="Ratings">PD by rating group, and the relativity it applies (rating PD ÷ portfolio PD) where it has enough history.</param>
/// <param name="RatingRelativity">the factor each rating group applies to its contracts' industry PD (1 without enough history).</param>
/// <param name="PortfolioPd">all cohorts' defaults ÷ observations: the rate thin segments fall back to.</param>
/// <param name="Observations">contract-months observed in the cohorts.</param>
/// <param name="Defaults">of them compensated within 12 months.</param>
/// <param name="CohortFrom">the first cohort month end (null: no cohort, the default PD applies).</param>
/// <param name="CohortTo">the last cohort month end (D − 12 months).</param>
/// <param name="Lgd">the LGD used: observed, floored, or the default.</param>
/// <param name="ObservedLgd">1 − recovered ÷ compensated over the compensations old enough (null: none).</param>
/// <param name="LgdCompensations">the compensations old enough.</param>
/// <param name="LgdCompensated">their amount.</param>
/// <param name="LgdRecovered">recovered on them by D.</param>
/// <param name="Reserves">担保准备金 of month D (finance file), the company's.</param>
/// <param name="NetAssets">净资产 of month D, the company's.</param>
/// <param name="Liability">融资担保责任余额 at D, the company's (the leverage's numerator).</param>
/// <param name="Leverage">放大倍数 at D.</param>
/// <param name="TopCustomerRatio">单一客户集中度 at D.</param>
/// <param name="TopGroupRatio">单一客户及关联方集中度 at D.</param>
/// <param name="Released">guarantees released in the 12 months to D (released_amount, 近12个月), the compensation rate's denominator.</param>
/// <param name="ObservedCompensationRate">代偿率 of the 12 months to D, to read the projection against.</param>
public sealed record StressBaseline(
    DateOnly AsOf, IReadOnlyList<StressContract> Contracts, IReadOnlyList<StressSegment> Industries, IReadOnlyList<StressSegment> Ratings,
    IReadOnlyDictionary<string, double> RatingRelativity, double PortfolioPd, long Observations, long Defaults,
    DateOnly? CohortFrom, DateOnly? CohortTo, double Lgd, double? ObservedLgd, int LgdCompensations, double LgdCompensated, double LgdRecovered,
    decimal? Reserves, decimal? NetAssets, decimal? Liability, decimal? Leverage, decimal? TopCustomerRatio, decimal? TopGroupRatio,
    decimal? Released, decimal? ObservedCompensationRate)
{
    public double Exposure => Contracts.Sum(c => c.Exposure);

    /// <summary>The loss at which net assets after the loss fall to liability ÷ line (null without net assets).</summary>
    public double? LeverageLoss(double line) =>
        Reserves is { } r && NetAssets is { } n && Liability is { } l ? (double)r + (double)n - (double)l / line : null;
}

/// <summary>A contract's part of the projected compensation.</summary>
public sealed record StressContribution(StressContract Contract, double Multiplier, double StressedPd, double Compensation, double Loss);

/// <summary>
/// A scenario's projected 12 months: compensation Σ EAD × min(1, PD × multiplier), the loss after recoveries
/// (compensation × LGD after the haircut), and what it leaves of reserves and net assets.
/// </summary>
public sealed record StressProjection(
    double Compensation, double Lgd, double Loss, double? CompensationRate, double? ReservesAfter, bool? Covered,
    double? NetAssetsAfter, double? LeverageAfter, double? TopCustomerRatioAfter, double? TopGroupRatioAfter,
    IReadOnlyList<StressContribution> Top);

/// <summary>A bar of the loss histogram: losses in [From, To), the share of trials.</summary>
public sealed record LossBin(double From, double To, int Trials, double Probability);

/// <summary>The simulated distribution of the 12-month loss after recoveries.</summary>
public sealed record LossDistribution(
    int Trials, ulong Seed, double Correlation, double Expected, double Q95, double Q99, double Q999, double Max,
    double? ExhaustReserves, double? BreachLeverage, IReadOnlyList<LossBin> Histogram, TimeSpan Elapsed);

/// <summary>
/// 反向压力测试: the smallest overall multiplier (the scenario's other settings kept) at which the projected loss
/// exhausts the reserves, and at which net assets after the loss fall below liability ÷ 10; null: not reached even at
/// <see cref="MaxMultiplier"/> (PDs cap at 1) or, for want of the finance figures, not known (<see cref="Known"/>).
/// </summary>
public sealed record ReverseStress(double? Reserves, double? Leverage, bool Known, double MaxMultiplier);

/// <summary>A scenario's result: the baseline and the scenario projected, the loss distribution, the reverse stress test.</summary>
public sealed record StressResult(
    StressScenario Scenario, StressProjection Base, StressProjection Projection, LossDistribution Distribution, ReverseStress Reverse);

/// <summary>Everything the stress page shows.</summary>
public sealed record StressModel(
    BuildPointer Build, FilterOptions Options, PageDate Date, StressParameters Parameters, IReadOnlyList<StressMessage> Errors,
    StressBaseline? Baseline, StressResult? Result);

/// <summary>
/// 压力测试 (issue 13, docs/stress-test.md): the baseline at D from the company's own history on the page data layer
/// (exposure, cohort default rates with a credibility fallback, LGD from recoveries, reserves and net assets), and a
/// scenario's projection, loss distribution and reverse stress test computed from it by <see cref="Run"/>.
/// </summary>
public static class StressTest
{
    public const int HorizonMonths = 12;

    public const int TopContracts = 10;

    /// <summary>Rating groups, best first: A and above, BBB, BB, B and below, unrated.</summary>
    public static readonly IReadOnlyList<string> RatingGroups = ["a_up", "bbb", "bb", "b_down", "unrated"];

    public static string RatingGroup(string? rating) => rating?.Trim().ToUpperInvariant() switch
    {
        "AAA" or "AA+" or "AA" or "AA-" or "A+" or "A" or "A-" => "a_up",
        "BBB+" or "BBB" or "BBB-" => "bbb",
        "BB+" or "BB" or "BB-" => "bb",
        "B+" or "B" or "B-" or "CCC" or "CC" or "C" or "D" => "b_down",
        _ => "unrated",
    };

    private static readonly RowQuery InForce = new("stress:contracts", "select * from wide_snapshot where as_of = $as_of");

    /// <summary>Contracts in force at each cohort month end, and whether they were compensated within 12 months after it.</summary>
    private static readonly RowQuery Cohorts = new("stress:cohorts", """
        select s.*,
            exists (
                select 1 from fct_compensation as c
                where c.contract_id = s.contract_id
                    and c.paid_on > s.as_of
                    and c.paid_on <= last_day(cast(s.as_of + interval 12 month as date))
            ) as defaulted
        from wide_snapshot as s
        where s.as_of between $from and $to
        """);

    /// <summary>Compensations paid by $cutoff and what was recovered on them by D.</summary>
    private static readonly RowQuery Recoveries = new("stress:recoveries", """
        select c.compensation_id, c.paid_on, c.amount, w.department_code, w.product_code, w.industry_code, w.region_code, w.tier,
            coalesce((select sum(r.amount) from fct_recovery as r where r.compensation_id = c.compensation_id and r.received_on <= $as_of), 0) as recovered
        from fct_compensation as c
        inner join wide_contract as w on w.contract_id = c.contract_id
        where c.paid_on <= $cutoff
        """);

    /// <summary>Reserves and net assets of month D: the company's.</summary>
    private static readonly RowQuery Finance = new("stress:finance",
        "select reserves, net_assets from fct_finance_month where month_end = $as_of", CompanyLevel: true);

    /// <summary>The page: the baseline at D and the scenario's result. A bad scenario value is reported and ignored.</summary>
    public static async Task<StressModel> LoadAsync(
        ScopedData data, PageRequest request, StressScenario scenario, IReadOnlyList<StressMessage> errors, StressParameters? parameters = null)
    {
        var p = parameters ?? StressParameters.Default;
        var options = data.FilterOptions();
        var date = PageDate.Resolve(request, options);
        if (date.OutsideData) return new StressModel(data.Build, options, date, p, errors, null, null);
        // the baseline (segments, PDs and exposures of every contract in force) is built once per build and inputs too
        var baseline = await data.Session.ComputeAsync($"stress-baseline|{data.Filter.Key}|{data.Scope.Key}|{date.AsOf:yyyy-MM-dd}|{p.Key}",
            () => LoadBaselineAsync(data, date, p));
        // deterministic for the same build, rows and inputs: a second visit with the same scenario reads the cached result
        var resolved = scenario.Resolve(baseline.Contracts);
        var key = $"stress|{data.Filter.Key}|{data.Scope.Key}|{date.AsOf:yyyy-MM-dd}|{resolved.Key}|{p.Key}";
        var result = await data.Session.ComputeAsync(key, () => Run(baseline, resolved, p));
        return new StressModel(data.Build, options, date, p, errors, baseline, result);
    }

    /// <summary>The baseline at the page's D.</summary>
    public static async Task<StressBaseline> LoadBaselineAsync(ScopedData data, PageDate date, StressParameters p)
    {
        var asOf = date.AsOf;
        var day = new KpiWindow(asOf, asOf);
        var cohortTo = KpiWindow.MonthEnd(asOf.AddMonths(-HorizonMonths));
        var cohortFrom = KpiWindow.MonthEnd(asOf.AddMonths(-HorizonMonths - p.CohortMonths + 1));
        if (cohortFrom < date.FirstMonth) cohortFrom = date.FirstMonth;
        var hasCohorts = cohortFrom <= cohortTo;

        var contracts = data.QueryAsync(InForce, """
            select contract_id, contract_no, customer_name, coalesce(industry_code, ''), coalesce(industry_name, industry_code, ''),
                coalesce(region_code, ''), coalesce(region_name, region_code, ''), credit_rating,
                cast(outstanding as double) * (1 - cast(bank_risk_share as double))
            from filtered
            where outstanding > 0
            order by contract_id
            """, day);
        var cohorts = hasCohorts
            ? data.QueryAsync(Cohorts, """
                select coalesce(industry_code, ''), credit_rating, count(*), count(*) filter (where defaulted)
                from filtered
                group by all
                order by all
                """, new KpiWindow(cohortFrom, cohortTo))
            : Task.FromResult<IReadOnlyList<object?[]>>([]);
        var recoveries = data.QueryAsync(Recoveries, "select count(*), coalesce(sum(amount), 0), coalesce(sum(recovered), 0) from filtered", day,
            new Dictionary<string, object> { ["cutoff"] = KpiWindow.MonthEnd(asOf.AddMonths(-p.RecoveryMonths)) });
        var finance = data.QueryAsync(Finance, "select reserves, net_assets from filtered", day);
        var figures = data.GetFiguresAsync(["leverage", "top_customer_ratio", "top_group_ratio"], asOf, KpiPeriod.Month);
        var ttm = data.GetFiguresAsync(["released_amount", "compensation_rate"], asOf, KpiPeriod.Ttm);
        await Task.WhenAll(contracts, cohorts, recoveries, finance, figures, ttm);

        static long Long(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);
        static double Double(object? v) => Convert.ToDouble(v, CultureInfo.InvariantCulture);
        var cells = cohorts.Result.Select(r => (Industry: (string)r[0]!, Rating: RatingGroup((string?)r[1]), N: Long(r[2]), D: Long(r[3]))).ToList();
        var rows = contracts.Result.Select(r => new StressContract(Long(r[0]), (string)r[1]!, (string)r[2]!, (string)r[3]!, (string)r[4]!,
            (string)r[5]!, (string)r[6]!, RatingGroup((string?)r[7]), Double(r[8]), 0)).ToList();

        var n = cells.Sum(c => c.N);
        var d = cells.Sum(c => c.D);
        var portfolio = n > 0 ? (double)d / n : p.DefaultPd;

        var industryNames = rows.GroupBy(c => c.IndustryCode).ToDictionary(g => g.Key, g => g.First().IndustryName);
        foreach (var choice in data.FilterOptions().Industries) industryNames.TryAdd(choice.Code, choice.Name);
        StressSegment Segment(string key, string label, IEnumerable<StressContract> members, long observations, long defaults)
        {
            var list = members.ToList();
            return new StressSegment(key, label, list.Count, list.Sum(c => c.Exposure), observations, defaults,
                observations > 0 ? (double)defaults / observations : null, StressMath.Credibility(observations, p.Credibility),
                StressMath.Credible(observations, defaults, p.Credibility, portfolio));
        }
        var industries = rows.Select(c => c.IndustryCode).Concat(cells.Select(c => c.Industry)).Distinct()
            .Select(code => Segment(code, industryNames.GetValueOrDefault(code, code), rows.Where(c => c.IndustryCode == code),
                cells.Where(c => c.Industry == code).Sum(c => c.N), cells.Where(c => c.Industry == code).Sum(c => c.D)))
            .OrderByDescending(s => s.Exposure).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        var ratings = RatingGroups
            .Select(g => Segment(g, g, rows.Where(c => c.RatingGroup == g), cells.Where(c => c.Rating == g).Sum(c => c.N), cells.Where(c => c.Rating == g).Sum(c => c.D)))
            .Where(s => s.Contracts > 0 || s.Observations > 0)
            .ToList();
        // a rating group moves its contracts' PD only where it has enough history of its own
        var relativity = ratings.ToDictionary(s => s.Key,
            s => s.Observations >= p.MinRatingObservations && portfolio > 0 ? s.Pd / portfolio : 1.0);
        var industryPd = industries.ToDictionary(s => s.Key, s => s.Pd);
        rows = rows.Select(c => c with { Pd = Math.Min(1, industryPd[c.IndustryCode] * relativity.GetValueOrDefault(c.RatingGroup, 1)) }).ToList();

        var recovery = recoveries.Result[0];
        var (count, compensated, recovered) = ((int)Long(recovery[0]), Double(recovery[1]), Double(recovery[2]));
        double? observedLgd = count > 0 && compensated > 0 ? 1 - recovered / compensated : null;
        var lgd = observedLgd is { } o ? Math.Min(1, Math.Max(p.LgdFloor, o)) : p.DefaultLgd;

        var financeRow = finance.Result.FirstOrDefault();
        var f = figures.Result.ToDictionary(x => x.Kpi.Code, x => x.Current);
        var t = ttm.Result.ToDictionary(x => x.Kpi.Code, x => x.Current);
        return new StressBaseline(asOf, rows, industries, ratings, relativity, portfolio, n, d,
            hasCohorts ? cohortFrom : null, hasCohorts ? cohortTo : null, lgd, observedLgd, count, compensated, recovered,
            KpiService.ToDecimal(financeRow?[0]), KpiService.ToDecimal(financeRow?[1]), f["leverage"].Numerator, f["leverage"].Value,
            f["top_customer_ratio"].Value, f["top_group_ratio"].Value, t["released_amount"].Value, t["compensation_rate"].Value);
    }

    /// <summary>A scenario on a baseline: the projections (baseline and scenario), the loss distribution, the reverse stress test.</summary>
    public static StressResult Run(StressBaseline baseline, StressScenario scenario, StressParameters p)
    {
        var contracts = baseline.Contracts;
        var exposure = contracts.Select(c => c.Exposure).ToArray();
        var pd = contracts.Select(c => c.Pd).ToArray();
        var segment = contracts.Select(c => scenario.SegmentMultiplier(c.IndustryCode, c.RegionCode)).ToArray();
        var lgd = StressedLgd(baseline.Lgd, scenario.Haircut);

        var stressedPd = pd.Select((x, i) => Math.Min(1, x * segment[i] * scenario.Overall)).ToArray();
        var watch = Stopwatch.StartNew();
        var losses = StressMath.Simulate(exposure, stressedPd, scenario.Correlation, p.Trials, p.Seed);
        for (var i = 0; i < losses.Length; i++) losses[i] *= lgd;
        var distribution = Distribution(baseline, losses, scenario.Correlation, p, watch);

        double Loss(double overall) => StressMath.Compensation(exposure, pd, segment, overall) * lgd;
        var reserves = baseline.Reserves is { } r ? StressMath.Reverse(Loss, (double)r, p.MaxMultiplier) : null;
        var leverageLoss = baseline.LeverageLoss(p.LeverageLine);
        var leverage = leverageLoss is { } l ? StressMath.Reverse(Loss, l + Nudge(l), p.MaxMultiplier) : null;
        var reverse = new ReverseStress(reserves, leverage, baseline.Reserves is not null && baseline.NetAssets is not null, p.MaxMultiplier);

        return new StressResult(scenario, Project(baseline, StressScenario.Baseline), Project(baseline, scenario), distribution, reverse);
    }

    /// <summary>Net assets must fall below liability ÷ line: a loss just above the threshold.</summary>
    private static double Nudge(double threshold) => Math.Max(1e-6, Math.Abs(threshold) * 1e-12);

    /// <summary>LGD after a haircut h on recoveries: 1 − (1 − LGD) × (1 − h).</summary>
    public static double StressedLgd(double lgd, double haircut) => 1 - (1 - lgd) * (1 - haircut);

    /// <summary>A scenario's projected 12 months from the baseline.</summary>
    public static StressProjection Project(StressBaseline baseline, StressScenario scenario)
    {
        var lgd = StressedLgd(baseline.Lgd, scenario.Haircut);
        var lines = baseline.Contracts.Select(c =>
        {
            var m = scenario.Multiplier(c.IndustryCode, c.RegionCode);
            var pd = Math.Min(1, c.Pd * m);
            return new StressContribution(c, m, pd, c.Exposure * pd, c.Exposure * pd * lgd);
        }).ToList();
        var compensation = lines.Sum(x => x.Compensation);
        var loss = compensation * lgd;
        double? rate = baseline.Released is > 0 ? compensation / (double)baseline.Released.Value : null;
        double? reservesAfter = baseline.Reserves is { } r ? (double)r - loss : null;
        double? netAssetsAfter = baseline.NetAssets is { } n && reservesAfter is { } ra ? (double)n + Math.Min(0, ra) : null;
        double? Scaled(decimal? ratio) => ratio is { } x && netAssetsAfter is > 0 && baseline.NetAssets is { } na ? (double)x * (double)na / netAssetsAfter.Value : null;
        double? leverageAfter = baseline.Liability is { } l && netAssetsAfter is > 0 ? (double)l / netAssetsAfter.Value : null;
        return new StressProjection(compensation, lgd, loss, rate, reservesAfter, reservesAfter is { } after ? after >= 0 : null,
            netAssetsAfter, leverageAfter, Scaled(baseline.TopCustomerRatio), Scaled(baseline.TopGroupRatio),
            lines.OrderByDescending(x => x.Compensation).ThenBy(x => x.Contract.ContractId).Take(TopContracts).ToList());
    }

    private static LossDistribution Distribution(StressBaseline baseline, double[] losses, double correlation, StressParameters p, Stopwatch watch)
    {
        var max = losses.Length == 0 ? 0 : losses[^1];
        var width = max > 0 ? max / p.Bins : 1;
        var counts = new int[p.Bins];
        foreach (var x in losses) counts[Math.Min(p.Bins - 1, (int)(x / width))]++;
        var bins = counts.Select((c, i) => new LossBin(i * width, (i + 1) * width, c, (double)c / losses.Length)).ToList();
        double? Share(double? threshold) => threshold is { } t ? (double)losses.Count(x => x > t) / losses.Length : null;
        var reserves = baseline.Reserves is { } r ? (double)r : (double?)null;
        return new LossDistribution(losses.Length, p.Seed, correlation, losses.Average(),
            StressMath.Quantile(losses, 0.95), StressMath.Quantile(losses, 0.99), StressMath.Quantile(losses, 0.999), max,
            Share(reserves), Share(baseline.LeverageLoss(p.LeverageLine)), bins, watch.Elapsed);
    }
}
