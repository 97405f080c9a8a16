namespace Cockpit.Etl.Demo;

/// <summary>Seeded random draws. <see cref="Random(int)"/> with a seed is stable across runs and platforms.</summary>
internal sealed class DemoRandom(int seed)
{
    private readonly Random _random = new(seed);

    public double Next() => _random.NextDouble();
    public int Int(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);
    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();
    public bool Chance(double p) => _random.NextDouble() < p;

    public double Normal()
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public T Pick<T>(IReadOnlyList<T> items, Func<T, double> weight)
    {
        var total = 0.0;
        foreach (var item in items) total += Math.Max(0, weight(item));
        var r = _random.NextDouble() * total;
        foreach (var item in items)
        {
            r -= Math.Max(0, weight(item));
            if (r < 0) return item;
        }
        return items[^1];
    }

    /// <summary>Picks a key from (key, weight) pairs.</summary>
    public T Pick<T>(params (T Value, double Weight)[] choices) => Pick(choices, c => c.Weight).Value;

    public int Poisson(double lambda)
    {
        var l = Math.Exp(-lambda);
        var k = 0;
        var p = 1.0;
        do
        {
            k++;
            p *= _random.NextDouble();
        } while (p > l);
        return k - 1;
    }

    public DateOnly Date(DateOnly from, DateOnly toInclusive) =>
        from.AddDays(_random.Next(0, toInclusive.DayNumber - from.DayNumber + 1));
}
