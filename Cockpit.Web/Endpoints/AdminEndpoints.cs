using Cockpit.Warehouse;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Cockpit.Web.Endpoints;

/// <summary>Admin actions that are form posts (antiforgery-checked, audited with the client's address): run the ETL
/// now, create an account, change a role or department, unlock.</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/etl/run", async (HttpContext http, IBackgroundJobClient jobs, AuditLog audit, EtlRunMonitor monitor,
            [FromForm] string? note, [FromForm] string? returnUrl) =>
        {
            var user = http.User.Identity?.Name ?? "";
            var back = returnUrl is "/admin/runs" ? "/admin/runs" : "/admin";
            // one run at a time: a post while a run is queued or running is refused with the reason
            if (!monitor.TryClaim(out var busy))
            {
                await audit.WriteAsync(AuditActions.EtlManual, user, false, busy, http);
                return Results.LocalRedirect($"{back}?etl=busy&reason={Uri.EscapeDataString(busy!)}");
            }
            try
            {
                var jobId = jobs.Enqueue<EtlJob>(j => j.RunManual(user));
                await audit.WriteAsync(AuditActions.EtlManual, user, true, $"hangfire job {jobId}", http);
            }
            catch
            {
                monitor.End();
                throw;
            }
            return Results.LocalRedirect($"{back}?etl=started");
        }).RequireAuthorization(CockpitRoles.Admin);

        app.MapGet("/admin/quarantine/download", (HttpContext http, WarehouseLayout layout, AuditLog audit, long? run, string? source, string? column, string? reason) =>
            QuarantineDownload.Send(http, layout, audit, run, source, column, reason)).RequireAuthorization(CockpitRoles.Admin);

        var users = app.MapGroup("/admin/users").RequireAuthorization(CockpitRoles.Admin);

        users.MapPost("/create", async (HttpContext http, UserManager<CockpitUser> accounts, AuditLog audit,
            [FromForm] string userName, [FromForm] string? displayName, [FromForm] string role, [FromForm] string? department, [FromForm] string password) =>
        {
            var actor = http.User.Identity?.Name ?? "";
            if (RoleProblem(role, department) is { } problem) return Back(problem);
            var user = new CockpitUser
            {
                UserName = userName.Trim(), DisplayName = displayName?.Trim() ?? "", LockoutEnabled = true,
                DepartmentCode = role == CockpitRoles.DepartmentHead ? department!.Trim().ToUpperInvariant() : null,
            };
            var created = await accounts.CreateAsync(user, password);
            if (!created.Succeeded) return Back(string.Join(" ", created.Errors.Select(e => e.Description)));
            await accounts.AddToRoleAsync(user, role);
            await audit.WriteAsync(AuditActions.RoleChanged, actor, true, $"{user.UserName}: created as {Describe(role, user.DepartmentCode)}", http);
            return Back(null);
        });

        users.MapPost("/{id}/role", async (HttpContext http, string id, UserManager<CockpitUser> accounts, AuditLog audit,
            [FromForm] string role, [FromForm] string? department) =>
        {
            var actor = http.User.Identity?.Name ?? "";
            var user = await accounts.FindByIdAsync(id);
            if (user is null) return Results.NotFound();
            if (RoleProblem(role, department) is { } problem) return Back(problem);
            var before = Describe((await accounts.GetRolesAsync(user)).FirstOrDefault() ?? "-", user.DepartmentCode);
            if (user.UserName == actor && role != CockpitRoles.Admin) return Back("不能取消自己的管理员角色 You cannot remove your own admin role.");
            await accounts.RemoveFromRolesAsync(user, await accounts.GetRolesAsync(user));
            await accounts.AddToRoleAsync(user, role);
            user.DepartmentCode = role == CockpitRoles.DepartmentHead ? department!.Trim().ToUpperInvariant() : null;
            await accounts.UpdateAsync(user);
            // open pages of that user re-check their access (security stamp)
            await accounts.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.RoleChanged, actor, true, $"{user.UserName}: {before} → {Describe(role, user.DepartmentCode)}", http);
            return Back(null);
        });

        users.MapPost("/{id}/unlock", async (HttpContext http, string id, UserManager<CockpitUser> accounts, AuditLog audit) =>
        {
            var user = await accounts.FindByIdAsync(id);
            if (user is null) return Results.NotFound();
            await accounts.SetLockoutEndDateAsync(user, null);
            await accounts.ResetAccessFailedCountAsync(user);
            await audit.WriteAsync(AuditActions.RoleChanged, http.User.Identity?.Name ?? "", true, $"{user.UserName}: unlocked", http);
            return Back(null);
        });
    }

    private static string? RoleProblem(string role, string? department) =>
        !CockpitRoles.IsKnown(role) ? $"未知角色 unknown role: {role}"
        : role == CockpitRoles.DepartmentHead && string.IsNullOrWhiteSpace(department) ? "部门负责人必须指定部门 A department head needs a department."
        : null;

    private static string Describe(string role, string? department) => department is null ? role : $"{role} {department}";

    private static IResult Back(string? error) =>
        Results.LocalRedirect(error is null ? "/admin/users?saved=1" : $"/admin/users?error={Uri.EscapeDataString(error)}");
}
