using System.Globalization;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Warehouse.Pages;

/// <summary>A contract on a manager's book, as the page lists it.</summary>
public sealed record BookContract(
    long ContractId, string ContractNo, long CustomerId, string CustomerName, string? ProductName, decimal Amount,
    DateOnly StartOn, DateOnly MaturityOn, string Status, decimal? Outstanding, int? OverdueDays, string? FiveLevelClass);

/// <summary>A customer on a manager's book: their contracts' amounts and balance at D.</summary>
public sealed record BookCustomer(long CustomerId, string Name, string? CreditCode, string? Tier, int Contracts, decimal Amount, decimal Balance);

/// <summary>A customer manager's book: who they are, their customers, and the contracts (of one customer when asked).</summary>
public sealed record ManagerBook(
    PageDate Date, string ManagerCode, string? ManagerName, string? DepartmentCode,
    IReadOnlyList<BookCustomer> Customers, IReadOnlyList<BookContract> Contracts, long? CustomerId);

/// <summary>
/// The drill path of the business page, company → department → manager → customer → contract: a manager's contracts
/// (in force at D or started in the period) and customers, in the caller's scope. A manager of another department is
/// refused to a department head, not shown empty.
/// </summary>
public static class ManagerBooks
{
    private static readonly RowQuery Contracts = new("business:book", """
        select w.*, s.outstanding, s.overdue_days, s.five_level_class
        from wide_contract as w
        left join fct_balance_snapshot as s on s.contract_id = w.contract_id and s.as_of = $as_of
        where w.manager_code = $manager
            and (s.contract_id is not null or w.start_on between $from and $to)
        """);

    private static readonly RowQuery Manager = new("business:manager", """
        select s.code as manager_code, s.name as manager_name, d.code as department_code,
            cast(null as varchar) as product_code, cast(null as varchar) as industry_code,
            cast(null as varchar) as region_code, cast(null as varchar) as tier
        from dim_staff as s
        inner join dim_department as d on d.department_id = s.department_id
        where s.code = $manager
        """);

    public static async Task<ManagerBook> LoadAsync(ScopedData data, PageRequest request, string managerCode, long? customerId)
    {
        var date = PageDate.Resolve(request, data.FilterOptions());
        var window = KpiWindow.For(date.AsOf, request.State.Period);
        var parameters = new Dictionary<string, object> { ["manager"] = managerCode };
        // who: through the scope, so another department's manager is simply not there for a department head
        var who = await data.Session.QueryAsync(Manager, "select manager_name, department_code from filtered", window,
            scope: KpiScope.All, parameters: parameters);
        var department = who.Count == 0 ? null : (string?)who[0][1];
        if (department is not null && !data.Scope.Allows(department))
        {
            throw new ScopeRefusedException(
                $"无权查看客户经理 {managerCode} 的业务：其属于其他部门。",
                $"You may not see manager {managerCode}'s book: they belong to another department.");
        }
        var rows = await data.QueryAsync(Contracts, """
            select contract_id, contract_no, customer_id, customer_name, product_name, amount, start_on, maturity_on, status,
                outstanding, overdue_days, five_level_class, credit_code, tier
            from filtered
            order by customer_id, start_on, contract_id
            """, window, parameters);
        var mask = await data.PersonalMaskAsync();
        var contracts = rows.Select(r => new BookContract(
            Long(r[0]), (string)r[1]!, Long(r[2]), (string)r[3]!, (string?)r[4], KpiService.ToDecimal(r[5]) ?? 0,
            Date(r[6]), Date(r[7]), (string)r[8]!, KpiService.ToDecimal(r[9]), r[10] is null ? null : (int)Long(r[10]), (string?)r[11])).ToList();
        var customers = rows.GroupBy(r => Long(r[2]))
            .Select(g => new BookCustomer(g.Key, (string)g.First()[3]!, mask.Code((string?)g.First()[12]), (string?)g.First()[13], g.Count(),
                g.Sum(r => KpiService.ToDecimal(r[5]) ?? 0), g.Sum(r => KpiService.ToDecimal(r[9]) ?? 0)))
            .OrderByDescending(c => c.Balance).ThenBy(c => c.CustomerId)
            .ToList();
        return new ManagerBook(date, managerCode, who.Count == 0 ? null : (string?)who[0][0], department, customers,
            customerId is { } id ? contracts.Where(c => c.CustomerId == id).ToList() : contracts, customerId);
    }

    private static long Long(object? v) => Convert.ToInt64(KpiService.ToDecimal(v), CultureInfo.InvariantCulture);

    private static DateOnly Date(object? v) => v is DateOnly d ? d : DateOnly.FromDateTime((DateTime)v!);
}
