using Cockpit.Etl.Source;
using Cockpit.Etl.Source.Model;

namespace Cockpit.Etl.Pipeline;

/// <summary>
/// Streams every core-system table through the EF model (read-only, no tracking, one row at a time), checks the
/// rules of SOURCES.md, appends good rows to <c>raw_&lt;table&gt;</c> and quarantines the rest. Parents load
/// before children, so a child whose parent was refused is refused as an orphan.
/// </summary>
internal static class CoreSystemLoader
{
    private static readonly string[] DepartmentKinds = ["business", "risk", "asset_preservation", "customer_service", "other"];
    private static readonly string[] StaffRoles = ["customer_manager", "risk_manager", "other"];
    private static readonly string[] StaffLevels = ["senior", "middle", "junior"];
    private static readonly string[] ProductCategories = ["loan", "bond", "other_financing", "non_financing"];
    private static readonly string[] RegionKinds = ["district", "county"];
    private static readonly string[] CustomerKinds = ["enterprise", "individual", "farmer"];
    private static readonly string[] Sizes = ["large", "medium", "small", "micro"];
    private static readonly string[] Ratings = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"];
    private static readonly string[] RiskLevels = ["low", "medium", "high"];
    private static readonly string[] Tiers = ["strategic", "core", "potential", "ordinary"];
    private static readonly string[] Channels = ["bank_referral", "government", "park", "self", "customer_referral"];
    private static readonly string[] Decisions = ["approved", "rejected", "withdrawn"];
    private static readonly string[] CounterGuarantees = ["mortgage", "pledge", "guarantor", "credit"];
    private static readonly string[] ContractStatuses = ["in_force", "released", "compensated"];
    private static readonly string[] FiveLevelClasses = ["normal", "special_mention", "substandard", "doubtful", "loss"];
    private static readonly string[] RecoveryMethods = ["negotiation", "litigation", "collateral", "transfer"];
    private static readonly string[] SignalKinds = ["litigation", "registration_change", "public_opinion", "financial_deterioration", "overdue", "credit_report"];
    private static readonly string[] Severities = ["red", "orange", "yellow"];
    private static readonly string[] SignalStatuses = ["open", "handling", "closed"];

    /// <summary>The tables in load order, for progress and for the tests.</summary>
    public static readonly string[] Tables =
    [
        "departments", "staff", "banks", "products", "industries", "regions", "customer_groups", "customers",
        "applications", "contracts", "balance_snapshots", "fee_payments", "compensations", "recoveries", "write_offs",
        "risk_signals",
    ];

    public static void Load(CoreSystemContext db, LoadContext ctx, CancellationToken ct)
    {
        var step = 0.45 / Tables.Length;
        void Next() => ctx.Fraction += step;

        Table<Department>(ctx, db, "departments", x => x.Id.ToString(), Seen(out _), (x, q, s) =>
                q.Enum("kind", x.Kind, DepartmentKinds) ?? q.Unique("code", x.Code, s),
            x => { ctx.Departments.Add(x.Id); ctx.DepartmentByCode[x.Code] = x.Id; },
            [("id", x => x.Id), ("code", x => x.Code), ("name", x => x.Name), ("kind", x => x.Kind)], ct, compact: x => x.Id);
        Next();
        Table<Staff>(ctx, db, "staff", x => x.Id.ToString(), Seen(out _), (x, q, s) =>
                q.Orphan("department_id", x.DepartmentId, ctx.Departments.Contains(x.DepartmentId), "部门", "department")
                ?? q.Enum("role", x.Role, StaffRoles) ?? q.Enum("level", x.Level, StaffLevels) ?? q.Unique("code", x.Code, s),
            x => ctx.Staff.Add(x.Id),
            [("id", x => x.Id), ("code", x => x.Code), ("name", x => x.Name), ("department_id", x => x.DepartmentId),
             ("role", x => x.Role), ("level", x => x.Level), ("active", x => x.Active)], ct, compact: x => x.Id);
        Next();
        Table<Bank>(ctx, db, "banks", x => x.Id.ToString(), Seen(out _), (x, q, s) => q.Unique("code", x.Code, s),
            x => ctx.Banks.Add(x.Id),
            [("id", x => x.Id), ("code", x => x.Code), ("name", x => x.Name)], ct, compact: x => x.Id);
        Next();
        Table<Product>(ctx, db, "products", x => x.Id.ToString(), Seen(out _), (x, q, s) =>
                q.Enum("category", x.Category, ProductCategories) ?? q.Unique("code", x.Code, s),
            x => ctx.Products.Add(x.Id),
            [("id", x => x.Id), ("code", x => x.Code), ("name", x => x.Name), ("category", x => x.Category)], ct, compact: x => x.Id);
        Next();
        Table<Industry>(ctx, db, "industries", x => x.Code, Seen(out _), (x, q, s) => q.Unique("code", x.Code, s),
            x => ctx.Industries.Add(x.Code),
            [("code", x => x.Code), ("name", x => x.Name), ("section", x => x.Section), ("strategic_emerging", x => x.StrategicEmerging)], ct);
        Next();
        Table<Region>(ctx, db, "regions", x => x.Code, Seen(out _), (x, q, s) =>
                q.Enum("kind", x.Kind, RegionKinds) ?? q.Unique("code", x.Code, s),
            x => ctx.Regions.Add(x.Code),
            [("code", x => x.Code), ("name", x => x.Name), ("kind", x => x.Kind)], ct);
        Next();
        Table<CustomerGroup>(ctx, db, "customer_groups", x => x.Id.ToString(), Seen(out _), (_, _, _) => null,
            x => ctx.Groups.Add(x.Id),
            [("id", x => x.Id), ("name", x => x.Name)], ct, compact: x => x.Id);
        Next();
        Table<Customer>(ctx, db, "customers", x => x.Id.ToString(), Seen(out _), (x, q, s) =>
                (x.CreditCode.Length == 18 ? null : q.Bad("credit_code", x.CreditCode, "统一社会信用代码应为18位", "a credit code has 18 characters"))
                ?? q.Enum("kind", x.Kind, CustomerKinds)
                ?? q.Enum("size", x.Size, Sizes, nullable: x.Kind != "enterprise")
                ?? q.Orphan("industry_code", x.IndustryCode, ctx.Industries.Contains(x.IndustryCode), "行业", "industry")
                ?? q.Orphan("region_code", x.RegionCode, ctx.Regions.Contains(x.RegionCode), "区县", "region")
                ?? q.Enum("credit_rating", x.CreditRating, Ratings)
                ?? q.Enum("risk_level", x.RiskLevel, RiskLevels)
                ?? q.Enum("tier", x.Tier, Tiers)
                ?? (x.GroupId is { } g ? q.Orphan("group_id", g, ctx.Groups.Contains(g), "关联方集团", "customer group") : null)
                ?? q.Orphan("manager_id", x.ManagerId, ctx.Staff.Contains(x.ManagerId), "员工", "staff member")
                ?? q.Unique("credit_code", x.CreditCode, s),
            x => { ctx.Customers.Add(x.Id); ctx.CustomerByCreditCode[x.CreditCode] = x.Id; },
            [("id", x => x.Id), ("credit_code", x => x.CreditCode), ("name", x => x.Name), ("kind", x => x.Kind),
             ("size", x => x.Size), ("industry_code", x => x.IndustryCode), ("region_code", x => x.RegionCode),
             ("registered_capital", x => x.RegisteredCapital), ("established_on", x => x.EstablishedOn),
             ("credit_rating", x => x.CreditRating), ("risk_level", x => x.RiskLevel), ("tier", x => x.Tier),
             ("group_id", x => x.GroupId), ("specialized_new", x => x.SpecializedNew), ("manager_id", x => x.ManagerId),
             ("created_at", x => x.CreatedAt), ("updated_at", x => x.UpdatedAt)], ct, compact: x => x.Id);
        Next();
        Table<Application>(ctx, db, "applications", x => x.Id.ToString(), Seen(out _), (x, q, _) =>
                q.Orphan("customer_id", x.CustomerId, ctx.Customers.Contains(x.CustomerId), "客户", "customer")
                ?? q.Orphan("product_id", x.ProductId, ctx.Products.Contains(x.ProductId), "担保产品", "product")
                ?? q.Orphan("department_id", x.DepartmentId, ctx.Departments.Contains(x.DepartmentId), "部门", "department")
                ?? q.Orphan("manager_a_id", x.ManagerAId, ctx.Staff.Contains(x.ManagerAId), "员工", "staff member")
                ?? (x.ManagerBId is { } b ? q.Orphan("manager_b_id", b, ctx.Staff.Contains(b), "员工", "staff member") : null)
                ?? q.Enum("channel", x.Channel, Channels)
                ?? q.Enum("decision", x.Decision, Decisions, nullable: true)
                ?? q.Positive("requested_amount", x.RequestedAmount)
                ?? q.NotBefore("due_diligence_on", x.DueDiligenceOn, "received_on", x.ReceivedOn)
                ?? q.NotBefore("review_on", x.ReviewOn, "received_on", x.ReceivedOn)
                ?? q.NotBefore("decided_on", x.DecidedOn, "received_on", x.ReceivedOn)
                ?? q.NotFuture("received_on", x.ReceivedOn, ctx.Today)
                ?? q.NotFuture("decided_on", x.DecidedOn, ctx.Today),
            x => ctx.Applications.Add(x.Id),
            [("id", x => x.Id), ("customer_id", x => x.CustomerId), ("product_id", x => x.ProductId),
             ("department_id", x => x.DepartmentId), ("channel", x => x.Channel), ("requested_amount", x => x.RequestedAmount),
             ("manager_a_id", x => x.ManagerAId), ("manager_b_id", x => x.ManagerBId), ("received_on", x => x.ReceivedOn),
             ("due_diligence_on", x => x.DueDiligenceOn), ("review_on", x => x.ReviewOn), ("decision", x => x.Decision),
             ("decided_on", x => x.DecidedOn), ("updated_at", x => x.UpdatedAt)], ct, compact: x => x.Id);
        Next();
        Table<Contract>(ctx, db, "contracts", x => x.Id.ToString(), Seen(out _), (x, q, s) =>
                q.Orphan("customer_id", x.CustomerId, ctx.Customers.Contains(x.CustomerId), "客户", "customer")
                ?? q.Orphan("product_id", x.ProductId, ctx.Products.Contains(x.ProductId), "担保产品", "product")
                ?? (x.BankId is { } bank ? q.Orphan("bank_id", bank, ctx.Banks.Contains(bank), "合作银行", "bank") : null)
                ?? q.Orphan("department_id", x.DepartmentId, ctx.Departments.Contains(x.DepartmentId), "部门", "department")
                ?? q.Orphan("manager_id", x.ManagerId, ctx.Staff.Contains(x.ManagerId), "员工", "staff member")
                ?? (x.ApplicationId is { } app ? q.Orphan("application_id", app, ctx.Applications.Contains(app), "业务申请", "application") : null)
                ?? q.Positive("amount", x.Amount)
                ?? q.Range("bank_risk_share", x.BankRiskShare, 0m, 0.5m)
                ?? q.Range("fee_rate", x.FeeRate, 0m, 0.2m)
                ?? q.Enum("counter_guarantee", x.CounterGuarantee, CounterGuarantees)
                ?? q.Enum("status", x.Status, ContractStatuses)
                ?? q.NotBefore("maturity_on", x.MaturityOn, "start_on", x.StartOn)
                ?? q.NotFuture("start_on", x.StartOn, ctx.Today)
                ?? (x.Status != "in_force" && x.ReleasedOn is null
                    ? q.Bad("released_on", null, "状态为已解保/已代偿时必须有解保日", "a released or compensated contract needs released_on") : null)
                ?? q.NotBefore("released_on", x.ReleasedOn, "start_on", x.StartOn)
                ?? q.NotFuture("released_on", x.ReleasedOn, ctx.Today)
                ?? q.Unique("contract_no", x.ContractNo, s),
            x => ctx.Contracts[x.Id] = (x.StartOn, x.Status == "in_force" ? null : x.ReleasedOn),
            [("id", x => x.Id), ("contract_no", x => x.ContractNo), ("application_id", x => x.ApplicationId),
             ("customer_id", x => x.CustomerId), ("product_id", x => x.ProductId), ("bank_id", x => x.BankId),
             ("department_id", x => x.DepartmentId), ("manager_id", x => x.ManagerId), ("amount", x => x.Amount),
             ("bank_risk_share", x => x.BankRiskShare), ("fee_rate", x => x.FeeRate), ("counter_guarantee", x => x.CounterGuarantee),
             ("start_on", x => x.StartOn), ("maturity_on", x => x.MaturityOn), ("status", x => x.Status),
             ("released_on", x => x.ReleasedOn), ("updated_at", x => x.UpdatedAt)], ct, compact: x => x.Id);
        Next();
        Table<BalanceSnapshot>(ctx, db, "balance_snapshots",
            x => $"{x.ContractId}|{x.AsOf:yyyy-MM-dd}", Seen(out _), (x, q, _) =>
                ctx.Contracts.TryGetValue(x.ContractId, out var life)
                    ? q.NotFuture("as_of", x.AsOf, ctx.Today)
                      ?? (x.AsOf < life.Start ? q.SnapshotBeforeStart(x.AsOf, life.Start) : null)
                      ?? (life.Released is { } end && x.AsOf >= end ? q.SnapshotAfterEnd(x.AsOf, end) : null)
                      ?? (x.Outstanding < 0 ? q.Bad("outstanding", x.Outstanding, "余额不能为负", "must not be negative") : null)
                      ?? (x.OverdueDays < 0 ? q.Bad("overdue_days", x.OverdueDays, "逾期天数不能为负", "must not be negative") : null)
                      ?? q.Enum("five_level_class", x.FiveLevelClass, FiveLevelClasses)
                    : q.Orphan("contract_id", x.ContractId, false, "担保合同", "contract"),
            _ => { },
            [("contract_id", x => x.ContractId), ("as_of", x => x.AsOf), ("outstanding", x => x.Outstanding),
             ("overdue_days", x => x.OverdueDays), ("five_level_class", x => x.FiveLevelClass)], ct, compact: x => ((long)x.ContractId << 22) | (uint)x.AsOf.DayNumber);
        Next();
        Table<FeePayment>(ctx, db, "fee_payments", x => x.Id.ToString(), Seen(out _), (x, q, _) =>
                q.Orphan("contract_id", x.ContractId, ctx.Contracts.ContainsKey(x.ContractId), "担保合同", "contract")
                ?? q.Positive("amount", x.Amount) ?? q.NotFuture("paid_on", x.PaidOn, ctx.Today),
            _ => { },
            [("id", x => x.Id), ("contract_id", x => x.ContractId), ("paid_on", x => x.PaidOn), ("amount", x => x.Amount)], ct, compact: x => x.Id);
        Next();
        Table<Compensation>(ctx, db, "compensations", x => x.Id.ToString(), Seen(out _), (x, q, _) =>
                q.Orphan("contract_id", x.ContractId, ctx.Contracts.ContainsKey(x.ContractId), "担保合同", "contract")
                ?? q.Positive("amount", x.Amount) ?? q.NotFuture("paid_on", x.PaidOn, ctx.Today),
            x => ctx.Compensations.Add(x.Id),
            [("id", x => x.Id), ("contract_id", x => x.ContractId), ("paid_on", x => x.PaidOn), ("amount", x => x.Amount)], ct, compact: x => x.Id);
        Next();
        Table<Recovery>(ctx, db, "recoveries", x => x.Id.ToString(), Seen(out _), (x, q, _) =>
                q.Orphan("compensation_id", x.CompensationId, ctx.Compensations.Contains(x.CompensationId), "代偿", "compensation")
                ?? q.Positive("amount", x.Amount) ?? q.Enum("method", x.Method, RecoveryMethods)
                ?? q.NotFuture("received_on", x.ReceivedOn, ctx.Today),
            _ => { },
            [("id", x => x.Id), ("compensation_id", x => x.CompensationId), ("received_on", x => x.ReceivedOn),
             ("amount", x => x.Amount), ("method", x => x.Method)], ct, compact: x => x.Id);
        Next();
        Table<WriteOff>(ctx, db, "write_offs", x => x.Id.ToString(), Seen(out _), (x, q, _) =>
                q.Orphan("compensation_id", x.CompensationId, ctx.Compensations.Contains(x.CompensationId), "代偿", "compensation")
                ?? q.Positive("amount", x.Amount) ?? q.NotFuture("written_off_on", x.WrittenOffOn, ctx.Today),
            _ => { },
            [("id", x => x.Id), ("compensation_id", x => x.CompensationId), ("written_off_on", x => x.WrittenOffOn),
             ("amount", x => x.Amount)], ct, compact: x => x.Id);
        Next();
        Table<RiskSignal>(ctx, db, "risk_signals", x => x.Id.ToString(), Seen(out _), (x, q, _) =>
                q.Orphan("customer_id", x.CustomerId, ctx.Customers.Contains(x.CustomerId), "客户", "customer")
                ?? q.Enum("kind", x.Kind, SignalKinds) ?? q.Enum("severity", x.Severity, Severities)
                ?? q.Enum("status", x.Status, SignalStatuses)
                ?? q.NotFuture("detected_on", x.DetectedOn, ctx.Today)
                ?? q.NotBefore("closed_on", x.ClosedOn, "detected_on", x.DetectedOn),
            _ => { },
            [("id", x => x.Id), ("customer_id", x => x.CustomerId), ("detected_on", x => x.DetectedOn), ("kind", x => x.Kind),
             ("severity", x => x.Severity), ("status", x => x.Status), ("closed_on", x => x.ClosedOn)], ct, compact: x => x.Id);
        Next();
    }

    private static Dictionary<string, string> Seen(out Dictionary<string, string> seen) => seen = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads one table row by row as stored, converts each column by <see cref="ValueRules"/>, refuses a repeated
    /// primary key (the first row wins), validates, then appends to raw_&lt;table&gt; or quarantines.
    /// </summary>
    private static void Table<T>(
        LoadContext ctx, CoreSystemContext db, string table, Func<T, string> key, Dictionary<string, string> seen,
        Func<T, Quarantine, Dictionary<string, string>, QuarantineEntry?> validate, Action<T> loaded,
        (string Name, Func<T, object?> Get)[] columns, CancellationToken ct, Func<T, long>? compact = null) where T : class, new()
    {
        // the primary keys seen so far, as numbers where the key is one (an id; a contract and a month end packed in
        // 64 bits): 10.8 million snapshot keys as strings held about a gigabyte at a million contracts
        var compactKeys = compact is null ? null : new HashSet<long>();
        var raw = "raw_" + table;
        DuckDbAppend.CheckColumns(ctx.Build, raw, [.. columns.Select(c => c.Name), "etl_run_id", "source_ref"]);
        var source = SourceTable<T>.For(db);
        var q = new Quarantine(table);
        var primaryKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        long read = 0, loadedRows = 0, quarantined = 0;
        ctx.Report(table, 0, $"读取 reading {table}");
        try
        {
            using (var appender = ctx.Build.CreateAppender(raw))
            {
                foreach (var (row, refused) in source.Read(db, q, () => read + 1))
                {
                    read++;
                    var issue = refused;
                    if (issue is null)
                    {
                        q.Row = key(row!);
                        issue = (compactKeys is null
                                    ? q.Unique(source.KeyColumns, q.Row, primaryKeys, primary: true)
                                    : compactKeys.Add(compact!(row!)) ? null : q.DuplicatePrimaryKey(source.KeyColumns, q.Row))
                                ?? validate(row!, q, seen);
                    }
                    if (issue is not null)
                    {
                        ctx.Quarantined.Add(issue);
                        quarantined++;
                        continue;
                    }
                    var appended = appender.CreateRow();
                    foreach (var (_, get) in columns) appended = appended.Value(get(row!));
                    appended.Value(ctx.RunId).Value($"{table}#{q.Row}").EndRow();
                    loaded(row!);
                    loadedRows++;
                    if (read % 50_000 == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        ctx.Report(table, read, $"读取 reading {table}: {read:N0}");
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // not a value (those are quarantined) but the table itself: name it and the row it got to
            var where = read == 0 ? "读取第一行之前 before the first row" : $"第 {read} 行（{q.Row}）row {read} ({q.Row})";
            throw new InvalidOperationException($"业务核心系统表 {table} 加载失败，{where} loading core-system table {table} failed: {e.Message}", e);
        }
        ctx.Counts.Add((new SourceCount(table, read, loadedRows, quarantined), "table", null));
        ctx.Report(table, read, $"{table}: {loadedRows:N0} loaded, {quarantined:N0} quarantined");
    }
}
