using System.Globalization;
using System.Security.Cryptography;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Security;
using Cockpit.Web.Services;

namespace Cockpit.Web.Exports;

/// <summary>/export/{code}?asof=…&amp;period=…: a drill-down as Excel, for auditors; every export is audited.</summary>
public static class ExportEndpoints
{
    /// <summary>
    /// The caller's data for an export of <paramref name="what"/>, or the answer instead: 503 before the first build,
    /// 403 with the reason when the scope refuses the filter (audited as a refused export).
    /// </summary>
    internal static async Task<(ScopedData? Data, IResult? Refusal)> OpenAsync(
        HttpContext http, KpiService kpis, AuditLog audit, DataAccess access, FilterState state, string what)
    {
        if (kpis.CurrentBuild is null) return (null, Results.Problem("尚无数据 no warehouse build yet", statusCode: StatusCodes.Status503ServiceUnavailable));
        try
        {
            return (ScopedData.Open(kpis, access, state, companyTotals: false), null);
        }
        catch (ScopeRefusedException e)
        {
            await audit.WriteAsync(AuditActions.Export, http.User.Identity?.Name ?? "", false, $"refused: {what} {state.QueryString()}", http);
            return (null, Results.Problem(e.MessageZh + " " + e.MessageEn, statusCode: StatusCodes.Status403Forbidden));
        }
    }

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/{code}", async (HttpContext http, string code, KpiService kpis, AuditLog audit, TimeProvider time) =>
        {
            var user = http.User.Identity?.Name ?? "";
            if (!KpiCatalog.Contains(code)) return Results.NotFound($"未知指标 unknown KPI: {code}");
            var state = FilterState.FromQuery(p => http.Request.Query[p].FirstOrDefault());
            if (kpis.CurrentBuild is null) return Results.Problem("尚无数据 no warehouse build yet", statusCode: StatusCodes.Status503ServiceUnavailable);
            ScopedData data;
            try
            {
                // one build for the figure, the rows and the summary
                data = ScopedData.Open(kpis, CockpitAccess.For(http.User), state, companyTotals: false);
            }
            catch (ScopeRefusedException e)
            {
                await audit.WriteAsync(AuditActions.Export, user, false, $"refused: {code}{state.QueryString()}", http);
                return Results.Problem(e.MessageZh + " " + e.MessageEn, statusCode: StatusCodes.Status403Forbidden);
            }
            using var _ = data;
            var build = data.Build;
            var window = KpiWindow.For(state.AsOf ?? data.FilterOptions().MonthEnds.First(), state.Period);
            var first = await data.GetDrillDownAsync(code, window, limit: 1);
            var kpi = KpiCatalog.Get(code);
            var zh = CultureInfo.GetCultureInfo("zh-CN");
            var now = Cockpit.Etl.ChinaTime.Now(time);
            var summary = new DrillWorkbook.Summary(
                $"{kpi.NameZh} {kpi.NameEn} ({code})", kpi.FormulaZh, CockpitFormat.Value(first.Figure.Value, kpi.Unit, zh), first.Figure,
                $"{window.From:yyyy-MM-dd}…{window.To:yyyy-MM-dd} {state.QueryString()}", build.BuildId, build.RunId, user, now);

            // the file goes to a temporary file first: hashed for the audit log, then sent
            var file = Path.GetTempFileName();
            try
            {
                long rows;
                await using (var stream = File.Create(file))
                {
                    rows = DrillWorkbook.Write(stream, first.Columns, data.StreamRows(code, window), summary);
                }
                var bytes = await File.ReadAllBytesAsync(file);
                var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
                await audit.WriteAsync(AuditActions.Export, user, true,
                    $"kpi={code} window={window.From:yyyy-MM-dd}..{window.To:yyyy-MM-dd} filters={state.QueryString()} rows={rows} sha256={hash} build={build.BuildId}", http);
                var name = $"{code}_{window.To:yyyy-MM}_{FilterState.PeriodCode(state.Period)}.xlsx";
                return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
            }
            finally
            {
                File.Delete(file);
            }
        }).RequireAuthorization(CockpitRoles.Export);

        // 季度经营分析: the department's quarter for the review meeting (department heads their own, executives and auditors any)
        app.MapGet("/business/export", async (HttpContext http, KpiService kpis, AuditLog audit, TimeProvider time, IConfiguration configuration,
            string? asof, string? dept, string? product, string? industry, string? region, string? tier) =>
        {
            var user = http.User.Identity?.Name ?? "";
            var state = FilterState.FromQuery(asof, "quarter", dept, product, industry, region, tier);
            var access = CockpitAccess.For(http.User);
            var (data, refusal) = await OpenAsync(http, kpis, audit, access, state, "business quarter");
            if (data is null) return refusal!;
            using (data)
            {
                var model = await BusinessDashboard.LoadAsync(data, new PageRequest(state, access, asof),
                    configuration.GetValue("Business:StuckDays", BusinessDashboard.DefaultStuckDays));
                if (model.Date.OutsideData) return Results.Problem($"{asof}: 没有数据 no data for this month", statusCode: StatusCodes.Status404NotFound);
                var departmentName = model.TargetDepartment == "ALL" ? "全公司 Company"
                    : model.Options.Departments.FirstOrDefault(d => d.Code == model.TargetDepartment)?.Name ?? model.TargetDepartment;
                using var stream = new MemoryStream();
                QuarterWorkbook.Write(stream, model, new QuarterWorkbook.Cover(departmentName, state.QueryString(), model.Build.BuildId,
                    model.Build.RunId, user, Cockpit.Etl.ChinaTime.Now(time)));
                var bytes = stream.ToArray();
                var name = $"季度经营分析_{model.TargetDepartment}_{model.Date.AsOf.Year}Q{model.Quarter}.xlsx";
                await audit.WriteAsync(AuditActions.Export, user, true,
                    $"business quarter dept={model.TargetDepartment} quarter={model.Date.AsOf.Year}Q{model.Quarter} filters={state.QueryString()} " +
                    $"sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))} build={model.Build.BuildId}", http);
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
            }
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = CockpitRoles.BusinessPage });

        // 压力测试: the page's scenario and filters as a workbook (StressWorkbook)
        app.MapGet("/risk/stress/export", StressWorkbook.ExportAsync)
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = CockpitRoles.RiskPage });

        // 续保跟进名单: the customer page's call list (CallListWorkbook); a department head exports their own department's
        app.MapGet("/customers/calllist/export", CallListWorkbook.ExportAsync)
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = CockpitRoles.CustomersPage });
    }
}
