using Cockpit.Etl;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Security;

/// <summary>Sign-in (ASP.NET Core Identity on EF Core, optional OpenID Connect), roles, closed-by-default authorization.</summary>
public static class SecurityExtensions
{
    public const string OidcScheme = "oidc";

    public static IHostApplicationBuilder AddCockpitSecurity(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.SectionName);
        builder.Services.AddOptions<AuthOptions>().Bind(section)
            .Validate(o => o.Provider is "sqlite" or "postgresql", "Auth:Provider must be 'sqlite' or 'postgresql'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Auth:ConnectionString is required for PostgreSQL.")
            .Validate(o => o.MaxFailedAttempts >= 1 && o.LockoutMinutes >= 1, "Auth:MaxFailedAttempts and Auth:LockoutMinutes must be at least 1.")
            .PostConfigure(o =>
            {
                if (o.Provider != "sqlite") return;
                o.ConnectionString = string.IsNullOrWhiteSpace(o.ConnectionString)
                    ? $"Data Source={Path.Combine(DataPaths.Resolve(builder.Configuration["Etl:DataDirectory"] ?? "data"), "identity.db")}"
                    : DataPaths.ResolveSqlite(o.ConnectionString);
            })
            .ValidateOnStart();
        var auth = section.Get<AuthOptions>() ?? new AuthOptions();

        builder.Services.AddDbContextFactory<IdentityDb>((sp, db) =>
        {
            var o = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            if (o.Provider == "postgresql") db.UseNpgsql(o.ConnectionString);
            else db.UseSqlite(o.ConnectionString);
        });
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<IdentityDb>>().CreateDbContext());

        builder.Services.AddIdentityCore<CockpitUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = auth.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(auth.LockoutMinutes);
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<IdentityDb>()
            .AddUserManager<CockpitUserManager>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<CockpitClaimsFactory>()
            .AddDefaultTokenProviders();

        var authentication = builder.Services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        });
        authentication.AddIdentityCookies();
        if (auth.Oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcScheme, auth.Oidc.DisplayName, o =>
            {
                o.Authority = auth.Oidc.Authority;
                o.ClientId = auth.Oidc.ClientId;
                o.ClientSecret = auth.Oidc.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SaveTokens = false;
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.CallbackPath = "/signin-oidc";
                o.Scope.Add("profile");
                o.Scope.Add("email");
            });
        }

        // Secure cookies outside a local run; behind a TLS proxy the forwarded scheme (ProxySetup) makes the request https
        var secure = CockpitEnvironments.IsLocal(builder.Environment) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "cockpit.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure;
            o.ExpireTimeSpan = TimeSpan.FromHours(auth.SessionHours);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            // every request's session checked against the account (not Identity's interval check)
            o.Events.OnValidatePrincipal = SessionValidator.ValidatePrincipalAsync;
            o.Events.OnRedirectToLogin = ctx => RedirectOr401(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => RedirectOr401(ctx, StatusCodes.Status403Forbidden);
            // the sign-in itself follows ?ReturnUrl= on the sign-in page: through the same check as every redirect
            o.Events.OnRedirectToReturnUrl = ctx =>
            {
                ctx.Response.Redirect(LocalRedirects.Safe(ctx.RedirectUri));
                return Task.CompletedTask;
            };
        });
        builder.Services.ConfigureExternalCookie(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "cockpit.af";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // closed by default: every endpoint needs a signed-in user unless it says [AllowAnonymous]
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(CockpitRoles.Admin, p => p.RequireRole(CockpitRoles.Admin))
            .AddPolicy(CockpitRoles.Export, p => p.RequireRole(CockpitRoles.Auditor));
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddSingleton<SessionValidator>();
        builder.Services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SessionCircuitHandler>();
        builder.Services.AddCockpitSignInThrottle();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddCockpitUserAdministration();
        return builder;
    }

    /// <summary>Pages are sent to the sign-in page; downloads and API calls get a plain 401/403.</summary>
    private static Task RedirectOr401(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        // a 401/403 is the answer itself, not a page to re-execute as "not found"
        if (ctx.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        if (path.StartsWithSegments("/export") || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/api")
            || HttpMethods.IsPost(ctx.Request.Method) && !path.StartsWithSegments("/account"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
