using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>Balance and liability balance of one member of a dimension (an industry, a class, a rating…).</summary>
public sealed record ExposureLine(string Key, string Label, decimal Balance, decimal Liability);

/// <summary>The exposure by one dimension, largest balance first.</summary>
public sealed record Exposure(KpiDimension Dimension, IReadOnlyList<ExposureLine> Lines);

/// <summary>
/// A customer or related-party group among the largest: balance, liability balance and liability ÷ net assets; a
/// customer's credit code opens their file.
/// </summary>
public sealed record ConcentrationLine(string Key, string Name, decimal Balance, decimal Liability, decimal? Ratio, string? CreditCode = null);

/// <summary>A regulatory ratio month by month against its line; the months over it are breaches.</summary>
public sealed record RedLineTrend(string Code, decimal Line, IReadOnlyList<KpiResult> Months)
{
    public IReadOnlyList<DateOnly> Breaches => Months.Where(m => m.Value > Line).Select(m => m.Window.AsOf).ToList();
}

/// <summary>Overdue balance at D in a days bucket.</summary>
public sealed record OverdueBucket(string Bucket, int FromDays, int? ToDays, long Contracts, decimal Balance);

/// <summary>
/// The five-level migration between two month ends: for the contracts in force at <see cref="From"/>, their class then
/// (rows) against their class at <see cref="To"/> (columns), with contracts that ended in between as their own column
/// (<see cref="Ended"/>). Counts and balances at <see cref="From"/>, so each row adds up to its starting class.
/// </summary>
public sealed record MigrationMatrix(DateOnly From, DateOnly To, IReadOnlyDictionary<(string From, string To), (long Count, decimal Balance)> Cells)
{
    public const string Ended = "ended";

    /// <summary>五级分类, best first.</summary>
    public static readonly IReadOnlyList<string> Classes = ["normal", "special_mention", "substandard", "doubtful", "loss"];

    public (long Count, decimal Balance) Cell(string from, string to) => Cells.GetValueOrDefault((from, to));

    public (long Count, decimal Balance) Row(string from) =>
        (Cells.Where(c => c.Key.From == from).Sum(c => c.Value.Count), Cells.Where(c => c.Key.From == from).Sum(c => c.Value.Balance));
}

/// <summary>A month's compensation paid (代偿), recoveries received (追偿回收) and write-offs (核销), in yuan.</summary>
public sealed record CompensationMonth(DateOnly Month, decimal? Compensation, decimal? Recovered, decimal? WrittenOff);

/// <summary>
/// The compensations of one year (a cohort) and the share of them recovered: within 6, 12, 24 and 36 months of each
/// payment (<see cref="After"/>: only compensations at least that old at D count; null while none is) and so far.
/// </summary>
public sealed record RecoveryCohort(int Year, long Compensations, decimal Amount, decimal Recovered, IReadOnlyList<decimal?> After)
{
    /// <summary>The horizons of <see cref="After"/>, in months.</summary>
    public static readonly IReadOnlyList<int> Horizons = [6, 12, 24, 36];

    public decimal? RecoveredShare => Amount == 0 ? null : Recovered / Amount;
}

/// <summary>
/// 代偿与回收: the period's figures, 24 months of amounts, the rates over the trailing twelve months at each month end
/// (a month's own rate swings with the few contracts released in it) and the recovery cohorts.
/// </summary>
public sealed record RecoveryPanel(
    IReadOnlyList<KpiFigure> Figures, IReadOnlyList<CompensationMonth> Months,
    IReadOnlyDictionary<string, IReadOnlyList<KpiResult>> RateTrends, IReadOnlyList<RecoveryCohort> Cohorts);

/// <summary>Everything the risk page shows: exposure, concentration and red lines, warnings, overdue, migration, recovery.</summary>
public sealed record RiskModel(
    BuildPointer Build, FilterOptions Options, PageDate Date,
    IReadOnlyList<Exposure> Exposures, decimal? NetAssets,
    IReadOnlyList<ConcentrationLine> TopCustomers, IReadOnlyList<ConcentrationLine> TopGroups,
    IReadOnlyList<KpiFigure> RedLines, IReadOnlyList<RedLineTrend> Trends, IReadOnlyList<OverdueBucket> Overdue,
    MigrationMatrix Migration, RecoveryPanel Recovery, RiskWarnings Warnings);

/// <summary>
/// 风控驾驶舱's data (PAGES.md): where the exposure is, how close the regulatory lines are, how overdue the book is.
/// Balances are at D whatever the period. One session: one build.
/// </summary>
public static partial class RiskDashboard
{
    public static readonly IReadOnlyList<KpiDimension> ExposureDimensions =
    [
        KpiDimension.Industry, KpiDimension.Region, KpiDimension.Product, KpiDimension.RiskLevel,
        KpiDimension.FiveLevelClass, KpiDimension.CounterGuarantee, KpiDimension.Rating,
    ];

    /// <summary>The regulatory ratios and their lines (docs/kpis.md).</summary>
    public static readonly IReadOnlyList<string> RedLineCodes = ["top_customer_ratio", "top_group_ratio", "leverage", "industry_max_share"];

    public const int TopLines = 10;

    public const int TrendMonths = 24;

    /// <summary>The compensation and recovery figures, for the page's period.</summary>
    public static readonly IReadOnlyList<string> RecoveryCodes =
        ["compensation_amount", "compensation_rate", "loss_rate", "recovery_rate", "compensation_balance", "provision_coverage"];

    /// <summary>The rates drawn month by month (over the trailing twelve months; provision coverage at each month end).</summary>
    public static readonly IReadOnlyList<string> RateTrendCodes = ["compensation_rate", "loss_rate", "recovery_rate", "provision_coverage"];

    /// <summary>Every compensation paid by D with what was recovered on it so far and within each horizon (inclusive).</summary>
    private static readonly RowQuery Cohorts = new("risk:recovery-cohorts", """
        select c.*,
            (select coalesce(sum(r.amount), 0) from fct_recovery as r
                where r.compensation_id = c.compensation_id and r.received_on <= $as_of) as recovered,
            (select coalesce(sum(r.amount), 0) from fct_recovery as r
                where r.compensation_id = c.compensation_id and r.received_on <= c.paid_on + interval 6 month) as recovered_6,
            (select coalesce(sum(r.amount), 0) from fct_recovery as r
                where r.compensation_id = c.compensation_id and r.received_on <= c.paid_on + interval 12 month) as recovered_12,
            (select coalesce(sum(r.amount), 0) from fct_recovery as r
                where r.compensation_id = c.compensation_id and r.received_on <= c.paid_on + interval 24 month) as recovered_24,
            (select coalesce(sum(r.amount), 0) from fct_recovery as r
                where r.compensation_id = c.compensation_id and r.received_on <= c.paid_on + interval 36 month) as recovered_36
        from kpi_compensations() as c
        where c.paid_on <= $as_of
        """);

    private static readonly RowQuery Snapshots = new("risk:snapshots", "select * from wide_snapshot where as_of = $as_of");

    /// <summary>Contracts in force at $from with their class then and at $to (null: ended in between).</summary>
    private static readonly RowQuery Migration = new("risk:migration", """
        select s.*, e.five_level_class as to_class
        from wide_snapshot as s
        left join fct_balance_snapshot as e on e.contract_id = s.contract_id and e.as_of = $to
        where s.as_of = $from
        """);

    /// <param name="data">the page's data (session, scope, filter).</param>
    /// <param name="request">the filter state and the caller.</param>
    /// <param name="migrationFrom">the month end the migration starts from; by default three months before D (or the
    /// earliest month with data).</param>
    /// <param name="alertRules">the alert thresholds (Risk:Alerts); <see cref="AlertRules.Default"/> when not given.</param>
    public static async Task<RiskModel> LoadAsync(ScopedData data, PageRequest request, DateOnly? migrationFrom = null, AlertRules? alertRules = null)
    {
        var options = data.FilterOptions();
        var date = PageDate.Resolve(request, options);
        var asOf = date.AsOf;
        var window = new KpiWindow(asOf, asOf);
        var from = migrationFrom is { } f && f < asOf ? f : KpiWindow.MonthEnd(asOf.AddMonths(-3));
        if (from < date.FirstMonth) from = date.FirstMonth;
        var migration = data.QueryAsync(Migration, """
            select five_level_class, coalesce(to_class, 'ended'), count(*), coalesce(sum(outstanding), 0)
            from filtered
            group by 1, 2
            """, new KpiWindow(from, asOf));

        // balance and liability by every dimension the page shows: one statement each
        IReadOnlyList<KpiDimension> dimensions = [.. ExposureDimensions, KpiDimension.Customer, KpiDimension.Group];
        var balanceBy = data.GetBreakdownsAsync("balance", window, dimensions);
        var liabilityBy = data.GetBreakdownsAsync("liability_balance", window, dimensions);
        static async Task<IReadOnlyList<KpiBreakdownItem>> By(Task<IReadOnlyDictionary<KpiDimension, IReadOnlyList<KpiBreakdownItem>>> all, KpiDimension d) =>
            (await all)[d];
        var balance = ExposureDimensions.ToDictionary(d => d, d => By(balanceBy, d));
        var liability = ExposureDimensions.ToDictionary(d => d, d => By(liabilityBy, d));
        var customerBalance = By(balanceBy, KpiDimension.Customer);
        var customerLiability = By(liabilityBy, KpiDimension.Customer);
        var creditCodes = data.QueryAsync(Snapshots, "select distinct cast(customer_id as varchar), credit_code from filtered", window);
        var groupBalance = By(balanceBy, KpiDimension.Group);
        var groupLiability = By(liabilityBy, KpiDimension.Group);
        // net assets and the lines are the company's whatever the filter (regulatory ratios)
        var figures = data.GetFiguresAsync(RedLineCodes, asOf, KpiPeriod.Month);
        var trends = RedLineCodes.ToDictionary(c => c, c => data.GetSeriesAsync(c, asOf, KpiPeriod.Month, TrendMonths));
        var overdue = data.QueryAsync(Snapshots, """
            , buckets(bucket, from_days, to_days) as (
                values ('1-30', 1, 30), ('31-90', 31, 90), ('91-180', 91, 180), ('>180', 181, null)
            )
            select b.bucket, b.from_days, b.to_days, count(f.contract_id), coalesce(sum(f.outstanding), 0)
            from buckets as b
            left join filtered as f on f.overdue_days >= b.from_days and (b.to_days is null or f.overdue_days <= b.to_days)
            group by b.bucket, b.from_days, b.to_days
            order by b.from_days
            """, window);
        var recovery = LoadRecoveryAsync(data, request.State.Period, asOf);
        var warnings = LoadWarningsAsync(data, asOf, alertRules ?? AlertRules.Default);
        await Task.WhenAll([.. balance.Values, .. liability.Values, customerBalance, customerLiability, groupBalance, groupLiability,
            figures, .. trends.Values, overdue, migration, recovery, warnings, creditCodes]);
        var mask = await data.PersonalMaskAsync();

        var exposures = ExposureDimensions.Select(d =>
        {
            var liabilities = liability[d].Result.Where(i => i.Key is not null).ToDictionary(i => i.Key!, i => i.Numerator ?? 0);
            return new Exposure(d, balance[d].Result.Where(i => i.Key is not null)
                .Select(i => new ExposureLine(i.Key!, i.Label ?? i.Key!, i.Numerator ?? 0, liabilities.GetValueOrDefault(i.Key!)))
                .OrderByDescending(l => l.Balance).ThenBy(l => l.Key, StringComparer.Ordinal).ToList());
        }).ToList();

        var leverage = figures.Result.Single(f => f.Kpi.Code == "leverage").Current;
        var netAssets = leverage.Denominator is > 0 ? leverage.Denominator : null;
        // customers open their file (a group's key is no customer's); only the top lines' balances and codes are looked
        // up (a million contracts have some 300,000 customers: a dictionary of them all on every visit cost 0.6 s)
        List<ConcentrationLine> Top(IReadOnlyList<KpiBreakdownItem> balances, IReadOnlyList<KpiBreakdownItem> liabilities, bool customers)
        {
            var top = liabilities.Where(i => i.Key is not null && i.Numerator > 0)
                .OrderByDescending(i => i.Numerator).ThenBy(i => i.Key, StringComparer.Ordinal)
                .Take(TopLines).ToList();
            var keys = top.Select(i => i.Key!).ToHashSet(StringComparer.Ordinal);
            var owed = balances.Where(i => i.Key is not null && keys.Contains(i.Key)).ToDictionary(i => i.Key!, i => i.Numerator ?? 0);
            var codes = customers
                ? creditCodes.Result.Where(r => r[0] is string k && keys.Contains(k)).ToDictionary(r => (string)r[0]!, r => mask.Code(r[1] as string))
                : [];
            return top.Select(i => new ConcentrationLine(i.Key!, i.Label ?? i.Key!, owed.GetValueOrDefault(i.Key!), i.Numerator!.Value,
                    netAssets is { } n ? i.Numerator!.Value / n : null, customers ? codes.GetValueOrDefault(i.Key!) : null))
                .ToList();
        }

        var trendLines = RedLineCodes
            .Select(c => new RedLineTrend(c, KpiCatalog.Get(c).RedLine ?? 0, trends[c].Result))
            .Where(t => t.Line > 0)
            .ToList();
        var buckets = overdue.Result.Select(r => new OverdueBucket((string)r[0]!, Convert.ToInt32(r[1], CultureInfo.InvariantCulture),
            r[2] is null ? null : Convert.ToInt32(r[2], CultureInfo.InvariantCulture),
            Convert.ToInt64(KpiService.ToDecimal(r[3]), CultureInfo.InvariantCulture), KpiService.ToDecimal(r[4]) ?? 0)).ToList();

        return new RiskModel(data.Build, options, date, exposures, netAssets,
            Top(customerBalance.Result, customerLiability.Result, customers: true), Top(groupBalance.Result, groupLiability.Result, customers: false),
            figures.Result, trendLines, buckets,
            new MigrationMatrix(from, asOf, migration.Result.ToDictionary(
                r => ((string)r[0]!, (string)r[1]!),
                r => (Convert.ToInt64(KpiService.ToDecimal(r[2]), CultureInfo.InvariantCulture), KpiService.ToDecimal(r[3]) ?? 0))),
            recovery.Result, warnings.Result);
    }

    /// <summary>
    /// Compensation and recovery: the figures for the period; 24 months of compensation paid, recoveries (recovery
    /// rate's numerator) and write-offs (loss rate's numerator), so that each month reconciles to <c>kpis</c>; the
    /// rates over the trailing twelve months; the cohorts by the year of compensation.
    /// </summary>
    private static async Task<RecoveryPanel> LoadRecoveryAsync(ScopedData data, KpiPeriod period, DateOnly asOf)
    {
        var figures = data.GetFiguresAsync(RecoveryCodes, asOf, period);
        var paid = data.GetSeriesAsync("compensation_amount", asOf, KpiPeriod.Month, TrendMonths);
        var recovered = data.GetSeriesAsync("recovery_rate", asOf, KpiPeriod.Month, TrendMonths);
        var written = data.GetSeriesAsync("loss_rate", asOf, KpiPeriod.Month, TrendMonths);
        var rates = RateTrendCodes.ToDictionary(c => c, c => data.GetSeriesAsync(c, asOf, KpiPeriod.Ttm, TrendMonths));
        // per horizon: what was recovered within it and the amount of the compensations at least that old
        var horizons = string.Join(",\n", RecoveryCohort.Horizons.Select(h =>
            $"coalesce(sum(recovered_{h}) filter (where paid_on + interval {h} month <= $as_of), 0), " +
            $"sum(compensation_amount) filter (where paid_on + interval {h} month <= $as_of)"));
        var cohorts = data.QueryAsync(Cohorts, $"""
            select year(paid_on), count(*), sum(compensation_amount), sum(recovered),
            {horizons}
            from filtered
            group by 1
            order by 1
            """, new KpiWindow(asOf, asOf));
        await Task.WhenAll([figures, paid, recovered, written, cohorts, .. rates.Values]);

        var months = paid.Result.Select((p, i) => new CompensationMonth(
            p.Window.AsOf, p.Value, recovered.Result[i].Numerator, written.Result[i].Numerator)).ToList();
        var lines = cohorts.Result.Select(r =>
        {
            var after = RecoveryCohort.Horizons.Select((_, i) =>
                KpiService.ToDecimal(r[5 + 2 * i]) is decimal amount && amount > 0 ? (KpiService.ToDecimal(r[4 + 2 * i]) ?? 0) / amount : (decimal?)null).ToList();
            return new RecoveryCohort(Convert.ToInt32(r[0], CultureInfo.InvariantCulture),
                Convert.ToInt64(KpiService.ToDecimal(r[1]), CultureInfo.InvariantCulture),
                KpiService.ToDecimal(r[2]) ?? 0, KpiService.ToDecimal(r[3]) ?? 0, after);
        }).ToList();
        return new RecoveryPanel(figures.Result, months, rates.ToDictionary(r => r.Key, r => r.Value.Result), lines);
    }
}
