using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Cockpit.Web.Security;

/// <summary>Sign-out and the company SSO round trip (the sign-in form itself is the /account/login page).</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");

        // a form post with the antiforgery token (bound [FromForm], so it is checked)
        // sign-out renews the account's security stamp: this cookie, a copy of it and the user's other sessions are
        // refused at their next request (SessionValidator)
        account.MapPost("/logout", async (HttpContext http, SignInManager<CockpitUser> signIn, UserManager<CockpitUser> users, AuditLog audit,
            [FromForm] string? returnUrl) =>
        {
            var name = http.User.Identity?.Name ?? "";
            var user = await users.GetUserAsync(http.User);
            await signIn.SignOutAsync();
            if (user is not null) await users.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.SignOut, name, true, null, http);
            return Results.LocalRedirect("/account/login");
        });

        // company SSO: only when configured
        if (!app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value.Oidc.Enabled) return;
        account.MapGet("/external", (HttpContext http, SignInManager<CockpitUser> signIn, string? returnUrl) =>
        {
            var callback = $"/account/external-callback?returnUrl={Uri.EscapeDataString(LocalRedirects.Safe(returnUrl))}";
            var properties = signIn.ConfigureExternalAuthenticationProperties(SecurityExtensions.OidcScheme, callback);
            return Results.Challenge(properties, [SecurityExtensions.OidcScheme]);
        }).AllowAnonymous();

        account.MapGet("/external-callback", async (HttpContext http, SignInManager<CockpitUser> signIn, UserManager<CockpitUser> users,
            AuditLog audit, string? returnUrl) =>
        {
            var info = await signIn.GetExternalLoginInfoAsync();
            if (info is null) return Results.LocalRedirect("/account/login?error=sso");
            var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
            var name = info.Principal.FindFirst("preferred_username")?.Value ?? info.Principal.Identity?.Name ?? info.ProviderKey;
            if (!result.Succeeded && !result.IsLockedOut)
            {
                // the first SSO sign-in of an account an admin has created under the same user name links the two
                var user = await users.FindByNameAsync(name);
                if (user is not null && !await users.IsLockedOutAsync(user) && (await users.AddLoginAsync(user, info)).Succeeded)
                {
                    await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
                    result = Microsoft.AspNetCore.Identity.SignInResult.Success;
                }
            }
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            await audit.WriteAsync(result.Succeeded ? AuditActions.SignIn : AuditActions.SignInFailed, name, result.Succeeded,
                result.Succeeded ? "sso" : result.IsLockedOut ? "sso: locked" : "sso: no cockpit account", http);
            return result.Succeeded ? Results.LocalRedirect(LocalRedirects.Safe(returnUrl)) : Results.LocalRedirect("/account/login?error=sso-unknown");
        }).AllowAnonymous();
    }
}
