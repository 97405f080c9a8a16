using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Security;

/// <summary>Adds the department and display name to the signed-in user's claims (roles come from Identity).</summary>
public sealed class CockpitClaimsFactory(UserManager<CockpitUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CockpitUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CockpitUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DepartmentCode)) identity.AddClaim(new Claim(CockpitClaims.Department, user.DepartmentCode));
        identity.AddClaim(new Claim(CockpitClaims.DisplayName, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        return identity;
    }
}
