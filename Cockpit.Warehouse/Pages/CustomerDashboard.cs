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

    public static Task<CustomerModel> LoadAsync(ScopedData data, PageRequest request, CustomerOptions options) =>
        throw new NotImplementedException();
}
