using System.Security.Cryptography;
using ClosedXML.Excel;
using Cockpit.Web.Exports;
using Microsoft.Extensions.Localization;

namespace Cockpit.Web.Security;

/// <summary>
/// The audit log as an Excel workbook: the page's filter (user, action, dates, search), every matching entry newest
/// first, in words as on the page. The download itself is audited as an export (filter, rows, SHA-256).
/// </summary>
public static class AuditExport
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void MapAuditExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/admin/audit/export", async (HttpContext http, AuditLog log, AuditText words, IStringLocalizer<Strings> l, TimeProvider time,
            string? user, string? action, string? from, string? to, string? q) =>
        {
            var actor = http.User.Identity?.Name ?? "";
            var filter = AuditFilter.Parse(user, action, from, to, q, out var error);
            if (error is not null)
            {
                await WriteAuditAsync(false, $"refused: audit log, bad date {error}");
                return Results.BadRequest(string.Format(l["Audit_BadDate"], error));
            }
            var (rows, _) = await log.ReadAsync(filter, 0, 100_000, http.RequestAborted);
            byte[] bytes;
            using (var book = new XLWorkbook())
            {
                var sheet = book.Worksheets.Add(l["Nav_Audit"].Value);
                string[] header = [l["Audit_Time"], l["Audit_User"], l["Audit_Action"], l["Audit_Result"], l["Audit_Detail"], l["Audit_From"], l["Audit_Reference"]];
                for (var c = 0; c < header.Length; c++) sheet.Cell(1, c + 1).SetValue(header[c]);
                sheet.Row(1).Style.Font.Bold = true;
                var r = 2;
                foreach (var e in rows)
                {
                    ExcelCells.Set(sheet.Cell(r, 1), TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(e.At, DateTimeKind.Utc), Cockpit.Etl.ChinaTime.Zone));
                    sheet.Cell(r, 1).Style.DateFormat.Format = "yyyy-mm-dd hh:mm:ss";
                    ExcelCells.Set(sheet.Cell(r, 2), e.UserName);
                    ExcelCells.Set(sheet.Cell(r, 3), words.Action(e.Action));
                    ExcelCells.Set(sheet.Cell(r, 4), words.Result(e.Succeeded));
                    ExcelCells.Set(sheet.Cell(r, 5), words.Detail(e.Action, e.Detail));
                    ExcelCells.Set(sheet.Cell(r, 6), e.RemoteIp);
                    ExcelCells.Set(sheet.Cell(r, 7), e.CorrelationId);
                    r++;
                }
                ExcelCells.Fit(sheet, 7, Math.Min(r - 1, 500));
                sheet.SheetView.FreezeRows(1);
                using var stream = new MemoryStream();
                book.SaveAs(stream);
                bytes = stream.ToArray();
            }
            var filters = filter.QueryString();
            await WriteAuditAsync(true, $"audit log filters={(filters.Length == 0 ? "-" : filters)} rows={rows.Count} sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}");
            http.Response.Headers.CacheControl = "no-store";
            var name = $"审计日志_{Cockpit.Etl.ChinaTime.Now(time):yyyyMMdd_HHmmss}.xlsx";
            return Results.File(bytes, Xlsx, name);

            Task WriteAuditAsync(bool ok, string detail) => log.WriteAsync(AuditActions.Export, actor, ok, detail, http);
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = CockpitRoles.AuditLog });
}
