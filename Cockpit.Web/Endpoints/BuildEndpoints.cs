using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Mvc;

namespace Cockpit.Web.Endpoints;

/// <summary>
/// The builds page's actions (issue 16, item 4), form posts with the antiforgery token, audited: view the cockpit as
/// of an earlier build, return to the current data, and the retention setting.
/// </summary>
public static class BuildEndpoints
{
    public static void MapBuildEndpoints(this IEndpointRouteBuilder app)
    {
        var builds = app.MapGroup("/builds")
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = CockpitRoles.BuildsPage })
            .WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());

        // every page and export of this browser session then reads that build, under a banner, until "current"
        builds.MapPost("/view", async (HttpContext http, WarehouseLayout layout, AuditLog audit, [FromForm] string? id, [FromForm] string? returnUrl) =>
        {
            var user = http.User.Identity?.Name ?? "";
            var pointer = WarehouseLayout.IsBuildId(id) ? BuildCatalog.Find(layout, id) : null;
            if (pointer is null || !File.Exists(pointer.File))
            {
                await audit.WriteAsync(AuditActions.BuildViewed, user, false, $"refused: build={id} reason=no kept build", http);
                return Results.LocalRedirect($"/admin/builds?error=missing&build={Uri.EscapeDataString(id ?? "")}");
            }
            if (pointer.Schema < WarehouseSchema.Version)
            {
                await audit.WriteAsync(AuditActions.BuildViewed, user, false, $"refused: build={id} reason=older schema {pointer.Schema}", http);
                return Results.LocalRedirect($"/admin/builds?error=outdated&build={Uri.EscapeDataString(id!)}");
            }
            http.Response.Cookies.Append(ViewedBuild.CookieName, pointer.BuildId, new CookieOptions
            {
                HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/",
            });
            await audit.WriteAsync(AuditActions.BuildViewed, user, true, $"build={pointer.BuildId} run={pointer.RunId}", http);
            return Results.LocalRedirect(LocalRedirects.Safe(returnUrl));
        });

        builds.MapPost("/current", async (HttpContext http, AuditLog audit, [FromForm] string? returnUrl) =>
        {
            var viewed = http.Request.Cookies[ViewedBuild.CookieName];
            http.Response.Cookies.Delete(ViewedBuild.CookieName, new CookieOptions { Path = "/" });
            await audit.WriteAsync(AuditActions.BuildViewed, http.User.Identity?.Name ?? "", true, $"build=current was={viewed}", http);
            return Results.LocalRedirect(LocalRedirects.Safe(returnUrl));
        });

        // how many builds every run keeps (retention.json in the warehouse folder; the ETL command honours it too)
        app.MapPost("/admin/builds/retention", async (HttpContext http, WarehouseLayout layout, AuditLog audit, TimeProvider time, [FromForm] string? keep) =>
        {
            var user = http.User.Identity?.Name ?? "";
            if (!int.TryParse(keep, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                || n < 1 || n > WarehouseLayout.MaxKeepBuilds)
            {
                await audit.WriteAsync(AuditActions.RetentionChanged, user, false, $"refused: keep={keep}", http);
                return Results.LocalRedirect($"/admin/builds?error=keep&keep={Uri.EscapeDataString(keep ?? "")}");
            }
            var before = layout.SavedKeepBuilds();
            layout.SaveKeepBuilds(n, user, time.GetUtcNow());
            await audit.WriteAsync(AuditActions.RetentionChanged, user, true, $"keep={n} was={before?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}", http);
            return Results.LocalRedirect("/admin/builds?saved=1");
        }).RequireAuthorization(CockpitRoles.Admin).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());
    }
}
