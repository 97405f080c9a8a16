using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// The rows a figure, ranking or list is computed from: a SELECT over the warehouse (it may use <c>$as_of</c>,
/// <c>$from</c>, <c>$to</c> and parameters of its own). Every view reaches the warehouse through
/// <see cref="WarehouseSession.QueryAsync"/>, which applies the filter bar and the caller's department scope to these
/// rows; nothing else does. The row contract (docs/page-data.md):
/// <list type="bullet">
/// <item>Rows carry <c>department_code</c>; a row with NULL there is a company-level row (net assets, for instance)
/// and is kept for every caller.</item>
/// <item>Rows the filter bar can narrow carry <c>product_code</c>, <c>industry_code</c>, <c>region_code</c> and
/// <c>tier</c> (NULL = not attributable to one, kept under that filter); rows a drill-down can narrow further carry
/// <c>risk_level</c>, <c>five_level_class</c>, <c>counter_guarantee</c> and <c>credit_rating</c>.</item>
/// <item>Fail closed: rows without <c>department_code</c> are refused to a department-scoped caller, and a filter on
/// a column the rows lack is refused, unless the query is declared <see cref="CompanyLevel"/> — then neither the
/// scope nor the filters apply and the page must label the figure as the company's.</item>
/// </list>
/// </summary>
/// <param name="Name">A stable name (cache key and error messages), e.g. "kpi:balance" or "business:funnel".</param>
/// <param name="Sql">The SELECT of the rows.</param>
/// <param name="CompanyLevel">The rows are the company's as a whole: no scope or filter applies.</param>
public sealed record RowQuery(string Name, string Sql, bool CompanyLevel = false)
{
    /// <summary>The filter bar's dimensions and the row columns they narrow.</summary>
    internal static readonly IReadOnlyList<(string Parameter, string Column, Func<KpiFilter, string?> Value)> FilterColumns =
    [
        ("department", "department_code", f => f.Department),
        ("product", "product_code", f => f.Product),
        ("industry", "industry_code", f => f.Industry),
        ("region", "region_code", f => f.Region),
        ("tier", "tier", f => f.Tier),
        ("risk_level", "risk_level", f => f.RiskLevel),
        ("five_level_class", "five_level_class", f => f.FiveLevelClass),
        ("counter_guarantee", "counter_guarantee", f => f.CounterGuarantee),
        ("rating", "credit_rating", f => f.Rating),
    ];

    /// <summary>
    /// The SQL with a <c>filtered</c> CTE holding the rows this caller may see under this filter; the caller's SELECT
    /// follows it and reads <c>filtered</c> only. Throws <see cref="ScopeRefusedException"/> where the contract is not met.
    /// </summary>
    internal string Filtered(IReadOnlyCollection<string> columns, KpiFilter filter, KpiScope scope)
    {
        var predicates = new List<string>();
        if (!CompanyLevel)
        {
            if (!columns.Contains("department_code"))
            {
                if (!scope.IsAll)
                {
                    throw new ScopeRefusedException(
                        $"该数据（{Name}）没有部门归属，部门负责人无法查看。",
                        $"These rows ({Name}) have no department, so a department head cannot see them.");
                }
            }
            else
            {
                predicates.Add("($scope_all or department_code is null or list_contains(string_split($scope, ','), department_code))");
            }
            foreach (var (parameter, column, value) in FilterColumns)
            {
                if (value(filter) is null) continue;
                if (!columns.Contains(column))
                {
                    throw new ScopeRefusedException(
                        $"该数据（{Name}）不能按 {column} 筛选。", $"These rows ({Name}) cannot be filtered by {column}.");
                }
                predicates.Add($"({column} is null or {column} = ${parameter})");
            }
        }
        var where = predicates.Count == 0 ? "" : "\n    where " + string.Join("\n        and ", predicates);
        return $"""
            with kpi_rows as (
            {Sql.Trim().TrimEnd(';')}
            ),

            filtered as (
                select * from kpi_rows{where}
            )

            """;
    }
}
