namespace Cockpit.Etl.Demo;

/// <summary>What demo company to generate.</summary>
/// <param name="Seed">Same seed and options give identical content.</param>
/// <param name="Contracts">About how many clean contracts (the default company has about 8,000).</param>
/// <param name="AsOf">The last month end of the data; default the last month end before today.</param>
public sealed record DemoOptions(int Seed = DemoOptions.DefaultSeed, int Contracts = DemoOptions.DefaultContracts, DateOnly? AsOf = null)
{
    public const int DefaultSeed = 20240601;
    public const int DefaultContracts = 8000;

    /// <summary>The last month end strictly before <paramref name="today"/>.</summary>
    public static DateOnly LastMonthEndBefore(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddDays(-1);

    /// <summary>The as-of date to use, checked to be a month end.</summary>
    public DateOnly ResolveAsOf(DateOnly today)
    {
        var asOf = AsOf ?? LastMonthEndBefore(today);
        if (asOf.AddDays(1).Day != 1)
        {
            throw new ArgumentException($"--as-of must be a month end (e.g. 2026-09-30), not {asOf:yyyy-MM-dd}.");
        }
        return asOf;
    }
}
