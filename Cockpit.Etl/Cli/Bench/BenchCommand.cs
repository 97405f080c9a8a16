using System.Diagnostics;
using Cockpit.Etl.Demo;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// <c>bench [--contracts N] [--out file.json] [--repeat N] [--users 10,50,100] [--only load,pages,export,users]
/// [--keep dir] [--export-rows 100000,1000000] [--warm-changes 40]</c> (issue 18): on one machine in one run, generates a company of N contracts, builds its
/// warehouse, and measures each part beside its reference — the load (<see cref="LoadBench"/>), every dashboard
/// (<see cref="PagesBench"/>), exports (<see cref="ExportBench"/>) and simultaneous users (<see cref="UsersBench"/>).
/// Prints a Markdown table and writes JSON with the machine's cores and memory.
/// </summary>
internal static class BenchCommand
{
    public static readonly string[] Sections = ["load", "pages", "export", "users"];

    public static int Run(string[] args)
    {
        // a load run measured in a process of its own (LoadBench)
        if (args.Length > 1 && args[1] == LoadBench.ChildFlag) return LoadBench.Child(args);
        var a = Arguments.Parse(args, new HashSet<string> { "--contracts", "--out", "--repeat", "--users", "--only", "--keep", "--seed", "--export-rows", "--warm-changes" }, new HashSet<string>());
        var contracts = a.Int("--contracts") ?? DemoOptions.DefaultContracts;
        if (contracts < 100) throw new UsageException("--contracts must be at least 100.");
        var repeat = a.Int("--repeat") ?? 3;
        if (repeat < 1) throw new UsageException("--repeat must be at least 1.");
        var exportRows = a.Value("--export-rows") is { } rowsText ? BenchmarkExportCommand.ParseRows(rowsText, "--export-rows") : null;
        var users = ParseList(a.Value("--users") ?? "10,50,100", "--users");
        var warmChanges = a.Int("--warm-changes") ?? UsersBench.DefaultWarmChanges;
        if (warmChanges < 0) throw new UsageException("--warm-changes must be 0 or more.");
        var only = (a.Value("--only") ?? string.Join(',', Sections)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (only.Except(Sections).FirstOrDefault() is { } unknown)
        {
            throw new UsageException($"--only takes {string.Join(", ", Sections)}, not '{unknown}'.");
        }
        var folder = a.Value("--keep") is { } keep ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), $"cockpit-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        try
        {
            BenchContext.Say($"bench: generating {contracts:N0} contracts in {folder}");
            var generated = DemoWriter.Generate(folder, new DemoOptions(a.Int("--seed") ?? DemoOptions.DefaultSeed, contracts, null), DateOnly.FromDateTime(DateTime.Now));
            var context = new BenchContext(generated.Directory, Path.Combine(generated.Directory, "source.db"),
                Path.Combine(generated.Directory, DemoWriter.InboxFolderName), Path.Combine(folder, "warehouse"), contracts, repeat, users,
                exportRows, warmChanges);
            var rows = new List<BenchRow>();
            // the load section builds the warehouse the others read; without it, one ETL run builds it unmeasured
            if (only.Contains("load")) rows.AddRange(LoadBench.Run(context));
            else LoadBench.BuildWarehouse(context);
            if (only.Contains("pages")) rows.AddRange(PagesBench.Run(context));
            if (only.Contains("export")) rows.AddRange(ExportBench.Run(context));
            if (only.Contains("users")) rows.AddRange(UsersBench.Run(context));
            var report = new BenchReport(BenchMachine.Current(), contracts, started, Math.Round(watch.Elapsed.TotalSeconds, 1), rows);
            Console.WriteLine(report.ToTable());
            if (a.Value("--out") is { } outFile)
            {
                File.WriteAllText(outFile, report.ToJson());
                BenchContext.Say($"bench: JSON written to {Path.GetFullPath(outFile)}");
            }
            return 0;
        }
        finally
        {
            if (a.Value("--keep") is null) TryDelete(folder);
        }
    }

    private static List<int> ParseList(string text, string option)
    {
        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new UsageException($"{option} takes whole numbers above 0 separated by commas, not '{text}'.");
            }
            list.Add(n);
        }
        return list;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            BenchContext.Say($"bench: could not remove {folder}: {e.Message}");
        }
    }
}
