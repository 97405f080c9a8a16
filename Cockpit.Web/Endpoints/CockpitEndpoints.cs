using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Localization;

namespace Cockpit.Web.Endpoints;

/// <summary>Small HTTP endpoints beside the pages: health and the language switch.</summary>
public static class CockpitEndpoints
{
    public static void MapCockpitEndpoints(this IEndpointRouteBuilder app)
    {
        // /healthz: load balancers (anonymous) get Healthy / Degraded / Unhealthy and nothing more; a signed-in
        // admin gets the build's age and the last run. 503 while there is no build.
        app.MapGet("/healthz", (HttpContext http, WarehouseStatus status, TimeProvider time) =>
        {
            var f = status.Read();
            var code = f.NoBuild ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            var word = f.NoBuild ? "Unhealthy" : f.LastRunFailed ? "Degraded" : "Healthy";
            if (!http.User.IsInRole(CockpitRoles.Admin)) return Results.Text(word, "text/plain", statusCode: code);
            var body = new
            {
                status = word,
                buildId = f.Current?.BuildId,
                asOf = f.Current?.AsOf,
                publishedAt = f.Current?.PublishedAt,
                buildAgeHours = f.Current is null ? (double?)null : Math.Round((time.GetUtcNow() - f.Current.PublishedAt).TotalHours, 2),
                lastRun = f.LastRun is null ? null : new { f.LastRun.RunId, f.LastRun.Status, f.LastRun.Stage, f.LastRun.EndedAt, f.LastRun.Error },
            };
            return Results.Json(body, statusCode: code);
        }).AllowAnonymous();

        // /culture?c=en-US&redirect=/risk?period=ttm : remember the language in a cookie and go back
        app.MapGet("/culture", (HttpContext http, string? c, string? redirect) =>
        {
            var culture = Extensions.Cultures.FirstOrDefault(x => x.Name == c) ?? Extensions.Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture, culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(LocalRedirects.Safe(redirect));
        }).AllowAnonymous(); // the sign-in page has the language switch too
    }
}
