using Cockpit.Etl.Demo;
using Cockpit.Etl.Source.Model;

namespace Cockpit.Tests.Etl;

/// <summary>
/// The default company (8,000 contracts) looks like a real regional guarantee company. It is generated in memory;
/// the figures are recomputed here from the rows, independently of the generator's own bookkeeping.
/// </summary>
public sealed class DemoRealismTests : IClassFixture<DemoRealismTests.DefaultCompany>
{
    public sealed class DefaultCompany
    {
        public static readonly DateOnly AsOf = new(2026, 10, 31);
        public DemoCompany Company { get; } = DemoGenerator.Generate(new DemoOptions(AsOf: AsOf), AsOf.AddDays(22));
    }

    private readonly DemoCompany _c;
    private readonly HashSet<int> _dirtyContracts;

    public DemoRealismTests(DefaultCompany fixture)
    {
        _c = fixture.Company;
        _dirtyContracts = _c.DirtyRecords.Where(d => d.Source == "contracts").Select(d => int.Parse(d.Key)).ToHashSet();
    }

    private IEnumerable<Contract> CleanContracts => _c.Contracts.Where(c => !_dirtyContracts.Contains(c.Id));

    [Fact]
    public void OrganisationHasTheShapeOfARegionalGuaranteeCompany()
    {
        Assert.Equal(4, _c.Departments.Count(d => d.Kind == "business"));
        Assert.Contains(_c.Departments, d => d.Kind == "risk");
        Assert.Contains(_c.Departments, d => d.Kind == "asset_preservation");
        Assert.Contains(_c.Departments, d => d.Kind == "customer_service");
        var managers = _c.Staff.Where(s => s.Role == "customer_manager").ToList();
        Assert.InRange(managers.Count, 26, 34);
        Assert.Equal(["junior", "middle", "senior"], managers.Select(m => m.Level).Distinct().Order());
        Assert.InRange(_c.Banks.Count, 9, 12);
        Assert.Equal(["bond", "loan", "non_financing", "other_financing"], _c.Products.Select(p => p.Category).Distinct().Order());
        Assert.InRange(_c.Industries.Count, 22, 30);
        Assert.Contains(_c.Regions, r => r.Kind == "county");
        Assert.InRange(_c.CustomerGroups.Count, 40, 60);
    }

    [Fact]
    public void CustomersAreMostlyMicroAndSmallWithSomePeople()
    {
        Assert.InRange(_c.Customers.Count, 2200, 2900);
        var bySize = _c.Customers.GroupBy(c => c.Size ?? c.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(bySize["micro"] + bySize["small"] > _c.Customers.Count / 2);
        Assert.True(bySize["medium"] > bySize["large"]);
        Assert.True(bySize["farmer"] > 50 && bySize["individual"] > 50);
        Assert.Contains(_c.Customers, c => c.SpecializedNew);
        Assert.Equal(4, _c.Customers.Select(c => c.Tier).Distinct().Count());
    }

    [Fact]
    public void AmountsAreLogNormalAroundThreeMillionWithMostlyTwelveMonthTerms()
    {
        var contracts = CleanContracts.ToList();
        Assert.InRange(contracts.Count, 7800, 8300);
        var amounts = contracts.Select(c => c.Amount).Order().ToList();
        var median = amounts[amounts.Count / 2];
        Assert.InRange(median, 2_500_000m, 3_500_000m);
        Assert.True(amounts[0] >= 200_000m && amounts[^1] <= 50_000_000m);
        Assert.True(amounts.Average() > median * 1.2m, "right-skewed like a log-normal");
        var twelve = contracts.Count(c => c.MaturityOn == c.StartOn.AddMonths(12));
        Assert.True(twelve > contracts.Count * 0.55, $"12-month terms: {twelve}");
        var shares = contracts.GroupBy(c => c.BankRiskShare).OrderByDescending(g => g.Count()).Select(g => g.Key).Take(2).Order();
        Assert.Equal([0m, 0.2m], shares);
    }

    [Fact]
    public void YearlyCompensationRateLiesBetweenOneAndFourPercentWithOneBadYear()
    {
        var rates = new Dictionary<int, double>();
        for (var year = DefaultCompany.AsOf.Year - 3; year < DefaultCompany.AsOf.Year; year++)
        {
            var compensated = _c.Compensations.Where(c => c.PaidOn.Year == year && c.Amount > 0).Sum(c => c.Amount);
            var released = CleanContracts.Where(c => c.ReleasedOn?.Year == year).Sum(c => c.Amount);
            rates[year] = (double)(compensated / released);
        }
        Assert.All(rates.Values, r => Assert.InRange(r, 0.009, 0.045));
        var bad = DefaultCompany.AsOf.Year - 2;
        Assert.Equal(bad, rates.MaxBy(r => r.Value).Key);
        Assert.True(rates[bad] > 1.25 * rates.Where(r => r.Key != bad).Min(r => r.Value));
    }

    [Fact]
    public void RecoveriesTotalTwentyToSixtyPercentOverUpToThreeYears()
    {
        var asOf = DefaultCompany.AsOf;
        var recoveries = _c.Recoveries.ToLookup(r => r.CompensationId);
        var old = _c.Compensations.Where(c => c.Amount > 0 && c.PaidOn < asOf.AddYears(-3)).ToList();
        Assert.NotEmpty(old);
        foreach (var comp in old)
        {
            var share = recoveries[comp.Id].Sum(r => r.Amount) / comp.Amount;
            Assert.InRange(share, 0.19m, 0.6m);
        }
        Assert.All(_c.Recoveries.Where(r => r.Amount > 0 && _c.Compensations.Any(c => c.Id == r.CompensationId)),
            r => Assert.True(r.ReceivedOn <= _c.Compensations.First(c => c.Id == r.CompensationId).PaidOn.AddDays(1096)));
        Assert.NotEmpty(_c.WriteOffs);
    }

    [Fact]
    public void LeverageStaysBetweenThreeAndEightAndTheLargestCustomerTouchesTheTenPercentLine()
    {
        var netAssets = FinanceNetAssets();
        var ratios = new List<double>();
        foreach (var (month, assets) in netAssets)
        {
            var (liability, top) = Liability(month);
            Assert.InRange(liability / assets, 3.0, 8.0);
            ratios.Add(top / assets);
        }
        Assert.True(ratios.Max() > 0.10 && ratios.Max() < 0.115, $"peak single-customer ratio {ratios.Max():P2}");
        Assert.True(ratios[^1] > 0.07, $"as-of single-customer ratio {ratios[^1]:P2} should be close to the line");
    }

    [Fact]
    public void NpsLiesBetweenTenAndFortyAndDiffersByYear()
    {
        var byYear = new Dictionary<string, double>();
        foreach (var file in _c.InboxFiles.Where(f => f.Name.StartsWith("surveys_") && !f.Name.Contains("corrections")))
        {
            var header = file.Rows[0].Select(h => h!.ToString()).ToList();
            var scores = file.Rows.Skip(1).Select(r => r[header.IndexOf("nps_score")]?.ToString())
                .Select(s => int.TryParse(s, out var n) ? n : -1).Where(n => n is >= 0 and <= 10).ToList();
            if (file.Name.Contains(DefaultCompany.AsOf.Year.ToString()) is false) Assert.InRange(scores.Count, 1400, 1600);
            byYear[file.Name] = 100.0 * (scores.Count(s => s >= 9) - scores.Count(s => s <= 6)) / scores.Count;
        }
        Assert.All(byYear.Values, v => Assert.InRange(v, 10, 40));
        Assert.True(byYear.Values.Max() - byYear.Values.Min() > 5);
    }

    [Fact]
    public void ComplaintsNumberAboutAHundredAYearMostlyAnsweredWithinHours()
    {
        var files = _c.InboxFiles.Where(f => f.Name.StartsWith("complaints_2")).ToList();
        var hours = new List<double>();
        foreach (var file in files.Where(f => !f.Name.Contains(DefaultCompany.AsOf.Year.ToString())))
        {
            Assert.InRange(file.Rows.Count - 1, 70, 150);
        }
        foreach (var row in files.Where(f => f.Format == InboxFormat.Xlsx).SelectMany(f => f.Rows.Skip(1)))
        {
            if (row[2] is DateTime received && row[3] is DateTime responded && responded >= received)
            {
                hours.Add((responded - received).TotalHours);
            }
        }
        hours.Sort();
        Assert.True(hours[hours.Count / 2] < 8, "median response within hours");
        Assert.Contains(hours, h => h > 24); // some breach the 24 h response SLA
    }

    [Fact]
    public void FunnelConvertsPlausiblyWithTenToFortyDayCycles()
    {
        var decided = _c.Applications.Where(a => a.Decision is "approved" or "rejected").ToList();
        var approvalRate = decided.Count(a => a.Decision == "approved") / (double)decided.Count;
        Assert.InRange(approvalRate, 0.7, 0.95);
        Assert.Contains(_c.Applications, a => a.Decision == "withdrawn" && a.DueDiligenceOn is null);
        Assert.Contains(_c.Applications, a => a.Decision is null);
        Assert.Equal(5, _c.Applications.Select(a => a.Channel).Where(ch => ch != "wechat").Distinct().Count());
    }

    [Fact]
    public void SomeDepartmentsAreAheadOfTimeProgressAndSomeBehind()
    {
        var year = DefaultCompany.AsOf.Year;
        var targets = _c.InboxFiles.Where(f => f.Name.StartsWith($"targets_{year}")).OrderBy(f => f.Name, StringComparer.Ordinal)
            .SelectMany(f => f.Rows.Skip(1))
            .Where(r => r[1] is null && (string)r[3]! == "new_amount")
            .GroupBy(r => (string)r[2]!).ToDictionary(g => g.Key, g => (decimal)g.Last()[4]!); // the later file wins
        var timeProgress = (DefaultCompany.AsOf.DayOfYear) / (decimal)(DateTime.IsLeapYear(year) ? 366 : 365);
        var departments = _c.Departments.ToDictionary(d => d.Id, d => d.Code);
        var completion = CleanContracts.Where(c => c.StartOn.Year == year).GroupBy(c => departments[c.DepartmentId])
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Amount) / targets[g.Key]);
        Assert.Contains(completion.Values, v => v >= timeProgress);
        Assert.Contains(completion.Values, v => v < timeProgress);
        Assert.True(targets.ContainsKey("ALL"));
    }

    private List<(DateOnly Month, double NetAssets)> FinanceNetAssets() =>
        _c.InboxFiles.Where(f => f.Name.StartsWith("finance_")).SelectMany(f => f.Rows.Skip(1))
            .Where(r => r[1] is decimal n && n > 0 && r[0] is string m && m.Length == 7 && int.Parse(m[5..]) <= 12)
            .Select(r => (DateOnly.ParseExact((string)r[0]! + "-01", "yyyy-MM-dd").AddMonths(1).AddDays(-1), (double)(decimal)r[1]!))
            .DistinctBy(x => x.Item1).OrderBy(x => x.Item1).ToList();

    /// <summary>融资担保责任余额 with the regulatory weights of docs/kpis.md, and the largest customer's part.</summary>
    private (double Total, double Top) Liability(DateOnly month)
    {
        var contracts = _c.Contracts.ToDictionary(c => c.Id);
        var customers = _c.Customers.ToDictionary(c => c.Id);
        var categories = _c.Products.ToDictionary(p => p.Id, p => p.Category);
        var snapshots = _c.BalanceSnapshots.Where(s => s.AsOf == month && contracts.ContainsKey(s.ContractId)).ToList();
        var loanTotal = snapshots.Where(s => categories[contracts[s.ContractId].ProductId] == "loan")
            .GroupBy(s => contracts[s.ContractId].CustomerId).ToDictionary(g => g.Key, g => g.Sum(s => s.Outstanding));
        var perCustomer = new Dictionary<int, double>();
        foreach (var s in snapshots)
        {
            var c = contracts[s.ContractId];
            var customer = customers[c.CustomerId];
            var category = categories[c.ProductId];
            if (category == "non_financing") continue;
            var weight = 1.0;
            if (category == "loan" && customer.Size is "small" or "micro" && loanTotal[customer.Id] <= 5_000_000m) weight = 0.75;
            else if (category == "loan" && customer.Kind == "farmer" && loanTotal[customer.Id] <= 2_000_000m) weight = 0.75;
            else if (category == "bond" && customer.CreditRating is "AAA" or "AA") weight = 0.8;
            perCustomer[customer.Id] = perCustomer.GetValueOrDefault(customer.Id) + (double)(s.Outstanding * (1 - c.BankRiskShare)) * weight;
        }
        return (perCustomer.Values.Sum(), perCustomer.Values.Max());
    }
}
