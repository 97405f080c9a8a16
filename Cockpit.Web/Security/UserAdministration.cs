using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Security;

/// <summary>
/// Account administration rules: a disabled account (locked until the end of time) cannot sign in and its open
/// sessions end at their next request (the security stamp is renewed; <see cref="SessionValidator"/>); a password reset
/// by an admin must be changed at the next sign-in.
/// </summary>
public static class UserAdministration
{
    /// <summary>A user claim (AspNetUserClaims): the password was set by an admin and must be changed before anything else.</summary>
    public const string MustChangePasswordClaim = "cockpit:must_change_password";

    /// <summary>A disabled account is locked until <see cref="DateTimeOffset.MaxValue"/> (a lockout after wrong passwords ends).</summary>
    public static bool IsDisabled(CockpitUser user) => IsDisabled(user.LockoutEnd);

    public static bool IsDisabled(DateTimeOffset? lockoutEnd) => lockoutEnd == DateTimeOffset.MaxValue;

    public static IServiceCollection AddCockpitUserAdministration(this IServiceCollection services)
    {
        // Identity's messages in the page's language (Chinese first)
        services.AddScoped<IdentityErrorDescriber, LocalizedIdentityErrors>();
        services.AddTransient<IStartupFilter, MustChangePasswordFilter>();
        services.AddScoped<AuditText>();
        return services;
    }

    /// <summary>Removes the must-change flag after the user has chosen their own password.</summary>
    public static async Task PasswordChangedAsync(UserManager<CockpitUser> users, CockpitUser user)
    {
        var flags = (await users.GetClaimsAsync(user)).Where(c => c.Type == MustChangePasswordClaim).ToList();
        if (flags.Count > 0) await users.RemoveClaimsAsync(user, flags);
    }

    /// <summary>
    /// A signed-in user whose password an admin has reset reaches only the change-password page (and sign-out) until
    /// they have changed it: pages are sent there, anything else gets a 403.
    /// </summary>
    private sealed class MustChangePasswordFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, nextStep) =>
            {
                var path = http.Request.Path;
                if (path.StartsWithSegments("/account") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content")
                    || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/culture") || Path.HasExtension(path.Value)
                    || !http.Request.Cookies.ContainsKey("cockpit.auth"))
                {
                    await nextStep(http);
                    return;
                }
                var result = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
                if (result.Principal?.HasClaim(c => c.Type == MustChangePasswordClaim) == true)
                {
                    if (HttpMethods.IsGet(http.Request.Method) && !path.StartsWithSegments("/_blazor") && !path.StartsWithSegments("/export"))
                    {
                        http.Response.Redirect("/account/password?reset=1");
                    }
                    else
                    {
                        http.Response.StatusCode = StatusCodes.Status403Forbidden;
                    }
                    return;
                }
                await nextStep(http);
            });
            next(app);
        };
    }
}

/// <summary>ASP.NET Core Identity's error messages from the resources (Chinese, English with the switch).</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<Strings> l) : IdentityErrorDescriber
{
    private IdentityError Error(string code, params object[] args) => new() { Code = code, Description = string.Format(l[$"Identity_{code}"], args) };

    public override IdentityError DefaultError() => Error(nameof(DefaultError));

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), userName ?? "");

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), userName);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric));

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit));

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower));

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper));

    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), role);

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure));
}
