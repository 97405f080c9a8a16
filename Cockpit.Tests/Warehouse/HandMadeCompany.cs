using Cockpit.Etl.Demo;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source.Model;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Tests.Warehouse;

/// <summary>
/// A tiny guarantee company written as real source.db and inbox files and loaded by the real ETL, small enough
/// that every KPI can be worked out by hand (see <see cref="KpiHandComputedTests"/>). As-of D = 2026-06-30.
/// <code>
/// contract  customer          product   dept  amount      start       maturity    end (status)
/// K1        C1 small  BBB     LWC loan  BD1   3,000,000   2025-03-15  2026-03-15  2026-03-15 released  (share 20 %)
/// K2        C1                LWC loan  BD1   2,000,000   2026-01-01  2027-01-01  in force, 1,600,000 at D (share 20 %)
/// K3        C2 micro          LWC loan  BD1   1,000,000   2025-06-30  2026-06-30  2026-05-20 compensated 1,020,000
/// K4        C3 farmer         LWC loan  BD2   1,500,000   2026-03-31  2027-03-31  in force, 15 days overdue at D
/// K5        C4 large AA       BOND      BD2  10,000,000   2025-07-01  2028-07-01  in force
/// K6        C4                PERF (非融资) BD2  4,000,000   2026-04-01  2027-04-01  in force
/// K7        C5 medium         LWC loan  BD1   6,000,000   2025-05-10  2026-05-10  2026-05-10 released  (share 20 %)
/// K8        C5                LEASE     BD1   5,000,000   2026-06-30  2028-06-30  in force
/// K9        C2                LWC loan  BD1     800,000   2024-10-01  2025-10-01  2025-10-01 released
/// K10       C3 farmer         LWC loan  BD2     600,000   2026-02-10  2027-02-10  in force, 40 days overdue at D (substandard)
/// K11       C6 small          LWC loan  BD2   2,500,000   2025-09-30  2026-06-30  2026-06-30 released
/// K12       C2                LWC loan  BD1     500,000   2024-06-01  2025-06-01  2025-08-15 compensated 500,000
/// </code>
/// Customers: C1 (I65 software, 专精特新, group G1), C2 (C34), C3 farmer (A01), C4 (C34, group G1), C5 (I65), C6 (C34).
/// </summary>
public class HandMadeCompany : IDisposable
{
    public static readonly DateOnly D = new(2026, 6, 30);
    public static readonly TimeProvider RunTime = new FixedTime(new DateTimeOffset(2026, 7, 10, 1, 0, 0, TimeSpan.Zero));

    public HandMadeCompany() : this(Build())
    {
    }

    /// <summary>
    /// A variant of the company for one test class: <c>Build()</c> with rows added (a subclass passes it), so that the
    /// figures of the shared company, which other tests work out by hand, never move.
    /// </summary>
    protected HandMadeCompany(DemoCompany company)
    {
        Folder = TempFolder.Create("handmade");
        Warehouse = Path.Combine(Folder, "warehouse");
        DemoWriter.Write(Folder, company);
        var log = EtlRunner.Run(new EtlRunRequest(
            new Cockpit.Etl.Source.SourceOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(Folder, "source.db")}" },
            Path.Combine(Folder, "inbox"), Warehouse) { Time = RunTime });
        if (log.Status != RunStatus.Succeeded) throw new InvalidOperationException($"ETL failed at {log.Stage}: {log.Error}");
        if (log.Quarantined > 0) throw new InvalidOperationException("the hand-made company is clean; nothing should be quarantined");
        Log = log;
        Kpis = new KpiService(new WarehouseLayout(Warehouse));
    }

    public string Folder { get; }
    public string Warehouse { get; }
    public RunLog Log { get; }
    public KpiService Kpis { get; }

    public void Dispose()
    {
        Kpis.Dispose();
        TempFolder.Delete(Folder);
        GC.SuppressFinalize(this);
    }

    private static DateOnly Day(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly MonthEnd(DateOnly d) => new DateOnly(d.Year, d.Month, 1).AddMonths(1).AddDays(-1);

    /// <summary>The company as source rows and inbox files, before anything is written.</summary>
    internal static DemoCompany Build()
    {
        var c = new DemoCompany { Options = new DemoOptions(), AsOf = D, HistoryStart = new DateOnly(2024, 1, 1) };
        c.Departments.AddRange([
            new Department { Id = 1, Code = "BD1", Name = "业务一部", Kind = "business" },
            new Department { Id = 2, Code = "BD2", Name = "业务二部", Kind = "business" },
            new Department { Id = 3, Code = "CS", Name = "客户服务部", Kind = "customer_service" },
        ]);
        c.Staff.AddRange([
            new Staff { Id = 1, Code = "M1", Name = "王敏", DepartmentId = 1, Role = "customer_manager", Level = "senior", Active = true },
            new Staff { Id = 2, Code = "M2", Name = "李强", DepartmentId = 2, Role = "customer_manager", Level = "junior", Active = true },
            new Staff { Id = 3, Code = "S3", Name = "张丽", DepartmentId = 3, Role = "other", Level = "middle", Active = true },
            // BD2's second manager (K5 and K11, customer 6) and BD1's second, who only takes part in due diligence
            new Staff { Id = 4, Code = "M4", Name = "赵磊", DepartmentId = 2, Role = "customer_manager", Level = "middle", Active = true },
            new Staff { Id = 5, Code = "M5", Name = "陈静", DepartmentId = 1, Role = "customer_manager", Level = "junior", Active = true },
        ]);
        c.Banks.Add(new Bank { Id = 1, Code = "BK1", Name = "江州银行" });
        c.Products.AddRange([
            new Product { Id = 1, Code = "LWC", Name = "流动资金贷款担保", Category = "loan" },
            new Product { Id = 2, Code = "BOND", Name = "债券发行担保", Category = "bond" },
            new Product { Id = 3, Code = "PERF", Name = "工程履约保函", Category = "non_financing" },
            new Product { Id = 4, Code = "LEASE", Name = "融资租赁担保", Category = "other_financing" },
        ]);
        c.Industries.AddRange([
            new Industry { Code = "C34", Name = "通用设备制造业", Section = "C", StrategicEmerging = false },
            new Industry { Code = "I65", Name = "软件和信息技术服务业", Section = "I", StrategicEmerging = true },
            new Industry { Code = "A01", Name = "农业", Section = "A", StrategicEmerging = false },
        ]);
        c.Regions.AddRange([
            new Region { Code = "369102", Name = "东湖区", Kind = "district" },
            new Region { Code = "369121", Name = "青溪县", Kind = "county" },
        ]);
        c.CustomerGroups.Add(new CustomerGroup { Id = 1, Name = "恒泰集团（关联方）" });
        Customer Cust(int id, string kind, string? size, string industry, string region, string rating, string tier, int? group, bool specialised, int manager) => new()
        {
            Id = id, CreditCode = ChineseIds.CreditCode("91", region, 10_000_000 + id), Name = $"客户{id}", Kind = kind, Size = size,
            IndustryCode = industry, RegionCode = region, // people have no registered capital and no date of establishment: NULL in the source
            RegisteredCapital = kind == "enterprise" ? 1_000_000m : null, EstablishedOn = kind == "enterprise" ? new DateOnly(2010, 1, 1) : null,
            CreditRating = rating, RiskLevel = "medium", Tier = tier, GroupId = group, SpecializedNew = specialised, ManagerId = manager,
            CreatedAt = new DateTime(2024, 1, 2, 9, 0, 0), UpdatedAt = new DateTime(2024, 1, 2, 9, 0, 0),
        };
        c.Customers.AddRange([
            Cust(1, "enterprise", "small", "I65", "369102", "BBB", "core", 1, true, 1),
            Cust(2, "enterprise", "micro", "C34", "369102", "BB", "ordinary", null, false, 1),
            Cust(3, "farmer", null, "A01", "369121", "BBB", "ordinary", null, false, 2),
            Cust(4, "enterprise", "large", "C34", "369121", "AA", "strategic", 1, false, 2),
            Cust(5, "enterprise", "medium", "I65", "369102", "A", "potential", null, false, 1),
            Cust(6, "enterprise", "small", "C34", "369102", "BBB", "ordinary", null, false, 4),
        ]);

        Contract K(int id, int customer, int product, int dept, decimal amount, decimal share, decimal rate, string start, string maturity,
            string status, string? released, int? application = null, int? manager = null) => new()
        {
            Id = id, ContractNo = $"K{id}", ApplicationId = application, CustomerId = customer, ProductId = product,
            BankId = product == 1 ? 1 : null, DepartmentId = dept, ManagerId = manager ?? dept, Amount = amount, BankRiskShare = share,
            FeeRate = rate, CounterGuarantee = "guarantor", StartOn = Day(start), MaturityOn = Day(maturity), Status = status,
            ReleasedOn = released is null ? null : Day(released), UpdatedAt = new DateTime(2026, 6, 30, 18, 0, 0),
        };
        c.Contracts.AddRange([
            K(1, 1, 1, 1, 3_000_000m, 0.2m, 0.015m, "2025-03-15", "2026-03-15", "released", "2026-03-15"),
            K(2, 1, 1, 1, 2_000_000m, 0.2m, 0.012m, "2026-01-01", "2027-01-01", "in_force", null, 1),
            K(3, 2, 1, 1, 1_000_000m, 0m, 0.02m, "2025-06-30", "2026-06-30", "compensated", "2026-05-20"),
            K(4, 3, 1, 2, 1_500_000m, 0m, 0.01m, "2026-03-31", "2027-03-31", "in_force", null, 3),
            K(5, 4, 2, 2, 10_000_000m, 0m, 0.012m, "2025-07-01", "2028-07-01", "in_force", null, manager: 4),
            K(6, 4, 3, 2, 4_000_000m, 0m, 0.01m, "2026-04-01", "2027-04-01", "in_force", null, 4),
            K(7, 5, 1, 1, 6_000_000m, 0.2m, 0.018m, "2025-05-10", "2026-05-10", "released", "2026-05-10"),
            K(8, 5, 4, 1, 5_000_000m, 0m, 0.02m, "2026-06-30", "2028-06-30", "in_force", null, 5),
            K(9, 2, 1, 1, 800_000m, 0m, 0.016m, "2024-10-01", "2025-10-01", "released", "2025-10-01"),
            K(10, 3, 1, 2, 600_000m, 0m, 0.01m, "2026-02-10", "2027-02-10", "in_force", null, 2),
            K(11, 6, 1, 2, 2_500_000m, 0m, 0.015m, "2025-09-30", "2026-06-30", "released", "2026-06-30", manager: 4),
            K(12, 2, 1, 1, 500_000m, 0m, 0.015m, "2024-06-01", "2025-06-01", "compensated", "2025-08-15"),
        ]);

        // A snapshot every month end of each contract's life, up to D; bullet balances except K2, which pays
        // down to 1,600,000 in June. Overdue: K3 before its compensation, K12 before its compensation, K10 and K4.
        var overdue = new Dictionary<(int, string), (int Days, string Class)>
        {
            [(3, "2026-03-31")] = (20, "special_mention"), [(3, "2026-04-30")] = (50, "substandard"),
            [(12, "2025-06-30")] = (29, "special_mention"), [(12, "2025-07-31")] = (60, "substandard"),
            [(10, "2026-05-31")] = (9, "special_mention"), [(10, "2026-06-30")] = (40, "substandard"),
            [(4, "2026-06-30")] = (15, "special_mention"),
        };
        foreach (var k in c.Contracts)
        {
            for (var m = MonthEnd(k.StartOn); m <= D && (k.ReleasedOn is null || m < k.ReleasedOn); m = MonthEnd(m.AddDays(1)))
            {
                var (days, cls) = overdue.GetValueOrDefault((k.Id, m.ToString("yyyy-MM-dd")), (0, "normal"));
                var outstanding = k.Id == 2 && m == D ? 1_600_000m : k.Amount;
                c.BalanceSnapshots.Add(new BalanceSnapshot { ContractId = k.Id, AsOf = m, Outstanding = outstanding, OverdueDays = days, FiveLevelClass = cls });
            }
        }

        c.FeePayments.AddRange([
            new FeePayment { Id = 1, ContractId = 2, PaidOn = Day("2026-01-05"), Amount = 24_000m },
            new FeePayment { Id = 2, ContractId = 4, PaidOn = Day("2026-04-02"), Amount = 15_000m },
            new FeePayment { Id = 3, ContractId = 6, PaidOn = Day("2026-04-03"), Amount = 40_000m },
            new FeePayment { Id = 4, ContractId = 8, PaidOn = Day("2026-06-30"), Amount = 100_000m },
            new FeePayment { Id = 5, ContractId = 5, PaidOn = Day("2025-07-01"), Amount = 120_000m },
            new FeePayment { Id = 6, ContractId = 10, PaidOn = Day("2026-02-12"), Amount = 6_000m },
        ]);
        c.Compensations.AddRange([
            new Compensation { Id = 1, ContractId = 12, PaidOn = Day("2025-08-15"), Amount = 500_000m },
            new Compensation { Id = 2, ContractId = 3, PaidOn = Day("2026-05-20"), Amount = 1_020_000m },
        ]);
        c.Recoveries.AddRange([
            new Recovery { Id = 1, CompensationId = 1, ReceivedOn = Day("2025-11-10"), Amount = 100_000m, Method = "negotiation" },
            new Recovery { Id = 2, CompensationId = 1, ReceivedOn = Day("2026-02-15"), Amount = 150_000m, Method = "litigation" },
            new Recovery { Id = 3, CompensationId = 2, ReceivedOn = Day("2026-06-25"), Amount = 120_000m, Method = "collateral" },
        ]);
        c.WriteOffs.Add(new WriteOff { Id = 1, CompensationId = 1, WrittenOffOn = Day("2026-04-20"), Amount = 50_000m });

        // due diligence 3 days after receipt, review 5 days later; A manager = the department's first manager
        Application A(int id, int customer, int product, int dept, string received, string? decision, string? decided,
            int? managerB, string channel = "bank_referral", bool stuckAtDueDiligence = false) => new()
        {
            Id = id, CustomerId = customer, ProductId = product, DepartmentId = dept, Channel = channel,
            RequestedAmount = 1_000_000m, ManagerAId = dept, ManagerBId = managerB, ReceivedOn = Day(received),
            DueDiligenceOn = decision is "withdrawn" ? null : Day(received).AddDays(3),
            ReviewOn = decision is "withdrawn" || stuckAtDueDiligence ? null : Day(received).AddDays(8),
            Decision = decision, DecidedOn = decided is null ? null : Day(decided), UpdatedAt = new DateTime(2026, 6, 1, 9, 0, 0),
        };
        c.Applications.AddRange([
            A(1, 1, 1, 1, "2025-12-01", "approved", "2025-12-20", managerB: 5),
            A(2, 3, 1, 2, "2026-01-10", "approved", "2026-02-05", managerB: 4),
            A(3, 3, 1, 2, "2026-03-01", "approved", "2026-03-21", managerB: 2), // the A manager named as B too: an exception
            A(4, 4, 3, 2, "2026-03-01", "approved", "2026-03-25", managerB: 4, channel: "government"),
            A(5, 5, 4, 1, "2026-05-20", "approved", "2026-06-15", managerB: null), // no B manager: an exception
            A(6, 6, 1, 2, "2026-03-20", "rejected", "2026-04-10", managerB: 4, channel: "government"),
            A(7, 2, 1, 1, "2026-01-20", "withdrawn", "2026-02-01", managerB: null),
            // due diligence on 4 May and nothing since: 57 days at that stage at D
            A(8, 6, 1, 2, "2026-05-01", null, null, managerB: 4, stuckAtDueDiligence: true),
        ]);
        c.RiskSignals.AddRange([
            new RiskSignal { Id = 1, CustomerId = 2, DetectedOn = Day("2026-03-01"), Kind = "litigation", Severity = "red", Status = "closed", ClosedOn = Day("2026-07-05") },
            new RiskSignal { Id = 2, CustomerId = 3, DetectedOn = Day("2026-06-10"), Kind = "overdue", Severity = "orange", Status = "open" },
            new RiskSignal { Id = 3, CustomerId = 4, DetectedOn = Day("2026-01-15"), Kind = "public_opinion", Severity = "yellow", Status = "closed", ClosedOn = Day("2026-02-20") },
        ]);

        string Code(int customer) => c.Customers[customer - 1].CreditCode;
        string[] SurveyHeader = ["response_id", "credit_code", "surveyed_on", "channel", "nps_score", "csat", "comment"];
        c.InboxFiles.Add(new InboxFile("surveys_2025-12-31.csv", InboxFormat.CsvUtf8Bom, [
            SurveyHeader,
            new object?[] { "R0", Code(2), "2025-12-20", "phone", "10", "5", "" },
        ]));
        c.InboxFiles.Add(new InboxFile("surveys_2026-06-30.csv", InboxFormat.CsvGb18030, [
            SurveyHeader,
            new object?[] { "R1", Code(1), "2026-01-10", "phone", "10", "5", "很满意" },
            new object?[] { "R2", Code(1), "2026-02-10", "wechat", "9", "4", "" },
            new object?[] { "R3", Code(3), "2026-03-10", "phone", "7", "3", "" },
            new object?[] { "R4", Code(4), "2026-04-10", "onsite", "3", "2", "审批太慢" },
            new object?[] { "R5", Code(5), "2026-05-10", "phone", "8", "", "" },
            new object?[] { "R6", Code(6), "2026-06-10", "sms", "6", "4", "" },
            new object?[] { "R7", Code(5), "2026-06-20", "phone", "2", "1", "录入错误" },
        ]));
        // R7 was keyed in wrongly and re-sent: the later file wins
        c.InboxFiles.Add(new InboxFile("surveys_2026-06-30_corrections.csv", InboxFormat.CsvUtf8, [
            SurveyHeader,
            new object?[] { "R7", Code(5), "2026-06-20", "phone", "9", "5", "更正" },
        ]));
        c.InboxFiles.Add(new InboxFile("complaints_2026-06-30.csv", InboxFormat.CsvUtf8Bom, [
            new object?[] { "complaint_id", "credit_code", "received_at", "responded_at", "resolved_at", "category", "department_code" },
            new object?[] { "P1", Code(1), "2026-02-01 09:00", "2026-02-01 11:00", "2026-02-03 10:00", "收费问题", "BD1" },
            new object?[] { "P2", Code(3), "2026-03-05 10:00", "2026-03-06 12:00", "2026-03-07 10:00", "办理时效", "BD2" },
            new object?[] { "P3", Code(4), "2026-04-01 08:00", "2026-04-01 09:30", "2026-04-15 08:00", "流程手续", "BD2" },
            new object?[] { "P4", Code(5), "2026-06-10 14:00", "2026-06-10 15:00", "", "服务态度", "BD1" },
            new object?[] { "P5", Code(6), "2026-06-28 10:00", "2026-06-28 10:30", "", "其他", "CS" },
        ]));
        c.InboxFiles.Add(new InboxFile("targets_2026-01-01.xlsx", InboxFormat.Xlsx, [
            new object?[] { "year", "quarter", "department_code", "kpi_code", "target" },
            new object?[] { 2026, 2, "BD1", "new_amount", 8_000_000m },
            new object?[] { 2026, null, "ALL", "new_amount", 25_000_000m },
            new object?[] { 2026, null, "BD2", "fee_income", 130_000m },
            new object?[] { 2026, null, "ALL", "compensation_rate", 0.05m },
            new object?[] { 2026, null, "BD1", "compensation_rate", 0.10m },
            new object?[] { 2026, null, "ALL", "nps", 10m },
        ]));
        c.InboxFiles.Add(new InboxFile("finance_2026.xlsx", InboxFormat.Xlsx, [
            new object?[] { "month", "net_assets", "revenue", "net_profit", "reserves" },
            new object?[] { "2026-05", 98_000_000m, 1_000_000m, 300_000m, 2_900_000m },
            new object?[] { "2026-06", 100_000_000m, 1_200_000m, 400_000m, 3_000_000m },
        ]));
        return c;
    }
}
