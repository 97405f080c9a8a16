using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Security;

/// <summary>At start-up: creates the accounts database, the five roles, and the demo (or first admin) accounts.</summary>
public static class IdentitySetup
{
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var options = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Cockpit.Web.Security");
        var db = sp.GetRequiredService<IdentityDb>();
        if (options.Provider == "sqlite" && db.Database.GetConnectionString() is { } cs)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
            if (Path.GetDirectoryName(file) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        }
        await db.Database.EnsureCreatedAsync(ct);

        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in CockpitRoles.All)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        }

        var users = sp.GetRequiredService<UserManager<CockpitUser>>();
        foreach (var demo in DemoAccounts.All)
        {
            var user = await users.FindByNameAsync(demo.UserName);
            if (options.DemoAccounts && user is null)
            {
                user = new CockpitUser { UserName = demo.UserName, DisplayName = demo.DisplayName, DepartmentCode = demo.Department, IsDemo = true, LockoutEnabled = true };
                Check(await users.CreateAsync(user, options.DemoPassword), $"demo account {demo.UserName}");
                Check(await users.AddToRoleAsync(user, demo.Role), $"demo account {demo.UserName}");
                logger.LogInformation("Demo account {User} ({Role}) created", demo.UserName, demo.Role);
            }
            else if (!options.DemoAccounts && user is { IsDemo: true } && user.LockoutEnd != DateTimeOffset.MaxValue)
            {
                // outside the demo the demo accounts must not work
                await users.SetLockoutEnabledAsync(user, true);
                await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
                logger.LogWarning("Demo account {User} locked: demo accounts are switched off (Auth:DemoAccounts)", demo.UserName);
            }
        }

        if (!string.IsNullOrWhiteSpace(options.InitialAdminPassword) && (await users.GetUsersInRoleAsync(CockpitRoles.Admin)).Count == 0)
        {
            var admin = new CockpitUser { UserName = "admin", DisplayName = "管理员 Administrator", LockoutEnabled = true };
            Check(await users.CreateAsync(admin, options.InitialAdminPassword), "initial admin");
            Check(await users.AddToRoleAsync(admin, CockpitRoles.Admin), "initial admin");
            logger.LogWarning("Initial admin account 'admin' created from Auth:InitialAdminPassword; change its password now");
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Cannot create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
