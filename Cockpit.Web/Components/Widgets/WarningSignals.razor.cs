using System.Globalization;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Widgets;

/// <summary>风险预警: the alerts of the threshold set by level (一级 red, 二级 orange, 三级 yellow) and the open signals.</summary>
public partial class WarningSignals
{
    /// <summary>The signals and alerts at D (<see cref="RiskDashboard.LoadWarningsAsync"/>).</summary>
    [Parameter, EditorRequired] public RiskWarnings Warnings { get; set; } = default!;

    /// <summary>The most signals, and alerts of one level, listed (newest and most serious first); the rest are counted.</summary>
    [Parameter] public int MaxRows { get; set; } = 100;

    private static CultureInfo Culture => CultureInfo.CurrentUICulture;

    private static bool Zh => Culture.TwoLetterISOLanguageName == "zh";

    /// <summary>The signal kinds present, in a fixed order.</summary>
    private IReadOnlyList<string> Kinds => [.. Warnings.Counts.Select(c => c.Kind).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>A code (kind, severity, status) by its name; an unknown code as it is.</summary>
    private string Name(string code) => L[$"Code_{code}"] is { ResourceNotFound: false } name ? name.Value : code;

    /// <summary>The customer file (URL-escaped credit code).</summary>
    private static string? CustomerHref(string creditCode, long customerId) => CustomerLinks.ForCustomer(creditCode, customerId);

    private static string SeverityColour(string severity) => severity switch
    {
        "red" => "#d32f2f",
        "orange" => "#ef6c00",
        "yellow" => "#f9a825",
        _ => "#9e9e9e",
    };

    private static string LevelColour(int level) => level is >= 1 and <= 3 ? SeverityColour(RiskWarnings.Severities[level - 1]) : SeverityColour("");

    private static string ChipStyle(string colour) => $"background-color:{colour};color:#fff";

    /// <summary>The rule in words: "逾期 ≥ 30 天", "五级分类下调至次级或更差"…</summary>
    private string RuleText(AlertRule rule) => rule.Kind switch
    {
        AlertKinds.OverdueDays => string.Format(Culture, L["Warn_Rule_overdue_days"], Days(rule.Threshold)),
        AlertKinds.ClassDowngrade when rule.Class is { } c => string.Format(Culture, L["Warn_Rule_class_downgrade_to"], Name(c)),
        AlertKinds.ClassDowngrade => L["Warn_Rule_class_downgrade"],
        _ => string.Format(Culture, L[$"Warn_Rule_{rule.Kind}"], CockpitFormat.Money(rule.Threshold, Culture, allowYi: false)),
    };

    /// <summary>What breached: days overdue, the classes of a downgrade, or the balance.</summary>
    private string ValueText(RiskAlert alert) => alert.Kind switch
    {
        AlertKinds.OverdueDays => string.Format(Culture, L["Warn_Days"], Days(alert.Value)),
        AlertKinds.ClassDowngrade => $"{Name(alert.FromClass ?? "")} → {Name(alert.ToClass ?? "")}",
        _ => CockpitFormat.Money(alert.Value, Culture, allowYi: false),
    };

    private static string Days(decimal? days) => days?.ToString("N0", CultureInfo.InvariantCulture) ?? "—";
}
