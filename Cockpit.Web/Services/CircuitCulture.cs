using System.Globalization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Cockpit.Web.Services;

/// <summary>
/// Keeps the user's language for the whole interactive session: the request that served the page knows it (cookie,
/// default Chinese); every later event of the circuit runs with it too.
/// </summary>
public sealed class CircuitCulture : CircuitHandler
{
    public CultureInfo? Culture { get; private set; }

    /// <summary>Sets the session's culture (from the page request) and applies it now.</summary>
    public void Set(string? name)
    {
        var culture = Extensions.Cultures.FirstOrDefault(c => c.Name == name) ?? Extensions.Cultures[0];
        Culture = culture;
        Apply();
    }

    /// <summary>Applies the session's culture to the current call (renders started from background events need it).</summary>
    public void Apply()
    {
        if (Culture is null) return;
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = Culture;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            Apply();
            return next(context);
        };
}
