using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Security;

/// <summary>
/// Requests the cockpit refuses before any page or endpoint sees them, each with a plain 400 in Chinese and English
/// (never an exception page, a stack trace or an echo of the request): a form post whose antiforgery token is missing
/// or wrong (every form: minimal-API posts and Blazor forms alike, in every environment), plain HTTP where the
/// cookies must be Secure, and Hangfire dashboard calls without the form they need.
/// </summary>
public static class RequestGuards
{
    /// <summary>After <c>UseAntiforgery</c>: a post the antiforgery middleware found invalid is answered here.</summary>
    public static IApplicationBuilder UseAntiforgeryRefusal(this IApplicationBuilder app) =>
        app.Use((http, next) =>
            http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } failure
                ? RefuseAsync(http, "Harden_Antiforgery", failure.Error)
                : next(http));

    /// <summary>Where cookies are Secure (outside the demo), a plain-HTTP request would fail when the sign-in page
    /// sets its antiforgery cookie: it is told to use HTTPS (or a configured proxy) instead. /healthz stays open to
    /// load balancers on plain HTTP.</summary>
    public static IApplicationBuilder UseHttpsRequired(this IApplicationBuilder app) =>
        app.Use((http, next) =>
            http.Request.IsHttps || http.Request.Path.StartsWithSegments("/healthz")
                ? next(http)
                : RefuseAsync(http, "Harden_HttpsRequired"));

    /// <summary>Hangfire's dashboard reads a form for its JSON statistics and its commands: without one (a GET of
    /// /hangfire/stats, a post of another content type) it would throw; such calls are a 400 instead.</summary>
    public static IApplicationBuilder UseHangfireFormGuard(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var path = http.Request.Path;
            var wantsForm = path.StartsWithSegments("/hangfire", out var rest)
                && (HttpMethods.IsPost(http.Request.Method) || rest.Equals("/stats", StringComparison.OrdinalIgnoreCase));
            return wantsForm && !(HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType)
                ? RefuseAsync(http, "Harden_HangfireForm")
                : next(http);
        });

    /// <summary>
    /// Right after <c>UseStatusCodePagesWithReExecute</c>: the error page and the status page are rendered as a GET
    /// whatever the failed request's method was. Re-executed as a post, a Blazor page finds no form of its own in it
    /// and answers an empty 400 (or refuses the token again), so a failed post would show nothing.
    /// </summary>
    public static IApplicationBuilder UseReExecutionAsGet(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            var reExecuted = http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
                || http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
            if (reExecuted && !HttpMethods.IsGet(http.Request.Method)) http.Request.Method = HttpMethods.Get;
            return next(http);
        });

    /// <summary>A 400 with the message <paramref name="key"/> in Chinese, then English, as plain text.</summary>
    public static Task RefuseAsync(HttpContext http, string key, Exception? cause = null)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestGuards));
        logger.LogWarning("Refused {Method} {Path} ({Reason}): {Cause}", http.Request.Method, http.Request.Path, key, cause?.Message);
        var text = Bilingual(http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>(), key);
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(text + "\n", http.RequestAborted);
    }

    /// <summary>A text in both languages of the cockpit, Chinese first.</summary>
    public static string Bilingual(IStringLocalizer localizer, string key)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            return string.Join("\n", Extensions.Cultures.Select(c =>
            {
                CultureInfo.CurrentUICulture = c;
                return localizer[key].Value;
            }));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
