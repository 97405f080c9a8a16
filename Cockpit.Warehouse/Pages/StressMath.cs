namespace Cockpit.Warehouse.Pages;

/// <summary>
/// The standard normal distribution in double precision: Φ by Hart's algorithm as given by West (2005), "Better
/// approximations to cumulative normal functions" (absolute error about 1e-15), and Φ⁻¹ by Acklam's rational
/// approximation refined by one Halley step on Φ (relative error about 1e-15).
/// </summary>
public static class Normal
{
    /// <summary>Φ(x), the standard normal distribution function.</summary>
    public static double Cdf(double x)
    {
        var a = Math.Abs(x);
        double tail;
        if (a > 37)
        {
            tail = 0;
        }
        else
        {
            var e = Math.Exp(-a * a / 2);
            if (a < 7.07106781186547)
            {
                var n = 3.52624965998911E-02 * a + 0.700383064443688;
                n = n * a + 6.37396220353165;
                n = n * a + 33.912866078383;
                n = n * a + 112.079291497871;
                n = n * a + 221.213596169931;
                n = n * a + 220.206867912376;
                var d = 8.83883476483184E-02 * a + 1.75566716318264;
                d = d * a + 16.064177579207;
                d = d * a + 86.7807322029461;
                d = d * a + 296.564248779674;
                d = d * a + 637.333633378831;
                d = d * a + 793.826512519948;
                d = d * a + 440.413735824752;
                tail = e * n / d;
            }
            else
            {
                var d = a + 0.65;
                d = a + 4 / d;
                d = a + 3 / d;
                d = a + 2 / d;
                d = a + 1 / d;
                tail = e / d / 2.506628274631;
            }
        }
        return x > 0 ? 1 - tail : tail;
    }

    /// <summary>Φ⁻¹(p) for 0 &lt; p &lt; 1; −∞ at 0 and +∞ at 1.</summary>
    public static double InverseCdf(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "a probability is between 0 and 1");
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
                / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1);
        }
        // one Halley step on Φ(x) − p; in the upper tail on the complement, where 1 − p has the digits
        var error = p > 0.5 ? (1 - Cdf(x)) - (1 - p) : Cdf(x) - p;
        if (p > 0.5) error = -error;
        var u = error * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }
}

/// <summary>
/// A small seeded generator (xoshiro256** seeded by SplitMix64): the same seed gives the same numbers on every
/// machine and .NET version, which <see cref="Random"/> does not promise.
/// </summary>
public sealed class StressRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public StressRandom(ulong seed)
    {
        ulong Next()
        {
            seed += 0x9E3779B97F4A7C15UL;
            var z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
        (_s0, _s1, _s2, _s3) = (Next(), Next(), Next(), Next());
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform number in (0, 1]: never 0, so its logarithm is finite.</summary>
    public double NextOpen() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));
}

/// <summary>
/// The pure mathematics of the stress test (压力测试), apart from the warehouse: credibility-weighted default rates,
/// the scenario projection, the one-factor Gaussian copula simulation and the reverse stress test.
/// </summary>
public static class StressMath
{
    /// <summary>Bühlmann-style credibility weight Z = n ÷ (n + k): 0 without observations.</summary>
    public static double Credibility(long observations, double k) =>
        observations <= 0 ? 0 : k <= 0 ? 1 : observations / (observations + k);

    /// <summary>Z · observed + (1 − Z) · fallback.</summary>
    public static double Credible(long observations, long defaults, double k, double fallback)
    {
        var z = Credibility(observations, k);
        return z == 0 ? fallback : z * defaults / observations + (1 - z) * fallback;
    }

    /// <summary>Σ EAD × min(1, PD × multiplier): the expected 12-month compensation.</summary>
    public static double Compensation(ReadOnlySpan<double> exposure, ReadOnlySpan<double> pd, ReadOnlySpan<double> multiplier, double overall)
    {
        var total = 0.0;
        for (var i = 0; i < exposure.Length; i++) total += exposure[i] * Math.Min(1, pd[i] * multiplier[i] * overall);
        return total;
    }

    /// <summary>
    /// The smallest overall multiplier m in [0, <paramref name="max"/>] at which <paramref name="loss"/>(m) reaches
    /// <paramref name="target"/>, by bisection (loss is continuous and non-decreasing in m), rounded up to 0.01 so
    /// that the multiplier shown does reach it; null when not reached even at <paramref name="max"/>.
    /// </summary>
    public static double? Reverse(Func<double, double> loss, double target, double max)
    {
        if (target <= 0) return 0;
        if (loss(max) < target) return null;
        double lo = 0, hi = max;
        while (hi - lo > 1e-7)
        {
            var mid = (lo + hi) / 2;
            if (loss(mid) >= target) hi = mid;
            else lo = mid;
        }
        var rounded = Math.Ceiling(hi * 100 - 1e-9) / 100;
        // the rounding step itself must reach the target (bisection's hi does; guard against a rounding below it)
        while (loss(rounded) < target && rounded < max) rounded = Math.Round(rounded + 0.01, 2);
        return Math.Min(rounded, max);
    }

    /// <summary>
    /// The 12-month default losses under a one-factor Gaussian copula (Vasicek): contract i defaults when
    /// √ρ·Z + √(1−ρ)·εᵢ &lt; Φ⁻¹(PDᵢ), Z the economy shared by all, εᵢ its own, all standard normal. Each trial draws Z
    /// stratified (trial t takes Z = Φ⁻¹((t + U)/N), so the economy's tail is sampled evenly) and then, for each group
    /// of contracts with the same PD, the defaults independently with the conditional probability
    /// p(Z) = Φ((Φ⁻¹(PD) − √ρ·Z) ÷ √(1−ρ)), skipping from one default to the next by geometric gaps (exact, and the
    /// work is the number of defaults, not of contracts). Returns each trial's defaulted exposure, sorted ascending.
    /// Deterministic: the same inputs and seed give the same numbers.
    /// </summary>
    /// <param name="exposure">EAD per contract.</param>
    /// <param name="pd">the 12-month default probability per contract (capped at 1).</param>
    /// <param name="correlation">the asset correlation ρ, 0 ≤ ρ &lt; 1.</param>
    /// <param name="trials">the number of trials N.</param>
    /// <param name="seed">the generator's seed.</param>
    public static double[] Simulate(IReadOnlyList<double> exposure, IReadOnlyList<double> pd, double correlation, int trials, ulong seed)
    {
        if (correlation is < 0 or >= 1 || double.IsNaN(correlation)) throw new ArgumentOutOfRangeException(nameof(correlation));
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials));
        // groups of the same PD, in a fixed order
        var groups = Enumerable.Range(0, exposure.Count)
            .Where(i => exposure[i] > 0 && pd[i] > 0)
            .GroupBy(i => Math.Min(1, pd[i]))
            .OrderBy(g => g.Key)
            .Select(g => (Threshold: Normal.InverseCdf(g.Key), Pd: g.Key, Exposure: g.Select(i => exposure[i]).ToArray()))
            .ToArray();
        var sqrtRho = Math.Sqrt(correlation);
        var sqrtRest = Math.Sqrt(1 - correlation);
        var losses = new double[trials];
        // fixed blocks of trials, each with its own generator (seeded from the seed and the block), so that the result
        // does not depend on how many threads run them
        var blocks = Math.Min(SimulationBlocks, trials);
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(2, Environment.ProcessorCount)) }, block =>
        {
            var random = new StressRandom(seed + (ulong)block * 0x9E3779B97F4A7C15UL);
            var (first, last) = ((long)trials * block / blocks, (long)trials * (block + 1) / blocks);
            for (var t = (int)first; t < last; t++)
            {
                var z = correlation == 0 ? 0 : Normal.InverseCdf((t + random.NextOpen() * 0.999999999) / trials);
                var loss = 0.0;
                foreach (var (threshold, groupPd, ead) in groups)
                {
                    var p = groupPd >= 1 ? 1 : correlation == 0 ? groupPd : Normal.Cdf((threshold - sqrtRho * z) / sqrtRest);
                    loss += DefaultedExposure(ead, p, random);
                }
                losses[t] = loss;
            }
        });
        Array.Sort(losses);
        return losses;
    }

    /// <summary>Trials run in this many blocks (at most two at a time: the server is shared).</summary>
    private const int SimulationBlocks = 8;

    private static double DefaultedExposure(double[] ead, double p, StressRandom random)
    {
        if (p <= 0) return 0;
        var sum = 0.0;
        if (p >= 1)
        {
            foreach (var e in ead) sum += e;
            return sum;
        }
        if (p > 0.25)
        {
            foreach (var e in ead) if (random.NextOpen() <= p) sum += e;
            return sum;
        }
        // the gap to the next default is geometric: P(gap = g) = (1 − p)^g · p
        var logQ = p < 1e-9 ? -p - p * p / 2 : Math.Log(1 - p);
        var i = -1L;
        while (true)
        {
            i += 1 + (long)Math.Floor(Math.Log(random.NextOpen()) / logQ);
            if (i >= ead.Length) return sum;
            sum += ead[i];
        }
    }

    /// <summary>The q-quantile of sorted values: the smallest x with at least q of the values ≤ x.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return 0;
        var index = (int)Math.Ceiling(q * sorted.Count - 1e-9) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
