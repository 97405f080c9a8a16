namespace Cockpit.Web;

/// <summary>
/// The environments the cockpit knows. <c>Demo</c> is what <c>dotnet run --project Cockpit.Web</c> runs
/// (launchSettings.json): the demo company and demo accounts (appsettings.Demo.json), plain HTTP on localhost, and no
/// developer exception page (that page is only ever added in <c>Development</c>). Everything else is production-like:
/// Secure cookies, HSTS, HTTPS (directly or through a configured proxy) required.
/// </summary>
public static class CockpitEnvironments
{
    public const string Demo = "Demo";

    /// <summary>A local run over plain HTTP (the demo, or a developer's Development).</summary>
    public static bool IsLocal(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment(Demo);
}
