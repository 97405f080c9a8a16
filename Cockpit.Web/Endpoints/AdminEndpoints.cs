using Cockpit.Warehouse;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

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

        // every post here carries the antiforgery token (checked even where no form field is read)
        var users = app.MapGroup("/admin/users").RequireAuthorization(CockpitRoles.Admin).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());

        // a new account: one or more roles, a department (one that exists) for a department head, an initial password.
        // On a refusal the page shows why in words and keeps what was typed (not the password).
        users.MapPost("/create", async (HttpContext http, UserManager<CockpitUser> accounts, AuditLog audit, CockpitData data, IStringLocalizer<Strings> l,
            IFormCollection form) =>
        {
            var actor = http.User.Identity?.Name ?? "";
            var userName = form["userName"].ToString().Trim();
            var displayName = form["displayName"].ToString().Trim();
            var roles = Roles(form);
            var department = Department(form);
            var password = form["password"].ToString();
            var kept = Kept(userName, displayName, roles, department);
            if (string.IsNullOrWhiteSpace(userName)) return Back(l["Users_NoUserName"], kept);
            if (RoleProblem(roles, department, data, l) is { } problem) return Back(problem, kept);
            var user = new CockpitUser
            {
                UserName = userName, DisplayName = displayName, LockoutEnabled = true,
                DepartmentCode = roles.Contains(CockpitRoles.DepartmentHead) ? department : null,
            };
            var created = await accounts.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                await audit.WriteAsync(AuditActions.RoleChanged, actor, false, $"{userName}: refused: {string.Join(" ", created.Errors.Select(e => e.Code))}", http);
                return Back(string.Join(" ", created.Errors.Select(e => e.Description)), kept);
            }
            await accounts.AddToRolesAsync(user, roles);
            await audit.WriteAsync(AuditActions.RoleChanged, actor, true, $"{user.UserName}: created as {Describe(roles, user.DepartmentCode)}", http);
            return Back(null);
        });

        users.MapPost("/{id}/role", async (HttpContext http, string id, UserManager<CockpitUser> accounts, AuditLog audit, CockpitData data,
            IStringLocalizer<Strings> l, IFormCollection form) =>
        {
            var actor = http.User.Identity?.Name ?? "";
            var user = await accounts.FindByIdAsync(id);
            if (user is null) return Back(l["Users_NotFound"]);
            var roles = Roles(form);
            var department = Department(form);
            if (RoleProblem(roles, department, data, l) is { } problem) return Back(problem);
            var current = await accounts.GetRolesAsync(user);
            var before = Describe([.. current], user.DepartmentCode);
            if (user.UserName == actor && !roles.Contains(CockpitRoles.Admin)) return Back(l["Users_OwnAdmin"]);
            await accounts.RemoveFromRolesAsync(user, current);
            await accounts.AddToRolesAsync(user, roles);
            user.DepartmentCode = roles.Contains(CockpitRoles.DepartmentHead) ? department : null;
            await accounts.UpdateAsync(user);
            // open sessions of that user re-check their access (security stamp)
            await accounts.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.RoleChanged, actor, true, $"{user.UserName}: {before} → {Describe(roles, user.DepartmentCode)}", http);
            return Back(null);
        });

        users.MapPost("/{id}/unlock", async (HttpContext http, string id, UserManager<CockpitUser> accounts, AuditLog audit, IStringLocalizer<Strings> l) =>
        {
            var user = await accounts.FindByIdAsync(id);
            if (user is null) return Back(l["Users_NotFound"]);
            if (UserAdministration.IsDisabled(user)) return Back(l["Users_UnlockDisabled"]);
            await accounts.SetLockoutEndDateAsync(user, null);
            await accounts.ResetAccessFailedCountAsync(user);
            await audit.WriteAsync(AuditActions.RoleChanged, http.User.Identity?.Name ?? "", true, $"{user.UserName}: unlocked", http);
            return Back(null);
        });

        // disabled: locked for good and the security stamp renewed, so open sessions end at their next check
        users.MapPost("/{id}/disable", async (HttpContext http, string id, UserManager<CockpitUser> accounts, AuditLog audit, IStringLocalizer<Strings> l) =>
        {
            var actor = http.User.Identity?.Name ?? "";
            var user = await accounts.FindByIdAsync(id);
            if (user is null) return Back(l["Users_NotFound"]);
            if (user.UserName == actor) return Back(l["Users_OwnDisable"]);
            await accounts.SetLockoutEnabledAsync(user, true);
            await accounts.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            await accounts.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.UserDisabled, actor, true, $"{user.UserName}: disabled", http);
            return Back(null);
        });

        users.MapPost("/{id}/enable", async (HttpContext http, string id, UserManager<CockpitUser> accounts, AuditLog audit, IStringLocalizer<Strings> l) =>
        {
            var user = await accounts.FindByIdAsync(id);
            if (user is null) return Back(l["Users_NotFound"]);
            await accounts.SetLockoutEndDateAsync(user, null);
            await accounts.ResetAccessFailedCountAsync(user);
            await audit.WriteAsync(AuditActions.UserEnabled, http.User.Identity?.Name ?? "", true, $"{user.UserName}: enabled", http);
            return Back(null);
        });

        // a password set by the admin: the user signs in with it and must choose their own before anything else
        users.MapPost("/{id}/password", async (HttpContext http, string id, UserManager<CockpitUser> accounts, AuditLog audit, IStringLocalizer<Strings> l,
            IFormCollection form) =>
        {
            var actor = http.User.Identity?.Name ?? "";
            var user = await accounts.FindByIdAsync(id);
            if (user is null) return Back(l["Users_NotFound"]);
            var token = await accounts.GeneratePasswordResetTokenAsync(user);
            var reset = await accounts.ResetPasswordAsync(user, token, form["password"].ToString());
            if (!reset.Succeeded)
            {
                await audit.WriteAsync(AuditActions.PasswordReset, actor, false, $"{user.UserName}: refused: {string.Join(" ", reset.Errors.Select(e => e.Code))}", http);
                return Back($"{user.UserName}: {string.Join(" ", reset.Errors.Select(e => e.Description))}");
            }
            await UserAdministration.PasswordChangedAsync(accounts, user);
            await accounts.AddClaimAsync(user, new System.Security.Claims.Claim(UserAdministration.MustChangePasswordClaim, "1"));
            await accounts.UpdateSecurityStampAsync(user);
            await audit.WriteAsync(AuditActions.PasswordReset, actor, true, $"{user.UserName}: password reset, to be changed at the next sign-in", http);
            return Back(null);
        });

        app.MapAuditExport();
    }

    private static List<string> Roles(IFormCollection form) =>
        [.. form["role"].SelectMany(r => (r ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];

    private static string? Department(IFormCollection form) =>
        form["department"].ToString().Trim() is { Length: > 0 } d ? d.ToUpperInvariant() : null;

    /// <summary>At least one known role; a department head bound to a department that exists in the warehouse.</summary>
    private static string? RoleProblem(List<string> roles, string? department, CockpitData data, IStringLocalizer<Strings> l)
    {
        if (roles.Count == 0) return l["Users_NoRole"];
        if (roles.FirstOrDefault(r => !CockpitRoles.IsKnown(r)) is { } unknown) return string.Format(l["Users_UnknownRole"], unknown);
        if (!roles.Contains(CockpitRoles.DepartmentHead)) return null;
        if (department is null) return l["Users_HeadNeedsDepartment"];
        return data.Departments().Any(d => string.Equals(d.Code, department, StringComparison.OrdinalIgnoreCase))
            ? null
            : string.Format(l["Users_UnknownDepartment"], department);
    }

    private static string Describe(List<string> roles, string? department)
    {
        var text = roles.Count == 0 ? "-" : string.Join("+", roles.OrderBy(r => CockpitRoles.All.ToList().IndexOf(r)));
        return department is null ? text : $"{text} {department}";
    }

    private static string Kept(string userName, string displayName, List<string> roles, string? department) =>
        $"&userName={Uri.EscapeDataString(userName)}&displayName={Uri.EscapeDataString(displayName)}" +
        $"&roles={Uri.EscapeDataString(string.Join(",", roles))}&department={Uri.EscapeDataString(department ?? "")}";

    private static IResult Back(string? error, string kept = "") =>
        Results.LocalRedirect(error is null ? "/admin/users?saved=1" : $"/admin/users?error={Uri.EscapeDataString(error)}{kept}");
}
