using System.Globalization;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;

namespace Cockpit.Warehouse.Pages;

/// <summary>A line of the goals table: a target with its actual, and the gap in the KPI's own unit (positive = ahead).</summary>
public sealed record GoalLine(TargetStatus Target, decimal? Gap)
{
    public KpiDefinition Kpi => KpiCatalog.Get(Target.KpiCode);

    /// <summary>actual − target for higher-is-better KPIs, target − actual for ceilings: negative means short of it.</summary>
    public static GoalLine For(TargetStatus t) => new(t, t.Actual is not { } actual ? null
        : KpiCatalog.Get(t.KpiCode).Direction == KpiDirection.HigherIsBetter ? actual - t.Target : t.Target - actual);

    /// <summary>Red first, then amber, then green; within a colour the lowest completion first.</summary>
    public static IReadOnlyList<GoalLine> WorstFirst(IEnumerable<TargetStatus> targets) => targets
        .Select(For)
        .OrderBy(g => g.Target.Status switch { TargetStatuses.Red => 0, TargetStatuses.Amber => 1, TargetStatuses.Green => 2, _ => 3 })
        .ThenBy(g => g.Target.Completion ?? decimal.MaxValue)
        .ThenBy(g => g.Target.KpiCode, StringComparer.Ordinal)
        .ToList();
}

/// <summary>A customer manager's figures for the period (balances at D); null where they have none.</summary>
public sealed record ManagerLine(
    string Code, string Name, string? DepartmentCode, int Rank,
    decimal NewAmount, decimal NewCustomers, decimal FeeIncome, decimal Balance, decimal OverdueBalance,
    decimal Compensation, decimal? ApprovalDays, decimal? Nps, long NpsResponses);

/// <summary>The funnel of the applications received in the period, as far as they got by D.</summary>
public sealed record Funnel(
    long Received, long DueDiligence, long Reviewed, long Approved, long Signed,
    decimal? DaysToDueDiligence, decimal? DaysToReview, decimal? DaysToDecision, decimal? DaysToSigning)
{
    /// <summary>Each stage's count ÷ the previous stage's.</summary>
    public IReadOnlyList<(string Stage, long Count, decimal? Conversion)> Stages =>
    [
        ("received", Received, null),
        ("due_diligence", DueDiligence, Ratio(DueDiligence, Received)),
        ("review", Reviewed, Ratio(Reviewed, DueDiligence)),
        ("approved", Approved, Ratio(Approved, Reviewed)),
        ("signed", Signed, Ratio(Signed, Approved)),
    ];

    private static decimal? Ratio(long part, long whole) => whole == 0 ? null : (decimal)part / whole;
}

/// <summary>An application waiting at a stage longer than the page's limit.</summary>
public sealed record StuckApplication(
    long ApplicationId, string CustomerName, string? ManagerName, string? DepartmentCode, string Stage, DateOnly Since, int Days, decimal RequestedAmount,
    string? CreditCode = null, long? CustomerId = null);

/// <summary>渠道贡献: a channel's applications received in the period and how they were decided.</summary>
public sealed record ChannelLine(string Channel, string NameZh, string NameEn, long Applications, long Approved, long Rejected, decimal ApprovedAmount)
{
    /// <summary>approved ÷ (approved + rejected); withdrawn and undecided ones count on neither side.</summary>
    public decimal? ApprovalRate => Approved + Rejected == 0 ? null : (decimal)Approved / (Approved + Rejected);
}

/// <summary>An application whose due diligence in the period was not done by two managers.</summary>
public sealed record DueDiligenceException(
    long ApplicationId, string CustomerName, string? DepartmentCode, DateOnly DueDiligenceOn, string? ManagerA, string? ManagerB,
    string? CreditCode = null, long? CustomerId = null);

/// <summary>Everything the business page shows, for one request.</summary>
public sealed record BusinessModel(
    BuildPointer Build, FilterOptions Options, PageDate Date, KpiPeriod Period, string TargetDepartment, int Quarter,
    IReadOnlyList<GoalLine> QuarterGoals, IReadOnlyList<GoalLine> YearGoals,
    IReadOnlyList<ManagerLine> Managers, ManagerLine Total,
    Funnel Funnel, int StuckDays, IReadOnlyList<StuckApplication> Stuck, IReadOnlyList<ChannelLine> Channels,
    KpiResult DualDueDiligence, IReadOnlyList<DueDiligenceException> Exceptions,
    IReadOnlyList<KpiBreakdownItem> ProductMix, decimal NewCustomerAmount, decimal ReturningCustomerAmount,
    KpiResult AverageFeeRate, IReadOnlyList<KpiResult> ApprovalCycleTrend);

/// <summary>
/// 业务驾驶舱's data (PAGES.md): a department's quarter and year goals, its customer managers, the application funnel
/// and channels, the dual due-diligence rule, and the business mix. Executives see the company (ALL targets) or the
/// department they pick; a department head their own department only. One session: one build.
/// </summary>
public static class BusinessDashboard
{
    /// <summary>
    /// Days at one stage after which an application received in the period and not yet through (decided, or approved
    /// and signed) by D is listed as stuck (configurable: Business:StuckDays).
    /// </summary>
    public const int DefaultStuckDays = 30;

    private static readonly RowQuery Applications = new("business:applications", """
        select a.*, ch.name_zh as channel_name, ch.name_en as channel_name_en
        from wide_application as a
        left join dim_channel as ch on ch.channel = a.channel
        """);

    private static readonly RowQuery ManagersOfDepartments = new("business:managers", """
        select s.code as manager_code, s.name as manager_name, d.code as department_code,
            -- a manager belongs to no product, industry, region or tier: kept under those filters
            cast(null as varchar) as product_code, cast(null as varchar) as industry_code,
            cast(null as varchar) as region_code, cast(null as varchar) as tier
        from dim_staff as s
        inner join dim_department as d on d.department_id = s.department_id
        where s.role = 'customer_manager'
        """);

    private static readonly RowQuery ContractsWithFirstStart = new("business:contracts", """
        select w.*, f.first_start_on
        from wide_contract as w
        inner join (select customer_id, min(start_on) as first_start_on from fct_contract group by customer_id) as f
            on f.customer_id = w.customer_id
        """);

    public static async Task<BusinessModel> LoadAsync(ScopedData data, PageRequest request, int stuckDays = DefaultStuckDays)
    {
        var options = data.FilterOptions();
        var date = PageDate.Resolve(request, options);
        var asOf = date.AsOf;
        var period = request.State.Period;
        var window = KpiWindow.For(asOf, period);
        var quarter = (asOf.Month - 1) / 3 + 1;
        // whose goals: the department the view is in, or the company's for a company-wide view
        var department = data.Filter.Department ?? (data.Scope.IsAll ? "ALL" : data.Scope.Departments[0]);

        var targetsTask = data.GetTargetsAsync(asOf, asOf.Year, new HashSet<int?> { null, quarter });
        var managerCodes = new[] { "new_amount", "new_customers", "fee_income", "balance", "overdue_rate", "compensation_amount", "approval_days", "nps" };
        var managerTasks = managerCodes.ToDictionary(c => c, c => data.GetBreakdownAsync(c, window, KpiDimension.Manager));
        var totalsTask = Task.WhenAll(managerCodes.Select(c => data.GetAsync(c, window)));
        var rosterTask = data.QueryAsync(ManagersOfDepartments, "select manager_code, manager_name, department_code from filtered order by manager_code", window);
        var funnelTask = data.QueryAsync(Applications, """
            select
                count(*) as received,
                count(*) filter (where due_diligence_on <= $as_of) as due_diligence,
                count(*) filter (where review_on <= $as_of) as reviewed,
                count(*) filter (where decision = 'approved' and decided_on <= $as_of) as approved,
                count(*) filter (where contract_start_on <= $as_of) as signed,
                median(date_diff('day', received_on, due_diligence_on)) filter (where due_diligence_on <= $as_of),
                median(date_diff('day', due_diligence_on, review_on)) filter (where review_on <= $as_of),
                median(date_diff('day', review_on, decided_on)) filter (where decided_on <= $as_of and review_on is not null),
                median(date_diff('day', decided_on, contract_start_on)) filter (where contract_start_on <= $as_of and decision = 'approved')
            from filtered
            where received_on between $from and $to
            """, window);
        var stuckTask = data.QueryAsync(Applications, """
            , open as (
                select application_id, customer_name, manager_name, department_code, requested_amount, credit_code, customer_id,
                    case
                        when decision = 'approved' then 'signing'
                        when review_on is not null then 'review'
                        when due_diligence_on is not null then 'due_diligence'
                        else 'received'
                    end as stage,
                    case when decision = 'approved' then decided_on else coalesce(review_on, due_diligence_on, received_on) end as since
                from filtered
                where received_on between $from and $to
                    and (decision is null or decided_on > $as_of
                        or (decision = 'approved' and (contract_start_on is null or contract_start_on > $as_of)))
            )
            select application_id, customer_name, manager_name, department_code, stage, since,
                date_diff('day', since, $as_of) as days, requested_amount, credit_code, customer_id
            from open
            where date_diff('day', since, $as_of) > $stuck_days
            order by days desc, application_id
            """, window, new Dictionary<string, object> { ["stuck_days"] = stuckDays });
        var channelsTask = data.QueryAsync(Applications, """
            select channel, any_value(channel_name), any_value(channel_name_en), count(*),
                count(*) filter (where decision = 'approved' and decided_on <= $as_of),
                count(*) filter (where decision = 'rejected' and decided_on <= $as_of),
                coalesce(sum(requested_amount) filter (where decision = 'approved' and decided_on <= $as_of), 0)
            from filtered
            where received_on between $from and $to
            group by channel
            order by count(*) desc, channel
            """, window);
        var dualTask = data.GetAsync("dual_due_diligence_rate", window);
        var exceptionsTask = data.QueryAsync(Applications, """
            select application_id, customer_name, department_code, due_diligence_on, manager_name, manager_b_name, credit_code, customer_id
            from filtered
            where due_diligence_on between $from and $to
                and (manager_b_code is null or manager_b_code = manager_code)
            order by due_diligence_on, application_id
            """, window);
        var mixTask = data.GetBreakdownAsync("new_amount", window, KpiDimension.Product);
        var newVsReturningTask = data.QueryAsync(ContractsWithFirstStart, """
            select
                coalesce(sum(amount) filter (where first_start_on between $from and $to), 0),
                coalesce(sum(amount) filter (where first_start_on < $from), 0)
            from filtered
            where start_on between $from and $to
            """, window);
        var feeRateTask = data.GetAsync("avg_fee_rate", window);
        var cycleTask = data.GetSeriesAsync("approval_days", asOf, KpiPeriod.Month, 12);
        await Task.WhenAll([targetsTask, .. managerTasks.Values, totalsTask, rosterTask, funnelTask, stuckTask, channelsTask,
            dualTask, exceptionsTask, mixTask, newVsReturningTask, feeRateTask, cycleTask]);
        var mask = await data.PersonalMaskAsync();

        var targets = targetsTask.Result.Where(t => t.Department == department && t.Year == asOf.Year).ToList();
        var managers = Managers(rosterTask.Result, managerTasks.ToDictionary(p => p.Key, p => p.Value.Result));
        var totals = managerCodes.Zip(totalsTask.Result).ToDictionary(p => p.First, p => p.Second);
        var total = new ManagerLine("", "", department, 0,
            totals["new_amount"].Value ?? 0, totals["new_customers"].Value ?? 0, totals["fee_income"].Value ?? 0,
            totals["balance"].Value ?? 0, totals["overdue_rate"].Numerator ?? 0, totals["compensation_amount"].Value ?? 0,
            totals["approval_days"].Value, totals["nps"].Value, totals["nps"].Rows);

        var f = funnelTask.Result[0];
        var funnel = new Funnel(Long(f[0]), Long(f[1]), Long(f[2]), Long(f[3]), Long(f[4]), Dec(f[5]), Dec(f[6]), Dec(f[7]), Dec(f[8]));
        var stuck = stuckTask.Result.Select(r => new StuckApplication(Long(r[0]), (string)r[1]!, (string?)r[2], (string?)r[3], (string)r[4]!,
            Date(r[5]), (int)Long(r[6]), Dec(r[7]) ?? 0, mask.Code((string?)r[8]), Long(r[9]))).ToList();
        var channels = channelsTask.Result.Select(r => new ChannelLine((string)r[0]!, (string?)r[1] ?? (string)r[0]!, (string?)r[2] ?? (string)r[0]!,
            Long(r[3]), Long(r[4]), Long(r[5]), Dec(r[6]) ?? 0)).ToList();
        var exceptions = exceptionsTask.Result.Select(r => new DueDiligenceException(Long(r[0]), (string)r[1]!, (string?)r[2], Date(r[3]),
            (string?)r[4], (string?)r[5], mask.Code((string?)r[6]), Long(r[7]))).ToList();
        var split = newVsReturningTask.Result[0];

        return new BusinessModel(data.Build, options, date, period, department, quarter,
            GoalLine.WorstFirst(targets.Where(t => t.Quarter == quarter)), GoalLine.WorstFirst(targets.Where(t => t.Quarter is null)),
            managers, total, funnel, stuckDays, stuck, channels, dualTask.Result, exceptions,
            mixTask.Result.Where(r => r.Key is not null).ToList(), Dec(split[0]) ?? 0, Dec(split[1]) ?? 0,
            feeRateTask.Result, cycleTask.Result);
    }

    /// <summary>The department's managers (also those without business in the period), ranked by new business.</summary>
    private static List<ManagerLine> Managers(IReadOnlyList<object?[]> roster, Dictionary<string, IReadOnlyList<KpiBreakdownItem>> by)
    {
        Dictionary<string, KpiBreakdownItem> Of(string code) =>
            by[code].Where(i => i.Key is not null).ToDictionary(i => i.Key!, StringComparer.Ordinal);
        var (amount, customers, fees, balance, overdue, compensation, days, nps) = (Of("new_amount"), Of("new_customers"), Of("fee_income"),
            Of("balance"), Of("overdue_rate"), Of("compensation_amount"), Of("approval_days"), Of("nps"));
        var names = roster.ToDictionary(r => (string)r[0]!, r => ((string)r[1]!, (string?)r[2]), StringComparer.Ordinal);
        // a manager who has left the roster but still has a book is listed too
        foreach (var item in new[] { amount, customers, fees, balance, overdue, compensation, days, nps }.SelectMany(d => d.Values))
        {
            names.TryAdd(item.Key!, (item.Label ?? item.Key!, null));
        }
        decimal Num(Dictionary<string, KpiBreakdownItem> d, string code) => d.TryGetValue(code, out var i) ? i.Numerator ?? 0 : 0;
        return names
            .Select(p => new ManagerLine(p.Key, p.Value.Item1, p.Value.Item2, 0,
                Num(amount, p.Key), Num(customers, p.Key), Num(fees, p.Key), Num(balance, p.Key), Num(overdue, p.Key), Num(compensation, p.Key),
                days.TryGetValue(p.Key, out var d) ? d.Value : null, nps.TryGetValue(p.Key, out var n) ? n.Value : null,
                nps.TryGetValue(p.Key, out var m) ? m.Rows : 0))
            .OrderByDescending(m => m.NewAmount).ThenByDescending(m => m.Balance).ThenBy(m => m.Code, StringComparer.Ordinal)
            .Select((m, i) => m with { Rank = i + 1 })
            .ToList();
    }

    private static long Long(object? v) => v is null ? 0 : Convert.ToInt64(KpiService.ToDecimal(v), CultureInfo.InvariantCulture);

    private static decimal? Dec(object? v) => KpiService.ToDecimal(v);

    private static DateOnly Date(object? v) => v switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => throw new InvalidCastException($"not a date: {v}"),
    };
}
