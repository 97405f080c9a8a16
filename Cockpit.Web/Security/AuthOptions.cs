namespace Cockpit.Web.Security;

/// <summary>Sign-in settings (section "Auth").</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Where accounts and the audit log live: "sqlite" (default) or "postgresql".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The accounts database; unset → identity.db in the data folder (Etl:DataDirectory). A relative SQLite
    /// path resolves from the checkout root like data/.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Seed one demo account per role (the README lists them). On in the demo (the Demo environment,
    /// appsettings.Demo.json) and in Development, off elsewhere:
    /// when off, demo accounts left from an earlier demo are locked.</summary>
    public bool DemoAccounts { get; set; }

    /// <summary>The demo accounts' password.</summary>
    public string DemoPassword { get; set; } = "Cockpit@2026";

    /// <summary>When set and no admin exists yet, an account "admin" with this password is created (first production start).</summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Idle time after which the sign-in expires (sliding).</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>Sessions are checked against the account (security stamp, disabled) on every request and every open
    /// page's interaction; this is how long an account read for that check is reused. Changes made by this app (sign-out,
    /// password, disabling, roles) take effect at the next request regardless; this bounds changes made elsewhere
    /// (another instance, the database by hand). 0 = read the account on every request.</summary>
    public int SessionCheckSeconds { get; set; } = 5;

    /// <summary>Sign-in form posts allowed per client address and minute (sliding); more answer 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Company SSO (OpenID Connect); off unless Authority and ClientId are set.</summary>
    public OidcOptions Oidc { get; set; } = new();

    public sealed class OidcOptions
    {
        public string? Authority { get; set; }
        public string? ClientId { get; set; }
        public string? ClientSecret { get; set; }

        /// <summary>The button's text on the sign-in page.</summary>
        public string DisplayName { get; set; } = "公司统一身份认证 Company SSO";

        public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
    }
}
