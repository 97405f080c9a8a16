namespace Cockpit.Web.Security;

/// <summary>One demo account per role (and two department heads), for the demo company. Listed in the README.</summary>
public static class DemoAccounts
{
    public sealed record Account(string UserName, string DisplayName, string Role, string? Department);

    public static readonly IReadOnlyList<Account> All =
    [
        new("ceo", "周总（总经理）", CockpitRoles.Executive, null),
        new("bd1", "王敏（业务一部负责人）", CockpitRoles.DepartmentHead, "BD1"),
        new("bd2", "李强（业务二部负责人）", CockpitRoles.DepartmentHead, "BD2"),
        new("risk", "赵磊（风险管理部）", CockpitRoles.RiskOfficer, null),
        new("audit", "孙婷（稽核部）", CockpitRoles.Auditor, null),
        new("admin", "数据管理员", CockpitRoles.Admin, null),
    ];
}
