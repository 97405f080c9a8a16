using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Cockpit.Etl.Cli;

/// <summary>
/// This program run again as a child process, for measurements whose peak memory must be the run's own
/// (<c>benchmark-export</c>, <c>bench</c>): the child does one piece of work and prints one tab-separated result line
/// starting with a marker, with its peak working set (<see cref="Process.PeakWorkingSet64"/>) read at the end.
/// </summary>
internal static class SelfProcess
{
    /// <summary>
    /// Runs this program with <paramref name="arguments"/> and returns the fields after <paramref name="marker"/> on its
    /// result line, or null when it failed (its exit code and output are then on standard error, headed by <paramref name="what"/>).
    /// </summary>
    public static string[]? Run(IEnumerable<string> arguments, string marker, string what)
    {
        var self = Environment.ProcessPath;
        static bool IsDotnet(string? path) => path is not null && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var all = new List<string>();
        var program = self;
        // this program's own executable runs it again; under `dotnet Cockpit.Etl.dll` dotnet runs this assembly; inside
        // another program (the tests' host) dotnet runs this assembly with that program's dependencies, as they are
        // the ones in its folder
        if (self is null || IsDotnet(self) || Assembly.GetEntryAssembly() != typeof(SelfProcess).Assembly)
        {
            program = IsDotnet(self) ? self : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var deps = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (Assembly.GetEntryAssembly() != typeof(SelfProcess).Assembly && deps is not null && File.Exists(deps))
            {
                all.AddRange(["exec", "--depsfile", deps]);
                var config = Path.Combine(Path.GetDirectoryName(deps)!, Path.GetFileName(deps).Replace(".deps.json", ".runtimeconfig.json", StringComparison.Ordinal));
                if (File.Exists(config)) all.AddRange(["--runtimeconfig", config]);
            }
            all.Add(typeof(SelfProcess).Assembly.Location);
        }
        all.AddRange(arguments);
        var start = new ProcessStartInfo(program!, all) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the benchmark's child process did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(marker + "\t", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"错误 error: {what} failed (exit {process.ExitCode}): {error.Result.Trim()} {output.Trim()}");
            return null;
        }
        return line.Split('\t')[1..];
    }

    /// <summary>In the child: prints the result line, <paramref name="fields"/> then this process's peak working set in MB.</summary>
    public static void Report(string marker, params string[] fields)
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Join('\t', [marker, .. fields, Number(self.PeakWorkingSet64 / 1024.0 / 1024.0, "F1")]));
    }

    public static string Number(double value, string format = "F3") => value.ToString(format, CultureInfo.InvariantCulture);

    public static double Parse(string field) => double.Parse(field, CultureInfo.InvariantCulture);
}
