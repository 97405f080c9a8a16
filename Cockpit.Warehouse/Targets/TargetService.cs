using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Warehouse.Targets;

/// <summary>A target joined to its actual: completion, time progress and status as docs/kpis.md describes them.</summary>
public sealed record TargetStatus(
    int Year, int? Quarter, string Department, string KpiCode, decimal Target, decimal? Actual, decimal? Completion,
    decimal TimeProgress, string? Status, bool Met, DateOnly PeriodStart, DateOnly PeriodEnd, KpiResult Result);

/// <summary>Status colours.</summary>
public static class TargetStatuses
{
    public const string Green = "green";
    public const string Amber = "amber";
    public const string Red = "red";
}

/// <summary>
/// Targets (from the targets files) against actuals from the KPI layer, per (year, quarter or whole year,
/// department or ALL, kpi):
/// <list type="bullet">
/// <item>completion: actual ÷ target for higher-is-better KPIs; for lower-is-better (ceilings) target ÷ actual,
/// capped at 100 % and met when actual ≤ target;</item>
/// <item>time progress: elapsed days of the target period up to D ÷ days in the period;</item>
/// <item>status for cumulative KPIs: green when completion ≥ time progress, amber within 10 percentage points
/// below, red further below; rates, ratios and levels are judged against the target directly: green when met,
/// amber within 10 percentage points of completion, red further.</item>
/// </list>
/// </summary>
public sealed class TargetService(KpiService kpis, WarehouseLayout layout)
{
    /// <summary>The layout the service reads (kept for callers that name it).</summary>
    public WarehouseLayout Layout { get; } = layout;

    private const decimal AmberBand = 0.10m;

    /// <summary>
    /// Every target whose period has begun by D, in the caller's scope. Completion is always actual ÷ the target of
    /// the same scope: an ALL target is judged against the company's actual and is listed only when
    /// <paramref name="includeCompany"/> (a caller who may see company totals); a department's target against that
    /// department's actual.
    /// </summary>
    public async Task<IReadOnlyList<TargetStatus>> GetAsync(DateOnly asOf, KpiScope? scope = null, int? year = null, bool includeCompany = true)
    {
        using var session = kpis.OpenSession();
        return await GetAsync(session, asOf, scope, year, includeCompany);
    }

    /// <summary>The same, on a page's session (one build for the page's figures and targets).</summary>
    public static async Task<IReadOnlyList<TargetStatus>> GetAsync(
        WarehouseSession session, DateOnly asOf, KpiScope? scope = null, int? year = null, bool includeCompany = true,
        IReadOnlySet<int?>? quarters = null)
    {
        scope ??= KpiScope.All;
        var targets = (await ReadTargetsAsync(session))
            .Where(t => PeriodStart(t) <= asOf && (year is null || t.Year == year) && (quarters is null || quarters.Contains(t.Quarter)))
            .Where(t => t.Department == "ALL" ? includeCompany : scope.Allows(t.Department))
            .ToList();
        // computed together: one statement per KPI for every department's target (see KpiService.Values)
        var results = await session.GetManyAsync(targets.Select(t =>
        {
            var (start, end) = (PeriodStart(t), PeriodEnd(t));
            // up to D, or the period's end when it is over; stock KPIs (balance) are read at that date
            var window = new KpiWindow(start, end < asOf ? end : asOf);
            var filter = t.Department == "ALL" ? KpiFilter.None : new KpiFilter(Department: t.Department);
            return (t.KpiCode, window, filter, t.Department == "ALL" ? KpiScope.All : scope);
        }));
        return targets.Select((t, i) => Judge(t, results[i], asOf)).ToList();
    }

    internal sealed record TargetRow(int Year, int? Quarter, string Department, string KpiCode, decimal Target);

    private static DateOnly PeriodStart(TargetRow t) => new(t.Year, t.Quarter is { } q ? (q - 1) * 3 + 1 : 1, 1);

    private static DateOnly PeriodEnd(TargetRow t) => t.Quarter is { } q
        ? new DateOnly(t.Year, q * 3, 1).AddMonths(1).AddDays(-1)
        : new DateOnly(t.Year, 12, 31);

    internal static TargetStatus Judge(TargetRow t, KpiResult actual, DateOnly asOf)
    {
        var kpi = KpiCatalog.Get(t.KpiCode);
        var (start, end) = (PeriodStart(t), PeriodEnd(t));
        var elapsed = Math.Min(asOf.DayNumber, end.DayNumber) - start.DayNumber + 1;
        var timeProgress = Math.Clamp((decimal)elapsed / (end.DayNumber - start.DayNumber + 1), 0m, 1m);

        decimal? completion = null;
        var met = false;
        if (actual.Value is { } value)
        {
            if (kpi.Direction == KpiDirection.HigherIsBetter)
            {
                completion = t.Target == 0 ? null : value / t.Target;
                met = value >= t.Target;
            }
            else
            {
                met = value <= t.Target;
                completion = met ? 1m : value == 0 ? 1m : Math.Min(1m, t.Target / value);
            }
        }

        var status = completion is { } c ? Status(c, kpi.IsCumulative ? timeProgress : 1m, kpi.IsCumulative ? null : met) : null;
        return new TargetStatus(t.Year, t.Quarter, t.Department, t.KpiCode, t.Target, actual.Value, completion, timeProgress,
            status, met, start, end, actual);
    }

    /// <summary>
    /// The status rule: green when <paramref name="completion"/> reaches <paramref name="bar"/> (time progress for
    /// cumulative KPIs, 100 % for levels, where <paramref name="met"/> decides), amber within 10 points below, red further.
    /// </summary>
    public static string Status(decimal completion, decimal bar, bool? met = null) =>
        (met ?? completion >= bar) ? TargetStatuses.Green
        : completion >= bar - AmberBand ? TargetStatuses.Amber
        : TargetStatuses.Red;

    private static readonly RowQuery Targets = new("targets",
        "select year, quarter, department_code, kpi_code, target from fct_target");

    private static async Task<List<TargetRow>> ReadTargetsAsync(WarehouseSession session)
    {
        // all targets are read (ALL rows have no department of their own); GetAsync applies the caller's scope
        var rows = await session.QueryAsync(Targets,
            "select * from filtered order by year, coalesce(quarter, 0), department_code, kpi_code", KpiService.ProbeWindow);
        return rows.Select(r => new TargetRow(
            Convert.ToInt32(r[0], CultureInfo.InvariantCulture),
            r[1] is null ? null : Convert.ToInt32(r[1], CultureInfo.InvariantCulture),
            (string)r[2]!, (string)r[3]!, KpiService.ToDecimal(r[4])!.Value)).ToList();
    }
}
