using System.Security.Claims;
using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;
using Cockpit.Web.Security;

namespace Cockpit.Web.Services;

/// <summary>
/// The cockpit "as of build X" (issue 16, item 4): an auditor or administrator chooses an earlier kept build on
/// /admin/builds; until they return to the current data every page and every export they open reads that build,
/// read-only, under a banner on every page. The choice lives in a browser-session cookie (<see cref="CookieName"/>),
/// so it holds for the page requests, the interactive session and the export downloads alike.
/// </summary>
public sealed class ViewedBuild(WarehouseStatus status)
{
    public const string CookieName = "cockpit.build";

    /// <summary>The roles that may view an earlier build (the builds page's).</summary>
    public const string Roles = CockpitRoles.BuildsPage;

    /// <summary>The build chosen, or null for the current data.</summary>
    public BuildPointer? Pointer { get; private set; }

    /// <summary>An earlier build is being viewed.</summary>
    public bool Active => Pointer is not null;

    /// <summary>Sets the session's choice from the cookie of the request that served the page.</summary>
    public void Set(string? buildId) => Pointer = Resolve(status.Layout, buildId);

    /// <summary>
    /// The build the cookie names, for a user whose roles may view one: null for no cookie, a malformed id, a build no
    /// run published, or another role (they read the current data).
    /// </summary>
    public static BuildPointer? For(HttpContext http) =>
        MayView(http.User) ? Resolve(http.RequestServices.GetRequiredService<WarehouseStatus>().Layout, http.Request.Cookies[CookieName]) : null;

    /// <summary>The cookie's build id as sent, for the interactive session (null for a role that may not view one).</summary>
    public static string? RequestedId(HttpContext http) => MayView(http.User) ? http.Request.Cookies[CookieName] : null;

    public static bool MayView(ClaimsPrincipal user) => Roles.Split(',').Any(user.IsInRole);

    private static BuildPointer? Resolve(WarehouseLayout layout, string? buildId) =>
        WarehouseLayout.IsBuildId(buildId) ? BuildCatalog.Find(layout, buildId) : null;
}
