using System.Security.Cryptography;
using ClosedXML.Excel;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Security;

namespace Cockpit.Web.Exports;

/// <summary>
/// 续保跟进名单: the customer page's call list (customers whose contract matured in the period without a renewal) as
/// a workbook for customer managers, in the caller's scope (a department head gets their department's). Typed cells:
/// credit codes and contract numbers as text, amounts in yuan as numbers, dates as dates, scores as numbers; a frozen
/// header with filters; a second sheet says what was exported, from which build, by whom.
/// </summary>
public static class CallListWorkbook
{
    /// <param name="PersonalWhole">people's ID numbers are in the file whole (an auditor's export), not masked.</param>
    public sealed record Cover(string Period, string Filters, string BuildId, long RunId, string ExportedBy, DateTime ExportedAt, bool PersonalWhole = false, bool EarlierBuild = false);

    public const string SheetName = "续保跟进名单 Call list";

    public static readonly IReadOnlyList<string> Columns =
    [
        "客户 Customer", "统一社会信用代码/身份证号 Credit code / ID number", "客户分层 Tier", "客户经理 Manager", "部门 Department", "合同编号 Contract",
        "产品 Product", "合同状态 Status", "到期日 Matured on", "合同金额 Amount (元)", "流失余额 Balance that left (元)", "余额日期 Balance on",
        "最近推荐分 Last NPS score", "最近满意度 Last CSAT", "最近调查 Last surveyed",
    ];

    private static readonly Dictionary<string, string> Tiers = new(StringComparer.Ordinal)
    {
        ["strategic"] = "战略 strategic", ["core"] = "核心 core", ["potential"] = "潜力 potential", ["ordinary"] = "普通 ordinary",
    };

    public static void Write(Stream output, IReadOnlyList<CallListLine> lines, Cover cover)
    {
        using var book = new XLWorkbook();
        var sheet = book.Worksheets.Add(SheetName);
        for (var i = 0; i < Columns.Count; i++) sheet.Cell(1, i + 1).SetValue(Columns[i]);
        sheet.Row(1).Style.Font.Bold = true;
        var row = 2;
        foreach (var l in lines)
        {
            object?[] values =
            [
                l.CustomerName, l.CreditCode, l.Tier is null ? null : Tiers.GetValueOrDefault(l.Tier, l.Tier), l.ManagerName, l.DepartmentName,
                l.ContractNo, l.ProductName, l.ContractStatus, l.MaturityOn, l.Amount, l.BalanceLeft, l.LastBalanceOn,
                l.LastNpsScore, l.LastCsat, l.LastSurveyedOn,
            ];
            for (var c = 0; c < values.Length; c++) ExcelCells.Set(sheet.Cell(row, c + 1), values[c]);
            row++;
        }
        var last = Math.Max(1, row - 1);
        sheet.Range(1, 1, last, Columns.Count).SetAutoFilter();
        sheet.SheetView.FreezeRows(1);
        ExcelCells.Fit(sheet, Columns.Count, last);

        var about = book.Worksheets.Add("说明 About");
        object?[][] info =
        [
            ["续保跟进名单 Call list", "期内合同到期、到期前后 90 天内没有新合同起保的客户 Customers whose contract matured in the period without a renewal within 90 days"],
            ["期间 Period", cover.Period],
            ["筛选 Filters", cover.Filters],
            ["客户数 Lines", lines.Count],
            ["数据版本 Build", ExportLabels.Build(cover.BuildId, cover.RunId, cover.EarlierBuild)],
            ["导出人 Exported by", cover.ExportedBy],
            ["导出时间 Exported at (China time)", cover.ExportedAt],
            ["个人信息 Personal data", cover.PersonalWhole
                ? "未脱敏：身份证号完整（稽核导出，已记入审计日志） Whole: ID numbers unmasked (an auditor's export, audited as such)"
                : "已脱敏：身份证号、手机号已遮蔽 Masked: ID numbers and mobile numbers masked"],
        ];
        for (var i = 0; i < info.Length; i++)
        {
            ExcelCells.Set(about.Cell(i + 1, 1), info[i][0]);
            ExcelCells.Set(about.Cell(i + 1, 2), info[i][1]);
        }
        about.Cell(1, 1).Style.Font.Bold = true;
        ExcelCells.Fit(about, 2, info.Length);
        book.SaveAs(output);
    }

    /// <summary>
    /// /customers/calllist/export?&lt;the page's query&gt;: the call list of the page's filter state in the caller's scope,
    /// audited (refusals too), never cached.
    /// </summary>
    public static async Task<IResult> ExportAsync(HttpContext http, KpiService kpis, AuditLog audit, TimeProvider time)
    {
        var user = http.User.Identity?.Name ?? "";
        var q = http.Request.Query;
        string? Q(string name) => q.TryGetValue(name, out var v) ? v.ToString() : null;
        var state = FilterState.FromQuery(Q("asof"), Q("period"), Q("dept"), Q("product"), Q("industry"), Q("region"), Q("tier"));
        var access = CockpitAccess.For(http);
        var (data, refusal) = await ExportEndpoints.OpenAsync(http, kpis, audit, access, state, "call list");
        if (data is null) return refusal!;
        using (data)
        {
            var model = await CustomerDashboard.LoadAsync(data, new PageRequest(state, access, Q("asof")), CustomerOptions.Default);
            if (model.Date.OutsideData)
            {
                return Results.Problem($"{Q("asof")}: 没有数据 no data for this month", statusCode: StatusCodes.Status404NotFound);
            }
            var zh = System.Globalization.CultureInfo.GetCultureInfo("zh-CN");
            using var stream = new MemoryStream();
            Write(stream, model.CallList, new Cover(Services.CockpitFormat.Period(model.Date.AsOf, model.Period, zh), state.QueryString(),
                model.Build.BuildId, model.Build.RunId, user, Cockpit.Etl.ChinaTime.Now(time), access.SeesPersonalData, access.Build is not null));
            var bytes = stream.ToArray();
            await audit.WriteAsync(AuditActions.Export, user, true,
                $"call list asof={model.Date.AsOf:yyyy-MM-dd} period={FilterState.PeriodCode(model.Period)} filters={state.QueryString()} rows={model.CallList.Count} {access.PersonalDataAudit} " +
                $"sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))} build={model.Build.BuildId}", http);
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"续保跟进名单_{model.Date.AsOf:yyyy-MM}.xlsx");
        }
    }
}
