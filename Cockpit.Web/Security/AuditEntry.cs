namespace Cockpit.Web.Security;

/// <summary>One line of the audit log: who did what, when and from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>When, in UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>The user name (or the name typed at a failed sign-in).</summary>
    public string UserName { get; set; } = "";

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public string Action { get; set; } = "";

    /// <summary>What exactly: the KPI and filters of an export, the role change, the run id.</summary>
    public string? Detail { get; set; }

    /// <summary>The client's address.</summary>
    public string? RemoteIp { get; set; }

    /// <summary>The request's correlation id (as in the server log).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Succeeded (true) or refused/failed (false).</summary>
    public bool Succeeded { get; set; }
}

/// <summary>The audited actions.</summary>
public static class AuditActions
{
    public const string SignIn = "sign_in";
    public const string SignInFailed = "sign_in_failed";
    public const string LockedOut = "locked_out";
    public const string SignOut = "sign_out";
    public const string PasswordChanged = "password_changed";
    public const string Export = "export";
    public const string EtlManual = "etl_manual";
    public const string RoleChanged = "role_changed";
    /// <summary>A targets file uploaded from the cockpit: accepted (stored, rebuild queued) or refused.</summary>
    public const string TargetsUpload = "targets_upload";
    /// <summary>A file of any inbox kind uploaded on /admin/inbox: accepted (stored) or refused.</summary>
    public const string InboxUpload = "inbox_upload";
    /// <summary>The ETL schedule changed on /admin/schedule (or a change refused).</summary>
    public const string ScheduleChanged = "schedule_changed";
    /// <summary>An account disabled by an admin (cannot sign in, open sessions end).</summary>
    public const string UserDisabled = "user_disabled";
    /// <summary>A disabled account enabled again.</summary>
    public const string UserEnabled = "user_enabled";
    /// <summary>A password set by an admin (to be changed at the next sign-in).</summary>
    public const string PasswordReset = "password_reset";
    /// <summary>A sign-in post refused by the per-address rate limit (the user name tried, the address).</summary>
    public const string SignInThrottled = "sign_in_throttled";
    /// <summary>An earlier build chosen for viewing on /admin/builds (the cockpit "as of build X"), or the return to the current data.</summary>
    public const string BuildViewed = "build_viewed";
    /// <summary>The retention setting (how many builds every run keeps) changed on /admin/builds.</summary>
    public const string RetentionChanged = "retention_changed";

    /// <summary>The actions the audit page offers as a filter, in this order.</summary>
    public static readonly IReadOnlyList<string> All =
        [SignIn, SignInFailed, LockedOut, SignInThrottled, SignOut, PasswordChanged, PasswordReset, Export, EtlManual, RoleChanged, UserDisabled, UserEnabled, TargetsUpload, InboxUpload, ScheduleChanged, BuildViewed, RetentionChanged];
}
