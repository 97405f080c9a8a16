using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// What a page is asked for: the filter state from the URL and the caller's access. <paramref name="AsOfText"/> is
/// the as-of as typed (to tell "no such month" from "no as-of given").
/// </summary>
public sealed record PageRequest(FilterState State, DataAccess Access, string? AsOfText = null);

/// <summary>Where a page's as-of date came from and whether the build holds data for it.</summary>
/// <param name="AsOf">the month end the page shows (the latest with data when none or an unusable one was asked).</param>
/// <param name="Invalid">the as-of asked for is no month (2026-13, 9999-12): the latest is shown instead.</param>
/// <param name="OutsideData">the month asked for is outside the build's data: nothing is shown but this.</param>
/// <param name="FirstMonth">the earliest month end with data.</param>
/// <param name="LastMonth">the latest month end with data.</param>
public sealed record PageDate(DateOnly AsOf, string? Invalid, bool OutsideData, DateOnly FirstMonth, DateOnly LastMonth)
{
    public static PageDate Resolve(PageRequest request, FilterOptions options)
    {
        var months = options.MonthEnds; // newest first
        var (first, last) = (months[^1], months[0]);
        var invalid = !string.IsNullOrWhiteSpace(request.AsOfText) && request.State.AsOf is null ? request.AsOfText : null;
        var outside = request.State.AsOf is { } asked && !months.Contains(asked);
        return new PageDate(request.State.AsOf is { } a && !outside ? a : last, invalid, outside, first, last);
    }
}

/// <summary>A 领导驾驶舱 card: a KPI's figure for the period, its trend, its target (same scope and period) and limit.</summary>
/// <param name="Figure">the figure with 同比 and 环比.</param>
/// <param name="Series">the 12-month trend.</param>
/// <param name="Target">the target of the same scope and period, if there is one.</param>
/// <param name="Limit">the red line or ceiling.</param>
/// <param name="CompanyLevel">a regulatory ratio shown at company level although the view is filtered.</param>
/// <param name="Own">the view's own part when the figure shown is wider (a department head's department under a
/// company total; a filtered segment's contribution to a company ratio); the drill-down shows this. Null when the
/// figure is the view's own.</param>
public sealed record LeadershipCard(
    KpiFigure Figure, IReadOnlyList<KpiResult> Series, TargetStatus? Target, decimal? Limit, bool CompanyLevel, KpiResult? Own)
{
    /// <summary>The figure the card's drill-down shows (and reconciles to).</summary>
    public KpiResult DrillFigure => Own ?? Figure.Current;
}

/// <summary>A line of the red-line panel (监管指标).</summary>
public sealed record LeadershipRedLine(KpiFigure Figure, decimal? Limit, bool CompanyLevel, KpiResult? Own)
{
    public KpiResult DrillFigure => Own ?? Figure.Current;
}

/// <summary>A structure (the balance by a dimension): the ranked items and, beyond the top N, what the rest adds up to.</summary>
public sealed record Structure(KpiDimension Dimension, IReadOnlyList<KpiBreakdownItem> Items, decimal? Remainder, int RemainderCount);

/// <summary>Why the department league is empty.</summary>
public enum LeagueNote
{
    None,
    /// <summary>Targets are set per department: a product, industry, region or tier slice has none.</summary>
    NotForSlice,
}

/// <summary>Everything the leadership page shows, for one request.</summary>
public sealed record LeadershipModel(
    BuildPointer Build, FilterOptions Options, PageDate Date, KpiPeriod Period, bool ShowsCompanyTotals, string? OwnDepartment,
    IReadOnlyList<LeadershipCard> Cards, IReadOnlyList<LeadershipRedLine> RedLines,
    IReadOnlyList<TargetStatus> League, LeagueNote LeagueNote, int? TargetQuarter,
    decimal? OverallCompletion, decimal TimeProgress, string? OverallStatus,
    IReadOnlyList<KpiResult> BalanceTrend, IReadOnlyList<KpiResult> NewAmountTrend,
    IReadOnlyList<KpiResult> CompensationTrend, IReadOnlyList<KpiResult> RecoveryRateTrend,
    IReadOnlyList<Structure> Structures);

/// <summary>
/// 领导驾驶舱's data (PAGES.md): cards with 同比/环比, 12-month trends, targets and limits; the red-line panel worst
/// first; overall target completion and the department league for the period; 24-month trends; the balance's
/// structure. One session: every figure of a load comes from one build.
/// </summary>
public sealed class LeadershipDashboard(KpiService kpis)
{
    /// <summary>Cards: value, 同比, a 12-month trend and a light each.</summary>
    public static readonly IReadOnlyList<string> CardCodes = KpiPages.LeadershipCards;

    /// <summary>The red-line panel, worst first on the page.</summary>
    public static readonly IReadOnlyList<string> RedLineCodes = KpiPages.LeadershipRedLines;

    /// <summary>Industries shown as bars; the rest is one remainder line.</summary>
    public const int TopIndustries = 10;

    /// <summary>
    /// The page's data, or null when nothing has been published. Throws <see cref="ScopeRefusedException"/> when the
    /// caller may not see this view. A month outside the build's data gives a model with <see cref="PageDate.OutsideData"/>
    /// and no figures.
    /// </summary>
    public async Task<LeadershipModel?> LoadAsync(PageRequest request)
    {
        if (kpis.CurrentBuild is null) return null;
        using var data = ScopedData.Open(kpis, request.Access, request.State, companyTotals: true);
        return await LoadAsync(data, request);
    }

    public static async Task<LeadershipModel> LoadAsync(ScopedData data, PageRequest request)
    {
        var options = data.FilterOptions();
        var date = PageDate.Resolve(request, options);
        var period = request.State.Period;
        var own = data.OwnScope is not null ? data.Access.Department : null;
        if (date.OutsideData)
        {
            return new LeadershipModel(data.Build, options, date, period, data.Scope.IsAll, own, [], [], [], LeagueNote.None, null,
                null, 0, null, [], [], [], [], []);
        }
        var asOf = date.AsOf;
        var window = KpiWindow.For(asOf, period);
        var codes = CardCodes.Concat(RedLineCodes).Distinct().ToList();

        var figuresTask = data.GetFiguresAsync(codes, asOf, period);
        var ownTask = data.GetOwnPartsAsync(codes, window);
        var seriesTasks = CardCodes.ToDictionary(c => c, c => data.GetSeriesAsync(c, asOf, period, 12));
        // the year's targets (ceilings for the limits, completion for 年初至今) and the quarter's for 当季
        int? quarter = period == KpiPeriod.Quarter ? (asOf.Month - 1) / 3 + 1 : null;
        var targetsTask = data.GetTargetsAsync(asOf, year: asOf.Year, quarters: new HashSet<int?> { null, quarter });
        var trendTasks = new[]
        {
            data.GetSeriesAsync("balance", asOf, KpiPeriod.Month, 24),
            data.GetSeriesAsync("new_amount", asOf, KpiPeriod.Month, 24),
            data.GetSeriesAsync("compensation_amount", asOf, KpiPeriod.Month, 24),
            data.GetSeriesAsync("recovery_rate", asOf, KpiPeriod.Ttm, 24),
        };
        var dimensions = new[] { KpiDimension.Product, KpiDimension.Industry, KpiDimension.Region, KpiDimension.Tier };
        var structureTask = data.GetBreakdownsAsync("balance", window, dimensions); // one statement for the four
        await Task.WhenAll([figuresTask, ownTask, targetsTask, .. seriesTasks.Values, .. trendTasks, structureTask]);

        var figures = figuresTask.Result.ToDictionary(f => f.Kpi.Code);
        var owns = ownTask.Result;

        // targets of the same period: the quarter's when the period is a quarter, the year's for year to date
        var periodTargets = targetsTask.Result
            .Where(t => t.Year == asOf.Year && t.Quarter == quarter && period is KpiPeriod.Quarter or KpiPeriod.Ytd)
            .ToList();
        // the scope the headline figures are of: the company, one department, or a slice without targets
        var targetDepartment = data.Filter with { Department = null } != KpiFilter.None ? null
            : data.Scope.IsAll ? data.Filter.Department ?? "ALL"
            : data.Scope.Departments.Count == 1 ? data.Scope.Departments[0] : null;
        TargetStatus? Target(string code) => targetDepartment is null ? null
            : periodTargets.FirstOrDefault(t => t.Department == targetDepartment && t.KpiCode == code);
        var yearTargets = targetsTask.Result.Where(t => t.Year == asOf.Year && t.Quarter is null).ToList();
        // a ceiling (a lower-is-better target) is the limit of the scope it was set for: the company's, or the
        // department's the view is in (a slice within a department is held to the department's ceiling)
        var ceilingDepartment = targetDepartment
            ?? data.Filter.Department
            ?? (data.Scope.IsAll ? "ALL" : data.Scope.Departments.Count == 1 ? data.Scope.Departments[0] : null);
        decimal? Limit(string code)
        {
            var kpi = KpiCatalog.Get(code);
            if (kpi.RedLine is { } line) return line;
            return kpi.Direction == KpiDirection.LowerIsBetter
                ? yearTargets.FirstOrDefault(t => t.Department == ceilingDepartment && t.KpiCode == code)?.Target
                : null;
        }

        var cards = CardCodes
            .Select(c => new LeadershipCard(figures[c], seriesTasks[c].Result,
                KpiCatalog.Get(c).IsCumulative ? Target(c) : null, Limit(c), data.ShownAtCompanyLevel(c), owns.GetValueOrDefault(c)))
            .ToList();
        var redLines = RedLineCodes
            .Select(c => new LeadershipRedLine(figures[c], Limit(c), data.ShownAtCompanyLevel(c), owns.GetValueOrDefault(c)))
            .OrderByDescending(r => r.Limit is { } l && l != 0 && r.Figure.Current.Value is { } v ? v / l : -1m)
            .ToList();

        // overall completion: the cumulative targets of the headline's scope and period
        var cumulative = targetDepartment is null ? [] : periodTargets
            .Where(t => t.Department == targetDepartment && KpiCatalog.Get(t.KpiCode).IsCumulative && t.Completion is not null)
            .ToList();
        decimal? overall = cumulative.Count == 0 ? null : cumulative.Average(t => t.Completion!.Value);
        var progress = cumulative.FirstOrDefault()?.TimeProgress ?? TimeProgress(asOf, period);
        var overallStatus = overall is { } o ? TargetService.Status(o, progress) : null;

        // the league: each department's completion of its new-business target for the period, within the filter
        var sliced = data.Filter with { Department = null } != KpiFilter.None;
        var league = sliced ? [] : periodTargets
            .Where(t => t.Department != "ALL" && t.KpiCode == "new_amount")
            .Where(t => data.Filter.Department is null || t.Department == data.Filter.Department)
            .OrderByDescending(t => t.Completion).ToList();

        var structures = dimensions.Select((d, i) =>
        {
            var items = structureTask.Result[d].Where(r => r.Key is not null && r.Value is not null).ToList();
            if (d != KpiDimension.Industry || items.Count <= TopIndustries) return new Structure(d, items, null, 0);
            var rest = items.Skip(TopIndustries).ToList();
            return new Structure(d, items.Take(TopIndustries).ToList(), rest.Sum(r => r.Value!.Value), rest.Count);
        }).ToList();

        return new LeadershipModel(data.Build, options, date, period, data.Scope.IsAll, own, cards, redLines,
            league, sliced ? LeagueNote.NotForSlice : LeagueNote.None, quarter, overall, progress, overallStatus,
            trendTasks[0].Result, trendTasks[1].Result, trendTasks[2].Result, trendTasks[3].Result, structures);
    }

    private static decimal TimeProgress(DateOnly asOf, KpiPeriod period)
    {
        var window = KpiWindow.For(asOf, period == KpiPeriod.Quarter ? KpiPeriod.Quarter : KpiPeriod.Ytd);
        var end = period == KpiPeriod.Quarter ? KpiWindow.MonthEnd(window.From.AddMonths(2)) : new DateOnly(asOf.Year, 12, 31);
        return (decimal)(asOf.DayNumber - window.From.DayNumber + 1) / (end.DayNumber - window.From.DayNumber + 1);
    }
}
