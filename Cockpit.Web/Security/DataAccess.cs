using System.Security.Claims;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Web.Security;

/// <summary>The signed-in user's <see cref="DataAccess"/>, from their role and department claim.</summary>
public static class CockpitAccess
{
    /// <summary>
    /// A request's access: the signed-in user's, reading the earlier build they chose to view (<see cref="Services.ViewedBuild"/>)
    /// or the current one. Every export endpoint reads through this, so a file matches the pages its user sees.
    /// </summary>
    public static DataAccess For(HttpContext http) => For(http.User) with { Build = Services.ViewedBuild.For(http) };

    public static DataAccess For(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return DataAccess.None;
        var name = user.Identity.Name ?? "";
        if (user.IsInRole(CockpitRoles.Auditor)) return DataAccess.Auditor(name);
        if (user.IsInRole(CockpitRoles.Executive) || user.IsInRole(CockpitRoles.RiskOfficer))
        {
            return DataAccess.CompanyWide(name);
        }
        if (user.IsInRole(CockpitRoles.DepartmentHead))
        {
            return DataAccess.DepartmentHead(name, user.FindFirst(CockpitClaims.Department)?.Value);
        }
        return DataAccess.None with { UserName = name };
    }
}
