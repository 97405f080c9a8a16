using Cockpit.Etl.Source.Model;
using static Cockpit.Etl.Demo.DemoCatalog;

namespace Cockpit.Etl.Demo;

public sealed partial class DemoGenerator
{
    private static readonly double[] Seasonality = [0.85, 0.55, 1.10, 1.10, 1.05, 1.15, 0.95, 0.90, 1.10, 1.00, 1.00, 1.25];

    /// <summary>Yearly growth of new business per department: 科技金融 grows fast, 业务二部 is flat.</summary>
    private static readonly Dictionary<string, double> DepartmentGrowth = new()
    {
        ["BD1"] = 1.06, ["BD2"] = 0.97, ["TECH"] = 1.24, ["INCL"] = 1.12,
    };

    private static readonly Dictionary<string, double> RatingPd = new()
    {
        ["AAA"] = 0.002, ["AA"] = 0.004, ["A"] = 0.008, ["BBB"] = 0.016, ["BB"] = 0.03, ["B"] = 0.055,
        ["CCC"] = 0.10, ["CC"] = 0.15, ["C"] = 0.20,
    };

    private sealed class CustomerPlan(Customer customer, string departmentCode)
    {
        public Customer Customer { get; } = customer;
        public string DepartmentCode { get; } = departmentCode;
        public DateOnly? DefaultedOn { get; set; }
        public bool Flagship { get; init; }
        public List<ContractPlan> Plans { get; } = [];
    }

    private sealed class ContractPlan(Contract contract, CustomerPlan customer, ProductSpec product, int termMonths)
    {
        public Contract Contract { get; } = contract;
        public CustomerPlan Customer { get; } = customer;
        public ProductSpec Product { get; } = product;
        public int TermMonths { get; } = termMonths;
        public bool IsRenewal { get; init; }
        /// <summary>Share of the amount repaid evenly over the term (0 = bullet).</summary>
        public double Amortisation { get; set; }
        /// <summary>First overdue day of a default or of an overdue episode that cures.</summary>
        public DateOnly? OverdueFrom { get; set; }
        public DateOnly? CuredOn { get; set; }
        public DateOnly? CompensatedOn { get; set; }
        public DateOnly? EarlyReleaseOn { get; set; }
        public bool WatchBeforeDefault { get; set; }
    }

    private void BuildContracts()
    {
        var months = MonthIndex(_asOf) + 1;
        var weights = new double[months];
        for (var m = 0; m < months; m++)
        {
            var year = _runInStart.Year + m / 12;
            weights[m] = Seasonality[m % 12] * Math.Pow(1.05, m / 12.0) * (year == _badYear ? 0.93 : 1.0);
        }
        var totalWeight = weights.Sum();
        var scheduled = new List<(DateOnly Start, ContractPlan Previous)>[months];
        for (var m = 0; m < months; m++) scheduled[m] = [];

        var targetContracts = _options.Contracts;
        var targetCustomers = (int)Math.Round(targetContracts * 2500.0 / 8000.0 * 0.9);
        var acquired = new List<CustomerPlan>();
        var cumulative = 0.0;
        var generated = 0;

        foreach (var (start, term, amount, product, renews) in FlagshipSchedule())
        {
            var flagship = _customerPlans.Count == 0 ? CreateFlagship(start) : _customerPlans[1];
            if (acquired.Count == 0) acquired.Add(flagship);
            var plan = CreateContract(flagship, start, _productsByCode[product].Id, amount, term, isRenewal: false);
            generated++;
            if (renews) ScheduleChain(plan, scheduled, months);
        }

        for (var m = 0; m < months; m++)
        {
            var monthStart = _runInStart.AddMonths(m);
            var monthEnd = MonthEnd(monthStart) > _asOf ? _asOf : MonthEnd(monthStart);
            foreach (var (start, previous) in scheduled[m].OrderBy(s => s.Start).ThenBy(s => s.Previous.Contract.Id))
            {
                if (previous.Customer.DefaultedOn is { } d && d <= start) continue;
                var renewal = CreateRenewal(previous, start);
                generated++;
                if (previous.Customer.Flagship) ScheduleChain(renewal, scheduled, months);
                else ScheduleRenewal(renewal, scheduled, months);
            }

            cumulative += targetContracts * weights[m] / totalWeight;
            var needed = (int)Math.Round(cumulative) - generated;
            for (var k = 0; k < needed; k++)
            {
                var start = _rng.Date(monthStart, monthEnd);
                var remainingNewBusiness = Math.Max(1.0, (targetContracts - generated) * 0.45);
                var pNew = Math.Clamp((targetCustomers - acquired.Count) / remainingNewBusiness, 0.08, 1.0);
                CustomerPlan customer;
                if (acquired.Count < 5 || _rng.Chance(pNew))
                {
                    customer = CreateCustomer(start);
                    acquired.Add(customer);
                }
                else
                {
                    customer = PickExistingCustomer(acquired, start);
                }
                var plan = CreateContract(customer, start, productId: null, amount: null, termMonths: null, isRenewal: false);
                generated++;
                ScheduleRenewal(plan, scheduled, months);
            }
        }
    }

    /// <summary>
    /// The largest customer: a large AA manufacturer whose loans renew every year, with a bond guarantee and one
    /// extra year-long loan that pushes it over the 10 % single-customer line for a while (a real situation that
    /// the cockpit must show). Amounts scale with the size of the company.
    /// </summary>
    private IEnumerable<(DateOnly Start, int Term, decimal Amount, string Product, bool Renews)> FlagshipSchedule()
    {
        decimal Scaled(double yuan) => RoundAmount(Math.Clamp(yuan * _scale, 200_000, 50_000_000));
        yield return (_runInStart.AddDays(9), 12, Scaled(40_000_000), "LWC", true);
        yield return (_asOf.AddMonths(-30).AddDays(-20), 36, Scaled(50_000_000), "BOND", false);
        yield return (_asOf.AddMonths(-14).AddDays(-3), 24, Scaled(30_000_000), "LEASE", false);
        yield return (_asOf.AddMonths(-20).AddDays(-12), 12, Scaled(32_000_000), "LWC", true);
    }

    private CustomerPlan CreateFlagship(DateOnly start)
    {
        var industry = _industrySpecs["C34"];
        var region = DemoCatalog.Regions[5];
        var customer = new Customer
        {
            Id = _customerPlans.Count + 1,
            CreditCode = UniqueCreditCode(() => ChineseIds.CreditCode("91", region.Code, _rng.Int(10_000_000, 99_999_999))),
            Name = CityName + "恒泰重工股份有限公司",
            Kind = "enterprise", Size = "large", IndustryCode = industry.Code, RegionCode = region.Code,
            RegisteredCapital = 380_000_000m, EstablishedOn = new DateOnly(2003, 6, 18), CreditRating = "AA",
            RiskLevel = "low", Tier = "strategic", SpecializedNew = false,
            ManagerId = _managersByDepartment["BD1"][0].Id,
            CreatedAt = At(start.AddDays(-20), 10, 12), UpdatedAt = At(start.AddDays(-20), 10, 12),
        };
        _names.Add(customer.Name);
        _company.Customers.Add(customer);
        var plan = new CustomerPlan(customer, "BD1") { Flagship = true };
        _customerPlans[customer.Id] = plan;
        return plan;
    }

    private void ScheduleChain(ContractPlan plan, List<(DateOnly, ContractPlan)>[] scheduled, int months)
    {
        var start = plan.Contract.MaturityOn.AddDays(_rng.Int(-5, 6));
        var m = MonthIndex(start);
        if (start <= _asOf && m < months) scheduled[m].Add((start, RenewOn(plan, start)));
    }

    private void ScheduleRenewal(ContractPlan plan, List<(DateOnly, ContractPlan)>[] scheduled, int months)
    {
        var c = plan.Customer.Customer;
        var p = c.Tier switch { "strategic" => 0.92, "core" => 0.82, "potential" => 0.72, _ => 0.62 };
        if (c.RiskLevel == "high") p -= 0.15;
        p *= plan.Product.Code switch { "BID" => 0.55, "LIT" => 0.25, "BOND" => 0.3, _ => 1.0 };
        if (plan.CompensatedOn is not null) p = 0;
        if (plan.EarlyReleaseOn is not null) p *= 0.5;
        if (!_rng.Chance(p)) return;
        var offset = (int)Math.Clamp(Math.Round(_rng.Normal() * 22), -60, 60);
        var start = plan.Contract.MaturityOn.AddDays(offset);
        if (start < plan.Contract.StartOn.AddDays(60)) start = plan.Contract.StartOn.AddDays(60);
        if (plan.OverdueFrom is not null && start < plan.Contract.MaturityOn) start = plan.Contract.MaturityOn.AddDays(_rng.Int(1, 30));
        var m = MonthIndex(start);
        if (start <= _asOf && m < months) scheduled[m].Add((start, RenewOn(plan, start)));
    }

    /// <summary>借新还旧: a renewal that starts before the old contract matures releases the old one that day.</summary>
    private static ContractPlan RenewOn(ContractPlan previous, DateOnly start)
    {
        if (start < previous.Contract.MaturityOn && previous.OverdueFrom is null
            && (previous.EarlyReleaseOn is null || previous.EarlyReleaseOn > start))
        {
            previous.EarlyReleaseOn = start;
        }
        return previous;
    }

    private CustomerPlan PickExistingCustomer(List<CustomerPlan> acquired, DateOnly on)
    {
        // Weighted by size through rejection sampling: O(1) per pick however many customers there are.
        static double Weight(CustomerPlan p) => p.Flagship ? 0 : p.Customer.Size switch
        {
            "large" => 2.0, "medium" => 1.5, "small" => 1.0, "micro" => 0.6, _ => 0.3,
        };
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var c = _rng.Pick(acquired);
            if (_rng.Next() * 2.0 >= Weight(c)) continue;
            // Credit policy keeps any one customer well below the flagship's exposure.
            if ((c.DefaultedOn is null || c.DefaultedOn > on) && Exposure(c, on) < (decimal)(45_000_000 * _scale)) return c;
        }
        return _rng.Pick(acquired, p => p.Flagship ? 0 : 1);
    }

    private decimal Exposure(CustomerPlan customer, DateOnly on) =>
        customer.Plans.Where(p => p.Contract.StartOn <= on && p.Contract.MaturityOn > on).Sum(p => p.Contract.Amount);

    private ContractPlan CreateRenewal(ContractPlan previous, DateOnly start)
    {
        var productId = previous.Customer.Flagship || _rng.Chance(0.85) ? previous.Contract.ProductId : (int?)null;
        var amount = previous.Customer.Flagship
            ? previous.Contract.Amount
            : RoundAmount(Math.Clamp((double)previous.Contract.Amount * _rng.LogNormal(1.02, 0.12), 200_000, 50_000_000));
        var term = productId is null ? (int?)null : previous.TermMonths;
        return CreateContract(previous.Customer, start, productId, amount, term, isRenewal: true);
    }

    // ---------------------------------------------------------------- customers

    private CustomerPlan CreateCustomer(DateOnly firstStart)
    {
        var years = (firstStart.DayNumber - _runInStart.DayNumber) / 365.25;
        var dept = _rng.Pick(DemoCatalog.Departments.Where(d => d.Kind == "business").ToArray(),
            d => d.VolumeWeight * Math.Pow(DepartmentGrowth[d.Code], years));

        var kind = dept.Code == "INCL"
            ? _rng.Pick(("farmer", 35.0), ("individual", 25.0), ("enterprise", 40.0))
            : _rng.Pick(("enterprise", 96.0), ("individual", 4.0));
        string? size = kind != "enterprise" ? null : dept.Code switch
        {
            "INCL" => _rng.Pick(("micro", 70.0), ("small", 30.0)),
            "TECH" => _rng.Pick(("micro", 30.0), ("small", 45.0), ("medium", 20.0), ("large", 5.0)),
            _ => _rng.Pick(("micro", 38.0), ("small", 36.0), ("medium", 19.0), ("large", 7.0)),
        };

        var industries = DemoCatalog.Industries;
        var industry = kind switch
        {
            "farmer" => _rng.Pick(industries.Where(i => i.Code.StartsWith('A')).ToArray(), i => i.Weight),
            "individual" => _rng.Pick(industries.Where(i => i.Code is "F51" or "F52" or "H62" or "G54").ToArray(), i => i.Weight),
            _ => dept.Code switch
            {
                "TECH" => _rng.Pick(industries.Where(i => i.Strategic).ToArray(), i => i.Weight),
                "INCL" => _rng.Pick(industries.Where(i => i.Code is "A01" or "A03" or "C13" or "F52" or "H62" or "C17").ToArray(), i => i.Weight),
                "BD2" => _rng.Pick(industries, i => i.Code.StartsWith('E') ? i.Weight * 4 : i.Weight),
                _ => _rng.Pick(industries, i => i.Weight),
            },
        };
        var region = _rng.Pick(DemoCatalog.Regions, r =>
            r.Weight * (dept.Code == "INCL" && r.Kind == "county" ? 2.5 : 1) * (dept.Code == "TECH" && r.Code == "369171" ? 3 : 1));

        var rating = (size ?? "person") switch
        {
            "large" => _rng.Pick(("AAA", 25.0), ("AA", 45.0), ("A", 25.0), ("BBB", 5.0)),
            "medium" => _rng.Pick(("AA", 15.0), ("A", 35.0), ("BBB", 35.0), ("BB", 12.0), ("B", 3.0)),
            "small" => _rng.Pick(("A", 15.0), ("BBB", 40.0), ("BB", 30.0), ("B", 12.0), ("CCC", 3.0)),
            "micro" => _rng.Pick(("A", 5.0), ("BBB", 30.0), ("BB", 40.0), ("B", 18.0), ("CCC", 5.0), ("CC", 1.5), ("C", 0.5)),
            _ => _rng.Pick(("A", 10.0), ("BBB", 40.0), ("BB", 35.0), ("B", 12.0), ("CCC", 3.0)),
        };
        var riskLevel = rating switch
        {
            "AAA" or "AA" or "A" => _rng.Chance(0.9) ? "low" : "medium",
            "BBB" => _rng.Pick(("low", 40.0), ("medium", 55.0), ("high", 5.0)),
            "BB" => _rng.Pick(("medium", 60.0), ("high", 40.0)),
            _ => _rng.Chance(0.8) ? "high" : "medium",
        };
        var tier = (size ?? "person") switch
        {
            "large" => _rng.Pick(("strategic", 40.0), ("core", 50.0), ("potential", 10.0)),
            "medium" => _rng.Pick(("strategic", 5.0), ("core", 40.0), ("potential", 40.0), ("ordinary", 15.0)),
            "small" => _rng.Pick(("core", 15.0), ("potential", 35.0), ("ordinary", 50.0)),
            _ => _rng.Pick(("potential", 25.0), ("ordinary", 75.0)),
        };
        var capital = (size ?? "person") switch
        {
            "large" => _rng.LogNormal(150_000_000, 0.6),
            "medium" => _rng.LogNormal(30_000_000, 0.5),
            "small" => _rng.LogNormal(6_000_000, 0.5),
            "micro" => _rng.LogNormal(1_000_000, 0.5),
            _ => 0,
        };
        var regionName = region.Name;
        var founded = _rng.Date(new DateOnly(1996, 1, 1), firstStart.AddYears(-1));

        string name, creditCode;
        if (kind == "enterprise")
        {
            name = CompanyName(industry, regionName, size!);
            creditCode = UniqueCreditCode(() => ChineseIds.CreditCode(
                name.EndsWith("专业合作社") ? "93" : "91", region.Code, _rng.Int(10_000_000, 99_999_999)));
        }
        else
        {
            name = UniquePersonName();
            var birth = _rng.Date(new DateOnly(1962, 1, 1), new DateOnly(1998, 12, 31));
            founded = birth.AddYears(18);
            creditCode = UniqueCreditCode(() => ChineseIds.ResidentId(region.Code, birth, _rng.Int(0, 1000)));
        }

        var managers = _managersByDepartment[dept.Code];
        // A manager who later left only took on customers before the hand-over.
        var handOver = _historyStart.AddMonths(14);
        var manager = _rng.Pick(managers, s => !s.Active && firstStart >= handOver ? 0
            : s.Level switch { "senior" => 3.0, "middle" => 2.0, _ => 1.2 });
        var created = At(firstStart.AddDays(-_rng.Int(15, 45)), _rng.Int(8, 18), _rng.Int(0, 60));
        var customer = new Customer
        {
            Id = _customerPlans.Count + 1,
            CreditCode = creditCode,
            Name = name,
            Kind = kind,
            Size = size,
            IndustryCode = industry.Code,
            RegionCode = region.Code,
            // people have no registered capital and no date of establishment (SOURCES.md)
            RegisteredCapital = kind == "enterprise" ? RoundAmount(capital) : null,
            EstablishedOn = kind == "enterprise" ? founded : null,
            CreditRating = rating,
            RiskLevel = riskLevel,
            Tier = tier,
            SpecializedNew = kind == "enterprise" && size is "small" or "medium"
                && _rng.Chance(industry.Strategic ? 0.3 : 0.03),
            ManagerId = manager.Id,
            CreatedAt = created,
            UpdatedAt = created,
        };
        if (!manager.Active)
        {
            // The manager has left: the customer was handed to a colleague of the same department later on.
            var successor = managers.First(s => s.Active && s.Level == "junior");
            customer.ManagerId = successor.Id;
            customer.UpdatedAt = At(handOver, 9, 30);
        }
        _company.Customers.Add(customer);
        var plan = new CustomerPlan(customer, dept.Code);
        _customerPlans[customer.Id] = plan;
        return plan;
    }

    // ---------------------------------------------------------------- contracts

    private ContractPlan CreateContract(
        CustomerPlan customer, DateOnly start, int? productId, decimal? amount, int? termMonths, bool isRenewal)
    {
        var c = customer.Customer;
        var dept = DemoCatalog.Departments.First(d => d.Code == customer.DepartmentCode);
        var spec = productId is { } pid ? _productSpecs[pid] : PickProduct(dept, c);
        var product = _productsByCode[spec.Code];
        var term = termMonths ?? spec.Code switch
        {
            "BOND" => 36,
            "LEASE" => _rng.Pick((24, 50.0), (36, 50.0)),
            "PERF" => _rng.Pick((12, 60.0), (18, 20.0), (24, 20.0)),
            "BID" or "LIT" => 6,
            "ADV" => 12,
            _ => _rng.Pick((12, 76.0), (6, 6.0), (18, 4.0), (24, 9.0), (36, 5.0)),
        };
        var amountValue = amount ?? RoundAmount(Math.Clamp(
            _rng.LogNormal(MedianAmount(c), 0.6) * spec.AmountFactor, 200_000, 50_000_000));

        // The contract's manager is the customer's manager at the time; before a hand-over, the one who left.
        var managerId = c.ManagerId;
        var originalManager = _company.Staff.FirstOrDefault(s => !s.Active && s.DepartmentId == _departmentsByCode[dept.Code].Id);
        if (originalManager is not null && c.UpdatedAt > c.CreatedAt && start < _historyStart.AddMonths(14))
        {
            managerId = originalManager.Id;
        }

        int? bankId = null;
        var share = 0m;
        if (spec.HasBank)
        {
            var banks = _company.Banks;
            bankId = _rng.Pick(banks, b => dept.Code == "INCL" && b.Code.EndsWith("RCB") ? 6.0
                : b.Code is "ICBC" or "CCB" or "JZBANK" ? 3.0 : 1.5).Id;
            share = _rng.Pick((0m, 55.0), (0.2m, 35.0), (0.1m, 4.0), (0.3m, 4.0), (0.4m, 1.5), (0.5m, 0.5));
        }
        var ratePremium = c.CreditRating switch { "AAA" or "AA" => -0.001, "A" => 0, "BBB" => 0.001, _ => 0.003 };
        var feeRate = Math.Round((decimal)Math.Clamp(_rng.Uniform(spec.RateLow, spec.RateHigh) + ratePremium, 0.008, 0.025), 4);
        var counter = spec.Code switch
        {
            "IPPL" => "pledge",
            "GOVP" => _rng.Pick(("credit", 60.0), ("guarantor", 40.0)),
            "AGRI" => _rng.Pick(("guarantor", 60.0), ("credit", 25.0), ("mortgage", 15.0)),
            "BOND" => _rng.Pick(("mortgage", 50.0), ("pledge", 50.0)),
            _ => _rng.Pick(("mortgage", 34.0), ("guarantor", 38.0), ("pledge", 12.0), ("credit", 16.0)),
        };

        var id = _plans.Count + 1;
        var contract = new Contract
        {
            Id = id,
            ContractNo = $"JZDB-{start.Year}-{id:D5}",
            CustomerId = c.Id,
            ProductId = product.Id,
            BankId = bankId,
            DepartmentId = _departmentsByCode[dept.Code].Id,
            ManagerId = managerId,
            Amount = amountValue,
            BankRiskShare = share,
            FeeRate = feeRate,
            CounterGuarantee = counter,
            StartOn = start,
            MaturityOn = start.AddMonths(term),
        };
        var plan = new ContractPlan(contract, customer, spec, term) { IsRenewal = isRenewal };
        plan.Amortisation = customer.Flagship && spec.Category == "loan" ? 0.0 : spec.Category switch
        {
            "loan" => _rng.Pick((0.0, 45.0), (1.0, 35.0), (0.5, 20.0)),
            "other_financing" => 1.0,
            _ => 0.0,
        };
        DecideFate(plan);
        _plans.Add(plan);
        customer.Plans.Add(plan);
        return plan;
    }

    private static double MedianAmount(Customer c) => c.Kind switch
    {
        "farmer" => 600_000,
        "individual" => 900_000,
        _ => c.Size switch { "large" => 14_000_000, "medium" => 7_000_000, "small" => 3_500_000, _ => 1_800_000 },
    };

    private ProductSpec PickProduct(DepartmentSpec dept, Customer c)
    {
        var industry = _industrySpecs[c.IndustryCode];
        var options = DemoCatalog.Products.Where(p => dept.ProductWeights.ContainsKey(p.Code)).ToArray();
        return _rng.Pick(options, p =>
        {
            var w = dept.ProductWeights[p.Code];
            return p.Code switch
            {
                "AGRI" => c.Kind == "farmer" ? w * 3 : c.IndustryCode.StartsWith('A') ? w : 0,
                "PERS" => c.Kind == "individual" ? w * 3 : 0,
                "BOND" => c.Size == "large" && c.CreditRating is "AAA" or "AA" ? w * 6 : 0,
                "LEASE" => c.Size is "medium" or "large" ? w : 0,
                "TECH" or "IPPL" => c.Kind == "enterprise" && (industry.Strategic || c.SpecializedNew) ? w : 0,
                "PERF" or "BID" or "ADV" => c.Kind != "enterprise" ? 0 : c.IndustryCode.StartsWith('E') ? w * 3 : w * 0.25,
                "LIT" => c.Kind == "enterprise" ? w : 0,
                "GOVP" => c.Kind == "enterprise" ? w : 0,
                _ => c.Kind is "farmer" or "individual" && dept.Code == "INCL" ? w * 0.3 : w,
            };
        });
    }

    /// <summary>Decides early release, an overdue episode that cures, or a default ending in compensation.</summary>
    private void DecideFate(ContractPlan plan)
    {
        var c = plan.Contract;
        if (plan.Product.Category == "loan" && _rng.Chance(0.07))
        {
            plan.EarlyReleaseOn = _rng.Date(c.StartOn.AddMonths(3), c.MaturityOn.AddDays(-20));
        }
        if (plan.Customer.Flagship) return;

        var customer = plan.Customer.Customer;
        var candidate = _rng.Date(c.StartOn.AddDays(60), c.MaturityOn.AddDays(15));
        if (plan.EarlyReleaseOn is { } early && candidate >= early) return;
        var yearFactor = candidate.Year == _badYear ? 3.0 : candidate.Year == _badYear + 1 ? 1.0
            : candidate.Year < _historyStart.Year ? 0.9 : 1.0;
        var productFactor = plan.Product.Code switch
        {
            "BID" => 0.15, "LIT" => 0.3, "BOND" => 0.3, "PERF" or "ADV" => 0.6, _ => 1.0,
        };
        var pd = 1.25 * RatingPd[customer.CreditRating] * _industrySpecs[customer.IndustryCode].Risk * productFactor * yearFactor;
        if (_rng.Chance(pd))
        {
            plan.OverdueFrom = candidate;
            plan.CompensatedOn = candidate.AddDays(_rng.Int(35, 120));
            plan.WatchBeforeDefault = _rng.Chance(0.7);
            if (plan.Customer.DefaultedOn is null || plan.CompensatedOn < plan.Customer.DefaultedOn)
            {
                plan.Customer.DefaultedOn = plan.CompensatedOn;
            }
            return;
        }
        // An overdue episode that cures: interest or an instalment paid late.
        if (candidate <= c.MaturityOn.AddDays(-30) && _rng.Chance(pd * 1.6 + 0.006))
        {
            plan.OverdueFrom = candidate;
            plan.CuredOn = candidate.AddDays(_rng.Int(8, 75));
        }
    }
}
