using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Security;

/// <summary>
/// The audit log in words for the page and its export: an action by its name (登录失败 / Failed sign-in), a detail's
/// key=value pairs as "label: value", role codes by their names and the usual English phrases translated. What is
/// stored stays as written (the tests and the server log read it).
/// </summary>
public sealed partial class AuditText(IStringLocalizer<Strings> l)
{
    // phrases written in details (AccountEndpoints, Login, AdminEndpoints …) → resource keys
    private static readonly (string Phrase, string Key)[] Phrases =
    [
        ("wrong user name or password", "AuditPhrase_WrongPassword"),
        ("sso: no cockpit account", "AuditPhrase_SsoNoAccount"),
        ("sso: locked", "AuditPhrase_SsoLocked"),
        ("not allowed", "AuditPhrase_NotAllowed"),
        ("created as", "AuditPhrase_CreatedAs"),
        ("password reset, to be changed at the next sign-in", "AuditPhrase_PasswordReset"),
        ("disabled", "AuditPhrase_Disabled"),
        ("enabled", "AuditPhrase_Enabled"),
        ("unlocked", "AuditPhrase_Unlocked"),
        ("hangfire job", "AuditPhrase_Job"),
        ("refused:", "AuditPhrase_Refused"),
        ("uploaded as", "AuditPhrase_UploadedAs"),
        ("department", "AuditPhrase_Department"),
        ("rows", "AuditPhrase_Rows"),
        ("unknown user", "AuditPhrase_SessionUnknownUser"),
        ("wrong password", "AuditPhrase_SessionWrongPassword"),
        ("locked", "AuditPhrase_SessionLocked"),
        ("throttled", "AuditPhrase_SessionThrottled"),
    ];

    /// <summary>The action's name (the code itself for an action this version does not know).</summary>
    public string Action(string code)
    {
        var name = l[$"AuditAction_{code}"];
        return name.ResourceNotFound ? code : name.Value;
    }

    /// <summary>The detail in words.</summary>
    public string Detail(string action, string? detail)
    {
        if (string.IsNullOrWhiteSpace(detail)) return detail == "sso" ? l["AuditPhrase_Sso"] : "";
        if (detail == "sso") return l["AuditPhrase_Sso"];
        var text = Pair().Replace(detail, m =>
        {
            var label = l[$"AuditKey_{m.Groups[1].Value}"];
            return $"{(label.ResourceNotFound ? m.Groups[1].Value : label.Value)}{l["AuditKey_Separator"]}{m.Groups[2].Value}";
        });
        foreach (var (phrase, key) in Phrases)
        {
            text = Regex.Replace(text, $@"(?<![\w-]){Regex.Escape(phrase)}(?![\w-])", _ => l[key].Value, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        if (action is AuditActions.RoleChanged or AuditActions.UserDisabled or AuditActions.UserEnabled or AuditActions.PasswordReset)
        {
            text = RoleCode().Replace(text, m => l[$"Role_{m.Value}"].Value);
        }
        return text;
    }

    /// <summary>✓ / ✗ in words.</summary>
    public string Result(bool succeeded) => succeeded ? l["Audit_Succeeded"] : l["Audit_Failed"];

    [GeneratedRegex(@"(?<![\w])([a-z][a-z0-9_]*)=(\S*)")]
    private static partial Regex Pair();

    [GeneratedRegex(@"(?<![\w])(executive|department_head|risk_officer|auditor|admin)(?![\w:])")]
    private static partial Regex RoleCode();
}
