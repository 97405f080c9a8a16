using System.Globalization;

namespace Cockpit.Warehouse.Pages;

/// <summary>The kinds of 预警阈值 alert rule (docs/risk-alerts.md).</summary>
public static class AlertKinds
{
    /// <summary>A contract overdue at D by at least <see cref="AlertRule.Threshold"/> days.</summary>
    public const string OverdueDays = "overdue_days";

    /// <summary>A contract whose 五级分类 at D is worse than at the previous month end (and at least <see cref="AlertRule.Class"/>).</summary>
    public const string ClassDowngrade = "class_downgrade";

    /// <summary>An open red signal on a customer whose balance at D is at least <see cref="AlertRule.Threshold"/> yuan.</summary>
    public const string RedSignalBalance = "red_signal_balance";

    /// <summary>A customer whose overdue contracts' balance at D is at least <see cref="AlertRule.Threshold"/> yuan.</summary>
    public const string CustomerOverdueBalance = "customer_overdue_balance";

    /// <summary>Every kind, in the order alerts of one level are listed.</summary>
    public static readonly IReadOnlyList<string> All = [ClassDowngrade, OverdueDays, RedSignalBalance, CustomerOverdueBalance];

    /// <summary>Kinds whose subject is a contract (the others are about a customer).</summary>
    public static bool OnContract(string kind) => kind is OverdueDays or ClassDowngrade;
}

/// <summary>
/// One threshold: a breach of it at D is an alert of <paramref name="Level"/> (1 = 一级, red; 2 = 二级, orange; 3 = 三级, yellow).
/// </summary>
/// <param name="Level">1, 2 or 3; 1 is the most serious.</param>
/// <param name="Kind">one of <see cref="AlertKinds"/>.</param>
/// <param name="Threshold">days (<c>overdue_days</c>) or yuan (the balance kinds); not used by <c>class_downgrade</c>.</param>
/// <param name="Class"><c>class_downgrade</c> only: the class at D must be this one or worse; null = any downgrade.</param>
public sealed record AlertRule(int Level, string Kind, decimal? Threshold = null, string? Class = null);

/// <summary>
/// The 预警阈值 set: multi-level thresholds whose breaches at D are listed as alerts. A contract (or customer) breaching
/// several rules of one kind is one alert, at the highest level it reaches.
/// </summary>
public sealed class AlertRules
{
    private AlertRules(IReadOnlyList<AlertRule> rules) => Rules = rules;

    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>
    /// The default set: overdue ≥ 90 days 一级, ≥ 30 二级, ≥ 1 三级; a downgrade to substandard or worse 一级, any other
    /// downgrade 二级; an open red signal on a customer with at least 10,000,000 yuan in force 一级; a customer with at least
    /// 5,000,000 yuan overdue 二级.
    /// </summary>
    public static readonly AlertRules Default = new([
        new(1, AlertKinds.OverdueDays, 90),
        new(2, AlertKinds.OverdueDays, 30),
        new(3, AlertKinds.OverdueDays, 1),
        new(1, AlertKinds.ClassDowngrade, Class: "substandard"),
        new(2, AlertKinds.ClassDowngrade),
        new(1, AlertKinds.RedSignalBalance, 10_000_000m),
        new(2, AlertKinds.CustomerOverdueBalance, 5_000_000m),
    ]);

    /// <summary>The levels an alert can have, most serious first.</summary>
    public static readonly IReadOnlyList<int> Levels = [1, 2, 3];

    /// <summary>五级分类, best first (a larger index is a worse class).</summary>
    public static readonly IReadOnlyList<string> Classes = MigrationMatrix.Classes;

    /// <summary>A rule set from configured rules; none configured gives <see cref="Default"/>. Throws <see cref="ArgumentException"/> with what is wrong.</summary>
    public static AlertRules Create(IEnumerable<AlertRule>? rules)
    {
        var list = rules?.ToList() ?? [];
        if (Problem(list) is { } problem) throw new ArgumentException(problem, nameof(rules));
        return list.Count == 0 ? Default : new AlertRules(list);
    }

    /// <summary>What is wrong with a configured rule set (English, for the start-up error), or null when it is usable.</summary>
    public static string? Problem(IReadOnlyList<AlertRule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var at = $"Risk:Alerts:Rules:{i}";
            if (!Levels.Contains(r.Level)) return $"{at}: Level must be 1 (一级), 2 (二级) or 3 (三级), not {r.Level}.";
            if (!AlertKinds.All.Contains(r.Kind))
            {
                return $"{at}: Kind '{r.Kind}' is unknown; use one of {string.Join(", ", AlertKinds.All)}.";
            }
            if (r.Kind == AlertKinds.ClassDowngrade)
            {
                if (r.Threshold is not null) return $"{at}: class_downgrade takes no Threshold; use Class (e.g. \"substandard\") or leave it out for any downgrade.";
                if (r.Class is not null && !Classes.Contains(r.Class))
                {
                    return $"{at}: Class '{r.Class}' is unknown; use one of {string.Join(", ", Classes.Skip(1))}.";
                }
                continue;
            }
            if (r.Class is not null) return $"{at}: Class is for class_downgrade only.";
            if (r.Threshold is not { } t) return $"{at}: {r.Kind} needs a Threshold.";
            switch (r.Kind)
            {
                case AlertKinds.OverdueDays when t < 1 || t != decimal.Truncate(t):
                    return $"{at}: overdue_days needs a whole number of days of at least 1, not {t.ToString(CultureInfo.InvariantCulture)}.";
                case AlertKinds.RedSignalBalance when t < 0:
                case AlertKinds.CustomerOverdueBalance when t <= 0:
                    return $"{at}: {r.Kind} needs a balance in yuan above 0, not {t.ToString(CultureInfo.InvariantCulture)}.";
            }
        }
        return null;
    }

    /// <summary>The most serious rule of <paramref name="kind"/> that <paramref name="breaches"/>, or null (the strictest of one level).</summary>
    internal AlertRule? Highest(string kind, Func<AlertRule, bool> breaches) =>
        Rules.Where(r => r.Kind == kind && breaches(r))
            .OrderBy(r => r.Level)
            .ThenByDescending(r => r.Threshold ?? 0)
            .ThenByDescending(r => r.Class is null ? -1 : Rank(r.Class))
            .FirstOrDefault();

    /// <summary>A class's place, 0 = normal … 4 = loss; -1 when unknown.</summary>
    public static int Rank(string? fiveLevelClass) => fiveLevelClass is null ? -1 : Classes.ToList().IndexOf(fiveLevelClass);
}

/// <summary>Settings of one rule as written in <c>appsettings.json</c> (<see cref="RiskAlertOptions"/>).</summary>
public sealed class AlertRuleSetting
{
    public int Level { get; set; }

    public string? Kind { get; set; }

    public decimal? Threshold { get; set; }

    public string? Class { get; set; }
}

/// <summary>
/// The <c>Risk:Alerts</c> section: <c>Rules</c>, a list of { Level, Kind, Threshold, Class }. None listed: the default set
/// (<see cref="AlertRules.Default"/>). A listed set replaces the default set as a whole.
/// </summary>
public sealed class RiskAlertOptions
{
    public const string SectionName = "Risk:Alerts";

    public List<AlertRuleSetting> Rules { get; set; } = [];

    public IReadOnlyList<AlertRule> ToRules() =>
        [.. Rules.Select(r => new AlertRule(r.Level, r.Kind?.Trim().ToLowerInvariant() ?? "", r.Threshold, r.Class?.Trim().ToLowerInvariant()))];
}
