using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Security;

/// <summary>
/// Server-side session check: a session (a sign-in cookie, an open page's circuit) is valid while its security stamp is
/// the account's and the account is not disabled. Checked on every request and every circuit interaction; the
/// account's stamp is read from the database at most every <see cref="AuthOptions.SessionCheckSeconds"/> per user,
/// and forgotten at once when this app changes the account (<see cref="CockpitUserManager"/>), so that sign-out,
/// a password change or reset, disabling and a role or department change (all of which renew the stamp) refuse the
/// user's other sessions at their next request.
/// </summary>
public sealed class SessionValidator(IDbContextFactory<IdentityDb> databases, IOptions<AuthOptions> auth, IOptions<IdentityOptions> identity,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new();
    private long _generation;

    private sealed record Account(string? Stamp, bool Disabled, long CheckedAt);

    /// <summary>True when <paramref name="user"/> (a signed-in principal) still stands for its account as it is now.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var claims = identity.Value.ClaimsIdentity;
        var id = user.FindFirstValue(claims.UserIdClaimType);
        var stamp = user.FindFirstValue(claims.SecurityStampClaimType);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(stamp)) return false;
        var account = await AccountAsync(id, ct);
        return !account.Disabled && account.Stamp == stamp;
    }

    /// <summary>The account changed: its next session check reads it from the database.</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _generation);
        _accounts.TryRemove(userId, out _);
    }

    private async Task<Account> AccountAsync(string id, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        var maxAge = TimeSpan.FromSeconds(Math.Max(0, auth.Value.SessionCheckSeconds));
        if (_accounts.TryGetValue(id, out var known) && time.GetElapsedTime(known.CheckedAt, now) < maxAge) return known;
        var generation = Interlocked.Read(ref _generation);
        await using var db = await databases.CreateDbContextAsync(ct);
        var row = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, u.LockoutEnd }).FirstOrDefaultAsync(ct);
        var account = row is null ? new Account(null, true, now) : new Account(row.SecurityStamp, UserAdministration.IsDisabled(row.LockoutEnd), now);
        // an account changed while it was read is read again next time
        if (Interlocked.Read(ref _generation) == generation) _accounts[id] = account;
        return account;
    }

    /// <summary>The sign-in cookie's check on every request: a stale session is refused and its cookie removed.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null) return;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionValidator>();
        if (await sessions.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}

/// <summary>Identity's user manager that tells the <see cref="SessionValidator"/> whenever an account is saved or
/// deleted (every stamp, password, lockout and role change goes through <see cref="UserManager{TUser}.UpdateUserAsync"/>).</summary>
public sealed class CockpitUserManager(IUserStore<CockpitUser> store, IOptions<IdentityOptions> options, IPasswordHasher<CockpitUser> hasher,
    IEnumerable<IUserValidator<CockpitUser>> userValidators, IEnumerable<IPasswordValidator<CockpitUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<CockpitUser>> logger,
    SessionValidator sessions)
    : UserManager<CockpitUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(CockpitUser user)
    {
        try
        {
            return await base.UpdateUserAsync(user);
        }
        finally
        {
            sessions.Forget(user.Id);
        }
    }

    public override async Task<IdentityResult> DeleteAsync(CockpitUser user)
    {
        try
        {
            return await base.DeleteAsync(user);
        }
        finally
        {
            sessions.Forget(user.Id);
        }
    }
}
