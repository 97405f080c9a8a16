using System.Globalization;
using Cockpit.Etl.Source.Model;

namespace Cockpit.Etl.Demo;

public sealed partial class DemoGenerator
{
    /// <summary>
    /// Adds the faults SOURCES.md says real core systems have, each as an extra row that leaves the clean data
    /// intact, and records each in <see cref="DemoCompany.DirtyRecords"/>.
    /// </summary>
    private void PlantDirtyRecords()
    {
        var co = _company;
        var released = _plans.Select(p => p.Contract).First(c => c.Status == "released" && c.ReleasedOn < _asOf.AddMonths(-3));
        var compensated = co.Compensations[0];
        var template = _plans.Select(p => p.Contract).First(c => c.Status == "released" && c.ApplicationId is not null && c.CustomerId != 1);
        var nextContract = co.Contracts.Max(c => c.Id) + 1;
        var missingCustomer = co.Customers.Max(c => c.Id) + 900;

        void Add(string kind, string table, object key, string column, object? value, string description) =>
            co.DirtyRecords.Add(new DirtyRecord(kind, table, Convert.ToString(key, CultureInfo.InvariantCulture)!, column,
                Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", description));

        Contract CopyContract(Action<Contract> change)
        {
            var c = new Contract
            {
                Id = nextContract++, ContractNo = $"JZDB-{template.StartOn.Year}-{nextContract + 89_999:D5}",
                ApplicationId = null, CustomerId = template.CustomerId, ProductId = template.ProductId, BankId = template.BankId,
                DepartmentId = template.DepartmentId, ManagerId = template.ManagerId, Amount = template.Amount,
                BankRiskShare = template.BankRiskShare, FeeRate = template.FeeRate, CounterGuarantee = template.CounterGuarantee,
                StartOn = template.StartOn, MaturityOn = template.MaturityOn, Status = "released", ReleasedOn = template.ReleasedOn,
                UpdatedAt = template.UpdatedAt,
            };
            change(c);
            co.Contracts.Add(c);
            return c;
        }

        // orphan keys
        var orphan = CopyContract(c => c.CustomerId = missingCustomer);
        Add(DirtyKinds.OrphanKey, "contracts", orphan.Id, "customer_id", missingCustomer, "customer_id matches no customer");
        var fee = new FeePayment { Id = co.FeePayments.Max(f => f.Id) + 1, ContractId = nextContract + 500, PaidOn = _asOf.AddDays(-40), Amount = 18_000m };
        co.FeePayments.Add(fee);
        Add(DirtyKinds.OrphanKey, "fee_payments", fee.Id, "contract_id", fee.ContractId, "contract_id matches no contract");
        var recovery = new Recovery { Id = co.Recoveries.Count + 1, CompensationId = co.Compensations.Count + 77, ReceivedOn = _asOf.AddDays(-60), Amount = 50_000m, Method = "negotiation" };
        co.Recoveries.Add(recovery);
        Add(DirtyKinds.OrphanKey, "recoveries", recovery.Id, "compensation_id", recovery.CompensationId, "compensation_id matches no compensation");
        var orphanSnapshot = new BalanceSnapshot { ContractId = nextContract + 700, AsOf = _asOf, Outstanding = 1_000_000m, OverdueDays = 0, FiveLevelClass = "normal" };
        co.BalanceSnapshots.Add(orphanSnapshot);
        Add(DirtyKinds.OrphanKey, "balance_snapshots", $"{orphanSnapshot.ContractId}|{_asOf:yyyy-MM-dd}", "contract_id", orphanSnapshot.ContractId, "contract_id matches no contract");

        // unknown enum values
        var suspended = CopyContract(c => c.Status = "suspended");
        Add(DirtyKinds.UnknownEnum, "contracts", suspended.Id, "status", "suspended", "status 'suspended' is not in_force, released or compensated");
        var rated = co.Customers[^1];
        var oddCustomer = new Customer
        {
            Id = co.Customers.Max(c => c.Id) + 1, CreditCode = ChineseIds.CreditCode("91", "369102", 87_654_321),
            Name = "江州市临时录入测试有限公司", Kind = "enterprise", Size = "small", IndustryCode = rated.IndustryCode,
            RegionCode = rated.RegionCode, RegisteredCapital = 5_000_000m, EstablishedOn = new DateOnly(2015, 3, 1),
            CreditRating = "A+", RiskLevel = "medium", Tier = "ordinary", ManagerId = rated.ManagerId,
            CreatedAt = At(_asOf.AddDays(-30), 16, 2), UpdatedAt = At(_asOf.AddDays(-30), 16, 2),
        };
        co.Customers.Add(oddCustomer);
        Add(DirtyKinds.UnknownEnum, "customers", oddCustomer.Id, "credit_rating", "A+", "credit_rating 'A+' is not on the AAA…C scale");
        var signal = new RiskSignal { Id = co.RiskSignals.Count + 1, CustomerId = template.CustomerId, DetectedOn = _asOf.AddDays(-12), Kind = "weather", Severity = "yellow", Status = "open" };
        co.RiskSignals.Add(signal);
        Add(DirtyKinds.UnknownEnum, "risk_signals", signal.Id, "kind", "weather", "kind 'weather' is not a known signal kind");
        var app = co.Applications[^1];
        var wechat = new Application
        {
            Id = app.Id + 1, CustomerId = app.CustomerId, ProductId = app.ProductId, DepartmentId = app.DepartmentId, Channel = "wechat",
            RequestedAmount = app.RequestedAmount, ManagerAId = app.ManagerAId, ReceivedOn = _asOf.AddDays(-5), UpdatedAt = At(_asOf.AddDays(-5), 11, 0),
        };
        co.Applications.Add(wechat);
        Add(DirtyKinds.UnknownEnum, "applications", wechat.Id, "channel", "wechat", "channel 'wechat' is not a known channel");

        // negative or zero amounts
        var zero = CopyContract(c => c.Amount = 0m);
        Add(DirtyKinds.NonPositiveAmount, "contracts", zero.Id, "amount", "0", "amount must be greater than 0");
        var refund = new FeePayment { Id = fee.Id + 1, ContractId = template.Id, PaidOn = template.StartOn.AddDays(20), Amount = -3_000m };
        co.FeePayments.Add(refund);
        Add(DirtyKinds.NonPositiveAmount, "fee_payments", refund.Id, "amount", "-3000", "amount must be greater than 0");
        var negative = new Compensation { Id = co.Compensations.Max(c => c.Id) + 1, ContractId = compensated.ContractId, PaidOn = compensated.PaidOn, Amount = -compensated.Amount };
        co.Compensations.Add(negative);
        Add(DirtyKinds.NonPositiveAmount, "compensations", negative.Id, "amount", negative.Amount, "amount must be greater than 0");

        // maturity before start
        var inverted = CopyContract(c => c.MaturityOn = c.StartOn.AddDays(-30));
        Add(DirtyKinds.InvertedDates, "contracts", inverted.Id, "maturity_on", inverted.MaturityOn.ToString("yyyy-MM-dd"), "maturity_on is before start_on");

        // a snapshot for a month after the contract ended
        var after = MonthEnd(released.ReleasedOn!.Value.AddMonths(1));
        co.BalanceSnapshots.Add(new BalanceSnapshot { ContractId = released.Id, AsOf = after, Outstanding = released.Amount, OverdueDays = 0, FiveLevelClass = "normal" });
        Add(DirtyKinds.SnapshotAfterEnd, "balance_snapshots", $"{released.Id}|{after:yyyy-MM-dd}", "as_of", after.ToString("yyyy-MM-dd"), "snapshot is after the contract was released");

        // duplicate business keys
        var duplicate = CopyContract(c => c.ContractNo = template.ContractNo);
        Add(DirtyKinds.DuplicateKey, "contracts", duplicate.Id, "contract_no", template.ContractNo, "contract_no is used by another contract");
        var twin = co.Customers[10];
        var dupCustomer = new Customer
        {
            Id = oddCustomer.Id + 1, CreditCode = twin.CreditCode, Name = twin.Name + "（重复录入）", Kind = twin.Kind, Size = twin.Size,
            IndustryCode = twin.IndustryCode, RegionCode = twin.RegionCode, RegisteredCapital = twin.RegisteredCapital,
            EstablishedOn = twin.EstablishedOn, CreditRating = twin.CreditRating, RiskLevel = twin.RiskLevel, Tier = twin.Tier,
            ManagerId = twin.ManagerId, CreatedAt = At(_asOf.AddDays(-3), 9, 0), UpdatedAt = At(_asOf.AddDays(-3), 9, 0),
        };
        co.Customers.Add(dupCustomer);
        Add(DirtyKinds.DuplicateKey, "customers", dupCustomer.Id, "credit_code", twin.CreditCode, "credit_code is used by another customer");
        var staffTwin = co.Staff[3];
        var dupStaff = new Staff
        {
            Id = co.Staff.Max(s => s.Id) + 1, Code = staffTwin.Code, Name = "实习生", DepartmentId = staffTwin.DepartmentId,
            Role = "other", Level = "junior", Active = true,
        };
        co.Staff.Add(dupStaff);
        Add(DirtyKinds.DuplicateKey, "staff", dupStaff.Id, "code", staffTwin.Code, "code is used by another staff member");

        // future dates: a year typed ten years ahead, and a signal dated after the extraction
        var typo = new FeePayment { Id = refund.Id + 1, ContractId = template.Id, PaidOn = template.StartOn.AddYears(10), Amount = 12_500m };
        co.FeePayments.Add(typo);
        Add(DirtyKinds.FutureDate, "fee_payments", typo.Id, "paid_on", typo.PaidOn.ToString("yyyy-MM-dd"), "paid_on is in the future");
        var future = CopyContract(c =>
        {
            c.StartOn = _asOf.AddYears(1).AddDays(10);
            c.MaturityOn = c.StartOn.AddYears(1);
            c.Status = "in_force";
            c.ReleasedOn = null;
        });
        Add(DirtyKinds.FutureDate, "contracts", future.Id, "start_on", future.StartOn.ToString("yyyy-MM-dd"), "start_on is in the future");
    }
}
