namespace Cockpit.Warehouse.Kpis;

/// <summary>
/// The codes of the KPI catalogue (shared/design/KPIS.md). Targets may only name these; the full catalogue entries
/// (names, units, directions, SQL) are built on top of this list.
/// </summary>
public static class KpiCodes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        // scale and business
        "balance", "liability_balance", "new_amount", "new_count", "released_amount", "fee_income", "avg_fee_rate",
        "new_customers", "smb_share", "strategic_share", "specialized_new_share", "non_financing_fee_share",
        "approval_days", "approval_rate",
        // risk
        "compensation_amount", "compensation_rate", "loss_rate", "recovery_rate", "compensation_balance",
        "provision_coverage", "overdue_rate", "new_business_overdue_rate", "npl_rate", "leverage",
        "top_customer_ratio", "top_group_ratio", "top10_share", "industry_max_share", "industry_hhi", "open_signals",
        // customers
        "nps", "csat", "complaints", "complaint_response_hours", "complaint_ontime_rate", "renewal_rate", "churn_rate",
    };
}
