using System.Globalization;
using ClosedXML.Excel;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;

namespace Cockpit.Web.Exports;

/// <summary>
/// 季度经营分析: a department's quarter as one workbook for the review meeting — a cover sheet (department, quarter,
/// filters, build, who and when), the goals, the managers with the department's total, the funnel with channels and
/// stuck applications, and the dual due-diligence exceptions. Cells are typed: amounts in yuan as numbers, rates as
/// percentages, dates as dates, text as text.
/// </summary>
public static class QuarterWorkbook
{
    public sealed record Cover(string DepartmentName, string Filters, string BuildId, long RunId, string ExportedBy, DateTime ExportedAt, bool EarlierBuild = false);

    private const string Money = "#,##0.00";
    private const string Rate = "0.00%";

    public static void Write(Stream output, BusinessModel m, Cover cover)
    {
        using var book = new XLWorkbook();
        var quarter = $"{m.Date.AsOf.Year}Q{m.Quarter}";

        var sheet = book.Worksheets.Add("封面 Cover");
        object?[][] lines =
        [
            ["季度经营分析 Quarterly business review", null],
            ["部门 Department", cover.DepartmentName],
            ["季度 Quarter", quarter],
            ["数据截至 As of", m.Date.AsOf],
            ["筛选 Filters", cover.Filters],
            ["数据版本 Build", ExportLabels.Build(cover.BuildId, cover.RunId, cover.EarlierBuild)],
            ["导出人 Exported by", cover.ExportedBy],
            ["导出时间 Exported at (China time)", cover.ExportedAt],
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            Set(sheet.Cell(i + 1, 1), lines[i][0]);
            Set(sheet.Cell(i + 1, 2), lines[i][1]);
        }
        sheet.Cell(1, 1).Style.Font.Bold = true;
        ExcelCells.Fit(sheet, 2, lines.Length);

        var goals = book.Worksheets.Add("目标 Goals");
        Header(goals, "目标期间 Period", "指标 KPI", "实际 Actual", "目标 Target", "完成率 Completion", "时间进度 Time elapsed", "状态 Status", "差距 Gap");
        var row = 2;
        foreach (var (label, lines2) in new[] { (quarter, m.QuarterGoals), (m.Date.AsOf.Year.ToString(CultureInfo.InvariantCulture), m.YearGoals) })
        {
            foreach (var g in lines2)
            {
                var format = g.Kpi.Unit switch { KpiUnit.Yuan => Money, KpiUnit.Percent => Rate, _ => "#,##0.##" };
                Set(goals.Cell(row, 1), label);
                Set(goals.Cell(row, 2), $"{g.Kpi.NameZh} {g.Kpi.NameEn}");
                Set(goals.Cell(row, 3), g.Target.Actual, format);
                Set(goals.Cell(row, 4), g.Target.Target, format);
                Set(goals.Cell(row, 5), g.Target.Completion, Rate);
                Set(goals.Cell(row, 6), g.Kpi.IsCumulative ? g.Target.TimeProgress : null, Rate);
                Set(goals.Cell(row, 7), g.Target.Status switch { "green" => "达标 on track", "amber" => "预警 at risk", "red" => "落后 behind", _ => "" });
                Set(goals.Cell(row, 8), g.Gap, format);
                row++;
            }
        }
        Finish(goals, row - 1, 8);

        var managers = book.Worksheets.Add("客户经理 Managers");
        Header(managers, "排名 Rank", "工号 Code", "客户经理 Manager", "担保发生额 New guarantees (元)", "新增客户 New customers", "担保费收入 Fee income (元)",
            "在保余额 Balance (元)", "逾期余额 Overdue balance (元)", "代偿额 Compensation (元)", "审批周期 Approval days", "客户NPS Customers' NPS", "问卷数 Responses");
        row = 2;
        foreach (var line in m.Managers.Append(m.Total))
        {
            var total = ReferenceEquals(line, m.Total);
            Set(managers.Cell(row, 1), total ? null : line.Rank);
            Set(managers.Cell(row, 2), total ? null : line.Code);
            Set(managers.Cell(row, 3), total ? "部门合计 Department total" : line.Name);
            Set(managers.Cell(row, 4), line.NewAmount, Money);
            Set(managers.Cell(row, 5), line.NewCustomers, "#,##0");
            Set(managers.Cell(row, 6), line.FeeIncome, Money);
            Set(managers.Cell(row, 7), line.Balance, Money);
            Set(managers.Cell(row, 8), line.OverdueBalance, Money);
            Set(managers.Cell(row, 9), line.Compensation, Money);
            Set(managers.Cell(row, 10), line.ApprovalDays, "0.0");
            Set(managers.Cell(row, 11), line.Nps, "0.0");
            Set(managers.Cell(row, 12), line.NpsResponses);
            if (total) managers.Row(row).Style.Font.Bold = true;
            row++;
        }
        Finish(managers, row - 1, 12);

        var funnel = book.Worksheets.Add("漏斗 Funnel");
        Header(funnel, "阶段 Stage", "件数 Count", "转化率 Conversion", "中位天数 Median days");
        row = 2;
        string[] names = ["受理 Received", "尽调 Due diligence", "评审 Review", "通过 Approved", "签约 Signed"];
        decimal?[] days = [null, m.Funnel.DaysToDueDiligence, m.Funnel.DaysToReview, m.Funnel.DaysToDecision, m.Funnel.DaysToSigning];
        foreach (var (stage, i) in m.Funnel.Stages.Select((s, i) => (s, i)))
        {
            Set(funnel.Cell(row, 1), names[i]);
            Set(funnel.Cell(row, 2), stage.Count);
            Set(funnel.Cell(row, 3), stage.Conversion, Rate);
            Set(funnel.Cell(row, 4), days[i], "0.0");
            row++;
        }
        row++;
        Header(funnel, row, "渠道 Channel", "申请 Applications", "通过 Approved", "否决 Rejected", "通过金额 Approved amount (元)", "通过率 Approval rate");
        row++;
        foreach (var c in m.Channels)
        {
            Set(funnel.Cell(row, 1), $"{c.NameZh} {c.NameEn}");
            Set(funnel.Cell(row, 2), c.Applications);
            Set(funnel.Cell(row, 3), c.Approved);
            Set(funnel.Cell(row, 4), c.Rejected);
            Set(funnel.Cell(row, 5), c.ApprovedAmount, Money);
            Set(funnel.Cell(row, 6), c.ApprovalRate, Rate);
            row++;
        }
        row++;
        Header(funnel, row, "停滞申请 Stuck application", "客户 Customer", "客户经理 Manager", "阶段 Stage", "进入该阶段 Since", "天数 Days", "申请金额 Requested (元)");
        row++;
        foreach (var s in m.Stuck)
        {
            Set(funnel.Cell(row, 1), s.ApplicationId);
            Set(funnel.Cell(row, 2), s.CustomerName);
            Set(funnel.Cell(row, 3), s.ManagerName);
            Set(funnel.Cell(row, 4), s.Stage);
            Set(funnel.Cell(row, 5), s.Since);
            Set(funnel.Cell(row, 6), s.Days);
            Set(funnel.Cell(row, 7), s.RequestedAmount, Money);
            row++;
        }
        ExcelCells.Fit(funnel, 7, row);

        var rules = book.Worksheets.Add("双人尽调 Dual DD");
        Set(rules.Cell(1, 1), "双人尽调落实率 Dual due diligence rate");
        Set(rules.Cell(1, 2), m.DualDueDiligence.Value, Rate);
        rules.Cell(1, 1).Style.Font.Bold = true;
        Header(rules, 3, "申请编号 Application", "客户 Customer", "部门 Department", "尽调日 Due diligence", "A角 A manager", "B角 B manager");
        row = 4;
        foreach (var e in m.Exceptions)
        {
            Set(rules.Cell(row, 1), e.ApplicationId);
            Set(rules.Cell(row, 2), e.CustomerName);
            Set(rules.Cell(row, 3), e.DepartmentCode);
            Set(rules.Cell(row, 4), e.DueDiligenceOn);
            Set(rules.Cell(row, 5), e.ManagerA);
            Set(rules.Cell(row, 6), e.ManagerB ?? "（无B角）none");
            row++;
        }
        ExcelCells.Fit(rules, 6, row);

        book.SaveAs(output);
    }

    private static void Header(IXLWorksheet sheet, params string[] names) => Header(sheet, 1, names);

    private static void Header(IXLWorksheet sheet, int row, params string[] names)
    {
        for (var i = 0; i < names.Length; i++) sheet.Cell(row, i + 1).SetValue(names[i]);
        sheet.Row(row).Style.Font.Bold = true;
    }

    private static void Finish(IXLWorksheet sheet, int lastRow, int columns)
    {
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, lastRow), columns).SetAutoFilter();
        ExcelCells.Fit(sheet, columns, lastRow);
    }

    private static void Set(IXLCell cell, object? value, string? format = null) => ExcelCells.Set(cell, value, format);
}
