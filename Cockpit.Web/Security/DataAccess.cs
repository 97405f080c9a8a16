using System.Security.Claims;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;

namespace Cockpit.Web.Security;

/// <summary>A page asked for data the signed-in user may not see (another department, or no data role at all).</summary>
public sealed class ScopeRefusedException(string messageZh, string messageEn) : Exception(messageEn)
{
    public string MessageZh { get; } = messageZh;
    public string MessageEn { get; } = messageEn;
}

/// <summary>
/// What a signed-in user may read, derived from their role and department claim. Every KPI, breakdown, target and
/// drill-down query gets its <see cref="KpiScope"/> from here, so the department restriction is applied in the SQL
/// (a bound parameter), never by hiding menu items.
/// </summary>
public sealed record DataAccess(bool CanRead, string? Department, string UserName)
{
    /// <summary>Nobody: not signed in, or a role without data (admin).</summary>
    public static readonly DataAccess None = new(false, null, "");

    public bool IsDepartmentHead => Department is not null;

    public static DataAccess For(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return None;
        var name = user.Identity.Name ?? "";
        if (user.IsInRole(CockpitRoles.Executive) || user.IsInRole(CockpitRoles.RiskOfficer) || user.IsInRole(CockpitRoles.Auditor))
        {
            return new DataAccess(true, null, name);
        }
        if (user.IsInRole(CockpitRoles.DepartmentHead))
        {
            var department = user.FindFirst(CockpitClaims.Department)?.Value;
            // a department head without a department sees nothing rather than everything
            return string.IsNullOrWhiteSpace(department) ? None with { UserName = name } : new DataAccess(true, department, name);
        }
        return None with { UserName = name };
    }

    /// <summary>
    /// The scope for a page's query. <paramref name="companyTotals"/>: the page may show company-level totals to a
    /// department head (the leadership page, PAGES.md), but only unfiltered: any filter (product, industry, region,
    /// tier, department) narrows within their own department, never into another's business. Drill-downs and
    /// department pages never show company totals. Asking for another department's data (<c>?dept=B</c>) is refused.
    /// </summary>
    public KpiScope Scope(FilterState state, bool companyTotals)
    {
        if (!CanRead)
        {
            throw new ScopeRefusedException("当前账号无权查看经营数据。", "This account may not see business data.");
        }
        if (Department is null) return KpiScope.All;
        if (state.Department is not null && !string.Equals(state.Department, Department, StringComparison.OrdinalIgnoreCase))
        {
            throw new ScopeRefusedException(
                $"无权查看部门 {state.Department} 的数据：部门负责人只能查看本部门（{Department}）。",
                $"You may not see department {state.Department}: a department head sees their own department ({Department}) only.");
        }
        return companyTotals && state.IsUnfiltered ? KpiScope.All : KpiScope.Only(Department);
    }
}
