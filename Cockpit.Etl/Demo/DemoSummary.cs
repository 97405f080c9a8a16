namespace Cockpit.Etl.Demo;

/// <summary>Row counts of a generated company, in the order of SOURCES.md.</summary>
public static class DemoSummary
{
    public static IEnumerable<(string Table, int Rows)> RowCounts(DemoCompany c) =>
    [
        ("departments", c.Departments.Count), ("staff", c.Staff.Count), ("banks", c.Banks.Count),
        ("products", c.Products.Count), ("industries", c.Industries.Count), ("regions", c.Regions.Count),
        ("customer_groups", c.CustomerGroups.Count), ("customers", c.Customers.Count),
        ("applications", c.Applications.Count), ("contracts", c.Contracts.Count),
        ("balance_snapshots", c.BalanceSnapshots.Count), ("fee_payments", c.FeePayments.Count),
        ("compensations", c.Compensations.Count), ("recoveries", c.Recoveries.Count),
        ("write_offs", c.WriteOffs.Count), ("risk_signals", c.RiskSignals.Count),
    ];
}
