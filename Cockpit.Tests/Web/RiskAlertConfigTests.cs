using Cockpit.Tests.Etl;

namespace Cockpit.Tests.Web;

/// <summary>Risk:Alerts is checked when the app starts: an unusable rule set stops it with the rule and what is wrong.</summary>
public sealed class RiskAlertConfigTests
{
    [Fact]
    public void AnUnusableAlertRuleStopsTheStartWithWhatIsWrong()
    {
        var folder = TempFolder.Create("alerts-config");
        try
        {
            using var app = WebTestSupport.App(folder, Path.Combine(folder, "source.db"), Path.Combine(folder, "inbox"), Path.Combine(folder, "warehouse"),
                new Dictionary<string, string>
                {
                    ["Etl:GenerateDemoWhenMissing"] = "false",
                    ["Risk:Alerts:Rules:0:Level"] = "1",
                    ["Risk:Alerts:Rules:0:Kind"] = "overdue_days",
                    ["Risk:Alerts:Rules:0:Threshold"] = "90",
                    ["Risk:Alerts:Rules:1:Level"] = "5",
                    ["Risk:Alerts:Rules:1:Kind"] = "overdue_days",
                    ["Risk:Alerts:Rules:1:Threshold"] = "30",
                });
            var error = Record.Exception(() => app.CreateClient());
            Assert.NotNull(error);
            Assert.Contains("Risk:Alerts:Rules:1: Level must be 1 (一级), 2 (二级) or 3 (三级), not 5.", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }
}
