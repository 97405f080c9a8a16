using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Cockpit.Web.Security;

/// <summary>
/// An open page (its circuit) re-checks its session every <see cref="Interval"/> and before every interaction
/// (<see cref="SessionCircuitHandler"/>): once the session is no longer valid (<see cref="SessionValidator"/>) the page's
/// user becomes anonymous, so the router sends the page to the sign-in page and no more data is shown.
/// </summary>
public sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggers, SessionValidator sessions)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    /// <summary>How often an idle page re-checks its session.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        sessions.IsCurrentAsync(state.User, ct);

    /// <summary>Ends the circuit's sign-in when its session is no longer valid; true when it did.</summary>
    public async Task<bool> EndIfStaleAsync(CancellationToken ct)
    {
        AuthenticationState state;
        try
        {
            state = await GetAuthenticationStateAsync();
        }
        catch (InvalidOperationException)
        {
            return false; // the circuit has not received its user yet
        }
        if (state.User.Identity?.IsAuthenticated != true || await sessions.IsCurrentAsync(state.User, ct)) return false;
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        return true;
    }
}

/// <summary>Checks the circuit's session before each thing the browser sends (a click, a navigation, a form field): a
/// stale session is ended and the interaction dropped, so it cannot fetch data any more.</summary>
public sealed class SessionCircuitHandler(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (authentication is RevalidatingIdentityStateProvider provider && await provider.EndIfStaleAsync(CancellationToken.None)) return;
            await next(context);
        };
}
