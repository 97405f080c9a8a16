using System.Globalization;
using System.Security.Cryptography;
using ClosedXML.Excel;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Security;

namespace Cockpit.Web.Exports;

/// <summary>
/// 压力测试 as one workbook: the inputs (scenario, parameters, build, as-of), the method, the baseline segments, the
/// results, the loss distribution (quantiles and histogram) and the ten contracts contributing most. Cells are typed:
/// amounts in yuan as numbers, rates as percentages, dates as dates, text as text.
/// </summary>
public static class StressWorkbook
{
    public sealed record Cover(string Filters, string Scenario, string BuildId, long RunId, string ExportedBy, DateTime ExportedAt, bool EarlierBuild = false);

    private const string Money = ExcelCells.Money;
    private const string Rate = "0.00%";
    private const string Factor = "0.00";

    /// <summary>The method, as the page explains it (docs/stress-test.md has the long form).</summary>
    public static readonly IReadOnlyList<string> Method =
    [
        "敞口 Exposure: 在保余额 × (1 − 银行分险比例) of each contract in force at D (the guarantor's part).",
        "违约率 PD (cohort method 队列法): for each of the latest month ends M with 12 months of hindsight (M ≤ D − 12 months), the contracts in force at M and those of them compensated (代偿) within 12 months after M; a segment's observed rate is Σ defaults ÷ Σ contracts over the cohorts (contract-months).",
        "可信度 Credibility: PD = Z × observed + (1 − Z) × portfolio rate, Z = n ÷ (n + k) (Bühlmann), n the segment's contract-months; a segment with Z < ½ is marked as fallen back. A rating group with enough contract-months multiplies its contracts' industry PD by its PD ÷ the portfolio's.",
        "违约损失率 LGD: 1 − recovered ÷ compensated over the compensations paid long enough before D (recoveries to D), never below the floor; the default when there are none.",
        "情景 Scenario: stressed PD = min(1, PD × overall × industry × region multipliers); compensation = Σ EAD × stressed PD; loss = compensation × (1 − (1 − LGD) × (1 − haircut)). The loss uses up the reserves (担保准备金) first and then net assets; leverage after = liability balance ÷ net assets after (liability held at D); concentration ratios after = ratio × net assets ÷ net assets after. Compensation rate = compensation ÷ guarantees released in the last 12 months (as the KPI compensation_rate).",
        "损失分布 Loss distribution: one-factor Gaussian copula, contract i defaults when √ρ·Z + √(1−ρ)·εᵢ < Φ⁻¹(PDᵢ); the economy Z is sampled in strata, each trial's defaults drawn from a seeded generator (xoshiro256**), so the same build and inputs give the same numbers.",
        "反向压力测试 Reverse stress: by bisection, the smallest overall multiplier (the scenario's other settings kept) at which the projected loss reaches the reserves, and at which net assets after the loss fall below liability ÷ 10; 'not reached' when PDs capped at 1 cannot get there.",
        "局限 Limits: a short history gives few defaults (hence the credibility fallback); one LGD for all; no new business or run-off within the 12 months; one systematic factor; the correlation is an assumption, not estimated.",
    ];

    public static void Write(Stream output, StressModel m, Cover cover)
    {
        var b = m.Baseline!;
        var r = m.Result!;
        var p = m.Parameters;
        using var book = new XLWorkbook();

        var inputs = book.Worksheets.Add("输入 Inputs");
        object?[][] lines =
        [
            ["压力测试 Stress test", null],
            ["数据截至 As of", m.Date.AsOf],
            ["筛选 Filters", cover.Filters],
            ["情景 Scenario", cover.Scenario],
            ["预设 Preset", r.Scenario.Preset ?? ""],
            ["整体违约倍数 Overall multiplier", r.Scenario.Overall],
            ["行业倍数 Industry multipliers", string.Join(",", r.Scenario.Industries.Select(x => $"{x.Key}:{x.Value.ToString(CultureInfo.InvariantCulture)}"))],
            ["地区倍数 Region multipliers", string.Join(",", r.Scenario.Regions.Select(x => $"{x.Key}:{x.Value.ToString(CultureInfo.InvariantCulture)}"))],
            ["回收折扣 Recovery haircut", r.Scenario.Haircut],
            ["资产相关系数 Asset correlation ρ", r.Scenario.Correlation],
            ["队列月数 Cohort month ends", p.CohortMonths],
            ["可信度参数 Credibility k", p.Credibility],
            ["评级组最少观察 Rating group minimum (contract-months)", p.MinRatingObservations],
            ["回收观察期 Recovery months", p.RecoveryMonths],
            ["LGD 下限 LGD floor", p.LgdFloor],
            ["默认 LGD Default LGD", p.DefaultLgd],
            ["默认 PD Default PD", p.DefaultPd],
            ["模拟次数 Trials", p.Trials],
            ["随机种子 Seed", p.Seed.ToString(CultureInfo.InvariantCulture)],
            ["放大倍数红线 Leverage line", p.LeverageLine],
            ["数据版本 Build", ExportLabels.Build(cover.BuildId, cover.RunId, cover.EarlierBuild)],
            ["导出人 Exported by", cover.ExportedBy],
            ["导出时间 Exported at (China time)", cover.ExportedAt],
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            Set(inputs.Cell(i + 1, 1), lines[i][0]);
            var format = lines[i][0] is string s && (s.Contains("haircut", StringComparison.Ordinal) || s.Contains("LGD", StringComparison.Ordinal) || s.Contains("PD", StringComparison.Ordinal)) ? Rate
                : lines[i][1] is double ? "0.####" : null;
            Set(inputs.Cell(i + 1, 2), lines[i][1], format);
        }
        inputs.Cell(1, 1).Style.Font.Bold = true;
        ExcelCells.Fit(inputs, 2, lines.Length);

        var method = book.Worksheets.Add("方法 Method");
        for (var i = 0; i < Method.Count; i++)
        {
            Set(method.Cell(i + 1, 1), Method[i]);
            method.Cell(i + 1, 1).Style.Alignment.WrapText = true;
        }
        method.Column(1).Width = 120;

        var segments = book.Worksheets.Add("基准 Baseline");
        Header(segments, 1, "维度 Dimension", "代码 Code", "名称 Name", "敞口 Exposure (元)", "在保笔数 Contracts", "观察 Contract-months", "代偿 Defaults",
            "观察违约率 Observed", "可信度 Z", "PD", "回退 Fell back", "评级调整 Relativity");
        var row = 2;
        foreach (var (dimension, list) in new[] { ("行业 Industry", b.Industries), ("评级组 Rating group", b.Ratings) })
        {
            foreach (var s in list)
            {
                Set(segments.Cell(row, 1), dimension);
                Set(segments.Cell(row, 2), s.Key);
                Set(segments.Cell(row, 3), s.Label);
                Set(segments.Cell(row, 4), s.Exposure, Money);
                Set(segments.Cell(row, 5), s.Contracts);
                Set(segments.Cell(row, 6), s.Observations);
                Set(segments.Cell(row, 7), s.Defaults);
                Set(segments.Cell(row, 8), s.Observed, Rate);
                Set(segments.Cell(row, 9), s.Weight, Factor);
                Set(segments.Cell(row, 10), s.Pd, Rate);
                Set(segments.Cell(row, 11), s.FellBack);
                Set(segments.Cell(row, 12), list == b.Ratings ? b.RatingRelativity.GetValueOrDefault(s.Key, 1) : null, Factor);
                row++;
            }
        }
        Set(segments.Cell(row, 1), "组合 Portfolio");
        Set(segments.Cell(row, 4), b.Exposure, Money);
        Set(segments.Cell(row, 5), b.Contracts.Count);
        Set(segments.Cell(row, 6), b.Observations);
        Set(segments.Cell(row, 7), b.Defaults);
        Set(segments.Cell(row, 10), b.PortfolioPd, Rate);
        segments.Row(row).Style.Font.Bold = true;
        Finish(segments, row, 12);

        var results = book.Worksheets.Add("结果 Results");
        Header(results, 1, "项目 Item", "当前 Now", "基准情景 Baseline", "压力情景 Scenario", "红线 Line");
        object?[][] rows =
        [
            ["预计代偿额 Projected compensation (元)", null, r.Base.Compensation, r.Projection.Compensation, null, Money],
            ["预计代偿率 Projected compensation rate", b.ObservedCompensationRate, r.Base.CompensationRate, r.Projection.CompensationRate, null, Rate],
            ["LGD", b.Lgd, r.Base.Lgd, r.Projection.Lgd, null, Rate],
            ["扣除回收后损失 Loss after recoveries (元)", null, r.Base.Loss, r.Projection.Loss, null, Money],
            ["担保准备金 Reserves (元)", b.Reserves, r.Base.ReservesAfter, r.Projection.ReservesAfter, null, Money],
            ["准备金覆盖 Reserves cover the loss", null, r.Base.Covered, r.Projection.Covered, null, null],
            ["净资产 Net assets (元)", b.NetAssets, r.Base.NetAssetsAfter, r.Projection.NetAssetsAfter, null, Money],
            ["融资担保责任余额 Liability balance (元)", b.Liability, null, null, null, Money],
            ["放大倍数 Leverage", b.Leverage, r.Base.LeverageAfter, r.Projection.LeverageAfter, p.LeverageLine, "0.00"],
            ["单一客户集中度 Single-customer concentration", b.TopCustomerRatio, r.Base.TopCustomerRatioAfter, r.Projection.TopCustomerRatioAfter, 0.10m, Rate],
            ["单一客户及关联方集中度 Group concentration", b.TopGroupRatio, r.Base.TopGroupRatioAfter, r.Projection.TopGroupRatioAfter, 0.15m, Rate],
            ["反向：耗尽准备金的整体倍数 Reverse: multiplier exhausting reserves", null, null, r.Reverse.Reserves, null, Factor],
            ["反向：净资产低于责任余额÷10 Reverse: multiplier breaching 10×", null, null, r.Reverse.Leverage, null, Factor],
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            Set(results.Cell(i + 2, 1), rows[i][0]);
            for (var c = 1; c <= 4; c++) Set(results.Cell(i + 2, c + 1), rows[i][c], (string?)rows[i][5]);
        }
        row = rows.Length + 2;
        if (r.Reverse.Reserves is null || r.Reverse.Leverage is null)
        {
            Set(results.Cell(row, 1), r.Reverse.Known
                ? $"反向压力测试中的空值：即使 ×{r.Reverse.MaxMultiplier} 也不会达到 A blank reverse multiplier: not reached even at ×{r.Reverse.MaxMultiplier}"
                : "无当月财务数据 No finance figures for the month");
            row++;
        }
        Finish(results, row - 1, 5);

        var distribution = book.Worksheets.Add("分布 Distribution");
        var d = r.Distribution;
        object?[][] quantiles =
        [
            ["预期损失（模拟） Expected loss (simulated, 元)", d.Expected, Money],
            ["预期损失（解析） Expected loss (analytic, 元)", r.Projection.Loss, Money],
            ["95% 分位 95% quantile (元)", d.Q95, Money],
            ["99% 分位 99% quantile (元)", d.Q99, Money],
            ["99.9% 分位 99.9% quantile (元)", d.Q999, Money],
            ["最大模拟损失 Largest simulated loss (元)", d.Max, Money],
            ["损失超过准备金的概率 P(loss > reserves)", d.ExhaustReserves, Rate],
            ["放大倍数超过红线的概率 P(leverage > line)", d.BreachLeverage, Rate],
            ["模拟次数 Trials", d.Trials, null],
            ["资产相关系数 ρ", d.Correlation, "0.###"],
        ];
        Header(distribution, 1, "项目 Item", "数值 Value");
        for (var i = 0; i < quantiles.Length; i++)
        {
            Set(distribution.Cell(i + 2, 1), quantiles[i][0]);
            Set(distribution.Cell(i + 2, 2), quantiles[i][1], (string?)quantiles[i][2]);
        }
        row = quantiles.Length + 3;
        Header(distribution, row, "损失自 Loss from (元)", "损失至 Loss to (元)", "次数 Trials", "概率 Probability");
        row++;
        foreach (var bin in d.Histogram)
        {
            Set(distribution.Cell(row, 1), bin.From, Money);
            Set(distribution.Cell(row, 2), bin.To, Money);
            Set(distribution.Cell(row, 3), bin.Trials);
            Set(distribution.Cell(row, 4), bin.Probability, Rate);
            row++;
        }
        ExcelCells.Fit(distribution, 4, row);

        var top = book.Worksheets.Add("前十合同 Top contracts");
        Header(top, 1, "合同 Contract", "客户 Customer", "行业 Industry", "地区 Region", "敞口 Exposure (元)", "基准PD Baseline PD", "倍数 Multiplier",
            "情景PD Stressed PD", "预计代偿 Compensation (元)", "损失 Loss (元)");
        row = 2;
        foreach (var t in r.Projection.Top)
        {
            Set(top.Cell(row, 1), t.Contract.ContractNo);
            Set(top.Cell(row, 2), t.Contract.CustomerName);
            Set(top.Cell(row, 3), $"{t.Contract.IndustryCode} {t.Contract.IndustryName}");
            Set(top.Cell(row, 4), $"{t.Contract.RegionCode} {t.Contract.RegionName}");
            Set(top.Cell(row, 5), t.Contract.Exposure, Money);
            Set(top.Cell(row, 6), t.Contract.Pd, Rate);
            Set(top.Cell(row, 7), t.Multiplier, Factor);
            Set(top.Cell(row, 8), t.StressedPd, Rate);
            Set(top.Cell(row, 9), t.Compensation, Money);
            Set(top.Cell(row, 10), t.Loss, Money);
            row++;
        }
        Finish(top, row - 1, 10);

        book.SaveAs(output);
    }

    /// <summary>/risk/stress/export?…: the page's query string (filters and scenario) → the workbook; audited like every export.</summary>
    public static async Task<IResult> ExportAsync(HttpContext http, KpiService kpis, AuditLog audit, TimeProvider time)
    {
        var user = http.User.Identity?.Name ?? "";
        var q = http.Request.Query;
        string? Q(string name) => q.TryGetValue(name, out var v) ? v.ToString() : null;
        var state = FilterState.FromQuery(Q("asof"), "month", Q("dept"), Q("product"), Q("industry"), Q("region"), Q("tier"));
        var (scenario, errors) = StressScenario.FromQuery(Q("preset"), Q("mult"), Q("ind"), Q("reg"), Q("haircut"), Q("rho"));
        if (errors.Count > 0)
        {
            return Results.Problem(string.Join(" ", errors.Select(e => $"{e.Zh} {e.En}")), statusCode: StatusCodes.Status400BadRequest);
        }
        var access = CockpitAccess.For(http);
        var (data, refusal) = await ExportEndpoints.OpenAsync(http, kpis, audit, access, state, "stress test");
        if (data is null) return refusal!;
        using (data)
        {
            var model = await StressTest.LoadAsync(data, new PageRequest(state, access, Q("asof")), scenario, errors);
            if (model.Date.OutsideData || model.Result is null)
            {
                return Results.Problem($"{Q("asof")}: 没有数据 no data for this month", statusCode: StatusCodes.Status404NotFound);
            }
            var query = string.Join('&', model.Result.Scenario.ToQuery().Select(p => $"{p.Key}={p.Value}"));
            using var stream = new MemoryStream();
            Write(stream, model, new Cover(state.QueryString(), query.Length == 0 ? "基准 baseline" : query, model.Build.BuildId, model.Build.RunId, user,
                Cockpit.Etl.ChinaTime.Now(time), access.Build is not null));
            var bytes = stream.ToArray();
            await audit.WriteAsync(AuditActions.Export, user, true,
                $"stress test asof={model.Date.AsOf:yyyy-MM-dd} scenario={query} filters={state.QueryString()} " +
                $"sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))} build={model.Build.BuildId}", http);
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"压力测试_{model.Date.AsOf:yyyy-MM-dd}.xlsx");
        }
    }

    private static void Header(IXLWorksheet sheet, int row, params string[] names)
    {
        for (var i = 0; i < names.Length; i++) sheet.Cell(row, i + 1).SetValue(names[i]);
        sheet.Row(row).Style.Font.Bold = true;
    }

    private static void Finish(IXLWorksheet sheet, int lastRow, int columns)
    {
        sheet.SheetView.FreezeRows(1);
        ExcelCells.Fit(sheet, columns, lastRow);
    }

    private static void Set(IXLCell cell, object? value, string? format = null) => ExcelCells.Set(cell, value, format);
}
