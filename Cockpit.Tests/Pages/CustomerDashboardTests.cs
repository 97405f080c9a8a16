using Cockpit.Etl.Demo;
using Cockpit.Etl.Source.Model;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Tests.Pages;

/// <summary>
/// The hand-made company (header of <see cref="HandMadeCompany"/>) with enough survey responses for NPS to mean
/// something in a quarter, untrusted text, one more complaint and a contract just outside the renewal window. Added:
/// <code>
/// surveys (customer C4 客户4: strategic, BD2, manager M2 李强; channel wechat; no CSAT)
///   G4-01…G4-40  2025-11-15  19 × 10, 11 × 8, 10 × 5      (with R0: Q4 2025 = 20 P, 11 Pa, 10 D, n 41)
///   G1-01…G1-40  2026-02-15  20 × 10, 10 × 8, 10 × 5      (with R1–R3: Q1 2026 = 22 P, 11 Pa, 10 D, n 43)
///   G2-01…G2-40  2026-05-15   2 × 10,  8 × 8, 30 × 2      (with R4–R7: Q2 2026 = 3 P, 9 Pa, 32 D, n 44)
///   comments: G2-01 =HYPERLINK("http://x"), G2-02 &lt;script&gt;alert(1)&lt;/script&gt;, G2-03 2,000 characters
/// complaint P6  C4 about BD2, received 2026-06-29 09:00, answered 10:00, unresolved, category =HYPERLINK("http://x")
/// contract  K13 C6, BD2, LWC, 1,000,000, 2026-03-31 → 2027-03-31, in force (manager M4): 91 days before K11's
///           maturity (2026-06-30), one day outside the renewal window, so C6 still churns
/// </code>
/// </summary>
public sealed class CustomerDashboardCompany() : HandMadeCompany(Extend(Build()))
{
    public const string Formula = "=HYPERLINK(\"http://x\")";

    public const string Script = "<script>alert(1)</script>";

    /// <summary>2,000 characters with commas and a line break (the CSV quotes them).</summary>
    public static readonly string LongComment = string.Concat(Enumerable.Repeat("意见,太长", 399)) + "\n结束了。";

    public static string Code(int customer) => Build().Customers.Single(c => c.Id == customer).CreditCode;

    private static DemoCompany Extend(DemoCompany c)
    {
        var c4 = c.Customers[3].CreditCode;
        var rows = new List<IReadOnlyList<object?>> { new object?[] { "response_id", "credit_code", "surveyed_on", "channel", "nps_score", "csat", "comment" } };
        void Responses(string prefix, string day, int promoters, int passives, int detractors, int detractorScore)
        {
            var scores = Enumerable.Repeat(10, promoters).Concat(Enumerable.Repeat(8, passives)).Concat(Enumerable.Repeat(detractorScore, detractors)).ToList();
            for (var i = 0; i < scores.Count; i++)
            {
                var id = $"{prefix}-{i + 1:00}";
                var comment = id switch { "G2-01" => Formula, "G2-02" => Script, "G2-03" => LongComment, _ => "" };
                rows.Add(new object?[] { id, c4, day, "wechat", scores[i].ToString(System.Globalization.CultureInfo.InvariantCulture), "", comment });
            }
        }
        Responses("G4", "2025-11-15", 19, 11, 10, 5);
        Responses("G1", "2026-02-15", 20, 10, 10, 5);
        Responses("G2", "2026-05-15", 2, 8, 30, 2);
        c.InboxFiles.Add(new InboxFile("surveys_2026-06-30_more.csv", InboxFormat.CsvUtf8, rows));
        c.InboxFiles.Add(new InboxFile("complaints_2026-06-30_more.csv", InboxFormat.CsvUtf8Bom, [
            new object?[] { "complaint_id", "credit_code", "received_at", "responded_at", "resolved_at", "category", "department_code" },
            new object?[] { "P6", c4, "2026-06-29 09:00", "2026-06-29 10:00", "", Formula, "BD2" },
        ]));
        c.Contracts.Add(new Contract
        {
            Id = 13, ContractNo = "K13", CustomerId = 6, ProductId = 1, BankId = 1, DepartmentId = 2, ManagerId = 4, Amount = 1_000_000m,
            BankRiskShare = 0m, FeeRate = 0.015m, CounterGuarantee = "guarantor", StartOn = new DateOnly(2026, 3, 31),
            MaturityOn = new DateOnly(2027, 3, 31), Status = "in_force", UpdatedAt = new DateTime(2026, 6, 30, 18, 0, 0),
        });
        foreach (var m in new[] { new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 30) })
        {
            c.BalanceSnapshots.Add(new BalanceSnapshot { ContractId = 13, AsOf = m, Outstanding = 1_000_000m, OverdueDays = 0, FiveLevelClass = "normal" });
        }
        return c;
    }
}

/// <summary>
/// 客户驾驶舱's data on <see cref="CustomerDashboardCompany"/>, D = 2026-06-30, with the answers worked out by hand.
/// Responses by quarter (P promoter 9–10, Pa passive 7–8, D detractor 0–6; R7 counts as its correction, 9):
/// Q4 2025 R0 P (C2) + G4; Q1 2026 R1 P, R2 P (C1), R3 Pa (C3) + G1; Q2 2026 R4 D (C4), R5 Pa (C5), R6 D (C6),
/// R7 P (C5) + G2.
/// </summary>
public sealed class CustomerDashboardTests(CustomerDashboardCompany company) : IClassFixture<CustomerDashboardCompany>
{
    private static readonly DateOnly D = HandMadeCompany.D;

    private static readonly DataAccess Service = DataAccess.CompanyWide("service");

    private static readonly DataAccess Bd1 = DataAccess.DepartmentHead("bd1", "BD1");

    private static readonly DataAccess Bd2 = DataAccess.DepartmentHead("bd2", "BD2");

    private async Task<CustomerModel> LoadAsync(
        DataAccess? access = null, DateOnly? asOf = null, KpiPeriod period = KpiPeriod.Ytd, string? tier = null, CustomerOptions? options = null)
    {
        var state = new FilterState(asOf ?? D, period, Tier: tier);
        var who = access ?? Service;
        using var data = ScopedData.Open(company.Kpis, who, state, companyTotals: false);
        return await CustomerDashboard.LoadAsync(data, new PageRequest(state, who), options ?? CustomerOptions.Default);
    }

    private static void Near(decimal expected, decimal? actual, decimal tolerance = 0.0001m) =>
        Assert.True(actual is { } a && Math.Abs(a - expected) <= tolerance, $"expected {expected}, got {actual}");

    /// <summary>The 95 % margin of one NPS, 1.96 × √(var ÷ n) × 100, var = p₊ + p₋ − (p₊ − p₋)².</summary>
    private static decimal Margin(double promoters, double detractors, double n)
    {
        var (plus, minus) = (promoters / n, detractors / n);
        return (decimal)(1.96 * Math.Sqrt((plus + minus - (plus - minus) * (plus - minus)) / n) * 100);
    }

    [Fact]
    public async Task TheMonthWithTheReplacedResponseCountsItsCorrectionAndIsUnreliable()
    {
        var m = await LoadAsync(period: KpiPeriod.Month);
        // June: R6 6 (detractor) and R7, corrected from 2 to 9 (promoter): (1 − 1) ÷ 2 = 0; with the first R7 it would be −100
        var june = m.Nps.Current;
        Assert.Equal((2L, 1L, 0L, 1L), (june.Responses, june.Promoters, june.Passives, june.Detractors));
        Assert.Equal(0m, june.Value);
        // p₊ = p₋ = ½: var = 1, margin 1.96 × √(1/2) × 100 = 138.59
        Near(138.5929m, june.Margin);
        Assert.True(june.Unreliable);
        // the trend's last month is the same month, the one before holds May: R5 Pa + G2 (2 P, 8 Pa, 30 D) → n 41
        Assert.Equal(CustomerDashboard.TrendMonths, m.Nps.Trend.Count);
        Assert.Equal(("2026-06", 0m), (m.Nps.Trend[^1].Key, m.Nps.Trend[^1].Value));
        var may = m.Nps.Trend[^2];
        Assert.Equal((new DateOnly(2026, 5, 31), 41L, 2L, 9L, 30L), (may.Month, may.Responses, may.Promoters, may.Passives, may.Detractors));
        Near((2m - 30m) / 41m * 100m, may.Value);
        Near(Margin(2, 30, 41), may.Margin);
        Assert.False(may.Unreliable); // 41 ≥ 30
    }

    [Fact]
    public async Task AFallBeyondItsMarginIsAFallAndTheFigureIsTheKpi()
    {
        var m = await LoadAsync(period: KpiPeriod.Quarter);
        var nps = m.Nps;
        // Q2 2026: 3 P, 9 Pa, 32 D of 44 → −659.09…/10; Q1 2026: 22 P, 11 Pa, 10 D of 43 → 27.91
        Assert.Equal((44L, 3L, 32L), (nps.Current.Responses, nps.Current.Promoters, nps.Current.Detractors));
        Near((3m - 32m) / 44m * 100m, nps.Figure.Current.Value);
        Near((22m - 10m) / 43m * 100m, nps.Figure.Previous.Value);
        Near(Margin(3, 32, 44), nps.Current.Margin);
        // difference −93.8 against 1.96 × √(var₁/43 + var₂/44) × 100 ≈ 30.2: a fall
        var v1 = 32.0 / 43 - Math.Pow(12.0 / 43, 2);
        var v2 = 35.0 / 44 - Math.Pow(29.0 / 44, 2);
        Near((decimal)(1.96 * Math.Sqrt(v1 / 43 + v2 / 44) * 100), nps.VsPreviousMargin);
        Assert.Equal(NpsChange.Fall, nps.VsPrevious);
        // Q2 2025 had no responses
        Assert.Equal(NpsChange.NotComparable, nps.VsYearAgo);
        Assert.Null(nps.VsYearAgoMargin);
        // the page's figure is the KPI (kpis --json)
        var kpi = await company.Kpis.GetAsync("nps", KpiWindow.For(D, KpiPeriod.Quarter));
        Assert.Equal((kpi.Value, kpi.Rows), (nps.Figure.Current.Value, nps.Figure.Current.Rows));
    }

    [Fact]
    public async Task ARiseWithinItsMarginIsNoSignificantChange()
    {
        var m = await LoadAsync(asOf: new DateOnly(2026, 3, 31), period: KpiPeriod.Quarter);
        var nps = m.Nps;
        // Q1 2026 27.91 (n 43) against Q4 2025: R0 P + G4 (19 P, 11 Pa, 10 D) = 20 P, 11 Pa, 10 D of 41 → 24.39
        Near((22m - 10m) / 43m * 100m, nps.Figure.Current.Value);
        Near((20m - 10m) / 41m * 100m, nps.Figure.Previous.Value);
        // up 3.5 against a margin of 1.96 × √(var₁/41 + var₂/43) × 100 ≈ 35.0: no significant change (无显著变化)
        var v1 = 30.0 / 41 - Math.Pow(10.0 / 41, 2);
        var v2 = 32.0 / 43 - Math.Pow(12.0 / 43, 2);
        Near((decimal)(1.96 * Math.Sqrt(v1 / 41 + v2 / 43) * 100), nps.VsPreviousMargin);
        Assert.Equal(NpsChange.NoSignificantChange, nps.VsPrevious);
        Assert.False(nps.Current.Unreliable);
    }

    [Fact]
    public async Task NpsByProductTierAndChannelAddsUpToThePeriod()
    {
        var m = await LoadAsync();
        // year to date: Q1 + Q2 = 87 responses
        Assert.Equal(87L, m.Nps.Current.Responses);
        NpsLine Line(NpsDimension d, string key) => m.Nps.Breakdowns.Single(b => b.Dimension == d).Lines.Single(l => l.Key == key);
        foreach (var b in m.Nps.Breakdowns) Assert.Equal(87L, b.Lines.Sum(l => l.Responses));
        // product of the customer's latest contract started by the survey date: G1 (15 Feb) C4's K5 BOND; R4 (10 Apr) and
        // G2 (15 May) K6 PERF (1 Apr); R1, R2 (K2), R3 (K10), R5, R7 (K7), R6 (K13) LWC
        var products = m.Nps.Breakdowns.Single(b => b.Dimension == NpsDimension.Product).Lines;
        Assert.Equal(["PERF", "BOND", "LWC"], products.Select(l => l.Key));
        Assert.Equal((41L, 2L, 8L, 31L), (products[0].Responses, products[0].Promoters, products[0].Passives, products[0].Detractors));
        Assert.Equal("工程履约保函", products[0].Label);
        Near(25m, Line(NpsDimension.Product, "BOND").Value); // (20 − 10) ÷ 40
        Near((3m - 1m) / 6m * 100m, Line(NpsDimension.Product, "LWC").Value); // R1, R2, R7 P; R3, R5 Pa; R6 D
        Assert.True(Line(NpsDimension.Product, "LWC").Unreliable);
        // tiers: core C1 (R1, R2) +100; strategic C4 (R4, G1, G2) 22 P, 18 Pa, 41 D of 81
        Assert.Equal(100m, Line(NpsDimension.Tier, "core").Value);
        Near((22m - 41m) / 81m * 100m, Line(NpsDimension.Tier, "strategic").Value);
        Near(Margin(22, 41, 81), Line(NpsDimension.Tier, "strategic").Margin);
        // channels: the 80 generated by WeChat and R2
        Assert.Equal(81L, Line(NpsDimension.Channel, "wechat").Responses);
        Assert.Equal(4L, Line(NpsDimension.Channel, "phone").Responses); // R1, R3, R5, R7
        // managers: C4's M2 李强 (81), C1's, C5's M1 (R1, R2, R5, R7), C3's M2 too (R3), C6's M4 (R6)
        Assert.Equal((82L, "李强"), (Line(NpsDimension.Manager, "M2").Responses, Line(NpsDimension.Manager, "M2").Label));
        Assert.Equal(4L, Line(NpsDimension.Department, "BD1").Responses);
    }

    [Fact]
    public async Task CsatIsTheShareOfFoursAndFivesWithItsDistribution()
    {
        var m = await LoadAsync();
        // with a score: R1 5, R2 4, R3 3, R4 2, R6 4, R7 5 (the generated ones have none) → 4 of 6
        Near(4m / 6m, m.Csat.Figure.Current.Value);
        Assert.Equal([0L, 1L, 1L, 2L, 2L], m.Csat.Distribution.Select(d => d.Responses));
        Assert.Equal([1, 2, 3, 4, 5], m.Csat.Distribution.Select(d => d.Score));
        Assert.Equal(81L, m.Csat.WithoutScore); // R5 and the 80 generated in 2026
        Assert.Equal(CustomerDashboard.TrendMonths, m.Csat.Trend.Count);
    }

    [Fact]
    public async Task ComplaintsAreJudgedByTheServiceLevelAndOverdueOnesComeFirst()
    {
        var m = await LoadAsync();
        var c = m.Complaints;
        Assert.Equal((24, 7), (c.ResponseHours, c.ResolveDays));
        // P1–P6 received this year
        Assert.Equal(6m, c.Figures.Single(f => f.Kpi.Code == "complaints").Current.Value);
        // response hours: P5 0.5, P4 1, P6 1, P3 1.5, P1 2, P2 26 → median (1 + 1.5) ÷ 2
        Assert.Equal(1.25m, c.Figures.Single(f => f.Kpi.Code == "complaint_response_hours").Current.Value);
        // judged: P1 on time; P2 answered after 26 h; P3 resolved after 14 days; P4 unresolved past its 17 Jun 14:00
        // deadline. P5 (deadline 5 Jul 10:00) and P6 (6 Jul 09:00) are still inside it: not judged → 1 ÷ 4
        Assert.Equal(0.25m, c.Figures.Single(f => f.Kpi.Code == "complaint_ontime_rate").Current.Value);
        Assert.Equal([("BD2", 3L), ("BD1", 2L), ("CS", 1L)], c.ByDepartment.Select(d => (d.Key, d.Complaints)));
        Assert.Equal(6, c.ByCategory.Count);
        Assert.Contains(c.ByCategory, k => k.Key == CustomerDashboardCompany.Formula && k.Complaints == 1);
        // open at the end of D (1 Jul 00:00): P4 322 h past (17 Jun 14:00 → 1 Jul 00:00 = 13 days 10 h), then P5 with
        // 106 h left (4 days 10 h), then P6 with 129 h left (5 days 9 h)
        Assert.Equal([("P4", 322m, true), ("P5", -106m, false), ("P6", -129m, false)],
            c.Open.Select(o => (o.ComplaintId, o.HoursOverdue, o.Overdue)));
        var p4 = c.Open[0];
        Assert.Equal(("BD1", "业务一部", "客户5"), (p4.DepartmentCode, p4.DepartmentName, p4.CustomerName));
        Assert.Equal((new DateTime(2026, 6, 11, 14, 0, 0), new DateTime(2026, 6, 17, 14, 0, 0)), (p4.ResponseDeadline, p4.ResolveDeadline));
        Assert.False(p4.ResponseLate); // answered after an hour
        Assert.Equal("CS", c.Open[1].DepartmentCode);
    }

    [Fact]
    public async Task RenewalCountsAContractStartingWithin90DaysEitherSideAndTheRestAreTheCallList()
    {
        var m = await LoadAsync();
        // maturing this year: C1 K1 (15 Mar; K2 started 73 days before: renewed), C2 K3 (30 Jun; nothing within 90 days),
        // C5 K7 (10 May; K8 started 51 days after: renewed), C6 K11 (30 Jun; K13 started 91 days before: not) → 2 of 4
        Assert.Equal(0.5m, m.Renewal.Renewal.Current.Value);
        Assert.Equal(0.5m, m.Renewal.Churn.Current.Value);
        // core: C1 renewed; strategic: C4 has nothing maturing
        Assert.Equal([("core", 1L, 1L, 1m), ("strategic", 0L, 0L, (decimal?)null)],
            m.Renewal.Tiers.Select(t => (t.Tier, t.Maturing, t.Renewed, t.RenewalRate)));
        // the call list: C6 (K11, last balance 2.5M at 31 May) before C2 (K3, 1.0M at 30 Apr, compensated 20 May)
        Assert.Equal(["客户6", "客户2"], m.CallList.Select(l => l.CustomerName));
        var c6 = m.CallList[0];
        Assert.Equal((CustomerDashboardCompany.Code(6), "ordinary", "M4", "赵磊", "BD2"), (c6.CreditCode, c6.Tier, c6.ManagerCode, c6.ManagerName, c6.DepartmentCode));
        Assert.Equal(("K11", "released", new DateOnly(2026, 6, 30), 2_500_000m), (c6.ContractNo, c6.ContractStatus, c6.MaturityOn, c6.Amount));
        Assert.Equal((2_500_000m, new DateOnly(2026, 5, 31)), (c6.BalanceLeft, c6.LastBalanceOn));
        // C6's latest response: R6, 10 Jun, 6 with CSAT 4
        Assert.Equal((6, 4, new DateOnly(2026, 6, 10)), (c6.LastNpsScore, c6.LastCsat, c6.LastSurveyedOn));
        var c2 = m.CallList[1];
        Assert.Equal(("K3", "compensated", 1_000_000m, new DateOnly(2026, 4, 30)), (c2.ContractNo, c2.ContractStatus, c2.BalanceLeft, c2.LastBalanceOn));
        Assert.Equal(("M1", "王敏"), (c2.ManagerCode, c2.ManagerName));
        // C2's latest response: R0, 20 Dec 2025, 10 with CSAT 5
        Assert.Equal((10, 5, new DateOnly(2025, 12, 20)), (c2.LastNpsScore, c2.LastCsat, c2.LastSurveyedOn));
        // the call list is churn_rate's numerator
        Assert.Equal(m.Renewal.Churn.Current.Numerator, m.CallList.Count);
    }

    [Fact]
    public async Task TiersHoldTheirCustomersBalanceNpsAndChurnAtD()
    {
        var m = await LoadAsync();
        // in force at D: K5, K6 (C4 strategic 14.0M); K2 (C1 core 1.6M); K8 (C5 potential 5.0M);
        // K4, K10 (C3 ordinary 2.1M) and K13 (C6 ordinary 1.0M)
        Assert.Equal([("strategic", 1L, 14_000_000m), ("core", 1L, 1_600_000m), ("potential", 1L, 5_000_000m), ("ordinary", 2L, 3_100_000m)],
            m.Tiers.Select(t => (t.Tier, t.Customers, t.Balance)));
        var ordinary = m.Tiers.Single(t => t.Tier == "ordinary");
        // ordinary responses: R3 Pa (C3), R6 D (C6) → −50; maturing C2 and C6, neither renewed → churn 100 %
        Assert.Equal((2L, -50m), (ordinary.Nps.Responses, ordinary.Nps.Value));
        Assert.Equal((2L, 2L, 1m), (ordinary.Renewal.Maturing, ordinary.Renewal.Churned, ordinary.Renewal.ChurnRate));
        Assert.Equal(m.Tiers.Sum(t => t.Balance), (await company.Kpis.GetAsync("balance", new KpiWindow(D, D))).Value);
    }

    [Fact]
    public async Task VerbatimsAreNewestFirstSearchableAndComeBackUnchanged()
    {
        var m = await LoadAsync();
        // comments this year: R7 更正 (20 Jun), G2-03, G2-02, G2-01 (15 May), R4 审批太慢 (10 Apr), R1 很满意 (10 Jan)
        Assert.Equal(["R7", "G2-03", "G2-02", "G2-01", "R4", "R1"], m.Verbatims.Lines.Select(v => v.ResponseId));
        Assert.Equal((6L, 0L), (m.Verbatims.Total, m.Verbatims.More));
        var texts = m.Verbatims.Lines.ToDictionary(v => v.ResponseId, v => v.Comment);
        Assert.Equal(CustomerDashboardCompany.Formula, texts["G2-01"]);
        Assert.Equal(CustomerDashboardCompany.Script, texts["G2-02"]);
        Assert.Equal(2_000, CustomerDashboardCompany.LongComment.Length);
        Assert.Equal(CustomerDashboardCompany.LongComment, texts["G2-03"]);
        var r7 = m.Verbatims.Lines[0];
        Assert.Equal((new DateOnly(2026, 6, 20), 9, (int?)5, "phone", "客户5", "BD1"), (r7.SurveyedOn, r7.NpsScore, r7.Csat, r7.Channel, r7.CustomerName, r7.DepartmentCode));

        async Task<IEnumerable<string>> Search(string text) =>
            (await LoadAsync(options: new CustomerOptions(text))).Verbatims.Lines.Select(v => v.ResponseId);
        Assert.Equal(["G2-02"], await Search("SCRIPT>"));
        Assert.Equal(["G2-01"], await Search("hyperlink(\"http"));
        Assert.Equal(["R7"], await Search("客户5"));
        // C4 by its credit code: its comments G2-03, G2-02, G2-01 and R4
        Assert.Equal(["G2-03", "G2-02", "G2-01", "R4"], await Search(CustomerDashboardCompany.Code(4).ToLowerInvariant()));
        // the search is a bound value, never SQL: quotes and wildcards match themselves only
        Assert.Empty(await Search("' or 1=1 --"));
        Assert.Empty(await Search("%"));
        Assert.Empty(await Search("_"));

        var capped = await LoadAsync(options: new CustomerOptions(VerbatimLimit: 2));
        Assert.Equal((2, 6L, 4L), (capped.Verbatims.Lines.Count, capped.Verbatims.Total, capped.Verbatims.More));
    }

    [Fact]
    public async Task ADepartmentHeadSeesTheirDepartmentsSurveysComplaintsAndCallListOnly()
    {
        var bd1 = await LoadAsync(Bd1);
        // BD1's customers C1, C2, C5: R1 P, R2 P, R5 Pa, R7 P → +75 of 4
        Assert.Equal((4L, 75m), (bd1.Nps.Current.Responses, bd1.Nps.Current.Value));
        Assert.Equal(["R7", "R1"], bd1.Verbatims.Lines.Select(v => v.ResponseId));
        // complaints about BD1: P1, P4; open: P4
        Assert.Equal(2m, bd1.Complaints.Figures.Single(f => f.Kpi.Code == "complaints").Current.Value);
        Assert.Equal(["P4"], bd1.Complaints.Open.Select(o => o.ComplaintId));
        Assert.Equal(["BD1"], bd1.Complaints.ByDepartment.Select(d => d.Key));
        Assert.Equal(["客户2"], bd1.CallList.Select(l => l.CustomerName));
        Assert.DoesNotContain(bd1.Nps.Breakdowns.SelectMany(b => b.Lines), l => l.Key is "BD2" or "M2" or "M4");

        var bd2 = await LoadAsync(Bd2);
        // BD2's customers C3, C4, C6: R3, R4, R6 and the 80 generated this year
        Assert.Equal(83L, bd2.Nps.Current.Responses);
        Assert.Equal(["P6"], bd2.Complaints.Open.Select(o => o.ComplaintId));
        Assert.Equal(["客户6"], bd2.CallList.Select(l => l.CustomerName));
        Assert.Equal(["G2-03", "G2-02", "G2-01", "R4"], bd2.Verbatims.Lines.Select(v => v.ResponseId));

        // asking for the other department is refused before anything is read
        Assert.Throws<ScopeRefusedException>(() =>
            ScopedData.Open(company.Kpis, Bd1, new FilterState(D, Department: "BD2"), companyTotals: false));
    }

    [Fact]
    public async Task TheTierFilterNarrowsEverything()
    {
        var m = await LoadAsync(tier: "core");
        // C1 only: R1, R2; K1 renewed; P1; nothing on the call list
        Assert.Equal((2L, 100m), (m.Nps.Current.Responses, m.Nps.Current.Value));
        Assert.Equal(1m, m.Complaints.Figures.Single(f => f.Kpi.Code == "complaints").Current.Value);
        Assert.Empty(m.CallList);
        Assert.Equal(["R1"], m.Verbatims.Lines.Select(v => v.ResponseId));
    }
}
