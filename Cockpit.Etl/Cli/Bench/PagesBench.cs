using System.Diagnostics;
using System.Globalization;
using Cockpit.Etl.Source;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// The pages section of <c>bench</c> (issue 18): every dashboard exactly as its page asks (<see cref="PageTimings.Dashboards"/>),
/// cold (a fresh <see cref="KpiService"/>) and cached, beside (a) the statements that page issued, captured on its
/// first cold run and run again one after another directly on DuckDB, and (b) the headline figures computed straight
/// from the core-system database with EF Core LINQ (what a team without a warehouse would do), checked against the
/// warehouse's.
/// </summary>
internal static class PagesBench
{
    public static IEnumerable<BenchRow> Run(BenchContext context)
    {
        var layout = new WarehouseLayout(context.Warehouse);
        var pointer = KpiCommands.CurrentBuild(layout);
        var asOf = pointer.AsOf ?? throw new InvalidOperationException("bench: the build has no month-end snapshot");
        var buildFile = layout.BuildFile(pointer.BuildId);
        var rows = new List<BenchRow>();
        foreach (var page in PageTimings.Dashboards(layout, asOf))
        {
            BenchContext.Say($"pages: {page.Name}");
            var timing = PageTimings.Measure(layout, page, context.Repeat);
            var direct = PageTimings.Direct(buildFile, timing.Queries, context.Repeat);
            var reference = $"its {timing.Queries.Count} statements directly on DuckDB, one after another";
            var simulation = page.Name.StartsWith("stress", StringComparison.Ordinal) ? "; the page also runs the 20,000-trial simulation, DuckDB does not" : "";
            rows.Add(new BenchRow("pages", $"{page.Name}, cold", BenchStats.Median(timing.Cold), "ms", reference, BenchStats.Median(direct),
                $"median of {context.Repeat} (the first includes compiling the code): {BenchStats.Spread(timing.Cold)} ms, DuckDB {BenchStats.Spread(direct)} ms; {timing.Results} distinct results{simulation}"));
            rows.Add(new BenchRow("pages", $"{page.Name}, cached", BenchStats.Median(timing.Cached), "ms",
                Note: $"the same service again: {BenchStats.Spread(timing.Cached)} ms{simulation}"));
            if (timing.NewState.Count > 0)
            {
                rows.Add(new BenchRow("pages", $"{page.Name}, another filter state", BenchStats.Median(timing.NewState), "ms",
                    Note: $"the same (warm) service, the month before and one region — nothing of it cached, as when a user changes a filter on a running server: {BenchStats.Spread(timing.NewState)} ms"));
            }
        }
        rows.Add(Headline(context, layout, asOf));
        return rows;
    }

    /// <summary>The headline figures <see cref="Linq"/> computes, by KPI code (the window: the year to date at the as-of date).</summary>
    private static readonly string[] HeadlineCodes = ["balance", "new_amount", "new_count", "compensation_amount", "released_amount", "compensation_rate", "top10_share"];

    /// <summary>The headline figures through the warehouse (a fresh service, cold) against EF Core LINQ on the core system, and their check.</summary>
    private static BenchRow Headline(BenchContext context, WarehouseLayout layout, DateOnly asOf)
    {
        BenchContext.Say("pages: headline figures, warehouse against EF Core LINQ on the core system");
        var window = KpiWindow.For(asOf, KpiPeriod.Ytd);
        var warehouseMs = new List<double>();
        var linqMs = new List<double>();
        IReadOnlyDictionary<string, decimal?> warehouse = new Dictionary<string, decimal?>();
        IReadOnlyDictionary<string, decimal?> linq = new Dictionary<string, decimal?>();
        for (var i = 0; i < context.Repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var service = new KpiService(layout))
            {
                var results = Task.WhenAll(HeadlineCodes.Select(code => service.GetAsync(code, window))).GetAwaiter().GetResult();
                warehouse = results.ToDictionary(r => r.Code, r => r.Value, StringComparer.Ordinal);
            }
            warehouseMs.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            linq = Linq(context.SourceDb, window);
            linqMs.Add(watch.Elapsed.TotalMilliseconds);
        }
        var mismatches = HeadlineCodes.Where(code => !Same(warehouse[code], linq[code]))
            .Select(code => $"{code}: warehouse {Show(warehouse[code])}, LINQ {Show(linq[code])}").ToList();
        var check = mismatches.Count == 0 ? "all equal" : "MISMATCH " + string.Join("; ", mismatches);
        return new BenchRow("pages", $"headline figures through the warehouse, cold ({string.Join(", ", HeadlineCodes)}; year to date)",
            BenchStats.Median(warehouseMs), "ms", "EF Core LINQ on the core-system SQLite database", BenchStats.Median(linqMs),
            $"median of {context.Repeat}: warehouse {BenchStats.Spread(warehouseMs)} ms, LINQ {BenchStats.Spread(linqMs)} ms; figures {check}; " +
            "NPS and single-customer concentration are not in the core system (surveys and net assets come through the inbox)");
    }

    /// <summary>
    /// The headline figures straight from the core system with EF Core (a fresh context): SQLite cannot sum or sort
    /// decimals, so the amounts are brought over and summed here, as a team without a warehouse would have to.
    /// </summary>
    private static Dictionary<string, decimal?> Linq(string sourceDb, KpiWindow window)
    {
        using var db = new CoreSystemContext(SourceProviders.BuildOptions(SourceProviders.Sqlite, $"Data Source={sourceDb};Mode=ReadOnly"));
        var (from, to) = (window.From, window.To);
        var byCustomer = db.BalanceSnapshots.AsNoTracking().Where(s => s.AsOf == to)
            .Join(db.Contracts, s => s.ContractId, c => c.Id, (s, c) => new { c.CustomerId, s.Outstanding })
            .AsEnumerable().GroupBy(x => x.CustomerId).Select(g => g.Sum(x => x.Outstanding)).OrderDescending().ToList();
        var balance = byCustomer.Sum();
        var started = db.Contracts.AsNoTracking().Where(c => c.StartOn >= from && c.StartOn <= to).Select(c => c.Amount).ToList();
        var paid = db.Compensations.AsNoTracking().Where(p => p.PaidOn >= from && p.PaidOn <= to)
            .Join(db.Contracts, p => p.ContractId, c => c.Id, (p, c) => p.Amount).ToList().Sum();
        var released = db.Contracts.AsNoTracking()
            .Where(c => (c.Status == "released" || c.Status == "compensated") && c.ReleasedOn >= from && c.ReleasedOn <= to)
            .Select(c => c.Amount).ToList().Sum();
        return new Dictionary<string, decimal?>(StringComparer.Ordinal)
        {
            ["balance"] = balance,
            ["new_amount"] = started.Sum(),
            ["new_count"] = started.Count,
            ["compensation_amount"] = paid,
            ["released_amount"] = released,
            ["compensation_rate"] = released == 0 ? null : paid / released,
            ["top10_share"] = balance == 0 ? null : byCustomer.Take(10).Sum() / balance,
        };
    }

    private static bool Same(decimal? a, decimal? b) =>
        a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) <= 1e-6m * Math.Max(1m, Math.Abs(a.Value));

    private static string Show(decimal? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "none";
}
