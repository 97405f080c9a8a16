using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>Who the customer is (dim_customer), with their customer manager and the departments they have business in.</summary>
public sealed record CustomerProfile(
    long CustomerId, string CreditCode, string Name, string Kind, string? Size,
    string? IndustryCode, string? IndustryName, bool? StrategicEmerging, string? RegionCode, string? RegionName,
    decimal? RegisteredCapital, DateOnly? EstablishedOn, string? CreditRating, string? RiskLevel, string? Tier, bool? SpecializedNew,
    string GroupKey, string? GroupName, string? ManagerCode, string? ManagerName, string? ManagerDepartment,
    DateTime? CreatedAt, DateTime? UpdatedAt, IReadOnlyList<string> Departments)
{
    /// <summary>A natural person (individual, farmer): <see cref="CreditCode"/> is their resident ID number (身份证号).</summary>
    public bool IsPerson => PersonalData.IsPersonKind(Kind);
}

/// <summary>A member of the customer's related-party group (关联方) with their balance and liability balance at D.</summary>
public sealed record GroupMember(long CustomerId, string CreditCode, string Name, decimal Balance, decimal Liability);

/// <summary>
/// The customer's related-party group: its members and their totals at D. A customer outside any group is its own
/// group (<see cref="IsGroup"/> false), as the group-concentration ratio counts them.
/// </summary>
public sealed record CustomerGroup(string GroupKey, string? Name, IReadOnlyList<GroupMember> Members)
{
    public bool IsGroup => Name is not null;

    public decimal Balance => Members.Sum(m => m.Balance);

    public decimal Liability => Members.Sum(m => m.Liability);
}

/// <summary>A contract's month end: balance, liability balance, days overdue and five-level class (五级分类).</summary>
public sealed record ContractMonth(DateOnly AsOf, decimal Outstanding, decimal Liability, int OverdueDays, string FiveLevelClass);

/// <summary>
/// A contract of the customer: its terms, its balance at D (null: not in force at D), its A manager (the contract's
/// manager) and B manager (the B manager of the application it was signed from), and its month ends up to D.
/// </summary>
public sealed record FileContract(
    long ContractId, string ContractNo, string? ProductCode, string? ProductName, string? ProductCategory,
    string DepartmentCode, string? DepartmentName, decimal Amount, decimal BankRiskShare, decimal? FeeRate, string? CounterGuarantee,
    DateOnly StartOn, DateOnly MaturityOn, string Status, DateOnly? ReleasedOn,
    decimal? Outstanding, decimal? Liability, int? OverdueDays, string? FiveLevelClass,
    string? ManagerCode, string? ManagerName, long? ApplicationId, string? ManagerBCode, string? ManagerBName,
    IReadOnlyList<ContractMonth> History);

/// <summary>A month end on which a contract was overdue.</summary>
public sealed record OverdueMonth(string ContractNo, DateOnly AsOf, int OverdueDays, string FiveLevelClass, decimal Outstanding);

/// <summary>The customer's balance and liability balance at a month end (Σ over their contracts).</summary>
public sealed record CustomerMonth(DateOnly AsOf, decimal Balance, decimal Liability);

public sealed record FeeLine(long FeePaymentId, string ContractNo, DateOnly PaidOn, decimal Amount);

public sealed record RecoveryLine(long RecoveryId, long CompensationId, DateOnly ReceivedOn, decimal Amount, string? Method);

/// <summary>A compensation (代偿) with what was recovered (追偿) and written off (核销) by D; the rest is still owed.</summary>
public sealed record CompensationLine(long CompensationId, string ContractNo, DateOnly PaidOn, decimal Amount, decimal Recovered, decimal WrittenOff)
{
    public decimal Remaining => Amount - Recovered - WrittenOff;
}

/// <summary>A risk signal (风险预警) detected by D; open at D when not closed by D (as the open-signals KPI counts it).</summary>
public sealed record SignalLine(long RiskSignalId, DateOnly DetectedOn, string Kind, string Severity, string Status, DateOnly? ClosedOn, bool OpenAtD);

public sealed record SurveyLine(string ResponseId, DateOnly SurveyedOn, string? Channel, int NpsScore, int? Csat, string? Comment);

public sealed record ComplaintLine(string ComplaintId, DateTime ReceivedAt, DateTime? RespondedAt, DateTime? ResolvedAt, string? Category, string DepartmentCode);

/// <summary>An application (业务申请) with its A and B managers (the due diligence's two).</summary>
public sealed record ApplicationLine(
    long ApplicationId, string DepartmentCode, string? ProductName, decimal RequestedAmount, DateOnly ReceivedOn,
    string? Decision, DateOnly? DecidedOn, string? ManagerCode, string? ManagerName, string? ManagerBCode, string? ManagerBName, long? ContractId);

/// <summary>A manager who looks after the customer, and in which capacity: their customer manager, A (a contract's
/// manager) or B (an application's B manager), with the contracts or applications.</summary>
public sealed record FileManager(string Code, string Name, string Role, IReadOnlyList<string> On);

/// <summary>Everything the customer file (客户档案) shows, in the caller's scope, at D.</summary>
public sealed record CustomerFileModel(
    BuildPointer Build, PageDate Date, CustomerProfile Profile, CustomerGroup Group,
    IReadOnlyList<FileContract> Contracts, IReadOnlyList<CustomerMonth> Months,
    IReadOnlyList<FeeLine> Fees, IReadOnlyList<CompensationLine> Compensations, IReadOnlyList<RecoveryLine> Recoveries,
    IReadOnlyList<SignalLine> Signals, IReadOnlyList<SurveyLine> Surveys, IReadOnlyList<ComplaintLine> Complaints,
    IReadOnlyList<ApplicationLine> Applications, IReadOnlyList<FileManager> Managers)
{
    public decimal Balance => Contracts.Sum(c => c.Outstanding ?? 0);

    public decimal Liability => Contracts.Sum(c => c.Liability ?? 0);

    /// <summary>逾期记录: every month end on which one of the contracts was overdue, newest first.</summary>
    public IReadOnlyList<OverdueMonth> Overdue => Contracts
        .SelectMany(c => c.History.Where(h => h.OverdueDays > 0).Select(h => new OverdueMonth(c.ContractNo, h.AsOf, h.OverdueDays, h.FiveLevelClass, h.Outstanding)))
        .OrderByDescending(o => o.AsOf).ThenBy(o => o.ContractNo, StringComparer.Ordinal)
        .ToList();
}

/// <summary>
/// 客户档案's data (PAGES.md): one customer by credit code (统一社会信用代码; a natural person's resident ID sits in the
/// same column) — profile, related-party group, contracts with their month ends, overdue history, fees, compensations
/// and recoveries, risk signals, surveys and complaints, applications and managers — at the page's D, every query
/// through <see cref="RowQuery"/>. Rows are a department's as the KPIs attribute them: contracts, fees, compensations
/// and applications to the contract's (application's) department, complaints to the department they concern, signals
/// and surveys to the customer manager's department (open_signals, nps). A department head may open only a customer
/// with business (a contract or an application) in their department; anyone else any customer. A customer the caller
/// may not open is answered exactly like an unknown code (<see cref="NotFound"/>), so the file never tells that it exists.
/// </summary>
public static class CustomerFile
{
    /// <summary>Longer than any credit code or resident ID: answered as unknown without asking the warehouse.</summary>
    public const int MaxCodeLength = 64;

    /// <summary>
    /// The customer once per department they have business in (a contract or an application). A customer without any
    /// business gets the department code '' — no department's, so company-wide callers only (NULL would be a
    /// company-level row, kept for every caller).
    /// </summary>
    private static readonly RowQuery Customers = new("customer:profile", """
        with business as (
            select customer_id, department_code from wide_contract
            union
            select customer_id, department_code from wide_application
        )

        select
            c.customer_id, c.credit_code, c.name as customer_name, c.kind, c.size,
            c.industry_code, i.name as industry_name, i.strategic_emerging, c.region_code, r.name as region_name,
            c.registered_capital, c.established_on, c.credit_rating, c.risk_level, c.tier, c.specialized_new,
            c.group_key, c.group_name, m.code as manager_code, m.name as manager_name, md.name as manager_department,
            c.created_at, c.updated_at,
            coalesce(b.department_code, '') as department_code
        from dim_customer as c
        left join dim_industry as i on i.industry_code = c.industry_code
        left join dim_region as r on r.region_code = c.region_code
        left join dim_staff as m on m.staff_id = c.manager_id
        left join dim_department as md on md.department_id = m.department_id
        left join business as b on b.customer_id = c.customer_id
        where c.credit_code = $credit_code or c.group_key = $group_key or c.customer_id = $customer_id
        """);

    /// <summary>The contracts of the customer with their balance and liability at D and the application's B manager.</summary>
    private static readonly RowQuery Contracts = new("customer:contracts", """
        select
            w.contract_id, w.contract_no, w.product_code, w.product_name, w.product_category, w.department_code, w.department_name,
            w.amount, w.bank_risk_share, w.fee_rate, w.counter_guarantee, w.start_on, w.maturity_on, w.status, w.released_on,
            s.outstanding, l.liability, s.overdue_days, s.five_level_class, w.manager_code, w.manager_name,
            k.application_id, a.manager_b_code, a.manager_b_name
        from wide_contract as w
        inner join fct_contract as k on k.contract_id = w.contract_id
        left join wide_application as a on a.application_id = k.application_id
        left join fct_balance_snapshot as s on s.contract_id = w.contract_id and s.as_of = $as_of
        left join wide_liability as l on l.contract_id = w.contract_id and l.as_of = $as_of
        where w.customer_id = $customer_id and w.start_on <= $as_of
        """);

    /// <summary>Month-end snapshots up to D of the customer's contracts (of the whole group's, for the group totals).</summary>
    private static readonly RowQuery Snapshots = new("customer:snapshots", """
        select
            s.contract_id, s.customer_id, s.group_key, s.as_of, s.outstanding, s.overdue_days, s.five_level_class,
            coalesce(l.liability, 0) as liability, s.department_code
        from wide_snapshot as s
        left join wide_liability as l on l.contract_id = s.contract_id and l.as_of = s.as_of
        where (s.customer_id = $customer_id or s.group_key = $group_key) and s.as_of <= $as_of
        """);

    private static readonly RowQuery Fees = new("customer:fees", """
        select f.fee_payment_id, w.contract_no, f.paid_on, f.amount, w.department_code
        from fct_fee_payment as f
        inner join wide_contract as w on w.contract_id = f.contract_id
        where f.customer_id = $customer_id and f.paid_on <= $as_of
        """);

    private static readonly RowQuery Compensations = new("customer:compensations", """
        select
            p.compensation_id, w.contract_no, p.paid_on, p.amount, w.department_code,
            (select coalesce(sum(r.amount), 0) from fct_recovery as r
                where r.compensation_id = p.compensation_id and r.received_on <= $as_of) as recovered,
            (select coalesce(sum(x.amount), 0) from fct_write_off as x
                where x.compensation_id = p.compensation_id and x.written_off_on <= $as_of) as written_off
        from fct_compensation as p
        inner join wide_contract as w on w.contract_id = p.contract_id
        where p.customer_id = $customer_id and p.paid_on <= $as_of
        """);

    private static readonly RowQuery Recoveries = new("customer:recoveries", """
        select r.recovery_id, r.compensation_id, r.received_on, r.amount, r.method, w.department_code
        from fct_recovery as r
        inner join wide_contract as w on w.contract_id = r.contract_id
        where r.customer_id = $customer_id and r.received_on <= $as_of
        """);

    private static readonly RowQuery Signals = new("customer:signals", """
        select s.risk_signal_id, s.detected_on, s.kind, s.severity, s.status, s.closed_on, c.department_code
        from fct_risk_signal as s
        inner join wide_customer as c on c.customer_id = s.customer_id
        where s.customer_id = $customer_id and s.detected_on <= $as_of
        """);

    private static readonly RowQuery Surveys = new("customer:surveys", """
        select r.response_id, r.surveyed_on, r.channel, r.nps_score, r.csat, r.comment, c.department_code
        from fct_survey_response as r
        inner join wide_customer as c on c.customer_id = r.customer_id
        where r.customer_id = $customer_id and r.surveyed_on <= $as_of
        """);

    private static readonly RowQuery Complaints = new("customer:complaints", """
        select k.complaint_id, k.received_at, k.responded_at, k.resolved_at, k.category, d.code as department_code
        from fct_complaint as k
        inner join dim_department as d on d.department_id = k.department_id
        where k.customer_id = $customer_id and cast(k.received_at as date) <= $as_of
        """);

    private static readonly RowQuery Applications = new("customer:applications", """
        select application_id, department_code, product_name, requested_amount, received_on, decision, decided_on,
            manager_code, manager_name, manager_b_code, manager_b_name, contract_id
        from wide_application
        where customer_id = $customer_id and received_on <= $as_of
        """);

    /// <summary>The one answer for a customer that does not exist and one the caller may not see.</summary>
    public static ScopeRefusedException NotFound(string creditCode) => new(
        $"未找到客户 {creditCode}，或该客户不在您的查看范围内。",
        $"Customer {creditCode} was not found or is not in your scope.");

    /// <summary>
    /// The key of a customer's file that is not personal data: <c>c</c> + the customer id (<c>c3</c>), for people,
    /// whose credit code is their resident ID number and must not travel in a URL. An enterprise's file is keyed by
    /// its credit code.
    /// </summary>
    public static string IdKey(long customerId) => "c" + customerId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The customer id of a key made by <see cref="IdKey"/>; null for a credit code.</summary>
    public static long? ParseIdKey(string? key) =>
        key is { Length: > 1 and <= 19 } && key[0] == 'c' && key.Skip(1).All(char.IsAsciiDigit)
            && long.TryParse(key.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// The file of the customer with this key: their credit code, or <see cref="IdKey"/>. Throws <see cref="NotFound"/>
    /// for an unknown key and for a customer the caller may not open (a department head's customer without business
    /// in their department). A person's resident ID number, their survey comments and the codes of group members who
    /// are people are masked for a caller who may not see them whole (<see cref="ScopedData.PersonalMaskAsync"/>).
    /// </summary>
    public static async Task<CustomerFileModel> LoadAsync(ScopedData data, PageRequest request, string creditCode)
    {
        var code = (creditCode ?? "").Trim();
        if (code.Length is 0 or > MaxCodeLength) throw NotFound(code);
        var byId = ParseIdKey(code);
        var mask = await data.PersonalMaskAsync();
        var date = PageDate.Resolve(request, data.FilterOptions());
        var asOf = date.AsOf;
        var window = new KpiWindow(asOf, asOf);

        // who: only rows of the caller's departments come back, so a customer without business there is not there
        var found = await data.QueryAsync(Customers, """
            select customer_id, credit_code, customer_name, kind, size, industry_code, industry_name, strategic_emerging,
                region_code, region_name, registered_capital, established_on, credit_rating, risk_level, tier, specialized_new,
                group_key, group_name, manager_code, manager_name, manager_department, created_at, updated_at,
                list(distinct department_code order by department_code) filter (where department_code <> '')
            from filtered
            where credit_code = $credit_code or customer_id = $customer_id
            group by all
            """, window, new Dictionary<string, object> { ["credit_code"] = byId is null ? code : "", ["group_key"] = "", ["customer_id"] = byId ?? -1L });
        if (found.Count != 1) throw NotFound(code);
        var p = found[0];
        var profile = new CustomerProfile(Long(p[0]), mask.Code((string)p[1]!, (string)p[3]!)!, (string)p[2]!, (string)p[3]!, (string?)p[4],
            (string?)p[5], (string?)p[6], (bool?)p[7], (string?)p[8], (string?)p[9],
            Dec(p[10]), NullableDate(p[11]), (string?)p[12], (string?)p[13], (string?)p[14], (bool?)p[15],
            (string)p[16]!, (string?)p[17], (string?)p[18], (string?)p[19], (string?)p[20],
            (DateTime?)p[21], (DateTime?)p[22], Strings(p[23]));

        var own = new Dictionary<string, object> { ["customer_id"] = profile.CustomerId };
        var ownAndGroup = new Dictionary<string, object> { ["customer_id"] = profile.CustomerId, ["group_key"] = profile.GroupKey };
        var membersTask = data.QueryAsync(Customers, """
            select customer_id, credit_code, customer_name
            from filtered
            where group_key = $group_key
            group by all
            order by customer_id
            """, window, new Dictionary<string, object> { ["credit_code"] = "", ["group_key"] = profile.GroupKey, ["customer_id"] = -1L });
        var contractsTask = data.QueryAsync(Contracts, "select * from filtered order by start_on, contract_id", window, own);
        var snapshotsTask = data.QueryAsync(Snapshots, """
            select contract_id, customer_id, as_of, outstanding, liability, overdue_days, five_level_class
            from filtered
            order by contract_id, as_of
            """, window, ownAndGroup);
        var feesTask = data.QueryAsync(Fees, "select fee_payment_id, contract_no, paid_on, amount from filtered order by paid_on desc, fee_payment_id", window, own);
        var compensationsTask = data.QueryAsync(Compensations,
            "select compensation_id, contract_no, paid_on, amount, recovered, written_off from filtered order by paid_on desc, compensation_id", window, own);
        var recoveriesTask = data.QueryAsync(Recoveries,
            "select recovery_id, compensation_id, received_on, amount, method from filtered order by received_on desc, recovery_id", window, own);
        var signalsTask = data.QueryAsync(Signals, """
            select risk_signal_id, detected_on, kind, severity, status, closed_on, closed_on is null or closed_on > $as_of
            from filtered
            order by detected_on desc, risk_signal_id
            """, window, own);
        var surveysTask = data.QueryAsync(Surveys,
            "select response_id, surveyed_on, channel, nps_score, csat, comment from filtered order by surveyed_on desc, response_id", window, own);
        var complaintsTask = data.QueryAsync(Complaints,
            "select complaint_id, received_at, responded_at, resolved_at, category, department_code from filtered order by received_at desc, complaint_id", window, own);
        var applicationsTask = data.QueryAsync(Applications, """
            select application_id, department_code, product_name, requested_amount, received_on, decision, decided_on,
                manager_code, manager_name, manager_b_code, manager_b_name, contract_id
            from filtered
            order by received_on desc, application_id
            """, window, own);
        await Task.WhenAll(membersTask, contractsTask, snapshotsTask, feesTask, compensationsTask, recoveriesTask, signalsTask,
            surveysTask, complaintsTask, applicationsTask);

        var snapshots = snapshotsTask.Result.Select(r => (Contract: Long(r[0]), Customer: Long(r[1]),
            Month: new ContractMonth(Date(r[2]), Dec(r[3]) ?? 0, Dec(r[4]) ?? 0, (int)Long(r[5]), (string)r[6]!))).ToList();
        var ownSnapshots = snapshots.Where(s => s.Customer == profile.CustomerId).ToList();
        var history = ownSnapshots.GroupBy(s => s.Contract).ToDictionary(g => g.Key, g => (IReadOnlyList<ContractMonth>)g.Select(s => s.Month).ToList());
        var atD = snapshots.Where(s => s.Month.AsOf == asOf).ToList();
        var members = membersTask.Result.Select(r =>
        {
            var id = Long(r[0]);
            var mine = atD.Where(s => s.Customer == id).ToList();
            return new GroupMember(id, mask.Code((string)r[1]!)!, (string)r[2]!, mine.Sum(s => s.Month.Outstanding), mine.Sum(s => s.Month.Liability));
        }).ToList();

        var contracts = contractsTask.Result.Select(r => new FileContract(
            Long(r[0]), (string)r[1]!, (string?)r[2], (string?)r[3], (string?)r[4], (string)r[5]!, (string?)r[6],
            Dec(r[7]) ?? 0, Dec(r[8]) ?? 0, Dec(r[9]), (string?)r[10], Date(r[11]), Date(r[12]), (string)r[13]!, NullableDate(r[14]),
            Dec(r[15]), r[15] is null ? null : Dec(r[16]) ?? 0, r[17] is null ? null : (int)Long(r[17]), (string?)r[18],
            (string?)r[19], (string?)r[20], r[21] is null ? null : Long(r[21]), (string?)r[22], (string?)r[23],
            history.GetValueOrDefault(Long(r[0])) ?? [])).ToList();

        // the customer's month ends from their first snapshot to D, months without a contract in force at 0
        var months = new List<CustomerMonth>();
        if (ownSnapshots.Count > 0)
        {
            for (var m = ownSnapshots.Min(s => s.Month.AsOf); m <= asOf; m = KpiWindow.MonthEnd(m.AddDays(1)))
            {
                var at = ownSnapshots.Where(s => s.Month.AsOf == m).ToList();
                months.Add(new CustomerMonth(m, at.Sum(s => s.Month.Outstanding), at.Sum(s => s.Month.Liability)));
            }
        }

        var applications = applicationsTask.Result.Select(r => new ApplicationLine(Long(r[0]), (string)r[1]!, (string?)r[2], Dec(r[3]) ?? 0,
            Date(r[4]), (string?)r[5], NullableDate(r[6]), (string?)r[7], (string?)r[8], (string?)r[9], (string?)r[10],
            r[11] is null ? null : Long(r[11]))).ToList();

        return new CustomerFileModel(data.Build, date, profile,
            new CustomerGroup(profile.GroupKey, profile.GroupName, members),
            contracts, months,
            feesTask.Result.Select(r => new FeeLine(Long(r[0]), (string)r[1]!, Date(r[2]), Dec(r[3]) ?? 0)).ToList(),
            compensationsTask.Result.Select(r => new CompensationLine(Long(r[0]), (string)r[1]!, Date(r[2]), Dec(r[3]) ?? 0, Dec(r[4]) ?? 0, Dec(r[5]) ?? 0)).ToList(),
            recoveriesTask.Result.Select(r => new RecoveryLine(Long(r[0]), Long(r[1]), Date(r[2]), Dec(r[3]) ?? 0, (string?)r[4])).ToList(),
            signalsTask.Result.Select(r => new SignalLine(Long(r[0]), Date(r[1]), (string)r[2]!, (string)r[3]!, (string)r[4]!, NullableDate(r[5]), (bool)r[6]!)).ToList(),
            surveysTask.Result.Select(r => new SurveyLine((string)r[0]!, Date(r[1]), (string?)r[2], (int)Long(r[3]),
                r[4] is null ? null : (int)Long(r[4]), mask.Text((string?)r[5]))).ToList(),
            complaintsTask.Result.Select(r => new ComplaintLine((string)r[0]!, (DateTime)r[1]!, (DateTime?)r[2], (DateTime?)r[3], mask.Text((string?)r[4]), (string)r[5]!)).ToList(),
            applications, Managers(profile, contracts, applications));
    }

    /// <summary>The customer manager, then the A managers (of contracts) and the B managers (of applications).</summary>
    private static List<FileManager> Managers(CustomerProfile profile, IReadOnlyList<FileContract> contracts, IReadOnlyList<ApplicationLine> applications)
    {
        var list = new List<FileManager>();
        if (profile.ManagerCode is { } code) list.Add(new FileManager(code, profile.ManagerName ?? code, "customer", []));
        list.AddRange(contracts.Where(c => c.ManagerCode is not null)
            .GroupBy(c => (c.ManagerCode!, c.ManagerName))
            .Select(g => new FileManager(g.Key.Item1, g.Key.ManagerName ?? g.Key.Item1, "A", g.Select(c => c.ContractNo).ToList())));
        list.AddRange(applications.Where(a => a.ManagerBCode is not null)
            .GroupBy(a => (a.ManagerBCode!, a.ManagerBName))
            .Select(g => new FileManager(g.Key.Item1, g.Key.ManagerBName ?? g.Key.Item1, "B",
                g.OrderBy(a => a.ApplicationId).Select(a => a.ApplicationId.ToString(CultureInfo.InvariantCulture)).ToList())));
        return list;
    }

    private static IReadOnlyList<string> Strings(object? v) => v switch
    {
        null => [],
        System.Collections.IEnumerable items => items.Cast<object?>().Where(i => i is not null).Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)!).ToList(),
        _ => [Convert.ToString(v, CultureInfo.InvariantCulture)!],
    };

    private static long Long(object? v) => Convert.ToInt64(KpiService.ToDecimal(v), CultureInfo.InvariantCulture);

    private static decimal? Dec(object? v) => KpiService.ToDecimal(v);

    private static DateOnly? NullableDate(object? v) => v is null ? null : Date(v);

    private static DateOnly Date(object? v) => v switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => throw new InvalidCastException($"not a date: {v}"),
    };
}
