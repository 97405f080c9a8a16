using System.Globalization;
using System.Security.Cryptography;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Security;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Http.Extensions;

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

    /// <summary>A written export as the response: never cached (no-store), deleted once sent unless a page may fetch it again.</summary>
    private static IResult Send(HttpContext http, ExportedFile file, bool deleteAfter = true)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
            deleteAfter ? FileOptions.DeleteOnClose | FileOptions.Asynchronous : FileOptions.Asynchronous);
        return Results.File(stream, file.ContentType, file.FileName);
    }

    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        // the rows behind a figure as the grid shows them (filters, search, column filters, order, columns in the query)
        // any signed-in caller reaches the endpoint so that a refused attempt is audited too; only the export roles get a file
        app.MapGet("/export/{code}", async (HttpContext http, string code, DrillExports exports, AuditLog audit, string? format) =>
        {
            var state = FilterState.FromQuery(p => http.Request.Query[p].FirstOrDefault());
            if (!CockpitRoles.Export.Split(',').Any(http.User.IsInRole))
            {
                await audit.WriteAsync(AuditActions.Export, http.User.Identity?.Name ?? "", false,
                    $"refused: kpi={code} filters={state.QueryString()} reason=role may not export", http);
                return Results.Problem("您的角色不能导出明细（仅稽核）。 Your role may not export rows (auditors only).", statusCode: StatusCodes.Status403Forbidden);
            }
            var grid = GridQuery.Parse(http.Request.GetEncodedPathAndQuery());
            var request = new DrillExportRequest(code, state, grid, Csv: string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase),
                AsOfRaw: http.Request.Query["asof"].FirstOrDefault());
            try
            {
                var file = await exports.ExportAsync(CockpitAccess.For(http), request, http, null, http.RequestAborted);
                return Send(http, file);
            }
            catch (ExportRefusedException e)
            {
                return Results.Problem(e.Message, statusCode: e.Status);
            }
        }).RequireAuthorization();

        // an export a page prepared (with progress): its user's, for a few minutes
        app.MapGet("/export/download/{token}", (HttpContext http, string token, ExportFiles files) =>
            files.Get(token, CockpitAccess.For(http.User).UserName) is { } file && File.Exists(file.Path)
                ? Send(http, file, deleteAfter: false)
                : Results.Problem("导出文件已过期或不存在，请重新导出。 The export has expired or does not exist: export again.", statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(CockpitRoles.Export);

        // 季度经营分析: the department's quarter for the review meeting (department heads their own, executives and auditors any)
        app.MapGet("/business/export", async (HttpContext http, KpiService kpis, AuditLog audit, TimeProvider time, IConfiguration configuration,
            string? asof, string? dept, string? product, string? industry, string? region, string? tier) =>
        {
            var user = http.User.Identity?.Name ?? "";
            var state = FilterState.FromQuery(asof, "quarter", dept, product, industry, region, tier);
            var access = CockpitAccess.For(http);
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
                    model.Build.RunId, user, Cockpit.Etl.ChinaTime.Now(time), access.Build is not null));
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
