namespace Cockpit.Web.Security;

/// <summary>
/// The five roles of PAGES.md and which pages each may open. Pages carry these lists in their
/// <c>[Authorize(Roles = ...)]</c>; the data a page reads is scoped separately (<see cref="DataAccess"/>).
/// </summary>
public static class CockpitRoles
{
    /// <summary>领导: everything, read-only.</summary>
    public const string Executive = "executive";

    /// <summary>部门负责人: business and customer pages of their own department; company totals on the leadership page.</summary>
    public const string DepartmentHead = "department_head";

    /// <summary>风控: risk and customer pages, all departments.</summary>
    public const string RiskOfficer = "risk_officer";

    /// <summary>稽核: everything, plus export.</summary>
    public const string Auditor = "auditor";

    /// <summary>管理员: admin pages, users, ETL.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Executive, DepartmentHead, RiskOfficer, Auditor, Admin];

    // Page access (comma lists for [Authorize(Roles = ...)]).
    public const string LeadershipPage = Executive + "," + DepartmentHead + "," + Auditor;
    public const string BusinessPage = Executive + "," + DepartmentHead + "," + Auditor;
    public const string RiskPage = Executive + "," + RiskOfficer + "," + Auditor;
    public const string CustomersPage = Executive + "," + DepartmentHead + "," + RiskOfficer + "," + Auditor;
    public const string ExplorePage = Executive + "," + Auditor;
    public const string DrillDown = Executive + "," + DepartmentHead + "," + RiskOfficer + "," + Auditor;
    public const string Export = Auditor;
    public const string AuditLog = Admin + "," + Auditor;
    public const string AdminPages = Admin;
    /// <summary>The kept builds, and the cockpit as of one of them (for audits): the administrator and the auditor.</summary>
    public const string BuildsPage = Admin + "," + Auditor;

    /// <summary>The page a role lands on after signing in.</summary>
    public static string Home(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(Executive) || set.Contains(DepartmentHead) || set.Contains(Auditor)) return "/";
        if (set.Contains(RiskOfficer)) return "/risk";
        if (set.Contains(Admin)) return "/admin";
        return "/account/denied";
    }

    public static bool IsKnown(string role) => All.Contains(role);
}
