namespace Cockpit.Web.Security;

/// <summary>
/// Security headers on every response. The Content-Security-Policy allows only our own origin: Blazor's script and
/// WebSocket, MudBlazor's and ApexCharts' inline styles (style-src 'unsafe-inline'), and data: images/fonts. No inline
/// script anywhere, the Hangfire dashboard included (its pages work under the same strict policy).
/// </summary>
public static class SecurityHeaders
{
    public static string Policy(string? ssoAuthority)
    {
        var formAction = ssoAuthority is null ? "'self'" : $"'self' {new Uri(ssoAuthority).GetLeftPart(UriPartial.Authority)}";
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
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
        var policy = Policy(auth.Oidc.Enabled ? auth.Oidc.Authority : null);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var h = http.Response.Headers;
                h.ContentSecurityPolicy = policy;
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
