using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Security;

/// <summary>
/// Behind a TLS-terminating reverse proxy: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are taken only from the
/// proxies configured in <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR, e.g. 10.0.0.0/8). Nothing configured: no address is trusted (not even loopback) and the headers are ignored
/// (the middleware is not added at all).
/// A trusted proxy's forwarded scheme makes the request https (so Secure cookies and sign-in work over plain HTTP from
/// the proxy) and its forwarded client address is the one the audit log records.
/// </summary>
public static class ProxySetup
{
    public const string SectionName = "ForwardedHeaders";

    public static IHostApplicationBuilder AddCockpitForwardedHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var section = configuration.GetSection(SectionName);
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // the framework trusts loopback by default: here only what is configured
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the older list is still consulted, and it holds 127.0.0.0/8 by default
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in Parse<IPAddress>(section, "KnownProxies", (string s, out IPAddress a) => IPAddress.TryParse(s, out a!), "an IP address such as 10.0.0.5"))
            {
                o.KnownProxies.Add(proxy);
            }
            foreach (var network in Parse<System.Net.IPNetwork>(section, "KnownNetworks", System.Net.IPNetwork.TryParse, "a network such as 10.0.0.0/8"))
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline: the client's scheme and address as a trusted proxy forwarded them. Only with
    /// proxies configured: the framework's middleware with empty lists would trust every address. (Reading the
    /// options here also stops the start on a setting that does not parse.)</summary>
    public static IApplicationBuilder UseCockpitForwardedHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        return options.KnownProxies.Count + options.KnownIPNetworks.Count > 0 ? app.UseForwardedHeaders() : app;
    }

    /// <summary>A list setting (array or comma-separated); an entry that does not parse stops the start with what is wrong.</summary>
    private delegate bool TryParse<T>(string text, out T value);

    private static List<T> Parse<T>(IConfigurationSection section, string key, TryParse<T> parse, string example)
    {
        var child = section.GetSection(key);
        var raw = child.Value is { Length: > 0 } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : child.GetChildren().Select(c => c.Value?.Trim()).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();
        var list = new List<T>();
        foreach (var entry in raw)
        {
            if (!parse(entry, out var value))
            {
                throw new InvalidOperationException($"{SectionName}:{key}: '{entry}' is not {example}. 转发代理配置 {SectionName}:{key} 中的 '{entry}' 无效。");
            }
            list.Add(value);
        }
        return list;
    }
}
