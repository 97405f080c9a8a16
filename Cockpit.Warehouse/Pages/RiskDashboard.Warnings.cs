using System.Collections;
using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// A 预警信号 open or being handled at D, with the customer it concerns: the customer's balance and in-force contracts at
/// D (all of them, as in the KPI <c>open_signals</c>) and their managers (the customer's first, then the contracts').
/// </summary>
/// <param name="Id">the signal's id.</param>
/// <param name="CustomerId">the customer's id.</param>
/// <param name="CustomerName">the customer's name.</param>
/// <param name="CreditCode">the customer's 统一社会信用代码 (the customer file's key).</param>
/// <param name="Severity">red, orange or yellow.</param>
/// <param name="Kind">litigation, registration_change, public_opinion, financial_deterioration, overdue, credit_report.</param>
/// <param name="Status">the status recorded now (a signal closed after D was still open at D).</param>
/// <param name="DetectedOn">when it was detected.</param>
/// <param name="ClosedOn">when it was closed, if it was (after D).</param>
/// <param name="DaysOpen">days from detection to D.</param>
/// <param name="CustomerBalance">the customer's balance at D.</param>
/// <param name="Contracts">the customer's contracts in force at D.</param>
/// <param name="Managers">the customer's manager, then the other managers of their contracts in force.</param>
public sealed record WarningSignal(
    long Id, long CustomerId, string CustomerName, string CreditCode, string Severity, string Kind, string Status,
    DateOnly DetectedOn, DateOnly? ClosedOn, int DaysOpen, decimal CustomerBalance, int Contracts, IReadOnlyList<string> Managers);

/// <summary>How many open signals of one severity and kind.</summary>
public sealed record SignalCount(string Severity, string Kind, int Count);

/// <summary>
/// A breach of a threshold at D (预警): the rule it breaches at its highest level, the customer, the contract (for contract
/// kinds), the balance concerned and the value that breached (days overdue, balance; a downgrade's classes).
/// </summary>
/// <param name="Rule">the rule breached, at the highest level reached.</param>
/// <param name="CustomerId">the customer's id.</param>
/// <param name="CustomerName">the customer's name.</param>
/// <param name="CreditCode">the customer's 统一社会信用代码.</param>
/// <param name="ContractNo">the contract (contract kinds); null for customer kinds.</param>
/// <param name="Balance">the contract's balance at D, or for customer kinds the balance the rule reads.</param>
/// <param name="Value">the figure compared with <see cref="AlertRule.Threshold"/>: days overdue or yuan; null for a downgrade.</param>
/// <param name="FromClass">a downgrade: the class at the previous month end.</param>
/// <param name="ToClass">a downgrade: the class at D.</param>
public sealed record RiskAlert(
    AlertRule Rule, long CustomerId, string CustomerName, string CreditCode, string? ContractNo, decimal Balance,
    decimal? Value, string? FromClass = null, string? ToClass = null)
{
    public int Level => Rule.Level;

    public string Kind => Rule.Kind;
}

/// <summary>风险预警 at D: the open signals newest first, their counts by severity × kind, and the alerts by level.</summary>
public sealed record RiskWarnings(DateOnly AsOf, IReadOnlyList<WarningSignal> Signals, IReadOnlyList<SignalCount> Counts, IReadOnlyList<RiskAlert> Alerts)
{
    /// <summary>The signals' severities, most serious first.</summary>
    public static readonly IReadOnlyList<string> Severities = ["red", "orange", "yellow"];

    /// <summary>一级 and 二级 alerts: the navigation's count.</summary>
    public int UrgentAlerts => Alerts.Count(a => a.Level <= 2);

    public int Count(string severity, string kind) => Counts.FirstOrDefault(c => c.Severity == severity && c.Kind == kind)?.Count ?? 0;
}

public static partial class RiskDashboard
{
    /// <summary>
    /// Signals open or being handled at D (detected by D, not closed by D: the KPI <c>open_signals</c>), each with its
    /// customer's balance, in-force contracts and managers at D. The customer's department, industry, region and tier
    /// scope and filter them; no product (a signal is about a customer).
    /// </summary>
    private static readonly RowQuery Signals = new("risk:signals", """
        with signals as (
            select * from fct_risk_signal
            where detected_on <= $as_of and (closed_on is null or closed_on > $as_of)
        ),

        books as (
            select customer_id, sum(outstanding) as customer_balance, count(*) as contracts,
                list_sort(list(distinct manager_name) filter (where manager_name is not null)) as managers
            from wide_snapshot
            where as_of = $as_of
            group by customer_id
        ),

        final as (
            select s.risk_signal_id, s.detected_on, s.closed_on, s.kind as signal_kind, s.severity, s.status,
                c.customer_id, c.customer_name, c.credit_code, c.manager_name as customer_manager,
                c.department_code, c.industry_code, c.region_code, c.tier, cast(null as varchar) as product_code,
                coalesce(b.customer_balance, 0) as customer_balance, coalesce(b.contracts, 0) as contracts, b.managers
            from signals as s
            inner join wide_customer as c on c.customer_id = s.customer_id
            left join books as b on b.customer_id = s.customer_id
        )

        select * from final
        """);

    /// <summary>In-force contracts at D ($as_of) with their class at the previous month end ($from; null: not in force then).</summary>
    private static readonly RowQuery AlertContracts = new("risk:alert-contracts", """
        select s.contract_id, s.contract_no, s.customer_id, s.customer_name, s.credit_code, s.outstanding, s.overdue_days,
            s.five_level_class, p.five_level_class as previous_class,
            s.department_code, s.product_code, s.industry_code, s.region_code, s.tier
        from wide_snapshot as s
        left join fct_balance_snapshot as p on p.contract_id = s.contract_id and p.as_of = $from
        where s.as_of = $as_of
        """);

    /// <param name="data">the page's data (session, scope, filter): a department head sees their department's signals and alerts.</param>
    /// <param name="asOf">the month end D.</param>
    /// <param name="rules">the thresholds (<see cref="AlertRules.Default"/> unless configured).</param>
    public static async Task<RiskWarnings> LoadWarningsAsync(ScopedData data, DateOnly asOf, AlertRules rules)
    {
        var signalRows = data.QueryAsync(Signals, """
            select risk_signal_id, detected_on, closed_on, signal_kind, severity, status, customer_id, customer_name, credit_code,
                customer_manager, customer_balance, contracts, managers
            from filtered
            order by detected_on desc, risk_signal_id desc
            """, new KpiWindow(asOf, asOf));
        // only contracts that can breach something: overdue, or in a worse class than a month before
        var contractRows = data.QueryAsync(AlertContracts, """
            , ranked as (
                select *, list_position(['normal', 'special_mention', 'substandard', 'doubtful', 'loss'], five_level_class) as class_rank,
                    list_position(['normal', 'special_mention', 'substandard', 'doubtful', 'loss'], previous_class) as previous_rank
                from filtered
            )
            select contract_id, contract_no, customer_id, customer_name, credit_code, outstanding, overdue_days, five_level_class, previous_class
            from ranked
            where overdue_days > 0 or class_rank > previous_rank
            order by contract_id
            """, new KpiWindow(KpiWindow.MonthEnd(asOf.AddMonths(-1)), asOf));
        await Task.WhenAll(signalRows, contractRows);
        var mask = await data.PersonalMaskAsync();

        var signals = signalRows.Result.Select(r =>
        {
            var detected = Date(r[1])!.Value;
            var managers = new List<string>();
            if (r[9] is string own) managers.Add(own);
            if (r[12] is IEnumerable names) managers.AddRange(names.OfType<string>().Where(n => !managers.Contains(n)));
            return new WarningSignal(Long(r[0]), Long(r[6]), (string)r[7]!, mask.Code((string?)r[8]) ?? "", (string)r[4]!, (string)r[3]!, (string)r[5]!,
                detected, Date(r[2]), asOf.DayNumber - detected.DayNumber, KpiService.ToDecimal(r[10]) ?? 0, (int)Long(r[11]), managers);
        }).ToList();

        var counts = signals.GroupBy(s => (s.Severity, s.Kind))
            .Select(g => new SignalCount(g.Key.Severity, g.Key.Kind, g.Count()))
            .OrderBy(c => SeverityRank(c.Severity)).ThenBy(c => c.Kind, StringComparer.Ordinal)
            .ToList();

        var contracts = contractRows.Result.Select(r => (
            ContractNo: (string)r[1]!, CustomerId: Long(r[2]), Name: (string)r[3]!, Code: mask.Code((string?)r[4]) ?? "",
            Balance: KpiService.ToDecimal(r[5]) ?? 0, Days: (int)Long(r[6]), Class: (string?)r[7], Previous: (string?)r[8])).ToList();
        var alerts = new List<RiskAlert>();
        foreach (var k in contracts)
        {
            if (rules.Highest(AlertKinds.OverdueDays, r => k.Days >= r.Threshold) is { } overdue)
            {
                alerts.Add(new RiskAlert(overdue, k.CustomerId, k.Name, k.Code, k.ContractNo, k.Balance, k.Days));
            }
            var (to, from) = (AlertRules.Rank(k.Class), AlertRules.Rank(k.Previous));
            if (from >= 0 && to > from && rules.Highest(AlertKinds.ClassDowngrade, r => r.Class is null || to >= AlertRules.Rank(r.Class)) is { } downgrade)
            {
                alerts.Add(new RiskAlert(downgrade, k.CustomerId, k.Name, k.Code, k.ContractNo, k.Balance, null, k.Previous, k.Class));
            }
        }
        // a customer with several red signals is one alert
        foreach (var s in signals.Where(s => s.Severity == "red").DistinctBy(s => s.CustomerId))
        {
            if (rules.Highest(AlertKinds.RedSignalBalance, r => s.CustomerBalance >= r.Threshold) is { } red)
            {
                alerts.Add(new RiskAlert(red, s.CustomerId, s.CustomerName, s.CreditCode, null, s.CustomerBalance, s.CustomerBalance));
            }
        }
        foreach (var c in contracts.Where(k => k.Days > 0).GroupBy(k => k.CustomerId))
        {
            var overdueBalance = c.Sum(k => k.Balance);
            if (rules.Highest(AlertKinds.CustomerOverdueBalance, r => overdueBalance >= r.Threshold) is { } owed)
            {
                var first = c.First();
                alerts.Add(new RiskAlert(owed, first.CustomerId, first.Name, first.Code, null, overdueBalance, overdueBalance));
            }
        }

        var kindOrder = AlertKinds.All.ToList();
        return new RiskWarnings(asOf, signals, counts, alerts
            .OrderBy(a => a.Level).ThenBy(a => kindOrder.IndexOf(a.Kind))
            .ThenByDescending(a => a.Value ?? AlertRules.Rank(a.ToClass)).ThenByDescending(a => a.Balance)
            .ThenBy(a => a.ContractNo ?? a.CreditCode, StringComparer.Ordinal)
            .ToList());
    }

    private static int SeverityRank(string severity) => RiskWarnings.Severities.ToList() is var s && s.IndexOf(severity) is var i and >= 0 ? i : s.Count;

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static DateOnly? Date(object? value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => null,
    };
}
