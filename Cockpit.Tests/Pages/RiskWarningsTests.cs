using Cockpit.Etl.Demo;
using Cockpit.Etl.Source.Model;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Pages;
using Microsoft.Extensions.Configuration;

namespace Cockpit.Tests.Pages;

/// <summary>
/// The hand-made company with more signals (its own are S1 C2 red litigation 2026-03-01 closed 07-05, S2 C3 orange
/// overdue 06-10 open, S3 C4 closed in February):
/// <code>
/// S4  C4 red     financial_deterioration  2026-05-01  handling
/// S5  C1 red     litigation               2026-07-02  open     (after D: not yet detected)
/// S6  C5 yellow  public_opinion           2026-06-10  open     (same day as S2: the later id first)
/// S7  C4 red     litigation               2026-06-20  open     (C4's second red signal)
/// </code>
/// Customers' departments (their manager's): C2 and C5 BD1 (王敏), C3 and C4 BD2 (李强).
/// </summary>
public sealed class WarningsCompany() : HandMadeCompany(Extend(Build()))
{
    private static DemoCompany Extend(DemoCompany c)
    {
        static DateOnly Day(int month, int day) => new(2026, month, day);
        c.RiskSignals.AddRange([
            new RiskSignal { Id = 4, CustomerId = 4, DetectedOn = Day(5, 1), Kind = "financial_deterioration", Severity = "red", Status = "handling" },
            new RiskSignal { Id = 5, CustomerId = 1, DetectedOn = Day(7, 2), Kind = "litigation", Severity = "red", Status = "open" },
            new RiskSignal { Id = 6, CustomerId = 5, DetectedOn = Day(6, 10), Kind = "public_opinion", Severity = "yellow", Status = "open" },
            new RiskSignal { Id = 7, CustomerId = 4, DetectedOn = Day(6, 20), Kind = "litigation", Severity = "red", Status = "open" },
        ]);
        return c;
    }
}

/// <summary>
/// 风险预警 on <see cref="WarningsCompany"/> at D = 2026-06-30, worked out by hand. Balances at D: C4 K5 10M + K6 4M = 14M
/// (K5's manager 赵磊, K6's 李强); C5 K8 5M (王敏); C3 K4 1.5M + K10 0.6M = 2.1M (李强); C2 nothing in force (K3
/// compensated in May). Overdue at D: K4 15 days (special mention, normal at 05-31), K10 40 days (substandard, special
/// mention at 05-31).
/// </summary>
public sealed class RiskWarningsTests(WarningsCompany company) : IClassFixture<WarningsCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private async Task<RiskWarnings> LoadAsync(DataAccess access, AlertRules? rules = null, FilterState? state = null)
    {
        using var data = ScopedData.Open(company.Kpis, access, state ?? new FilterState(D), companyTotals: false);
        return await RiskDashboard.LoadWarningsAsync(data, D, rules ?? AlertRules.Default);
    }

    [Fact]
    public async Task OpenSignalsAtDNewestFirstWithDaysOpenBalanceContractsAndManagers()
    {
        var w = await LoadAsync(DataAccess.CompanyWide("risk"));
        // S3 closed before D and S5 detected after D are not open at D; S1, closed on 07-05, was still open at D
        Assert.Equal(
            [
                (7L, "客户4", "red", "litigation", "open", 10, 14_000_000m, 2),                    // 06-20 → 06-30
                (6L, "客户5", "yellow", "public_opinion", "open", 20, 5_000_000m, 1),              // 06-10 → 06-30
                (2L, "客户3", "orange", "overdue", "open", 20, 2_100_000m, 2),
                (4L, "客户4", "red", "financial_deterioration", "handling", 60, 14_000_000m, 2),   // 30 days of May + 30 of June
                (1L, "客户2", "red", "litigation", "closed", 121, 0m, 0),                          // 30 + 30 + 31 + 30
            ],
            w.Signals.Select(s => (s.Id, s.CustomerName, s.Severity, s.Kind, s.Status, s.DaysOpen, s.CustomerBalance, s.Contracts)));
        var first = w.Signals[0];
        Assert.Equal(["李强", "赵磊"], first.Managers); // the customer's manager, then K5's
        Assert.Equal(["王敏"], w.Signals[1].Managers); // K8 is the customer's manager's too
        Assert.Equal(["王敏"], w.Signals[^1].Managers); // no contract in force: the customer's manager only
        Assert.Equal(new DateOnly(2026, 7, 5), w.Signals[^1].ClosedOn);
        Assert.StartsWith("91", first.CreditCode);

        // by severity × kind: red litigation S7 S1, red financial deterioration S4, orange overdue S2, yellow public opinion S6
        Assert.Equal(
            [("red", "financial_deterioration", 1), ("red", "litigation", 2), ("orange", "overdue", 1), ("yellow", "public_opinion", 1)],
            w.Counts.Select(c => (c.Severity, c.Kind, c.Count)));
        Assert.Equal(2, w.Count("red", "litigation"));
        Assert.Equal(0, w.Count("yellow", "litigation"));
    }

    [Fact]
    public async Task TheDefaultRulesListEachBreachOnceAtItsHighestLevel()
    {
        var w = await LoadAsync(DataAccess.CompanyWide("risk"));
        // K10: special mention → substandard (一级: to substandard or worse; also "any downgrade" 二级, not listed again);
        //      40 days overdue (二级: ≥ 30; also ≥ 1 三级, not listed again)
        // K4:  normal → special mention (二级: any downgrade); 15 days overdue (三级: ≥ 1)
        // C4:  red signals S4 and S7 with 14M in force ≥ 10M (一级), one alert for the customer
        // C3:  2.1M overdue < 5M: no alert. C2: red S1 but nothing in force.
        Assert.Equal(
            [
                (1, "class_downgrade", "K10", 600_000m, (decimal?)null),
                (1, "red_signal_balance", null, 14_000_000m, 14_000_000m),
                (2, "class_downgrade", "K4", 1_500_000m, null),
                (2, "overdue_days", "K10", 600_000m, 40m),
                (3, "overdue_days", "K4", 1_500_000m, 15m),
            ],
            w.Alerts.Select(a => (a.Level, a.Kind, a.ContractNo, a.Balance, a.Value)));
        var downgrade = w.Alerts[0];
        Assert.Equal(("special_mention", "substandard", "substandard"), (downgrade.FromClass, downgrade.ToClass, downgrade.Rule.Class));
        Assert.Equal(30m, w.Alerts[3].Rule.Threshold);
        Assert.Equal("客户4", w.Alerts[1].CustomerName);
        Assert.Equal(4, w.UrgentAlerts); // 一级 and 二级
    }

    [Fact]
    public async Task ACustomRuleSetMovesThresholdsSoContractsDropOutOrComeIn()
    {
        var rules = AlertRules.Create([
            new AlertRule(2, AlertKinds.OverdueDays, 20),                // K4's 15 days no longer breaches; K10's 40 do
            new AlertRule(1, AlertKinds.ClassDowngrade, Class: "doubtful"), // nobody fell that far
            new AlertRule(1, AlertKinds.RedSignalBalance, 20_000_000m),   // C4's 14M is below
            new AlertRule(1, AlertKinds.CustomerOverdueBalance, 2_000_000m), // C3: K4 1.5M + K10 0.6M overdue = 2.1M
        ]);
        var w = await LoadAsync(DataAccess.CompanyWide("risk"), rules);
        Assert.Equal(
            [(1, "customer_overdue_balance", "客户3", (string?)null, 2_100_000m), (2, "overdue_days", "客户3", "K10", 40m)],
            w.Alerts.Select(a => (a.Level, a.Kind, a.CustomerName, a.ContractNo, a.Value!.Value)));
    }

    [Fact]
    public async Task ADepartmentHeadSeesOnlyTheirDepartmentsSignalsAndAlerts()
    {
        // BD1: C5's S6 and C2's S1; its contracts in force (K2, K8) are normal and current: no alert
        var bd1 = await LoadAsync(DataAccess.DepartmentHead("bd1", "BD1"));
        Assert.Equal([6L, 1L], bd1.Signals.Select(s => s.Id));
        Assert.Empty(bd1.Alerts);
        // BD2: C4's and C3's signals and every alert (K4, K10 and C4 are BD2's)
        var bd2 = await LoadAsync(DataAccess.DepartmentHead("bd2", "BD2"));
        Assert.Equal([7L, 2L, 4L], bd2.Signals.Select(s => s.Id));
        Assert.Equal(5, bd2.Alerts.Count);
        // asking for the other department is refused
        await Assert.ThrowsAsync<ScopeRefusedException>(() => LoadAsync(DataAccess.DepartmentHead("bd1", "BD1"), state: new FilterState(D, Department: "BD2")));
    }

    [Fact]
    public async Task TheFilterBarNarrowsSignalsByTheCustomersIndustry()
    {
        // C34: C2, C4, C6 → S7, S4, S1; the alerts on C34 customers' contracts: none (K4, K10 are C3's, A01) but C4's red signal
        var w = await LoadAsync(DataAccess.CompanyWide("risk"), state: new FilterState(D, Industry: "C34"));
        Assert.Equal([7L, 4L, 1L], w.Signals.Select(s => s.Id));
        Assert.Equal([("red_signal_balance", "客户4")], w.Alerts.Select(a => (a.Kind, a.CustomerName)));
    }

    [Fact]
    public void RulesFromConfigurationReplaceTheDefaultsAndABadRuleSaysWhatIsWrong()
    {
        static IReadOnlyList<AlertRule> Bind(Dictionary<string, string?> settings) =>
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
                .GetSection(RiskAlertOptions.SectionName).Get<RiskAlertOptions>()?.ToRules() ?? [];

        Assert.Same(AlertRules.Default, AlertRules.Create(Bind([])));
        var rules = AlertRules.Create(Bind(new()
        {
            ["Risk:Alerts:Rules:0:Level"] = "1", ["Risk:Alerts:Rules:0:Kind"] = "overdue_days", ["Risk:Alerts:Rules:0:Threshold"] = "60",
            ["Risk:Alerts:Rules:1:Level"] = "2", ["Risk:Alerts:Rules:1:Kind"] = "Class_Downgrade", ["Risk:Alerts:Rules:1:Class"] = "doubtful",
        }));
        Assert.Equal([new AlertRule(1, "overdue_days", 60m), new AlertRule(2, "class_downgrade", null, "doubtful")], rules.Rules);

        Assert.Contains("Level must be 1", AlertRules.Problem([new AlertRule(4, AlertKinds.OverdueDays, 1)]));
        Assert.Contains("Kind 'overdue' is unknown", AlertRules.Problem([new AlertRule(1, "overdue", 1)]));
        Assert.Contains("Risk:Alerts:Rules:1: overdue_days needs a Threshold", AlertRules.Problem([new AlertRule(1, AlertKinds.OverdueDays, 1), new AlertRule(1, AlertKinds.OverdueDays)]));
        Assert.Contains("whole number of days", AlertRules.Problem([new AlertRule(1, AlertKinds.OverdueDays, 0.5m)]));
        Assert.Contains("Class 'bad' is unknown", AlertRules.Problem([new AlertRule(1, AlertKinds.ClassDowngrade, Class: "bad")]));
        Assert.Contains("takes no Threshold", AlertRules.Problem([new AlertRule(1, AlertKinds.ClassDowngrade, 3)]));
        Assert.Throws<ArgumentException>(() => AlertRules.Create([new AlertRule(1, AlertKinds.CustomerOverdueBalance, -1)]));
    }
}
