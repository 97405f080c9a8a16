using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>A page asked for data the caller may not see (another department, no data role, rows without a department).</summary>
public sealed class ScopeRefusedException(string messageZh, string messageEn) : Exception(messageEn)
{
    public string MessageZh { get; } = messageZh;
    public string MessageEn { get; } = messageEn;
}

/// <summary>
/// What a caller may read. Company-wide roles (executive, risk officer, auditor) read everything; a department head
/// reads their department. Every query gets its <see cref="KpiScope"/> from <see cref="Scope"/>, so the restriction
/// is applied in the SQL (a bound parameter), never by hiding menu items. The web app derives it from the sign-in.
/// </summary>
public sealed record DataAccess(bool CanRead, string? Department, string UserName)
{
    /// <summary>Nobody: not signed in, or a role without data (admin).</summary>
    public static readonly DataAccess None = new(false, null, "");

    public static DataAccess CompanyWide(string userName) => new(true, null, userName);

    /// <summary>A department head; without a department they see nothing rather than everything.</summary>
    public static DataAccess DepartmentHead(string userName, string? department) =>
        string.IsNullOrWhiteSpace(department) ? None with { UserName = userName } : new DataAccess(true, department, userName);

    public bool IsDepartmentHead => Department is not null;

    /// <summary>
    /// Sees people's personal data whole (resident ID numbers, mobile numbers in free text): the auditor (稽核) only;
    /// everyone else sees it masked on pages and in exports (<see cref="PersonalData"/>).
    /// </summary>
    public bool SeesPersonalData { get; init; }

    /// <summary>
    /// What an export's audit entry says about the personal data in it: <c>personal=whole</c> (an auditor's export, ID
    /// numbers and mobile numbers unmasked) or <c>personal=masked</c>.
    /// </summary>
    public string PersonalDataAudit => SeesPersonalData ? "personal=whole" : "personal=masked";

    /// <summary>
    /// The earlier build this caller has chosen to read (the cockpit "as of build X", read-only, for audits); null
    /// reads the build published now. Every page and export of the caller then reads that build.
    /// </summary>
    public BuildPointer? Build { get; init; }

    /// <summary>The auditor: company-wide, and the only role that sees personal data whole.</summary>
    public static DataAccess Auditor(string userName) => CompanyWide(userName) with { SeesPersonalData = true };

    /// <summary>
    /// The scope for a page's query. <paramref name="companyTotals"/>: the page may show company-level totals to a
    /// department head (the leadership page), but only unfiltered: any filter (product, industry, region, tier,
    /// department) narrows within their own department, never into another's business. Drill-downs and department
    /// pages never show company totals. Asking for another department's data (<c>?dept=B</c>) is refused.
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
