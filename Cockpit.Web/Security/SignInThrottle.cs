using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Security;

/// <summary>
/// Sign-in attempts are limited per client address (ASP.NET Core's rate limiter, policy <see cref="Policy"/> on the
/// sign-in page): more than <see cref="AuthOptions.SignInAttemptsPerMinute"/> posts a minute from one address answer 429
/// with the sign-in page saying so, and the throttled attempt is audited (address, user name tried). Guessing
/// passwords and locking other people's accounts are slowed down to that pace.
/// </summary>
public static class SignInThrottle
{
    public const string Policy = "sign-in";

    private const string ThrottledItem = "cockpit:sign-in-throttled";

    public static IServiceCollection AddCockpitSignInThrottle(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policy, http =>
            {
                // only the form posts count; showing the page is free
                if (!HttpMethods.IsPost(http.Request.Method)) return RateLimitPartition.GetNoLimiter("page");
                var perMinute = Math.Max(1, http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute);
                return RateLimitPartition.GetSlidingWindowLimiter(ClientAddress(http), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = RejectedAsync;
        });

    /// <summary>The connection's address (the client's, behind a trusted proxy, once forwarded headers are applied).</summary>
    public static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : IPAddress.None.ToString();

    /// <summary>True while the sign-in page answers a throttled post (it shows the message and signs nobody in).</summary>
    public static bool IsThrottled(HttpContext http) => http.Items.ContainsKey(ThrottledItem);

    private static async ValueTask RejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var tried = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct))["Input.UserName"].ToString().Trim() : "";
        var perMinute = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.SignInAttemptsPerMinute;
        await http.RequestServices.GetRequiredService<AuditLog>().WriteAsync(AuditActions.SignInThrottled, tried, false,
            $"throttled per_minute={perMinute} address={ClientAddress(http)}", http, ct);
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // the sign-in form answers itself, saying why (status 429); anything else gets the message as plain text
        if (http.GetEndpoint()?.RequestDelegate is { } page)
        {
            http.Items[ThrottledItem] = true;
            await page(http);
            return;
        }
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(l["Session_Throttled"], ct);
    }

    /// <summary>
    /// An unknown user, or a locked or disabled account (whose password Identity does not check), costs the same
    /// password hashing as a wrong password, so the answer's timing does not tell whether the account exists.
    /// </summary>
    public static void SpendAPasswordCheck(UserManager<CockpitUser> users, string password)
    {
        var hash = _dummyHash ??= users.PasswordHasher.HashPassword(new CockpitUser(), Guid.NewGuid().ToString("N"));
        users.PasswordHasher.VerifyHashedPassword(new CockpitUser(), hash, password);
    }

    private static string? _dummyHash;
}
