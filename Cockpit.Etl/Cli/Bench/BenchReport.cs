using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// One measured figure of <c>bench</c>, beside its reference: <see cref="Section"/> (load, pages, export, users),
/// <see cref="What"/> was measured, its <see cref="Value"/> in <see cref="Unit"/> (ms, s, MB), and the same work done by
/// <see cref="ReferenceWhat"/> (<see cref="Reference"/>, same unit); <see cref="Ratio"/> = value ÷ reference.
/// <see cref="Note"/> says anything a reader needs (the spread of repeats, what was left out and why).
/// </summary>
public sealed record BenchRow(
    string Section, string What, double? Value, string Unit, string? ReferenceWhat = null, double? Reference = null, string? Note = null)
{
    public double? Ratio => Value is { } v && Reference is { } r && r > 0 ? Math.Round(v / r, 2) : null;
}

/// <summary>The machine the figures come from: they mean nothing without it.</summary>
public sealed record BenchMachine(int Cores, double MemoryGb, string Os, string Runtime, string Configuration)
{
    public static BenchMachine Current() => new(
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024d / 1024 / 1024, 1),
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
#if DEBUG
        "Debug");
#else
        "Release");
#endif
}

/// <summary>What <c>bench --out</c> writes: the machine, the company measured and every row.</summary>
public sealed record BenchReport(BenchMachine Machine, int Contracts, DateTimeOffset StartedAt, double TotalSeconds, IReadOnlyList<BenchRow> Rows)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The table <c>bench</c> prints (Markdown, so that it can go into the README as it is).</summary>
    public string ToTable()
    {
        var inv = CultureInfo.InvariantCulture;
        static string F(double? v) => v is { } x ? x.ToString(x >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture) : "—";
        var lines = new List<string>
        {
            $"bench: {Contracts.ToString("N0", inv)} contracts · {Machine.Cores} cores, {Machine.MemoryGb.ToString(inv)} GB · {Machine.Runtime} {Machine.Configuration} · {TotalSeconds.ToString("F0", inv)} s",
            "",
            "| section | what | value | unit | reference | reference value | ratio | note |",
            "|---|---|---|---|---|---|---|---|",
        };
        lines.AddRange(Rows.Select(r =>
            $"| {r.Section} | {r.What} | {F(r.Value)} | {r.Unit} | {r.ReferenceWhat ?? ""} | {F(r.Reference)} | {(r.Ratio is { } q ? q.ToString("0.00", inv) + "×" : "")} | {r.Note ?? ""} |"));
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// What every part of <c>bench</c> works on: the company generated for this run (its core-system database and inbox),
/// the warehouse its ETL built, and the options (<see cref="ExportRows"/>: the export section's row counts, null for its default;
/// <see cref="WarmChanges"/>: the filter changes one user makes on each users round's fresh server before it is measured).
/// </summary>
public sealed record BenchContext(string Folder, string SourceDb, string Inbox, string Warehouse, int Contracts, int Repeat, IReadOnlyList<int> Users,
    IReadOnlyList<long>? ExportRows = null, int WarmChanges = UsersBench.DefaultWarmChanges)
{
    /// <summary>A progress line on standard error (the table and JSON go to standard output and the file).</summary>
    public static void Say(string line) => Console.Error.WriteLine(line);
}
