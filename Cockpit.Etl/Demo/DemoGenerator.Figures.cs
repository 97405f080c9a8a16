using Cockpit.Etl.Source.Model;

namespace Cockpit.Etl.Demo;

public sealed partial class DemoGenerator
{
    private sealed record MonthFigures(
        DateOnly MonthEnd, decimal Balance, Dictionary<string, decimal> BalanceByDepartment,
        decimal Liability, decimal TopCustomerLiability, decimal FeeIncome, decimal CompensationPaid);

    private static readonly string[] BusinessDepartments = ["BD1", "BD2", "TECH", "INCL"];

    /// <summary>Target = last year's actual × 1.10 growth × a department's ambition; 业务二部 aims high and falls behind.</summary>
    private static readonly Dictionary<string, double> Ambition = new()
    {
        ["BD1"] = 1.00, ["BD2"] = 1.06, ["TECH"] = 0.97, ["INCL"] = 1.02,
    };

    /// <summary>
    /// Month-end figures the targets and finance files are made from. The liability balance follows the
    /// regulatory weights (KPIS.md): it sets net assets so that leverage and concentration look like a real company's.
    /// </summary>
    private List<MonthFigures> MonthlyFigures()
    {
        var snapshotsByMonth = _company.BalanceSnapshots.GroupBy(s => s.AsOf).ToDictionary(g => g.Key, g => g.ToList());
        var feesByMonth = _company.FeePayments.GroupBy(f => MonthEnd(f.PaidOn)).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount));
        var compByMonth = _company.Compensations.GroupBy(c => MonthEnd(c.PaidOn)).ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        var result = new List<MonthFigures>();
        for (var m = MonthEnd(_runInStart); m <= _asOf; m = MonthEnd(m.AddDays(1)))
        {
            var snapshots = snapshotsByMonth.GetValueOrDefault(m) ?? [];
            var byDept = BusinessDepartments.ToDictionary(d => d, _ => 0m);
            var loanTotal = new Dictionary<int, decimal>();
            foreach (var s in snapshots)
            {
                var plan = _plans[s.ContractId - 1];
                byDept[plan.Customer.DepartmentCode] += s.Outstanding;
                if (plan.Product.Category == "loan")
                {
                    loanTotal[plan.Contract.CustomerId] = loanTotal.GetValueOrDefault(plan.Contract.CustomerId) + s.Outstanding;
                }
            }
            var perCustomer = new Dictionary<int, decimal>();
            foreach (var s in snapshots)
            {
                var plan = _plans[s.ContractId - 1];
                var customer = plan.Customer.Customer;
                if (plan.Product.Category == "non_financing") continue;
                var part = s.Outstanding * (1 - plan.Contract.BankRiskShare);
                var weight = plan.Product.Category switch
                {
                    "loan" when customer.Size is "small" or "micro" && loanTotal[customer.Id] <= 5_000_000m => 0.75m,
                    "loan" when customer.Kind == "farmer" && loanTotal[customer.Id] <= 2_000_000m => 0.75m,
                    "bond" when customer.CreditRating is "AAA" or "AA" => 0.8m,
                    _ => 1m,
                };
                perCustomer[customer.Id] = perCustomer.GetValueOrDefault(customer.Id) + part * weight;
            }
            result.Add(new MonthFigures(m, byDept.Values.Sum(), byDept, perCustomer.Values.Sum(),
                perCustomer.Count == 0 ? 0 : perCustomer.Values.Max(), feesByMonth.GetValueOrDefault(m), compByMonth.GetValueOrDefault(m)));
        }
        return result;
    }

    // ---------------------------------------------------------------- finance

    private void BuildFinance(List<MonthFigures> monthly)
    {
        var history = monthly.Where(f => f.MonthEnd >= _historyStart).ToList();
        double Growth(DateOnly m) => Math.Pow(1.055, (m.DayNumber - _historyStart.DayNumber) / 365.25);
        // Net assets grow steadily; the base is chosen so that the largest customer peaks just above 10 %.
        var netBase = history.Max(f => (double)f.TopCustomerLiability / Growth(f.MonthEnd)) / 0.1035;
        var maxLeverage = history.Max(f => (double)f.Liability / (netBase * Growth(f.MonthEnd)));
        if (maxLeverage > 7.8) netBase *= maxLeverage / 7.8;

        foreach (var (year, _, to) in HistoryYears())
        {
            var rows = new List<object?[]>();
            foreach (var f in history.Where(f => f.MonthEnd.Year == year))
            {
                var netAssets = Math.Round((decimal)(netBase * Growth(f.MonthEnd)), 0);
                var investment = netAssets * 0.035m / 12m;
                var revenue = Math.Round(f.FeeIncome + investment, 2);
                var profit = Math.Round(revenue * (decimal)_rng.Uniform(0.35, 0.5) - f.CompensationPaid * 0.25m, 2);
                var feeTtm = monthly.Where(x => x.MonthEnd > f.MonthEnd.AddYears(-1) && x.MonthEnd <= f.MonthEnd).Sum(x => x.FeeIncome);
                // 担保准备金 = 未到期责任准备金 (half of the fees of the last 12 months) + 担保赔偿准备金.
                var reserves = Math.Round(feeTtm * 0.5m + f.Liability * 0.025m, 2);
                rows.Add([f.MonthEnd.ToString("yyyy-MM"), netAssets, revenue, profit, reserves]);
            }
            var current = year == _asOf.Year;
            var name = $"finance_{year}.xlsx";
            var table = Table(FinanceColumns, rows, InboxFormat.Xlsx);
            if (current && rows.Count > 0)
            {
                // Re-submitted January with the net assets cell left at zero, and a mistyped month.
                var january = rows[0];
                table.Add([january[0], 0m, january[2], january[3], january[4]]);
                _company.DirtyRecords.Add(new DirtyRecord(DirtyKinds.NonPositiveAmount, name, table.Count.ToString(), "net_assets", "0",
                    "net_assets must be greater than 0"));
                table.Add([$"{year}-13", january[1], january[2], january[3], january[4]]);
                _company.DirtyRecords.Add(new DirtyRecord(DirtyKinds.ImpossibleDate, name, table.Count.ToString(), "month", $"{year}-13",
                    "month is not a valid yyyy-MM"));
            }
            _company.InboxFiles.Add(new InboxFile(name, InboxFormat.Xlsx, table));
            _ = to;
        }
    }

    // ---------------------------------------------------------------- targets

    private void BuildTargets(List<MonthFigures> monthly)
    {
        var firstContract = _plans.GroupBy(p => p.Contract.CustomerId)
            .Select(g => g.OrderBy(p => p.Contract.StartOn).ThenBy(p => p.Contract.Id).First()).ToList();
        decimal NewAmount(int year, string dept) => _plans.Where(p => p.Contract.StartOn.Year == year && p.Customer.DepartmentCode == dept).Sum(p => p.Contract.Amount);
        decimal NewCustomers(int year, string dept) => firstContract.Count(p => p.Contract.StartOn.Year == year && p.Customer.DepartmentCode == dept);
        decimal Fees(int year, string dept) => _company.FeePayments
            .Where(f => f.PaidOn.Year == year && _plans[f.ContractId - 1].Customer.DepartmentCode == dept).Sum(f => f.Amount);
        decimal YearEndBalance(int year, string dept) =>
            monthly.Where(f => f.MonthEnd.Year == year).OrderBy(f => f.MonthEnd).Last().BalanceByDepartment[dept];

        var flowShares = new[] { 0.21m, 0.26m, 0.25m, 0.28m };
        foreach (var (year, _, _) in HistoryYears())
        {
            var rows = new List<object?[]>();
            var all = new Dictionary<string, decimal>();
            foreach (var dept in BusinessDepartments)
            {
                // The first year's plan was a good forecast; later plans grow last year's actual by 10 %.
                var factor = (decimal)(year == _historyStart.Year ? _rng.Uniform(0.95, 1.08) : 1.10 * Ambition[dept]);
                var baseYear = year == _historyStart.Year ? year : year - 1;
                var targets = new Dictionary<string, decimal>
                {
                    ["new_amount"] = Round(NewAmount(baseYear, dept) * factor, 1_000_000m),
                    ["new_customers"] = Math.Round(NewCustomers(baseYear, dept) * factor),
                    ["fee_income"] = Round(Fees(baseYear, dept) * factor, 100_000m),
                    ["balance"] = Round(YearEndBalance(baseYear, dept) * (factor + 0.02m), 1_000_000m),
                };
                var previousBalance = YearEndBalance(year - 1, dept);
                foreach (var (kpi, target) in targets)
                {
                    rows.Add([year, null, dept, kpi, target]);
                    all[kpi] = all.GetValueOrDefault(kpi) + target;
                    for (var q = 1; q <= 4; q++)
                    {
                        var quarterly = kpi == "balance"
                            ? Round(previousBalance + (target - previousBalance) * q / 4m, 1_000_000m)
                            : kpi == "new_customers" ? Math.Round(target * flowShares[q - 1]) : Round(target * flowShares[q - 1], 100_000m);
                        rows.Add([year, q, dept, kpi, quarterly]);
                    }
                }
                rows.Add([year, null, dept, "compensation_rate", dept switch { "TECH" => 0.015m, "BD1" => 0.02m, _ => 0.025m }]);
                rows.Add([year, null, dept, "nps", dept switch { "TECH" => 40m, "BD1" => 35m, "INCL" => 30m, _ => 28m }]);
            }
            foreach (var (kpi, target) in all)
            {
                rows.Add([year, null, "ALL", kpi, target]);
                for (var q = 1; q <= 4; q++)
                {
                    var sum = rows.Where(r => (int)r[0]! == year && r[1] is int rq && rq == q && (string)r[3]! == kpi && (string)r[2]! != "ALL").Sum(r => (decimal)r[4]!);
                    rows.Add([year, q, "ALL", kpi, sum]);
                }
            }
            rows.Add([year, null, "ALL", "compensation_rate", 0.02m]);
            rows.Add([year, null, "ALL", "nps", 32m]);

            var name = $"targets_{year}-01-01.xlsx";
            var table = Table(TargetColumns, rows, InboxFormat.Xlsx);
            var current = year == _asOf.Year;
            if (current)
            {
                table.Add([year, null, "ALL", "profit_margin", 0.3m]);
                _company.DirtyRecords.Add(new DirtyRecord(DirtyKinds.UnknownEnum, name, table.Count.ToString(), "kpi_code", "profit_margin",
                    "kpi_code profit_margin is not in the KPI catalogue"));
                table.Add([year, 5, "BD1", "new_amount", 100_000_000m]);
                _company.DirtyRecords.Add(new DirtyRecord(DirtyKinds.BadValue, name, table.Count.ToString(), "quarter", "5",
                    "quarter must be 1–4 or empty"));
            }
            _company.InboxFiles.Add(new InboxFile(name, InboxFormat.Xlsx, table));

            // Mid-year the board lowered 业务二部's yearly new-business target; the later file wins.
            if (current && _asOf.Month >= 7)
            {
                var old = rows.First(r => r[1] is null && (string)r[2]! == "BD2" && (string)r[3]! == "new_amount");
                var oldAll = rows.First(r => r[1] is null && (string)r[2]! == "ALL" && (string)r[3]! == "new_amount");
                var cut = Round((decimal)old[4]! * 0.1m, 1_000_000m);
                var revision = new List<object?[]>
                {
                    new object?[] { year, null, "BD2", "new_amount", (decimal)old[4]! - cut },
                    new object?[] { year, null, "ALL", "new_amount", (decimal)oldAll[4]! - cut },
                };
                _company.InboxFiles.Add(new InboxFile($"targets_{year}-07-01.xlsx", InboxFormat.Xlsx, Table(TargetColumns, revision, InboxFormat.Xlsx)));
            }
        }
    }

    private static decimal Round(decimal value, decimal step) => Math.Round(value / step, MidpointRounding.AwayFromZero) * step;
}
