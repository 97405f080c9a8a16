using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// The real web app (Cockpit.Web's built DLL) as a child process on a free loopback port, reading the bench's company
/// and warehouse, with demo accounts on and the sign-in rate limit out of the way (bench users, issue 18). Its
/// resident memory is what the users section reports per user.
/// </summary>
internal sealed partial class CircuitServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private CircuitServer(Process process) => _process = process;

    public Uri Url { get; private set; } = default!;

    /// <summary>Resident memory of the server process now (VmRSS), in MB.</summary>
    public double MemoryMb
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1024d / 1024;
        }
    }

    /// <summary>Where the web DLL is: the Release build when this runs as Release (else Debug), the other as a fallback.</summary>
    public static string WebDll()
    {
        var root = RepositoryRoot();
#if DEBUG
        string[] configurations = ["Debug", "Release"];
#else
        string[] configurations = ["Release", "Debug"];
#endif
        foreach (var configuration in configurations)
        {
            var dll = Path.Combine(root, "Cockpit.Web", "bin", configuration, "net10.0", "Cockpit.Web.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new FileNotFoundException(
            $"bench users: the web app is not built 网站尚未构建 — run `dotnet build -c {configurations[0]} Cockpit.Web` in {root} first (looked for Cockpit.Web/bin/{configurations[0]}/net10.0/Cockpit.Web.dll).");
    }

    public static async Task<CircuitServer> StartAsync(BenchContext context, string dataFolder)
    {
        var dll = WebDll();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "Cockpit.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["Auth__DemoAccounts"] = "true";
        env["Auth__SignInAttemptsPerMinute"] = "1000000"; // every simulated user signs in from 127.0.0.1
        env["Etl__DataDirectory"] = dataFolder;
        env["Etl__InboxDirectory"] = context.Inbox;
        env["Etl__GenerateDemoWhenMissing"] = "false";
        env["Warehouse__Directory"] = context.Warehouse;
        env["Source__Provider"] = "sqlite";
        env["Source__ConnectionString"] = $"Data Source={context.SourceDb}";
        env["Hangfire__Storage"] = "memory";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var trace = Environment.GetEnvironmentVariable("COCKPIT_BENCH_TRACE") == "1"; // the server's connection log on standard error
        if (trace)
        {
            env["Logging__LogLevel__Microsoft.AspNetCore.SignalR"] = "Debug";
            env["Logging__LogLevel__Microsoft.AspNetCore.Http.Connections"] = "Debug";
            env["Logging__LogLevel__Microsoft.AspNetCore.Components.Server"] = "Debug";
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("bench users: the web app did not start 网站未能启动");
        var server = new CircuitServer(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Line(string? line)
        {
            if (line is null) return;
            if (trace) BenchContext.Say("  server: " + line);
            lock (server._lastLines)
            {
                server._lastLines.Enqueue(line);
                if (server._lastLines.Count > 20) server._lastLines.Dequeue();
            }
            if (ListeningUrl(line) is { } url) listening.TrySetResult(url);
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(120)));
            if (first != listening.Task)
            {
                throw new InvalidOperationException(
                    $"bench users: the web app did not start listening 网站未能开始监听 ({(process.HasExited ? $"exit code {process.ExitCode}" : "no answer in 120 s")}): {server.LastLines()}");
            }
            server.Url = new Uri(listening.Task.Result + "/");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's last lines of output (for an error message).</summary>
    public string LastLines()
    {
        lock (_lastLines) return string.Join(" | ", _lastLines);
    }

    internal static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cockpit.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"the repository (Cockpit.sln) was not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory} 找不到代码库 — run bench from the repository");
    }

    /// <summary>The loopback address in the web app's "Now listening on" line, or null for any other line.</summary>
    public static string? ListeningUrl(string line) => Listening().Match(line) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Ends a web app started as a child process (and whatever it started) and waits for it.</summary>
    public static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        finally
        {
            process.Dispose();
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync() => await StopAsync(_process);
}
