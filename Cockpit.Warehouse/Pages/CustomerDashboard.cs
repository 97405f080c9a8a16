using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>What the customer page asks for besides the filter state: the verbatims' search and how many to show.</summary>
/// <param name="Search">text a verbatim's comment, customer name or credit code must contain (case-insensitive); none: all.</param>
/// <param name="VerbatimLimit">the most verbatims returned (the rest are counted).</param>
public sealed record CustomerOptions(string? Search = null, int VerbatimLimit = CustomerOptions.DefaultVerbatimLimit)
{
    public const int DefaultVerbatimLimit = 200;

    public static readonly CustomerOptions Default = new();
}

/// <summary>
/// An NPS value with its responses: a month of the trend (<see cref="Key"/> = "yyyy-MM") or a member of a breakdown
/// (a department, product, tier, channel or customer manager). Margin and the unreliable flag as
/// <see cref="KpiResult.Margin"/> and <see cref="KpiResult.Unreliable"/>.
/// </summary>
/// <param name="Key">the member's code (null: responses not attributable to one).</param>
/// <param name="Label">its name (the code where it has none: channels and tiers are named by the page).</param>
/// <param name="Nps">the NPS over the member's responses: Rows = responses, Positive = promoters, Negative = detractors.</param>
public sealed record NpsLine(string? Key, string? Label, KpiResult Nps)
{
    public long Responses => Nps.Rows;

    public decimal? Value => Nps.Value;

    /// <summary>The 95 % margin on the −100…100 scale.</summary>
    public decimal? Margin => Nps.Margin;

    /// <summary>Fewer than 30 responses.</summary>
    public bool Unreliable => Nps.Unreliable;

    public long Promoters => Nps.Positive;

    public long Passives => Nps.Rows - Nps.Positive - Nps.Negative;

    public long Detractors => Nps.Negative;

    /// <summary>The month end of a trend point (the end of the window).</summary>
    public DateOnly Month => Nps.Window.AsOf;
}

/// <summary>The dimensions NPS is broken down by on the customer page.</summary>
public enum NpsDimension
{
    /// <summary>The customer's department (its manager's), as the nps KPI's rows carry it.</summary>
    Department,
    /// <summary>
    /// The product of the customer's contract that started last on or before the survey date (a response is about the
    /// customer, not a contract); null key: the customer had no contract yet.
    /// </summary>
    Product,
    /// <summary>The customer's tier (战略 / 核心 / 潜力 / 普通).</summary>
    Tier,
    /// <summary>The survey's channel (phone, wechat, onsite, sms…).</summary>
    Channel,
    /// <summary>The customer's manager.</summary>
    Manager,
}

/// <summary>NPS by one dimension, most responses first; the lines add up to the period's responses.</summary>
public sealed record NpsBreakdown(NpsDimension Dimension, IReadOnlyList<NpsLine> Lines);

/// <summary>
/// NPS for the period: the figure (with 同比 and 环比), whether it moved against the previous period and a year ago
/// (<see cref="NpsComparison"/>: rise or fall only beyond the difference's own margin), 24 months of trend and the
/// breakdowns. The margins are the 95 % margins of the differences (<see cref="NpsComparison.DifferenceMargin"/>;
/// null: not comparable).
/// </summary>
public sealed record NpsPanel(
    KpiFigure Figure, NpsChange VsPrevious, decimal? VsPreviousMargin, NpsChange VsYearAgo, decimal? VsYearAgoMargin,
    IReadOnlyList<NpsLine> Trend, IReadOnlyList<NpsBreakdown> Breakdowns)
{
    public NpsLine Current => new(null, null, Figure.Current);
}

/// <summary>How many responses of the period gave a CSAT score (1–5).</summary>
public sealed record CsatScoreCount(int Score, long Responses);

/// <summary>
/// CSAT for the period (share scoring 4 or 5), 24 months of trend, and the period's score distribution (1 to 5);
/// <see cref="WithoutScore"/>: responses of the period that gave no CSAT score (not counted in CSAT).
/// </summary>
public sealed record CsatPanel(KpiFigure Figure, IReadOnlyList<KpiResult> Trend, IReadOnlyList<CsatScoreCount> Distribution, long WithoutScore);

/// <summary>
/// A survey comment (客户原声), as the customer wrote it: untrusted text, to be shown as text only.
/// </summary>
public sealed record Verbatim(
    string ResponseId, DateOnly SurveyedOn, int NpsScore, int? Csat, string Comment, string Channel,
    long CustomerId, string CustomerName, string? CreditCode, string? DepartmentCode, string? DepartmentName);

/// <summary>
/// The period's comments, newest first, at most the options' limit; <see cref="Total"/> match (listed and not),
/// <see cref="More"/> are not listed. <see cref="Search"/>: the search applied (null: none).
/// </summary>
public sealed record VerbatimList(IReadOnlyList<Verbatim> Lines, long Total, string? Search)
{
    public long More => Total - Lines.Count;
}

/// <summary>Complaints of the period by a category or the department they are about.</summary>
public sealed record ComplaintCount(string Key, string Label, long Complaints);

/// <summary>
/// A complaint not resolved by the end of D, with its service-level deadlines (response: received + the response hours;
/// resolution: received + the resolution days) and the hours past the resolution deadline at the end of D (negative:
/// hours left). <see cref="ResponseLate"/>: not answered by the end of D past its response deadline, or answered late.
/// </summary>
public sealed record OpenComplaint(
    string ComplaintId, DateTime ReceivedAt, DateTime? RespondedAt, string Category,
    string DepartmentCode, string DepartmentName, long CustomerId, string CustomerName, string? CreditCode,
    DateTime ResponseDeadline, DateTime ResolveDeadline, decimal HoursOverdue, bool ResponseLate)
{
    /// <summary>Past its resolution deadline at the end of D.</summary>
    public bool Overdue => HoursOverdue > 0;
}

/// <summary>
/// Complaints: the period's figures (complaints, complaint_response_hours, complaint_ontime_rate), the service level
/// they are judged by (the same values the on-time KPI binds), volume by category and department, and the complaints
/// open at D, those past their deadline first (most hours overdue first), then the rest by deadline.
/// </summary>
public sealed record ComplaintPanel(
    IReadOnlyList<KpiFigure> Figures, int ResponseHours, int ResolveDays,
    IReadOnlyList<ComplaintCount> ByCategory, IReadOnlyList<ComplaintCount> ByDepartment, IReadOnlyList<OpenComplaint> Open);

/// <summary>Renewal and churn of the customers of one tier whose contracts matured in the period (renewal_rate's rows).</summary>
/// <param name="Tier">the tier code (strategic, core, potential, ordinary).</param>
/// <param name="Maturing">customers with a contract maturing in the period.</param>
/// <param name="Renewed">of them, renewed within 90 days either side of the maturity (by D).</param>
public sealed record TierRenewal(string Tier, long Maturing, long Renewed)
{
    public long Churned => Maturing - Renewed;

    public decimal? RenewalRate => Maturing == 0 ? null : (decimal)Renewed / Maturing;

    public decimal? ChurnRate => Maturing == 0 ? null : (decimal)Churned / Maturing;
}

/// <summary>Renewal and churn overall (the KPIs, with 同比 and 环比) and for the core and strategic tiers.</summary>
public sealed record RenewalPanel(KpiFigure Renewal, KpiFigure Churn, IReadOnlyList<TierRenewal> Tiers);

/// <summary>
/// A customer whose contract matured in the period without a renewal (churn_rate's numerator rows): who to call.
/// <see cref="Amount"/>: the contract's amount (yuan). <see cref="BalanceLeft"/>: the balance that left, the contract's
/// outstanding at its last month-end snapshot (yuan; null when it never had one), taken at <see cref="LastBalanceOn"/>.
/// <see cref="LastNpsScore"/>, <see cref="LastCsat"/>, <see cref="LastSurveyedOn"/>: the customer's latest survey
/// response by D (null: never surveyed).
/// </summary>
public sealed record CallListLine(
    long CustomerId, string CustomerName, string? CreditCode, string? Tier,
    string? ManagerCode, string? ManagerName, string? DepartmentCode, string? DepartmentName,
    string ContractNo, string? ProductName, string ContractStatus, DateOnly MaturityOn, decimal Amount,
    decimal? BalanceLeft, DateOnly? LastBalanceOn, int? LastNpsScore, int? LastCsat, DateOnly? LastSurveyedOn);

/// <summary>
/// One tier at D: customers with a contract in force and their balance, and the period's NPS and churn of the tier.
/// </summary>
public sealed record TierLine(string Tier, long Customers, decimal Balance, NpsLine Nps, TierRenewal Renewal);

/// <summary>
/// Everything the customer page (客户驾驶舱) shows, for one request. <see cref="Figures"/>: the period's figures (nps,
/// csat, complaints, complaint_response_hours, complaint_ontime_rate, renewal_rate, churn_rate, in
/// <see cref="CustomerDashboard.FigureCodes"/>'s order).
/// </summary>
public sealed record CustomerModel(
    BuildPointer Build, FilterOptions Options, PageDate Date, KpiPeriod Period,
    IReadOnlyList<KpiFigure> Figures, NpsPanel Nps, CsatPanel Csat, VerbatimList Verbatims, ComplaintPanel Complaints,
    RenewalPanel Renewal, IReadOnlyList<CallListLine> CallList, IReadOnlyList<TierLine> Tiers)
{
    public KpiFigure Figure(string code) => Figures.Single(f => f.Kpi.Code == code);
}

/// <summary>
/// 客户驾驶舱's data (PAGES.md, issue 14): NPS with its uncertainty, CSAT, verbatims, complaints against the service
/// level, renewal and churn with the call list, and the tiers. Every read goes through <see cref="ScopedData"/>, so the
/// filter bar and the department scope apply. One session: one build.
/// </summary>
public static class CustomerDashboard
{
    public static readonly IReadOnlyList<string> FigureCodes =
        ["nps", "csat", "complaints", "complaint_response_hours", "complaint_ontime_rate", "renewal_rate", "churn_rate"];

    public const int TrendMonths = 24;

    /// <summary>The tiers, most important first.</summary>
    public static readonly IReadOnlyList<string> TierCodes = ["strategic", "core", "potential", "ordinary"];

    /// <summary>The tiers whose renewal the page shows beside the overall figure.</summary>
    public static readonly IReadOnlyList<string> RenewalTiers = ["core", "strategic"];

    /// <summary>The longest search kept (a longer paste is cut, not refused).</summary>
    public const int MaxSearchLength = 200;

    /// <summary>The NPS breakdowns in the page's order, with the key and label columns of the responses.</summary>
    private static readonly IReadOnlyList<(NpsDimension Dimension, string Key, string Label)> NpsColumns =
    [
        (NpsDimension.Department, "department_code", "department_name"),
        (NpsDimension.Product, "survey_product_code", "survey_product_name"),
        (NpsDimension.Tier, "tier", "tier"),
        (NpsDimension.Channel, "survey_channel", "survey_channel"),
        (NpsDimension.Manager, "manager_code", "manager_name"),
    ];

    /// <summary>
    /// Complaints received by the end of D and not resolved by then, with their service-level deadlines; the same
    /// joins as the complaint KPIs (department: the one the complaint is about) and the same bound service level.
    /// </summary>
    private static readonly RowQuery OpenComplaints = new("customers:open-complaints", """
        select
            'complaint' as row_kind,
            k.complaint_id, k.received_at, k.responded_at, k.resolved_at, k.category,
            c.* exclude (customer_id, department_code, department_name), k.customer_id,
            d.code as department_code, d.name as department_name,
            cast(null as varchar) as product_code,
            k.received_at + to_hours(cast($response_hours as integer)) as response_deadline,
            k.received_at + to_days(cast($resolve_days as integer)) as resolve_deadline
        from fct_complaint as k
        inner join wide_customer as c on c.customer_id = k.customer_id
        inner join dim_department as d on d.department_id = k.department_id
        where k.received_at < $as_of + interval 1 day
            and (k.resolved_at is null or k.resolved_at >= $as_of + interval 1 day)
        """);

    /// <summary>
    /// The call list: churn_rate's numerator rows (kpi_maturities without a renewal), with the contract's last
    /// month-end balance by D and the customer's latest survey response by D.
    /// </summary>
    private static readonly RowQuery CallRows = new("customers:call-list", """
        with churned as (
            select * from kpi_maturities($from, $to, $as_of) where renewed_by is null
        ),

        last_balance as (
            select contract_id, max(as_of) as balance_on, arg_max(outstanding, as_of) as balance_left
            from fct_balance_snapshot
            where as_of <= $as_of
            group by contract_id
        ),

        last_survey as (
            select customer_id, nps_score, csat, surveyed_on,
                row_number() over (partition by customer_id order by surveyed_on desc, response_id desc) as rank_in_customer
            from fct_survey_response
            where surveyed_on <= $as_of
        )

        select m.*, b.balance_on, b.balance_left,
            s.nps_score as last_nps_score, s.csat as last_csat, s.surveyed_on as last_surveyed_on
        from churned as m
        left join last_balance as b on b.contract_id = m.contract_id
        left join last_survey as s on s.customer_id = m.customer_id and s.rank_in_customer = 1
        """);

    /// <summary>The contracts in force at D (the balance KPI's rows).</summary>
    private static readonly RowQuery Snapshots = new("customers:snapshots", "select * from wide_snapshot where as_of = $as_of");

    /// <summary>
    /// The nps KPI's own rows (so every count reconciles to it) with the product of the customer's contract that started
    /// last on or before the survey date. <c>product_code</c> stays NULL as in the KPI: the product filter keeps every
    /// response, exactly as the figure does.
    /// </summary>
    /// <summary>One part of a statement of several (its first column the part's number), without that column.</summary>
    private static IReadOnlyList<object?[]> Part(Task<IReadOnlyList<object?[]>> rows, int part) =>
        rows.Result.Where(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture) == part).Select(r => r[1..]).ToList();

    private static RowQuery NpsResponses(ScopedData data) => new("customers:nps-responses", $"""
        with responses as (
            select * from (
        {data.Session.Service.KpiRows(KpiCatalog.Get("nps")).Sql}
            )
        ),

        products as (
            select r.response_id, k.product_id,
                row_number() over (partition by r.response_id order by k.start_on desc, k.contract_id desc) as rank_in_response
            from responses as r
            inner join fct_contract as k on k.customer_id = r.customer_id and k.start_on <= r.surveyed_on
        )

        select r.*, p.code as survey_product_code, p.name as survey_product_name
        from responses as r
        left join products as l on l.response_id = r.response_id and l.rank_in_response = 1
        left join dim_product as p on p.product_id = l.product_id
        """);

    /// <param name="data">the page's data (session, scope, filter).</param>
    /// <param name="request">the filter state and the caller.</param>
    /// <param name="options">the verbatims' search and limit.</param>
    public static async Task<CustomerModel> LoadAsync(ScopedData data, PageRequest request, CustomerOptions options)
    {
        var filterOptions = data.FilterOptions();
        var date = PageDate.Resolve(request, filterOptions);
        var asOf = date.AsOf;
        var period = request.State.Period;
        var window = KpiWindow.For(asOf, period);
        var service = data.Session.Service;

        var figures = data.GetFiguresAsync(FigureCodes, asOf, period);
        var npsTrend = data.GetSeriesAsync("nps", asOf, KpiPeriod.Month, TrendMonths);
        var csatTrend = data.GetSeriesAsync("csat", asOf, KpiPeriod.Month, TrendMonths);
        var responses = NpsResponses(data);
        // the five NPS breakdowns and the CSAT scores read the same responses: one statement, a part per breakdown
        var parts = NpsColumns.Select((c, i) => $"""
            select {i} as part, cast({c.Key} as varchar) as key, cast(any_value({c.Label}) as varchar) as label, count(*) as n,
                sum(numerator), sum(denominator), count(*) filter (where numerator > 0), count(*) filter (where numerator < 0)
            from filtered
            group by 2
            """).Append($"""
            select {NpsColumns.Count} as part, cast(csat as varchar) as key, null as label, count(*) as n, null, null, null, null
            from filtered
            group by 2
            """);
        var responseParts = data.QueryAsync(responses, $"""
            , parts as (
            {string.Join("\nunion all\n", parts)}
            )
            select * from parts order by part, n desc, key nulls last
            """, window);
        var verbatims = LoadVerbatimsAsync(data, responses, window, options);
        var complaintRows = service.KpiRows(KpiCatalog.Get("complaints"));
        var byCategory = data.QueryAsync(complaintRows, """
            select category, count(*) from filtered group by 1 order by count(*) desc, 1
            """, window);
        var byDepartment = data.QueryAsync(complaintRows, """
            select department_code, any_value(department_name), count(*) from filtered group by 1 order by count(*) desc, 1
            """, window);
        var open = data.QueryAsync(OpenComplaints, """
            , judged as (
                select *,
                    case when responded_at < $as_of + interval 1 day then responded_at end as responded_by_d,
                    date_diff('second', resolve_deadline, $as_of + interval 1 day) / 3600.0 as hours_overdue
                from filtered
            )
            select complaint_id, received_at, responded_by_d, category, department_code, department_name,
                customer_id, customer_name, credit_code, response_deadline, resolve_deadline, hours_overdue,
                case when responded_by_d is null then response_deadline < $as_of + interval 1 day
                    else responded_by_d > response_deadline end as response_late
            from judged
            order by hours_overdue > 0 desc, hours_overdue desc, complaint_id
            """, window);
        var renewalByTier = data.GetBreakdownAsync("renewal_rate", window, KpiDimension.Tier);
        var calls = data.QueryAsync(CallRows, """
            select customer_id, customer_name, credit_code, tier, manager_code, manager_name, department_code, department_name,
                contract_no, product_name, status, maturity_on, amount, balance_left, balance_on,
                last_nps_score, last_csat, last_surveyed_on
            from filtered
            order by balance_left desc nulls last, amount desc, customer_id
            """, window);
        var tiers = data.QueryAsync(Snapshots, """
            select tier, count(distinct customer_id), coalesce(sum(outstanding), 0) from filtered group by 1
            """, new KpiWindow(asOf, asOf));
        var masking = data.PersonalMaskAsync();
        await Task.WhenAll([figures, npsTrend, csatTrend, responseParts, verbatims, byCategory, byDepartment, open,
            renewalByTier, calls, tiers, masking]);
        var breakdowns = NpsColumns.Select((c, i) => (c.Dimension, Rows: Part(responseParts, i))).ToList();
        var scores = Part(responseParts, NpsColumns.Count);
        var mask = masking.Result;

        KpiFigure Figure(string code) => figures.Result.Single(f => f.Kpi.Code == code);

        // NPS
        var nps = Figure("nps");
        var npsBreakdowns = breakdowns.Select(b => new NpsBreakdown(b.Dimension, b.Rows.Select(r =>
            new NpsLine(r[0] as string, r[1] as string ?? r[0] as string, Nps(window, r[2], r[3], r[4], r[5], r[6]))).ToList())).ToList();
        var npsPanel = new NpsPanel(nps,
            NpsComparison.Compare(nps.Previous, nps.Current), NpsComparison.DifferenceMargin(nps.Previous, nps.Current),
            NpsComparison.Compare(nps.YearAgo, nps.Current), NpsComparison.DifferenceMargin(nps.YearAgo, nps.Current),
            npsTrend.Result.Select(m => new NpsLine(m.Window.AsOf.ToString("yyyy-MM", CultureInfo.InvariantCulture), null, m)).ToList(),
            npsBreakdowns);

        // CSAT
        // the scores' part: the score (as text), no label, the count
        var counts = scores.Where(r => r[0] is not null).ToDictionary(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture), r => Long(r[2]));
        var csat = new CsatPanel(Figure("csat"), csatTrend.Result,
            Enumerable.Range(1, 5).Select(score => new CsatScoreCount(score, counts.GetValueOrDefault(score))).ToList(),
            scores.Where(r => r[0] is null).Sum(r => Long(r[2])));

        // complaints
        var complaints = new ComplaintPanel(
            [Figure("complaints"), Figure("complaint_response_hours"), Figure("complaint_ontime_rate")],
            service.ComplaintResponseHours, service.ComplaintResolveDays,
            byCategory.Result.Select(r => new ComplaintCount(r[0] as string ?? "", mask.Text(r[0] as string) ?? "", Long(r[1]))).ToList(),
            byDepartment.Result.Select(r => new ComplaintCount((string)r[0]!, r[1] as string ?? (string)r[0]!, Long(r[2]))).ToList(),
            open.Result.Select(r => new OpenComplaint(
                (string)r[0]!, (DateTime)r[1]!, r[2] as DateTime?, mask.Text(r[3] as string) ?? "", (string)r[4]!, (string)r[5]!,
                Long(r[6]), (string)r[7]!, mask.Code(r[8] as string), (DateTime)r[9]!, (DateTime)r[10]!,
                Math.Round(KpiService.ToDecimal(r[11]) ?? 0, 2), r[12] is true)).ToList());

        // renewal, churn and tiers
        var renewed = renewalByTier.Result.Where(i => i.Key is not null)
            .ToDictionary(i => i.Key!, i => new TierRenewal(i.Key!, (long)(i.Denominator ?? 0), (long)(i.Numerator ?? 0)));
        TierRenewal Renewal(string tier) => renewed.GetValueOrDefault(tier) ?? new TierRenewal(tier, 0, 0);
        var renewal = new RenewalPanel(Figure("renewal_rate"), Figure("churn_rate"), [.. RenewalTiers.Select(Renewal)]);
        var callList = calls.Result.Select(r => new CallListLine(
            Long(r[0]), (string)r[1]!, mask.Code(r[2] as string), r[3] as string, r[4] as string, r[5] as string, r[6] as string, r[7] as string,
            (string)r[8]!, r[9] as string, (string)r[10]!, Day(r[11])!.Value, KpiService.ToDecimal(r[12]) ?? 0,
            KpiService.ToDecimal(r[13]), Day(r[14]), r[15] is null ? null : Convert.ToInt32(r[15], CultureInfo.InvariantCulture),
            r[16] is null ? null : Convert.ToInt32(r[16], CultureInfo.InvariantCulture), Day(r[17]))).ToList();
        var tierBook = tiers.Result.Where(r => r[0] is not null).ToDictionary(r => (string)r[0]!, r => (Customers: Long(r[1]), Balance: KpiService.ToDecimal(r[2]) ?? 0));
        var tierNps = npsBreakdowns.Single(b => b.Dimension == NpsDimension.Tier).Lines.Where(l => l.Key is not null).ToDictionary(l => l.Key!);
        var tierLines = TierCodes.Select(t => new TierLine(t, tierBook.GetValueOrDefault(t).Customers, tierBook.GetValueOrDefault(t).Balance,
            tierNps.GetValueOrDefault(t) ?? new NpsLine(t, t, Nps(window, 0L, null, null, 0L, 0L)), Renewal(t))).ToList();

        return new CustomerModel(data.Build, filterOptions, date, period, figures.Result, npsPanel, csat, verbatims.Result, complaints,
            renewal, callList, tierLines);
    }

    /// <summary>
    /// The period's comments, newest first, filtered by the search as a bound parameter. The search reads the whole
    /// text and code (a whole ID number still finds its customer); what is returned is masked for a caller who may not
    /// see people's data whole.
    /// </summary>
    private static async Task<VerbatimList> LoadVerbatimsAsync(ScopedData data, RowQuery responses, KpiWindow window, CustomerOptions options)
    {
        var search = options.Search?.Trim() is { Length: > 0 } s ? s[..Math.Min(s.Length, MaxSearchLength)] : null;
        var rows = await data.QueryAsync(responses, """
            , matching as (
                select * from filtered
                where comment is not null and trim(comment) <> ''
                    and ($search = ''
                        or contains(lower(comment), lower($search))
                        or contains(lower(customer_name), lower($search))
                        or contains(lower(coalesce(credit_code, '')), lower($search)))
            )
            select response_id, surveyed_on, nps_score, csat, comment, survey_channel,
                customer_id, customer_name, credit_code, department_code, department_name, count(*) over () as total
            from matching
            order by surveyed_on desc, response_id desc
            limit $limit
            """, window, new Dictionary<string, object>
            {
                ["search"] = search ?? "",
                ["limit"] = Math.Clamp(options.VerbatimLimit, 1, 10_000),
            });
        var mask = await data.PersonalMaskAsync();
        var lines = rows.Select(r => new Verbatim(
            (string)r[0]!, Day(r[1])!.Value, Convert.ToInt32(r[2], CultureInfo.InvariantCulture),
            r[3] is null ? null : Convert.ToInt32(r[3], CultureInfo.InvariantCulture), mask.Text((string)r[4]!)!, (string)r[5]!,
            Long(r[6]), (string)r[7]!, mask.Code(r[8] as string), r[9] as string, r[10] as string)).ToList();
        return new VerbatimList(lines, rows.Count == 0 ? 0 : Long(rows[0][11]), search);
    }

    /// <summary>An NPS over counted responses, as the KPI computes it (Σ numerator ÷ Σ denominator).</summary>
    private static KpiResult Nps(KpiWindow window, object? rows, object? numerator, object? denominator, object? promoters, object? detractors)
    {
        var num = KpiService.ToDecimal(numerator);
        var den = KpiService.ToDecimal(denominator);
        return new KpiResult("nps", window, den is null or 0 ? null : num / den, num, den, Long(rows), Long(promoters), Long(detractors), null, null);
    }

    private static long Long(object? value) => Convert.ToInt64(KpiService.ToDecimal(value) ?? 0, CultureInfo.InvariantCulture);

    private static DateOnly? Day(object? value) => value switch
    {
        null => null,
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => DateOnly.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };
}
