using Microsoft.AspNetCore.Identity;

namespace Cockpit.Web.Security;

/// <summary>A cockpit account: a person with one role, a department head bound to one department.</summary>
public sealed class CockpitUser : IdentityUser
{
    /// <summary>The name shown in the app bar (e.g. 张伟).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The department a department head is bound to (department code, e.g. BD1); null for other roles.</summary>
    public string? DepartmentCode { get; set; }

    /// <summary>Created by the demo seeding (switched off outside the demo).</summary>
    public bool IsDemo { get; set; }
}

/// <summary>Claim types the cockpit adds to the signed-in user.</summary>
public static class CockpitClaims
{
    public const string Department = "cockpit:department";
    public const string DisplayName = "cockpit:display_name";
}
