using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cockpit.Warehouse.Pages;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// One signed-in user of the cockpit as a real Blazor Server circuit, without a browser (bench users, issue 18): signs
/// in through the sign-in form, GETs a page (the server prerenders it), connects to <c>/_blazor</c> with the cookie
/// over the <c>blazorpack</c> protocol, starts the circuit with the page's prerendered component markers and
/// application state (what <c>blazor.web.js</c> does: <c>StartCircuit</c>, then <c>UpdateRootComponents</c>),
/// acknowledges every render batch (<c>OnRenderCompleted</c>), answers the page's JavaScript calls as a browser would
/// that has nothing to draw, and changes the URL as a filter click does (<c>OnLocationChanged</c>).
/// <para>
/// "The figures arrived" is read from the render batches themselves: the leadership page links every card to its
/// drill-down with the filter state it shows (<c>/drill/balance?asof=2026-11&amp;period=month</c>), and renders those
/// links only once its data for that state is loaded — whether it blanked to a progress bar while loading or came
/// from the cache in one render. The wait ends at the first batch carrying a drill-down link with the new state, or a
/// page message (no data for the month, load failed, refused).
/// </para>
/// </summary>
internal sealed partial class CircuitClient : IAsyncDisposable
{
    private static readonly bool Trace = Environment.GetEnvironmentVariable("COCKPIT_BENCH_TRACE") == "1";

    private static readonly string[] Messages = ["no-data-month", "page-error", "scope-refused"];

    private readonly Uri _baseUrl;
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly object _gate = new();
    private HubConnection? _hub;
    private string? _circuitId;
    private long _nextObjectId = 1;
    private Wait? _wait;
    private volatile bool _disposing;

    private CircuitClient(Uri baseUrl)
    {
        _baseUrl = baseUrl;
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>What the server said went wrong in the circuit (<c>JS.Error</c>), if anything.</summary>
    public string? Error { get; private set; }

    /// <summary>How many waits ended on a page message (no data for the month, load failed, refused) instead of figures.</summary>
    public int PageMessages { get; private set; }

    /// <summary>The latest as-of month the last opened page links to (its default as-of: the latest month with data), as yyyy-MM.</summary>
    public string? LastMonth { get; private set; }

    /// <summary>Signs in through the real sign-in form (antiforgery token and all).</summary>
    public static async Task<CircuitClient> SignInAsync(Uri baseUrl, string user, string password)
    {
        var client = new CircuitClient(baseUrl);
        try
        {
            var form = await client._http.GetStringAsync("/account/login");
            var token = TokenField().Match(form);
            if (!token.Success) throw new InvalidOperationException("bench users: the sign-in page has no antiforgery token 登录页没有防伪令牌");
            using var posted = await client._http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                ["_handler"] = "login",
                ["Input.UserName"] = user,
                ["Input.Password"] = password,
            }));
            if (posted.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
            {
                throw new InvalidOperationException(
                    $"bench users: sign-in as {user} failed (HTTP {(int)posted.StatusCode}) 以 {user} 登录失败 — demo accounts on (Auth:DemoAccounts), password {password}, sign-in rate limit high enough?");
            }
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>GETs <paramref name="path"/> (the server prerenders it), starts the circuit on it and waits for its figures.</summary>
    public async Task<TimeSpan> OpenAsync(string path, TimeSpan timeout)
    {
        var wait = Begin();
        using var response = await _http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"bench users: GET {path} answered HTTP {(int)response.StatusCode} 页面请求失败 (signed out?)");
        }
        var markers = Markers(html);
        if (markers.Count == 0) throw new InvalidOperationException($"bench users: {path} has no interactive components (no <!--Blazor:...--> markers) 页面不是交互式的");
        LastMonth = AsOf().Matches(html).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).LastOrDefault();
        wait.Expect(Shown(path, LastMonth));
        var state = AppState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var hub = _hub = Connect();
        await hub.StartAsync();
        var page = new Uri(_baseUrl, path).ToString();
        _circuitId = await hub.InvokeAsync<string?>("StartCircuit", _baseUrl.ToString(), page, "[]", state)
            ?? throw new InvalidOperationException("bench users: the server refused to start the circuit 服务器拒绝启动线路");
        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray(markers.Select((m, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = m,
            }).ToArray()),
        };
        await hub.SendAsync("UpdateRootComponents", operations.ToJsonString(), state);
        return await wait.Task.WaitAsync(timeout);
    }

    /// <summary>A connection to <c>/_blazor</c> with the cookie, over blazorpack, answering what the server sends.</summary>
    private HubConnection Connect()
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(_baseUrl, "/_blazor"), o =>
        {
            o.Cookies = _cookies;
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackHubProtocol());
        var hub = builder.Build();
        hub.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        hub.On<long, string, string, int, long>("JS.BeginInvokeJS", OnBeginInvokeJSAsync);
        hub.On<string>("JS.Error", e => { Error = e; lock (_gate) _wait?.Fail(new InvalidOperationException($"bench users: the circuit failed 线路出错: {e}")); });
        hub.Closed += e => OnClosedAsync(e);
        return hub;
    }

    /// <summary>
    /// The server closed the connection: as <c>blazor.web.js</c> does, connect again to the same circuit (the server
    /// keeps it for its client a while and sends the render batches it missed); the wait goes on. Fails the wait
    /// when the circuit is gone.
    /// </summary>
    private async Task OnClosedAsync(Exception? error)
    {
        if (_disposing) return;
        var why = error?.Message ?? Error ?? "by the server";
        for (var attempt = 1; _circuitId is { } id && attempt <= 5 && !_disposing; attempt++)
        {
            var hub = Connect();
            try
            {
                _hub = hub;
                await hub.StartAsync();
                if (await hub.InvokeAsync<bool>("ConnectCircuit", id))
                {
                    Reconnects++;
                    return;
                }
                why += "; the circuit is gone 线路已不存在" + (Error is null ? "" : $": {Error}");
                break;
            }
            catch (Exception e) when (e is HttpRequestException or System.Net.WebSockets.WebSocketException or InvalidOperationException or IOException)
            {
                why += $"; reconnect {attempt}: {e.Message}";
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
        lock (_gate) _wait?.Fail(new InvalidOperationException($"bench users: the circuit connection closed 线路连接已关闭: {why}"));
    }

    /// <summary>The circuit is open and connected (false once it is lost for good).</summary>
    public bool Connected => _hub?.State == HubConnectionState.Connected;

    /// <summary>How often the server closed the connection and the client connected to its circuit again.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Changes the URL as a click on a filter does; the time until the page shows the figures for it.</summary>
    public async Task<TimeSpan> NavigateAsync(string path, TimeSpan timeout)
    {
        var hub = _hub ?? throw new InvalidOperationException("bench users: no circuit open");
        var wait = Begin();
        wait.Expect(Shown(path, LastMonth));
        await hub.SendAsync("OnLocationChanged", new Uri(_baseUrl, path).ToString(), (string?)null, true);
        return await wait.Task.WaitAsync(timeout);
    }

    private Wait Begin()
    {
        var wait = new Wait();
        lock (_gate) _wait = wait;
        return wait;
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] batch)
    {
        lock (_gate)
        {
            var wait = _wait;
            if (wait?.Expected is { } expected)
            {
                var text = Encoding.UTF8.GetString(batch);
                var figures = expected.IsMatch(text);
                var message = !figures && Messages.Any(m => text.Contains(m, StringComparison.Ordinal));
                if (Trace) Console.Error.WriteLine($"  batch {batchId}: {batch.Length} bytes at {wait.Elapsed.TotalMilliseconds:F0} ms{(figures ? " figures" : "")}{(message ? " message" : "")}");
                if (message) PageMessages++;
                if (figures || message) wait.Done();
            }
        }
        await _hub!.SendAsync("OnRenderCompleted", batchId, (string?)null);
    }

    /// <summary>
    /// A drill-down link of the page showing <paramref name="path"/>'s filter state (its as-of filled in with the
    /// latest month when the URL has none), as the page writes it (<see cref="FilterState.QueryString"/>).
    /// </summary>
    internal static Regex Shown(string path, string? lastMonth)
    {
        var query = (path.Contains('?') ? path[(path.IndexOf('?') + 1)..] : "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));
        var state = FilterState.FromQuery(name => query.GetValueOrDefault(name)).WithoutDrillDimensions();
        if (state.AsOf is null && lastMonth is not null) state = state with { AsOf = FilterState.ParseMonth(lastMonth) };
        return new Regex("/drill/[a-z_]+" + Regex.Escape(state.QueryString()) + @"(?![&\w=%-])", RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// The page's JavaScript calls, answered as a browser would that draws nothing: a module import gets an object
    /// reference, the stored dark-mode choice is "light", everything else returns nothing.
    /// </summary>
    private async Task OnBeginInvokeJSAsync(long taskId, string identifier, string argsJson, int resultType, long targetInstanceId)
    {
        if (taskId == 0) return; // fire and forget
        object? result = resultType switch
        {
            1 => new Dictionary<string, long> { ["__jsObjectId"] = Interlocked.Increment(ref _nextObjectId) },
            _ when identifier.EndsWith("getDarkMode", StringComparison.Ordinal) => false,
            _ => null,
        };
        var payload = JsonSerializer.Serialize(new object?[] { taskId, true, result });
        await _hub!.SendAsync("EndInvokeJSFromDotNet", taskId, true, payload);
    }

    /// <summary>The prerendered interactive components: the <c>&lt;!--Blazor:{...}--&gt;</c> start markers, in order.</summary>
    internal static List<JsonObject> Markers(string html)
    {
        var list = new List<JsonObject>();
        foreach (Match m in Marker().Matches(html))
        {
            if (JsonNode.Parse(m.Groups[1].Value) is JsonObject marker && marker["descriptor"] is not null) list.Add(marker);
        }
        return list.OrderBy(m => (int?)m["sequence"] ?? 0).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        if (_hub is { } hub)
        {
            // what blazor.web.js does on unload: ends the circuit now, rather than keeping it for a reconnect
            if (_circuitId is { } id)
            {
                try
                {
                    using var _ = await _http.PostAsync("/_blazor/disconnect", new FormUrlEncodedContent(new Dictionary<string, string> { ["circuitId"] = id }));
                }
                catch (HttpRequestException)
                {
                    // the server is gone already
                }
            }
            await hub.DisposeAsync();
        }
        _http.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"asof=(\d{4}-\d{2})")]
    private static partial Regex AsOf();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex AppState();

    /// <summary>One wait for the figures, timed from its start to the batch that has them.</summary>
    private sealed class Wait
    {
        private readonly TaskCompletionSource<TimeSpan> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public Task<TimeSpan> Task => _done.Task;

        /// <summary>What a batch with the figures carries (set once the page's latest month is known).</summary>
        public Regex? Expected { get; private set; }

        public TimeSpan Elapsed => _watch.Elapsed;

        public void Expect(Regex expected) => Expected = expected;

        public void Done() => _done.TrySetResult(_watch.Elapsed);

        public void Fail(Exception e) => _done.TrySetException(e);
    }
}

/// <summary>
/// The <c>blazorpack</c> hub protocol Blazor Server speaks on <c>/_blazor</c>: SignalR's MessagePack protocol under
/// Blazor's name (the server accepts no other).
/// </summary>
internal sealed class BlazorPackHubProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol _inner = new();

    public string Name => "blazorpack";

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message) =>
        _inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
}
