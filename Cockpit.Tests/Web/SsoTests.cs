using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Web;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// Company SSO end to end against a small OpenID Connect provider of our own (discovery, keys and token endpoint,
/// served to the app's back channel): the code flow with PKCE, the id token's signature, issuer, audience and
/// nonce checked by ASP.NET Core's handler, then the cockpit's own rule — only accounts an admin created get in.
/// </summary>
public sealed class SsoTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    private const string Authority = "https://sso.jzdb.test/realms/jzdb";
    private const string ClientId = "cockpit";

    [Fact]
    public async Task ASsoUserWithACockpitAccountSignsInAndAStrangerIsTurnedAway()
    {
        var provider = new FakeOpenIdProvider(Authority, ClientId);
        var folder = TempFolder.Create("sso-flow");
        try
        {
            await using var app = App(folder, Path.Combine(company.Folder, "source.db"), Path.Combine(company.Folder, "inbox"), company.Warehouse,
                new Dictionary<string, string> { ["Auth:Oidc:Authority"] = Authority, ["Auth:Oidc:ClientId"] = ClientId, ["Auth:Oidc:ClientSecret"] = "secret" },
                b => b.ConfigureTestServices(s => s.Configure<OpenIdConnectOptions>(SecurityExtensions.OidcScheme, o => o.BackchannelHttpHandler = provider)));

            // ceo exists in the cockpit (a demo account): the SSO sign-in links to it and opens the page asked for
            using var client = SecureClient(app);
            var landed = await SignInWithSsoAsync(client, provider, "ceo", "/drill/balance?asof=2026-06");
            Assert.Equal("/drill/balance?asof=2026-06", landed.PathAndQuery);
            var page = WebUtility.HtmlDecode(await client.GetStringAsync("/drill/balance?asof=2026-06"));
            Assert.Equal("2,270.00 万元", TestIdText(page, "drill-value"));
            Assert.Equal(1, provider.TokensIssued);

            // a company account with no cockpit account: turned away, nothing opened
            using var stranger = SecureClient(app);
            landed = await SignInWithSsoAsync(stranger, provider, "wang.wu", "/");
            Assert.Equal("/account/login?error=sso-unknown", landed.PathAndQuery);
            var denied = await stranger.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/account/login", new Uri(client.BaseAddress!, denied.Headers.Location!).AbsolutePath);

            var factory = app.Services.GetRequiredService<IDbContextFactory<IdentityDb>>();
            await using var db = await factory.CreateDbContextAsync();
            var audit = await db.AuditLog.OrderBy(a => a.Id).Select(a => new { a.UserName, a.Action, a.Detail }).ToListAsync();
            Assert.Contains(audit, a => a.UserName == "ceo" && a.Action == "sign_in" && a.Detail == "sso");
            Assert.Contains(audit, a => a.UserName == "wang.wu" && a.Action == "sign_in_failed" && a.Detail == "sso: no cockpit account");
            // the link is stored: the next SSO sign-in finds the account by its SSO key
            Assert.Equal(1, await db.UserLogins.CountAsync(l => l.LoginProvider == SecurityExtensions.OidcScheme && l.ProviderKey == "sub-ceo"));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    private static HttpClient SecureClient(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Plays the browser: to the provider, back with a code (form post), then the redirects; returns where it ends.</summary>
    private static async Task<Uri> SignInWithSsoAsync(HttpClient client, FakeOpenIdProvider provider, string user, string returnUrl)
    {
        var challenge = await client.GetAsync($"/account/external?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(Authority + "/auth", authorize.GetLeftPart(UriPartial.Path));
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        var code = provider.Authorize(user, query["nonce"]!, query["code_challenge"]!);

        var response = await client.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }));
        var location = new Uri(client.BaseAddress!, response.Headers.Location!);
        for (var hops = 0; response.StatusCode == HttpStatusCode.Redirect && hops < 5; hops++)
        {
            location = new Uri(client.BaseAddress!, response.Headers.Location!);
            if (location.AbsolutePath != "/account/external-callback") break;
            response = await client.GetAsync(location.PathAndQuery);
        }
        return new Uri(client.BaseAddress!, response.Headers.Location ?? location);
    }

    /// <summary>Discovery, keys and the token endpoint of an OpenID provider, answering the app's back channel.</summary>
    private sealed class FakeOpenIdProvider(string authority, string clientId) : HttpMessageHandler
    {
        private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
        private readonly Dictionary<string, (string User, string Nonce, string Challenge)> _codes = [];

        public int TokensIssued { get; private set; }

        /// <summary>The user signed in at the provider: a one-time code for the app.</summary>
        public string Authorize(string user, string nonce, string codeChallenge)
        {
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (user, nonce, codeChallenge);
            return code;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal))
            {
                return Json(new
                {
                    issuer = authority,
                    authorization_endpoint = authority + "/auth",
                    token_endpoint = authority + "/token",
                    jwks_uri = authority + "/certs",
                    response_types_supported = new[] { "code" },
                    subject_types_supported = new[] { "public" },
                    id_token_signing_alg_values_supported = new[] { "RS256" },
                    code_challenge_methods_supported = new[] { "S256" },
                });
            }
            if (path.EndsWith("/certs", StringComparison.Ordinal))
            {
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
                return Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
            }
            if (path.EndsWith("/token", StringComparison.Ordinal))
            {
                var form = HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync(ct));
                if (!_codes.Remove(form["code"]!, out var grant)) return new HttpResponseMessage(HttpStatusCode.BadRequest);
                // PKCE: the verifier must hash to the challenge the app sent with the user
                var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"]!)));
                if (challenge != grant.Challenge) return new HttpResponseMessage(HttpStatusCode.BadRequest);
                TokensIssued++;
                var now = DateTime.UtcNow;
                var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = authority,
                    Audience = clientId,
                    IssuedAt = now,
                    NotBefore = now,
                    Expires = now.AddMinutes(5),
                    Subject = new ClaimsIdentity([new Claim("sub", $"sub-{grant.User}"), new Claim("preferred_username", grant.User), new Claim("nonce", grant.Nonce)]),
                    SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
                });
                return Json(new { id_token = idToken, access_token = "opaque", token_type = "Bearer", expires_in = 300 });
            }
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK) { Content = JsonContent.Create(body) };
    }
}
