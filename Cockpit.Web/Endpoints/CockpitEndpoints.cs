using Cockpit.Web.Services;
using Microsoft.AspNetCore.Localization;

namespace Cockpit.Web.Endpoints;

/// <summary>Small HTTP endpoints beside the pages: health and the language switch.</summary>
public static class CockpitEndpoints
{
    public static void MapCockpitEndpoints(this IEndpointRouteBuilder app)
    {
        // /healthz: the age of the warehouse build and the last ETL run; 503 while there is no build
        app.MapGet("/healthz", (WarehouseStatus status, TimeProvider time) =>
        {
            var f = status.Read();
            var body = new
            {
                status = f.NoBuild ? "no_build" : f.LastRunFailed ? "degraded" : "ok",
                buildId = f.Current?.BuildId,
                asOf = f.Current?.AsOf,
                publishedAt = f.Current?.PublishedAt,
                buildAgeHours = f.Current is null ? (double?)null : Math.Round((time.GetUtcNow() - f.Current.PublishedAt).TotalHours, 2),
                lastRun = f.LastRun is null ? null : new { f.LastRun.RunId, f.LastRun.Status, f.LastRun.Stage, f.LastRun.EndedAt, f.LastRun.Error },
            };
            return Results.Json(body, statusCode: f.NoBuild ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });

        // /culture?c=en-US&redirect=/risk?period=ttm : remember the language in a cookie and go back
        app.MapGet("/culture", (HttpContext http, string? c, string? redirect) =>
        {
            var culture = Extensions.Cultures.FirstOrDefault(x => x.Name == c) ?? Extensions.Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture, culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            var target = redirect is not null && redirect.StartsWith('/') && !redirect.StartsWith("//") ? redirect : "/";
            return Results.LocalRedirect(target);
        });
    }
}
