using Cockpit.Etl.Source.Model;
using static Cockpit.Etl.Demo.DemoCatalog;

namespace Cockpit.Etl.Demo;

/// <summary>
/// Generates a realistic regional guarantee company (江州市融资担保有限公司) deterministically from a seed.
/// </summary>
/// <remarks>
/// Contracts start from one run-in year before the history so that the book is already in steady state when the
/// history begins (their applications predate the system: application_id is null). New customers arrive through
/// departments that grow at different speeds; maturing contracts renew with a probability that depends on the
/// customer's tier and risk; defaults depend on rating, industry and the year (one bad year), and show as overdue
/// snapshots and a worsening five-level class before the compensation.
/// </remarks>
public sealed partial class DemoGenerator
{
    private readonly DemoRandom _rng;
    private readonly DemoOptions _options;
    private readonly DemoCompany _company;
    private readonly DateOnly _asOf;
    private readonly DateOnly _historyStart;
    private readonly DateOnly _runInStart;
    private readonly int _badYear;
    private readonly double _scale;

    private readonly Dictionary<string, Department> _departmentsByCode = [];
    private readonly Dictionary<string, List<Staff>> _managersByDepartment = [];
    private readonly Dictionary<string, Product> _productsByCode = [];
    private readonly Dictionary<int, ProductSpec> _productSpecs = [];
    private readonly Dictionary<string, IndustrySpec> _industrySpecs = [];
    private readonly Dictionary<int, CustomerPlan> _customerPlans = [];
    private readonly List<ContractPlan> _plans = [];
    private readonly HashSet<string> _names = [];
    private readonly HashSet<string> _creditCodes = [];

    private DemoGenerator(DemoOptions options, DateOnly today)
    {
        _options = options;
        _asOf = options.ResolveAsOf(today);
        if (options.Contracts < 50) throw new ArgumentException("--contracts must be at least 50.");
        _rng = new DemoRandom(options.Seed);
        _historyStart = new DateOnly(_asOf.Year - 3, 1, 1);
        _runInStart = _historyStart.AddYears(-1);
        _badYear = _asOf.Year - 2;
        _scale = Math.Clamp(options.Contracts / (double)DemoOptions.DefaultContracts, 0.02, 4.0);
        _company = new DemoCompany { Options = options, AsOf = _asOf, HistoryStart = _historyStart };
    }

    /// <summary>Generates the company. <paramref name="today"/> only matters when no as-of date is given.</summary>
    public static DemoCompany Generate(DemoOptions options, DateOnly today)
    {
        var g = new DemoGenerator(options, today);
        g.BuildReferenceData();
        g.BuildStaff();
        g.BuildContracts();
        g.BuildGroups();
        g.BuildLifecycles();
        g.BuildApplications();
        g.BuildRiskSignals();
        g.BuildInbox();
        g.PlantDirtyRecords();
        return g._company;
    }

    // ---------------------------------------------------------------- reference data

    private void BuildReferenceData()
    {
        var id = 1;
        foreach (var d in DemoCatalog.Departments)
        {
            var dep = new Department { Id = id++, Code = d.Code, Name = d.Name, Kind = d.Kind };
            _company.Departments.Add(dep);
            _departmentsByCode[d.Code] = dep;
        }
        id = 1;
        foreach (var (code, name) in DemoCatalog.Banks)
        {
            _company.Banks.Add(new Bank { Id = id++, Code = code, Name = name });
        }
        id = 1;
        foreach (var p in DemoCatalog.Products)
        {
            var product = new Product { Id = id++, Code = p.Code, Name = p.Name, Category = p.Category };
            _company.Products.Add(product);
            _productsByCode[p.Code] = product;
            _productSpecs[product.Id] = p;
        }
        foreach (var i in DemoCatalog.Industries)
        {
            _company.Industries.Add(new Industry { Code = i.Code, Name = i.Name, Section = i.Code[..1], StrategicEmerging = i.Strategic });
            _industrySpecs[i.Code] = i;
        }
        foreach (var r in DemoCatalog.Regions)
        {
            _company.Regions.Add(new Region { Code = r.Code, Name = r.Name, Kind = r.Kind });
        }
    }

    private void BuildStaff()
    {
        var id = 1;
        foreach (var spec in DemoCatalog.Departments)
        {
            var dep = _departmentsByCode[spec.Code];
            var managers = new List<Staff>();
            for (var i = 0; i < spec.CustomerManagers; i++)
            {
                var level = i < 2 ? "senior" : i < 5 ? "middle" : "junior";
                var staff = NewStaff(id++, dep, "customer_manager", level);
                // The last junior manager of two departments has left; their customers moved to colleagues.
                if (i == spec.CustomerManagers - 1 && spec.Code is "BD1" or "INCL") staff.Active = false;
                managers.Add(staff);
            }
            _managersByDepartment[spec.Code] = managers;
            var others = spec.Kind switch
            {
                "risk" => 6,
                "asset_preservation" => 4,
                "customer_service" => 5,
                "other" => 3,
                _ => 1, // the department head
            };
            for (var i = 0; i < others; i++)
            {
                var role = spec.Kind == "risk" ? "risk_manager" : "other";
                NewStaff(id++, dep, role, i == 0 ? "senior" : i < 3 ? "middle" : "junior");
            }
        }
    }

    private Staff NewStaff(int id, Department dep, string role, string level)
    {
        var staff = new Staff
        {
            Id = id, Code = $"E{id:D4}", Name = UniquePersonName(), DepartmentId = dep.Id, Role = role, Level = level,
            Active = true,
        };
        _company.Staff.Add(staff);
        return staff;
    }

    // ---------------------------------------------------------------- names and identifiers

    private string PersonName()
    {
        var given = _rng.Pick(GivenChars) + (_rng.Chance(0.7) ? _rng.Pick(GivenChars) : "");
        return _rng.Pick(Surnames) + given;
    }

    private string UniquePersonName()
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = PersonName();
            if (_names.Add(name) || attempt > 20) return name;
        }
    }

    private string CompanyName(IndustrySpec industry, string regionName, string size)
    {
        for (var attempt = 0; ; attempt++)
        {
            var place = _rng.Chance(0.6) ? CityName + "市" : regionName.EndsWith('县') ? regionName : CityName;
            var trade = _rng.Pick(TradeChars) + _rng.Pick(TradeChars);
            var word = _rng.Pick(industry.NameWords);
            var form = size == "large" ? _rng.Pick(["股份有限公司", "集团有限公司"])
                : industry.Code.StartsWith('A') && _rng.Chance(0.4) ? "专业合作社"
                : _rng.Pick(["有限公司", "有限公司", "有限责任公司"]);
            var name = form == "专业合作社" ? place + trade + word + form : place + trade + word + form;
            if (_names.Add(name)) return name;
            if (attempt > 30) return name + (attempt - 30);
        }
    }

    private string UniqueCreditCode(Func<string> make)
    {
        while (true)
        {
            var code = make();
            if (_creditCodes.Add(code)) return code;
        }
    }

    private static DateTime At(DateOnly date, int hour, int minute) => date.ToDateTime(new TimeOnly(hour, minute));

    private static decimal Money(double yuan) => Math.Round((decimal)yuan, 2, MidpointRounding.AwayFromZero);

    private static decimal RoundAmount(double yuan)
    {
        var step = yuan >= 10_000_000 ? 500_000.0 : yuan >= 1_000_000 ? 50_000.0 : 10_000.0;
        return (decimal)(Math.Round(yuan / step) * step);
    }

    private static DateOnly MonthEnd(DateOnly d) => new DateOnly(d.Year, d.Month, 1).AddMonths(1).AddDays(-1);

    private int MonthIndex(DateOnly d) => (d.Year - _runInStart.Year) * 12 + d.Month - 1;
}
