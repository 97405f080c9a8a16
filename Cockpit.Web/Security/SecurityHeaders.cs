namespace Cockpit.Web.Security;

/// <summary>
/// Security headers on every response. The Content-Security-Policy allows only our own origin: Blazor's script and
/// WebSocket, MudBlazor's and ApexCharts' inline styles (style-src 'unsafe-inline'; no inline script anywhere in the
/// cockpit), and data: images/fonts. The Hangfire dashboard writes inline scripts, so its pages (admin only) get
/// script-src 'unsafe-inline' as well.
/// </summary>
public static class SecurityHeaders
{
    public static string Policy(bool allowInlineScript, string? ssoAuthority)
    {
        var formAction = ssoAuthority is null ? "'self'" : $"'self' {new Uri(ssoAuthority).GetLeftPart(UriPartial.Authority)}";
        return string.Join("; ",
            "default-src 'self'",
            allowInlineScript ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formAction}",
            "frame-ancestors 'none'");
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, AuthOptions auth)
    {
        var strict = Policy(false, auth.Oidc.Enabled ? auth.Oidc.Authority : null);
        var hangfire = Policy(true, null);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var h = http.Response.Headers;
                h.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/hangfire") ? hangfire : strict;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "strict-origin-when-cross-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next();
        });
    }
}
