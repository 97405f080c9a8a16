using Cockpit.Etl.Source.Model;

namespace Cockpit.Etl.Demo;

public sealed partial class DemoGenerator
{
    /// <summary>
    /// The funnel 受理 → 尽调 → 评审 → 决策: every contract signed in the history went through an approved application
    /// 10–40 days earlier; beside them are applications rejected at review, withdrawn at any stage, approved but
    /// never drawn, and those still in progress at the as-of date.
    /// </summary>
    private void BuildApplications()
    {
        var id = 1;
        var business = _company.Departments.Where(d => d.Kind == "business").ToDictionary(d => d.Id, d => d.Code);
        foreach (var plan in _plans)
        {
            var c = plan.Contract;
            if (c.StartOn < _historyStart) continue; // migrated from the previous system: no application
            var decided = c.StartOn.AddDays(-_rng.Int(2, 15));
            var (received, dd, review) = FunnelDates(decided);
            var app = NewApplication(id++, plan.Customer.Customer, c.ProductId, c.DepartmentId, c.ManagerId,
                business[c.DepartmentId], plan.IsRenewal, received, dd, review, "approved", decided,
                (decimal)Math.Round((double)c.Amount * _rng.Pick((1.0, 70.0), (1.2, 20.0), (1.5, 10.0)) / 10_000) * 10_000);
            c.ApplicationId = app.Id;
        }

        // Applications that did not become contracts, in proportion to those that did, month by month.
        var signedByMonth = _plans.Where(p => p.Contract.StartOn >= _historyStart)
            .GroupBy(p => MonthIndex(p.Contract.StartOn)).OrderBy(g => g.Key).ToList();
        foreach (var month in signedByMonth)
        {
            var sample = month.ToList();
            var extra = (int)Math.Round(sample.Count * 0.36);
            for (var k = 0; k < extra; k++)
            {
                var model = _rng.Pick(sample);
                var c = model.Contract;
                // Most come from existing customers; some from prospects who never became customers.
                var customer = _rng.Chance(0.87) ? model.Customer.Customer : CreateProspect(model, c.StartOn);
                var decided = c.StartOn.AddDays(-_rng.Int(0, 28));
                var (received, dd, review) = FunnelDates(decided);
                var outcome = _rng.Pick(("rejected", 46.0), ("withdrawn_received", 8.0), ("withdrawn_dd", 12.0),
                    ("withdrawn_review", 6.0), ("approved_not_drawn", 12.0), ("rejected_dd", 16.0));
                DateOnly? ddOn = dd, reviewOn = review;
                var decision = outcome;
                switch (outcome)
                {
                    case "withdrawn_received": ddOn = null; reviewOn = null; decision = "withdrawn"; break;
                    case "withdrawn_dd": reviewOn = null; decision = "withdrawn"; break;
                    case "withdrawn_review": decision = "withdrawn"; break;
                    case "approved_not_drawn": decision = "approved"; break;
                    case "rejected_dd": reviewOn = null; decision = "rejected"; break; // declined after due diligence
                }
                NewApplication(id++, customer, c.ProductId, c.DepartmentId, c.ManagerId, business[c.DepartmentId],
                    false, received, ddOn, reviewOn, decision, decided,
                    RoundAmount((double)c.Amount * _rng.Uniform(0.6, 1.6)));
            }
        }

        // In progress at the as-of date: received in the last 40 days, not yet decided.
        var recent = _plans.Where(p => p.Contract.StartOn > _asOf.AddMonths(-3)).ToList();
        var inProgress = Math.Max(3, (int)Math.Round(recent.Count * 0.25));
        for (var k = 0; k < inProgress && recent.Count > 0; k++)
        {
            var model = _rng.Pick(recent);
            var c = model.Contract;
            var received = _asOf.AddDays(-_rng.Int(0, 40));
            var days = _asOf.DayNumber - received.DayNumber;
            DateOnly? dd = days > 6 ? received.AddDays(_rng.Int(2, 6)) : null;
            DateOnly? review = days > 20 && dd is not null ? dd.Value.AddDays(_rng.Int(5, 13)) : null;
            var customer = _rng.Chance(0.7) ? model.Customer.Customer : CreateProspect(model, received);
            NewApplication(id++, customer, c.ProductId, c.DepartmentId, c.ManagerId, business[c.DepartmentId],
                false, received, dd, review, null, null, RoundAmount((double)c.Amount * _rng.Uniform(0.7, 1.4)));
        }
        _company.Applications.Sort((a, b) => a.Id.CompareTo(b.Id));
    }

    private (DateOnly Received, DateOnly DueDiligence, DateOnly Review) FunnelDates(DateOnly decided)
    {
        // 10–40 days from receipt to decision.
        var total = _rng.Int(10, 41);
        var review = decided.AddDays(-_rng.Int(1, Math.Max(2, total / 4)));
        var received = decided.AddDays(-total);
        var dd = received.AddDays(_rng.Int(1, Math.Max(2, (review.DayNumber - received.DayNumber) / 2)));
        return (received, dd, review);
    }

    private Customer CreateProspect(ContractPlan model, DateOnly around)
    {
        var prospect = CreateCustomer(around).Customer;
        // A prospect belongs to the department and manager that met them.
        prospect.ManagerId = model.Contract.ManagerId;
        return prospect;
    }

    private Application NewApplication(int id, Customer customer, int productId, int departmentId, int managerId,
        string departmentCode, bool renewal, DateOnly received, DateOnly? dd, DateOnly? review, string? decision,
        DateOnly? decided, decimal requested)
    {
        var product = _productSpecs[productId];
        var channel = renewal
            ? _rng.Pick(("self", 55.0), ("bank_referral", 45.0))
            : product.Code == "GOVP" ? _rng.Pick(("government", 75.0), ("bank_referral", 25.0))
            : departmentCode == "TECH" ? _rng.Pick(("park", 35.0), ("bank_referral", 30.0), ("government", 15.0), ("customer_referral", 12.0), ("self", 8.0))
            : departmentCode == "INCL" ? _rng.Pick(("government", 30.0), ("bank_referral", 40.0), ("customer_referral", 20.0), ("self", 10.0))
            : _rng.Pick(("bank_referral", 50.0), ("customer_referral", 20.0), ("self", 15.0), ("government", 8.0), ("park", 7.0));
        var colleagues = _company.Staff.Where(s => s.DepartmentId == departmentId && s.Role == "customer_manager" && s.Id != managerId).ToList();
        int? managerB = colleagues.Count > 0 && _rng.Chance(0.75) ? _rng.Pick(colleagues).Id : null;
        var last = decided ?? review ?? dd ?? received;
        var app = new Application
        {
            Id = id,
            CustomerId = customer.Id,
            ProductId = productId,
            DepartmentId = departmentId,
            Channel = channel,
            RequestedAmount = requested,
            ManagerAId = managerId,
            ManagerBId = managerB,
            ReceivedOn = received,
            DueDiligenceOn = dd,
            ReviewOn = review,
            Decision = decision,
            DecidedOn = decided,
            UpdatedAt = At(last, 9 + id % 8, id % 60),
        };
        _company.Applications.Add(app);
        return app;
    }

    /// <summary>预警信号: a background rate by risk level, and more in the months before a default.</summary>
    private void BuildRiskSignals()
    {
        var id = 1;
        var kinds = new (string, double)[]
        {
            ("litigation", 18), ("registration_change", 22), ("public_opinion", 14), ("financial_deterioration", 16),
            ("overdue", 12), ("credit_report", 18),
        };
        var signals = new List<RiskSignal>();
        foreach (var group in _plans.GroupBy(p => p.Customer.Customer.Id))
        {
            var customer = group.First().Customer.Customer;
            var first = group.Min(p => p.Contract.StartOn);
            var last = group.Max(p => p.Contract.ReleasedOn ?? _asOf);
            var years = (last.DayNumber - first.DayNumber) / 365.25;
            var rate = customer.RiskLevel switch { "high" => 0.3, "medium" => 0.12, _ => 0.04 };
            var n = _rng.Poisson(rate * years);
            for (var i = 0; i < n; i++)
            {
                signals.Add(NewSignal(customer.Id, _rng.Date(first, last), _rng.Pick(kinds),
                    _rng.Pick(("yellow", 65.0), ("orange", 28.0), ("red", 7.0))));
            }
            foreach (var plan in group.Where(p => p.CompensatedOn is not null && p.OverdueFrom <= _asOf))
            {
                if (!_rng.Chance(0.8)) continue;
                var count = _rng.Int(1, 4);
                for (var i = 0; i < count; i++)
                {
                    var detected = plan.OverdueFrom!.Value.AddDays(-_rng.Int(10, 180));
                    if (detected < plan.Contract.StartOn) detected = plan.Contract.StartOn.AddDays(_rng.Int(0, 10));
                    signals.Add(NewSignal(customer.Id, detected,
                        _rng.Pick(("litigation", 30.0), ("financial_deterioration", 25.0), ("overdue", 20.0), ("credit_report", 15.0), ("public_opinion", 10.0)),
                        _rng.Pick(("red", 45.0), ("orange", 40.0), ("yellow", 15.0))));
                }
            }
        }
        foreach (var s in signals.Where(s => s.DetectedOn <= _asOf).OrderBy(s => s.DetectedOn).ThenBy(s => s.CustomerId))
        {
            s.Id = id++;
            _company.RiskSignals.Add(s);
        }
    }

    private RiskSignal NewSignal(int customerId, DateOnly detected, string kind, string severity)
    {
        var age = _asOf.DayNumber - detected.DayNumber;
        var closeAfter = _rng.Int(7, 120);
        string status;
        DateOnly? closed = null;
        if (closeAfter <= age)
        {
            status = "closed";
            closed = detected.AddDays(closeAfter);
        }
        else
        {
            status = _rng.Chance(0.55) ? "handling" : "open";
        }
        return new RiskSignal
        {
            CustomerId = customerId, DetectedOn = detected, Kind = kind, Severity = severity, Status = status, ClosedOn = closed,
        };
    }
}
