using System.Text.Json;

namespace Cockpit.Tests.Etl;

/// <summary>
/// <c>bench</c> (issue 18) through the command line on a small company: the load, pages and export sections measure
/// real runs (the ETL, the reference pipe and DuckDB's CSV reader in child processes, every dashboard, exports) and
/// the JSON holds the machine and a row with a positive figure for each, beside its reference where it has one.
/// </summary>
[Collection("console")]
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cockpit-bench-test-{Guid.NewGuid():N}");

    public BenchCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BenchMeasuresLoadPagesAndExportsBesideTheirReferences()
    {
        var json = Path.Combine(_folder, "bench.json");
        var (code, output, error) = Cli.Run(["bench", "--contracts", "300", "--only", "load,pages,export", "--repeat", "1",
            "--export-rows", "1000,5000", "--out", json]);

        Assert.True(code == 0, $"bench exits {code}: {error}");
        Assert.Contains("| section | what | value |", output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        var machine = root.GetProperty("machine");
        Assert.True(machine.GetProperty("cores").GetInt32() > 0);
        Assert.True(machine.GetProperty("memoryGb").GetDouble() > 0);
        Assert.Equal(300, root.GetProperty("contracts").GetInt32());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        string Section(JsonElement r) => r.GetProperty("section").GetString()!;
        string What(JsonElement r) => r.GetProperty("what").GetString()!;
        Assert.DoesNotContain(rows, r => !r.TryGetProperty("value", out _));
        Assert.All(rows, r => Assert.True(r.GetProperty("value").GetDouble() > 0, $"{What(r)} has no positive value"));
        Assert.All(rows.Where(r => r.TryGetProperty("reference", out _)), r =>
        {
            Assert.True(r.GetProperty("reference").GetDouble() > 0, $"{What(r)}: its reference is not positive");
            Assert.True(r.GetProperty("ratio").GetDouble() > 0, $"{What(r)}: no ratio");
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("referenceWhat").GetString()));
        });
        Assert.DoesNotContain(rows, r => Section(r) == "users");

        // load: the ETL's time and memory beside the reference pipe and DuckDB's CSV reader, all with references
        var load = rows.Where(r => Section(r) == "load").ToList();
        Assert.Equal(4, load.Count);
        Assert.All(load, r => Assert.True(r.TryGetProperty("reference", out _), $"{What(r)} has no reference"));
        Assert.Contains(load, r => r.GetProperty("referenceWhat").GetString()!.Contains("pipe") && r.GetProperty("unit").GetString() == "MB");
        Assert.Contains(load, r => r.GetProperty("referenceWhat").GetString()!.Contains("read_csv") && r.GetProperty("unit").GetString() == "s");

        // pages: every dashboard cold beside its SQL on DuckDB, cached, and the headline figures beside EF Core LINQ, equal
        var pages = rows.Where(r => Section(r) == "pages").ToList();
        foreach (var page in new[] { "leadership page as executive", "leadership page as head of", "business page", "risk page", "customer page", "explore / drill-down", "stress test" })
        {
            Assert.Contains(pages, r => What(r).StartsWith(page) && What(r).EndsWith(", cold") && r.TryGetProperty("reference", out _));
            Assert.Contains(pages, r => What(r).StartsWith(page) && What(r).EndsWith(", cached"));
            Assert.Contains(pages, r => What(r).StartsWith(page) && What(r).EndsWith(", another filter state") && r.GetProperty("value").GetDouble() > 0);
        }
        var headline = Assert.Single(pages, r => What(r).StartsWith("headline figures"));
        Assert.Contains("EF Core LINQ", headline.GetProperty("referenceWhat").GetString());
        Assert.Contains("figures all equal", headline.GetProperty("note").GetString());

        // export: time and peak memory for each size and format, beside reading the same rows alone
        var exportRows = rows.Where(r => Section(r) == "export").ToList();
        Assert.All(exportRows, r => Assert.Contains("read alone", r.GetProperty("referenceWhat").GetString()));
        var export = exportRows.Select(What).ToList();
        foreach (var size in new[] { "1,000", "5,000" })
        {
            foreach (var format in new[] { "xlsx", "csv" })
            {
                Assert.Contains($"{format}, {size} rows (time)", export);
                Assert.Contains($"{format}, {size} rows (peak memory)", export);
            }
        }
    }
}
