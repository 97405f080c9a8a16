using Cockpit.Etl.Source.Model;
using static Cockpit.Etl.Demo.DemoCatalog;

namespace Cockpit.Etl.Demo;

public sealed partial class DemoGenerator
{
    /// <summary>About one related-party group (关联方) per fifty customers, two to four members each.</summary>
    private void BuildGroups()
    {
        var groupCount = Math.Max(3, (int)Math.Round(_company.Customers.Count / 50.0));
        // A weighted shuffle (key u^(1/w), largest first) picks members in O(n log n) however many customers there are.
        var candidates = new Queue<Customer>(_company.Customers
            .Where(c => c.Kind == "enterprise" && c.Size is "large" or "medium" or "small" && c.Id != 1)
            .Select(c => (Customer: c, Key: Math.Pow(_rng.Next(), 1.0 / (c.Size switch { "large" => 5.0, "medium" => 3.0, _ => 1.0 }))))
            .OrderByDescending(x => x.Key)
            .Select(x => x.Customer));
        var flagship = _company.Customers[0];
        for (var g = 1; g <= groupCount && candidates.Count >= 2; g++)
        {
            var members = new List<Customer>();
            if (g == 1) members.Add(flagship);
            var size = _rng.Pick((2, 45.0), (3, 35.0), (4, 20.0));
            while (members.Count < size && candidates.Count > 0) members.Add(candidates.Dequeue());
            var head = members[0];
            var trade = head.Name.Replace(CityName + "市", "").Replace(CityName, "");
            trade = trade.Length >= 2 ? trade[..2] : trade;
            var group = new CustomerGroup { Id = g, Name = $"{CityName}{trade}{_rng.Pick(GroupSuffixes)}（关联方）" };
            _company.CustomerGroups.Add(group);
            foreach (var m in members) m.GroupId = g;
        }
    }

    private void BuildLifecycles()
    {
        var feeId = 1;
        var compensationId = 1;
        var recoveryId = 1;
        var writeOffId = 1;
        foreach (var plan in _plans)
        {
            var c = plan.Contract;
            _company.Contracts.Add(c);

            // Status at the as-of date. A loan that matured without trouble by then is released.
            DateOnly? end = null;
            if (plan.CompensatedOn is { } comp && comp <= _asOf)
            {
                c.Status = "compensated";
                end = comp;
            }
            else if (plan.EarlyReleaseOn is { } early && early <= _asOf)
            {
                c.Status = "released";
                end = early;
            }
            else if (c.MaturityOn <= _asOf && !(plan.OverdueFrom <= _asOf && plan.CompensatedOn > _asOf))
            {
                c.Status = "released";
                end = c.MaturityOn;
            }
            else
            {
                c.Status = "in_force";
            }
            c.ReleasedOn = end;
            var lastChange = end ?? (plan.OverdueFrom <= _asOf ? plan.OverdueFrom!.Value : c.StartOn);
            c.UpdatedAt = At(lastChange, 9 + c.Id % 9, c.Id % 60);

            // Month-end snapshots while in force: start_on ≤ month end < released_on.
            var overdueFrom = plan.OverdueFrom <= _asOf ? plan.OverdueFrom : null;
            var atDefault = overdueFrom is { } d0 && plan.CompensatedOn is not null ? Outstanding(plan, d0) : (decimal?)null;
            for (var monthEnd = MonthEnd(c.StartOn); monthEnd <= _asOf && (end is null || monthEnd < end); monthEnd = MonthEnd(monthEnd.AddDays(1)))
            {
                var overdueDays = 0;
                if (overdueFrom is { } from && monthEnd >= from && (plan.CuredOn is null || monthEnd < plan.CuredOn))
                {
                    overdueDays = monthEnd.DayNumber - from.DayNumber + 1;
                }
                var outstanding = atDefault is { } frozen && monthEnd >= overdueFrom ? frozen : Outstanding(plan, monthEnd);
                _company.BalanceSnapshots.Add(new BalanceSnapshot
                {
                    ContractId = c.Id,
                    AsOf = monthEnd,
                    Outstanding = outstanding,
                    OverdueDays = overdueDays,
                    FiveLevelClass = FiveLevelClass(plan, monthEnd, overdueDays),
                });
            }

            // Fees: paid up front for a year or less; yearly instalments for longer terms; none after the end.
            var stop = end ?? _asOf;
            if (overdueFrom is { } od && od < stop) stop = od;
            var yearly = c.Amount * c.FeeRate;
            var total = Math.Round(yearly * plan.TermMonths / 12m, 2);
            if (plan.TermMonths <= 12)
            {
                if (_rng.Chance(0.06))
                {
                    var half = Math.Round(total / 2, 2);
                    AddFee(ref feeId, c, c.StartOn.AddDays(_rng.Int(0, 6)), half, stop);
                    AddFee(ref feeId, c, c.StartOn.AddMonths(6).AddDays(_rng.Int(0, 10)), total - half, stop);
                }
                else
                {
                    AddFee(ref feeId, c, c.StartOn.AddDays(_rng.Int(0, 6)), total, stop);
                }
            }
            else
            {
                var remaining = total;
                for (var y = 0; remaining > 0; y++)
                {
                    var part = Math.Min(remaining, Math.Round(yearly, 2));
                    AddFee(ref feeId, c, c.StartOn.AddYears(y).AddDays(_rng.Int(0, 6)), part, stop);
                    remaining -= part;
                }
            }

            if (c.Status != "compensated") continue;

            // 代偿: the guarantor's part of the balance at default plus some interest.
            var compensation = new Compensation
            {
                Id = compensationId++,
                ContractId = c.Id,
                PaidOn = plan.CompensatedOn!.Value,
                Amount = Money((double)(atDefault!.Value * (1 - c.BankRiskShare)) * _rng.Uniform(1.0, 1.035)),
            };
            _company.Compensations.Add(compensation);
            BuildRecoveries(compensation, c, ref recoveryId, ref writeOffId);
        }
    }

    private void AddFee(ref int id, Contract c, DateOnly paidOn, decimal amount, DateOnly stop)
    {
        if (paidOn > _asOf || paidOn >= stop && paidOn > c.StartOn || amount <= 0) return;
        _company.FeePayments.Add(new FeePayment { Id = id++, ContractId = c.Id, PaidOn = paidOn, Amount = amount });
    }

    /// <summary>Outstanding at a date: bullet, or repaid evenly in monthly steps by the amortised share.</summary>
    private static decimal Outstanding(ContractPlan plan, DateOnly at)
    {
        var c = plan.Contract;
        if (plan.Amortisation == 0) return c.Amount;
        var elapsed = Math.Max(0, (at.Year - c.StartOn.Year) * 12 + at.Month - c.StartOn.Month - (at.Day < c.StartOn.Day ? 1 : 0));
        var left = 1.0 - plan.Amortisation * Math.Min(elapsed, plan.TermMonths - 1) / plan.TermMonths;
        return Money((double)c.Amount * left);
    }

    private static string FiveLevelClass(ContractPlan plan, DateOnly monthEnd, int overdueDays)
    {
        if (overdueDays > 180) return "loss";
        if (overdueDays > 90) return "doubtful";
        if (overdueDays > 30) return "substandard";
        if (overdueDays > 0) return "special_mention";
        // A default is usually seen coming: 关注 one or two month ends before the first overdue day,
        // and for a month after an overdue episode is cured.
        if (plan.WatchBeforeDefault && plan.OverdueFrom is { } from && monthEnd < from && monthEnd >= from.AddMonths(-2)) return "special_mention";
        if (plan.CuredOn is { } cured && monthEnd >= cured && monthEnd < cured.AddMonths(1)) return "special_mention";
        return "normal";
    }

    /// <summary>追偿: 20–60 % recovered over up to three years; some of the rest written off (核销).</summary>
    private void BuildRecoveries(Compensation compensation, Contract c, ref int recoveryId, ref int writeOffId)
    {
        var secured = c.CounterGuarantee is "mortgage" or "pledge";
        var share = secured ? _rng.Uniform(0.3, 0.6) : _rng.Uniform(0.2, 0.45);
        var planned = Money((double)compensation.Amount * share);
        var count = _rng.Pick((1, 15.0), (2, 30.0), (3, 30.0), (4, 15.0), (5, 10.0));
        var writeOff = _rng.Chance(0.35);
        var horizonDays = writeOff ? _rng.Int(420, 900) : _rng.Int(200, 1095);
        var dates = Enumerable.Range(0, count)
            .Select(_ => compensation.PaidOn.AddDays(_rng.Int(20, horizonDays)))
            .OrderBy(d => d)
            .ToList();
        var weights = dates.Select(_ => _rng.Uniform(0.3, 1.0)).ToList();
        var totalWeight = weights.Sum();
        var allocated = 0m;
        for (var i = 0; i < count; i++)
        {
            var amount = i == count - 1 ? planned - allocated : Money((double)planned * weights[i] / totalWeight);
            allocated += amount;
            if (dates[i] > _asOf || amount <= 0) continue;
            var method = i == count - 1 && secured ? "collateral"
                : i == count - 1 && _rng.Chance(0.12) ? "transfer"
                : dates[i] < compensation.PaidOn.AddDays(120) ? "negotiation" : _rng.Pick(("litigation", 60.0), ("negotiation", 40.0));
            _company.Recoveries.Add(new Recovery
            {
                Id = recoveryId++, CompensationId = compensation.Id, ReceivedOn = dates[i], Amount = amount, Method = method,
            });
        }
        if (!writeOff) return;
        var writtenOn = dates[^1].AddDays(_rng.Int(60, 240));
        if (writtenOn > _asOf) return;
        var rest = compensation.Amount - planned;
        _company.WriteOffs.Add(new WriteOff
        {
            Id = writeOffId++, CompensationId = compensation.Id, WrittenOffOn = writtenOn,
            Amount = Money((double)rest * _rng.Uniform(0.5, 1.0)),
        });
    }
}
