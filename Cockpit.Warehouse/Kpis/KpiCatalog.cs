using static Cockpit.Warehouse.Kpis.KpiAggregation;
using static Cockpit.Warehouse.Kpis.KpiDirection;
using static Cockpit.Warehouse.Kpis.KpiTiming;
using static Cockpit.Warehouse.Kpis.KpiUnit;

namespace Cockpit.Warehouse.Kpis;

/// <summary>Every KPI, in the order docs/kpis.md describes them.</summary>
public static class KpiCatalog
{
    public const string Scale = "scale";
    public const string Risk = "risk";
    public const string Customers = "customers";

    private const string NothingStartedZh = "期间内没有新签合同";
    private const string NothingStartedEn = "no contract started in the period";
    private const string NothingReleasedZh = "期间内没有解保的担保";
    private const string NothingReleasedEn = "no guarantee was released in the period";
    private const string NoBalanceZh = "该月末没有在保余额";
    private const string NoBalanceEn = "no guarantee in force at the month end";
    private const string NoNetAssetsZh = "缺少该月净资产（财务数据未上报）";
    private const string NoNetAssetsEn = "no net assets for the month (finance figures missing)";

    public static readonly IReadOnlyList<KpiDefinition> All =
    [
        // ---------------------------------------------------------------- scale and business 规模与业务
        new("balance", Scale, "在保余额", "In-force balance", Yuan, HigherIsBetter, Stock, Sum,
            "月末快照中在保合同的余额合计", "Σ outstanding of the month-end snapshot at D, contracts in force at D", "", ""),
        new("liability_balance", Scale, "融资担保责任余额", "Guarantee liability balance", Yuan, HigherIsBetter, Stock, Sum,
            "融资类担保（不含非融资担保）扣除银行分险后的余额，小微企业单户500万元（含）以下及农户200万元（含）以下借款类按75%、AA级以上发债企业债券担保按80%计算",
            "financing guarantees only, outstanding × (1 − bank share), weighted 75 % (small/micro ≤ 5,000,000; farmers ≤ 2,000,000, loans), 80 % (bonds of AA-or-better issuers), else 100 %",
            "", ""),
        new("new_amount", Scale, "担保发生额", "New guarantees", Yuan, HigherIsBetter, Flow, Sum,
            "期间内起始的合同金额合计", "Σ amount of contracts with start_on in P", "", ""),
        new("new_count", Scale, "新增笔数", "New contracts", Count, HigherIsBetter, Flow, Sum,
            "期间内起始的合同笔数", "count of contracts with start_on in P", "", ""),
        new("released_amount", Scale, "解保额", "Released guarantees", Yuan, HigherIsBetter, Flow, Sum,
            "期间内解保或代偿终止的合同金额合计", "Σ amount of contracts whose guarantee ended (released or compensated) in P", "", ""),
        new("fee_income", Scale, "担保费收入", "Fee income", Yuan, HigherIsBetter, Flow, Sum,
            "期间内收到的担保费合计", "Σ fee payments in P", "", ""),
        new("avg_fee_rate", Scale, "平均费率", "Average fee rate", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内新签合同按金额加权的平均费率", "amount-weighted mean fee_rate of contracts started in P", NothingStartedZh, NothingStartedEn),
        new("new_customers", Scale, "新增客户", "New customers", Count, HigherIsBetter, Flow, Sum,
            "首笔合同在期间内起始的客户数", "customers whose first contract starts in P", "", ""),
        new("smb_share", Scale, "中小微占比", "SME share", Percent, HigherIsBetter, Stock, KpiAggregation.Ratio,
            "中型、小型、微型企业及农户的在保余额 ÷ 在保余额", "balance of medium/small/micro enterprises and farmers ÷ balance", NoBalanceZh, NoBalanceEn),
        new("strategic_share", Scale, "战略性新兴产业占比", "Strategic-industry share", Percent, HigherIsBetter, Stock, KpiAggregation.Ratio,
            "战略性新兴产业客户的在保余额 ÷ 在保余额", "balance of customers in strategic emerging industries ÷ balance", NoBalanceZh, NoBalanceEn),
        new("specialized_new_share", Scale, "专精特新占比", "Specialised-new share", Percent, HigherIsBetter, Stock, KpiAggregation.Ratio,
            "专精特新客户的在保余额 ÷ 在保余额", "balance of customers flagged specialized_new ÷ balance", NoBalanceZh, NoBalanceEn),
        new("non_financing_fee_share", Scale, "非融资担保收入占比", "Non-financing fee share", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内非融资担保产品的担保费 ÷ 担保费收入", "fee income from non_financing products in P ÷ fee income", "期间内没有担保费收入", "no fee income in the period"),
        new("approval_days", Scale, "审批周期", "Approval cycle", Days, LowerIsBetter, Flow, KpiAggregation.Ratio,
            "期间内通过的申请从受理到决策的平均天数", "mean days received_on → decided_on of applications approved in P", "期间内没有通过的申请", "no application was approved in the period"),
        new("approval_rate", Scale, "通过率", "Approval rate", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内决策的申请中通过 ÷（通过 + 否决），撤回不计", "approved ÷ (approved + rejected) applications decided in P; withdrawn ones are not counted",
            "期间内没有通过或否决的申请", "no application was approved or rejected in the period"),
        new("dual_due_diligence_rate", Scale, "双人尽调落实率", "Dual due diligence rate", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内完成尽调的申请中，有不同于A角的B角客户经理参与的占比", "of the applications whose due diligence was done in P, the share with a B manager other than the A manager",
            "期间内没有完成尽调的申请", "no due diligence was done in the period"),

        // ---------------------------------------------------------------- risk 风险
        new("compensation_amount", Risk, "代偿额", "Compensation paid", Yuan, LowerIsBetter, Flow, Sum,
            "期间内支付的代偿合计", "Σ compensations paid in P", "", ""),
        new("compensation_rate", Risk, "担保代偿率", "Compensation rate", Percent, LowerIsBetter, Flow, KpiAggregation.Ratio,
            "期间内代偿额 ÷ 同期解保额", "compensation_amount ÷ released_amount, same P", NothingReleasedZh, NothingReleasedEn)
        {
            RedLineNote = "上限见目标文件 limit from the targets file",
        },
        new("loss_rate", Risk, "担保损失率", "Loss rate", Percent, LowerIsBetter, Flow, KpiAggregation.Ratio,
            "期间内核销的损失额 ÷ 同期解保额", "Σ write-offs in P ÷ released_amount", NothingReleasedZh, NothingReleasedEn),
        new("recovery_rate", Risk, "代偿回收率", "Recovery rate", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内追偿回收 ÷（期初代偿余额 + 期间内代偿额）", "recoveries in P ÷ (compensation balance at the start of P + compensation paid in P)",
            "期初没有代偿余额且期间内没有代偿", "no compensation balance at the start of the period and none paid in it"),
        new("compensation_balance", Risk, "代偿余额", "Compensation balance", Yuan, LowerIsBetter, Stock, Sum,
            "截至D的累计代偿 − 累计回收 − 累计核销", "cumulative compensation − cumulative recoveries − cumulative write-offs, up to D", "", ""),
        new("provision_coverage", Risk, "拨备覆盖率", "Provision coverage", Percent, HigherIsBetter, Stock, KpiAggregation.Ratio,
            "担保准备金（财务数据，D所在月）÷ 代偿余额", "guarantee reserves (finance file, month D) ÷ compensation_balance", "代偿余额为零", "the compensation balance is zero")
        {
            RequiresRowKind = "reserves",
            RequiresReasonZh = "缺少该月担保准备金（财务数据未上报）",
            RequiresReasonEn = "no guarantee reserves for the month (finance figures missing)",
        },
        new("overdue_rate", Risk, "逾期率", "Overdue rate", Percent, LowerIsBetter, Stock, KpiAggregation.Ratio,
            "D月末逾期天数大于0的余额 ÷ 在保余额", "balance of snapshots at D with overdue_days > 0 ÷ balance", NoBalanceZh, NoBalanceEn),
        new("new_business_overdue_rate", Risk, "新增业务逾期率", "New-business overdue rate", Percent, LowerIsBetter, Stock, KpiAggregation.Ratio,
            "D所在年度新签合同中截至D出现过逾期的金额 ÷ 该年度截至D新签金额",
            "amount of contracts started in the year of D that had any overdue snapshot up to D ÷ amount started in that year up to D",
            "本年度尚无新签合同", "no contract started in the year yet"),
        new("npl_rate", Risk, "不良率", "Non-performing rate", Percent, LowerIsBetter, Stock, KpiAggregation.Ratio,
            "D月末次级、可疑、损失类余额 ÷ 在保余额", "balance classed substandard + doubtful + loss at D ÷ balance", NoBalanceZh, NoBalanceEn),
        new("leverage", Risk, "放大倍数", "Leverage", Multiple, LowerIsBetter, Stock, KpiAggregation.Ratio,
            "融资担保责任余额 ÷ 净资产（财务数据，D所在月）", "liability_balance ÷ net assets (finance file, month D)", NoNetAssetsZh, NoNetAssetsEn)
        {
            RedLine = 10m,
            RedLineNote = "10倍（主要为小微企业和农户服务的可放宽至15倍）10× (15× where small/micro and agricultural business is the main business)",
            RequiresRowKind = "net_assets", RequiresReasonZh = NoNetAssetsZh, RequiresReasonEn = NoNetAssetsEn,
        },
        new("top_customer_ratio", Risk, "单一客户集中度", "Single-customer concentration", Percent, LowerIsBetter, Stock, MaxShare,
            "单一客户融资担保责任余额的最大值 ÷ 净资产", "max over customers of their liability balance ÷ net assets", NoNetAssetsZh, NoNetAssetsEn)
        {
            RedLine = 0.10m, RequiresRowKind = "net_assets", RequiresReasonZh = NoNetAssetsZh, RequiresReasonEn = NoNetAssetsEn,
        },
        new("top_group_ratio", Risk, "单一客户及关联方集中度", "Customer-group concentration", Percent, LowerIsBetter, Stock, MaxShare,
            "单一客户及其关联方融资担保责任余额的最大值 ÷ 净资产（无关联方的客户自成一组）",
            "max over customer groups (a customer with no group is its own group) of liability balance ÷ net assets", NoNetAssetsZh, NoNetAssetsEn)
        {
            RedLine = 0.15m, RequiresRowKind = "net_assets", RequiresReasonZh = NoNetAssetsZh, RequiresReasonEn = NoNetAssetsEn,
        },
        new("top10_share", Risk, "前十大客户占比", "Top-10 share", Percent, LowerIsBetter, Stock, TopShare,
            "余额最大的10户客户的在保余额 ÷ 在保余额", "balance of the 10 largest customers ÷ balance", NoBalanceZh, NoBalanceEn),
        new("industry_max_share", Risk, "单一行业占比", "Largest industry share", Percent, LowerIsBetter, Stock, MaxShare,
            "单一行业在保余额的最大值 ÷ 在保余额", "max over industries of balance ÷ balance", NoBalanceZh, NoBalanceEn),
        new("industry_hhi", Risk, "行业集中度指数", "Industry HHI", Hhi, LowerIsBetter, Stock, SquaredShares,
            "各行业在保余额占比的平方和（0–1）", "Σ (industry share)², 0–1", NoBalanceZh, NoBalanceEn),
        new("open_signals", Risk, "预警信号", "Open warnings", Count, LowerIsBetter, Stock, Sum,
            "D日尚未关闭（待处理或处理中）的风险预警信号数，附所涉客户的在保余额",
            "open or handling risk signals at D, with the balance of the customers they concern", "", ""),

        // ---------------------------------------------------------------- customers 客户
        new("nps", Customers, "净推荐值", "NPS", Score, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "推荐者（9–10分）占比 − 贬损者（0–6分）占比，−100…100，附样本量及95%误差范围",
            "% promoters (9–10) − % detractors (0–6) of responses in P, −100…100, with n and its 95 % margin",
            "期间内没有调查回复", "no survey response in the period"),
        new("csat", Customers, "客户满意度", "CSAT", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内满意度评分为4或5分的回复占比", "% of responses in P with csat 4 or 5", "期间内没有满意度评分", "no csat score in the period"),
        new("complaints", Customers, "投诉量", "Complaints", Count, LowerIsBetter, Flow, Sum,
            "期间内收到的投诉数", "complaints received in P", "", ""),
        new("complaint_response_hours", Customers, "投诉响应时长", "Response time", Hours, LowerIsBetter, Flow, Median,
            "期间内投诉从收到到首次响应的小时数中位数", "median hours received_at → responded_at", "期间内没有已响应的投诉", "no complaint responded to in the period"),
        new("complaint_ontime_rate", Customers, "投诉按期办结率", "On-time resolution", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内收到、24小时内响应且7天内办结的投诉 ÷ 已办结或已过办结期限的投诉（未到期限的不计）",
            "complaints received in P responded to within 24 h and resolved within 7 days ÷ those resolved or past their deadline by D",
            "期间内没有可判定的投诉", "no complaint of the period can be judged yet"),
        new("renewal_rate", Customers, "续保率", "Renewal rate", Percent, HigherIsBetter, Flow, KpiAggregation.Ratio,
            "期间内有合同到期、且到期日前后90天内另有合同起始的客户 ÷ 期间内有合同到期的客户",
            "customers with a contract maturing in P who have another contract starting within 90 days before or after that maturity ÷ customers with a contract maturing in P",
            "期间内没有合同到期", "no contract matured in the period"),
        new("churn_rate", Customers, "客户流失率", "Churn", Percent, LowerIsBetter, Flow, KpiAggregation.Ratio,
            "1 − 续保率（也按核心、战略客户分层查看）", "1 − renewal_rate, also shown for core and strategic tiers",
            "期间内没有合同到期", "no contract matured in the period"),
    ];

    private static readonly Dictionary<string, KpiDefinition> ByCode = All.ToDictionary(k => k.Code, StringComparer.Ordinal);

    /// <summary>The KPI with this code.</summary>
    /// <exception cref="KeyNotFoundException">no KPI has the code.</exception>
    public static KpiDefinition Get(string code) =>
        ByCode.TryGetValue(code, out var kpi) ? kpi : throw new KeyNotFoundException($"unknown KPI code '{code}'");

    public static bool Contains(string code) => ByCode.ContainsKey(code);
}
