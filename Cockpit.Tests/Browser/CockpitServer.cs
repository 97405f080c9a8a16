using System.Diagnostics;

namespace Cockpit.Tests.Browser;

/// <summary>Chromium from Debian; without it browser tests are skipped with a message, except in CI where they must run.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") is null)
        {
            Skip = $"浏览器测试已跳过 browser test skipped: no Chromium at {Chromium} (apt-get install chromium fonts-noto-cjk)";
        }
    }
}

/// <summary>The real web app as a child process on a free loopback port, with its own data folder.</summary>
public sealed class CockpitServer : IAsyncDisposable
{
    private readonly Process _process;

    private CockpitServer(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Starts the app; its output goes to <c>artifacts/&lt;logName&gt;</c> (one file per server running at once).</summary>
    public static async Task<CockpitServer> StartAsync(string dataFolder, IDictionary<string, string> settings, string logName = "server.log")
    {
        var root = RepositoryRoot();
        var dll = Path.Combine(root, "Cockpit.Web", "bin", "Debug", "net10.0", "Cockpit.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.Combine(root, "Cockpit.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Etl__DataDirectory"] = dataFolder;
        start.Environment["Warehouse__Directory"] = Path.Combine(dataFolder, "warehouse");
        start.Environment["Source__ConnectionString"] = $"Data Source={Path.Combine(dataFolder, "source.db")}";
        start.Environment["Auth__SignInAttemptsPerMinute"] = "1000"; // every browser signs in from 127.0.0.1
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("the web app did not start");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = Path.Combine(AppContext.BaseDirectory, "artifacts", logName);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var writer = TextWriter.Synchronized(new StreamWriter(log, append: false) { AutoFlush = true });
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            writer.WriteLine(line);
            if (Cockpit.Etl.Cli.Bench.CircuitServer.ListeningUrl(line) is { } url) listening.TrySetResult(url);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) writer.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new CockpitServer(process, url);
    }

    /// <summary>Waits until /healthz reports a build.</summary>
    public async Task WaitForBuildAsync(TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var response = await http.GetAsync(Url + "/healthz");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(500);
        }
        throw new TimeoutException("no warehouse build was published in time");
    }

    internal static string RepositoryRoot() => Cockpit.Etl.Cli.Bench.CircuitServer.RepositoryRoot();

    public async ValueTask DisposeAsync() => await Cockpit.Etl.Cli.Bench.CircuitServer.StopAsync(_process);
}
