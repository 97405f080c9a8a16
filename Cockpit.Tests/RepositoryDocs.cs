using System.Text.RegularExpressions;

namespace Cockpit.Tests;

/// <summary>
/// The repository's own reference documents, <c>docs/sources.md</c> and <c>docs/kpis.md</c>, parsed for the tests
/// that keep them in step with the code. Found in the checkout (walking up from the test binaries to the folder
/// that holds Cockpit.sln), else in the copy the test project places beside its binaries. Nothing outside the
/// checkout is read.
/// </summary>
public static partial class RepositoryDocs
{
    /// <summary>One documented column of a core-system table.</summary>
    public sealed record SourceColumn(string Table, string Name, string Type, bool Nullable, string Key);

    /// <summary>One documented KPI of the catalogue.</summary>
    public sealed record KpiEntry(string Code, string NameZh, string NameEn, string Unit, string Better, string Measured);

    public static string Path(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Cockpit.sln"))) continue;
            var inCheckout = System.IO.Path.Combine(dir.FullName, "docs", fileName);
            if (File.Exists(inCheckout)) return inCheckout;
        }
        var copied = System.IO.Path.Combine(AppContext.BaseDirectory, "docs", fileName);
        return File.Exists(copied)
            ? copied
            : throw new FileNotFoundException($"docs/{fileName} was found neither in the checkout nor beside the test binaries", fileName);
    }

    /// <summary>
    /// The core-system tables of docs/sources.md, Part 1: every <c>### `table`</c> heading followed by its
    /// <c>| `column` | type | null | key | meaning |</c> rows, in document order.
    /// </summary>
    public static IReadOnlyList<SourceColumn> SourceColumns()
    {
        var columns = new List<SourceColumn>();
        var inCoreSection = false;
        string? table = null;
        foreach (var line in File.ReadLines(Path("sources.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inCoreSection = line.StartsWith("## Part 1", StringComparison.Ordinal);
                table = null;
                continue;
            }
            if (!inCoreSection) continue;
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                var heading = TableHeading().Match(line);
                table = heading.Success ? heading.Groups[1].Value : null;
                continue;
            }
            if (table is null || !line.StartsWith("| `", StringComparison.Ordinal)) continue;
            var cells = Cells(line);
            if (cells.Count != 5) throw new FormatException($"docs/sources.md, table {table}: a column row needs 5 cells: {line}");
            var nullable = cells[2] switch
            {
                "yes" => true,
                "no" => false,
                _ => throw new FormatException($"docs/sources.md, {table}.{cells[0]}: null must be yes or no, not '{cells[2]}'"),
            };
            columns.Add(new SourceColumn(table, cells[0].Trim('`'), cells[1], nullable, cells[3]));
        }
        return columns;
    }

    /// <summary>Documented tables with their column names, in document order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SourceTables() =>
        SourceColumns().GroupBy(c => c.Table)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.Name).ToList(), StringComparer.Ordinal);

    /// <summary>The KPI rows of docs/kpis.md's catalogue section: <c>| `code` | 中文 | English | unit | better | measured | definition |</c>.</summary>
    public static IReadOnlyList<KpiEntry> KpiCatalogue()
    {
        var entries = new List<KpiEntry>();
        var inCatalogue = false;
        foreach (var line in File.ReadLines(Path("kpis.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inCatalogue = line == "## The catalogue";
                continue;
            }
            if (!inCatalogue || !line.StartsWith("| `", StringComparison.Ordinal)) continue;
            var cells = Cells(line);
            if (cells.Count != 7) throw new FormatException($"docs/kpis.md: a catalogue row needs 7 cells: {line}");
            entries.Add(new KpiEntry(cells[0].Trim('`'), cells[1], cells[2], cells[3], cells[4], cells[5]));
        }
        return entries;
    }

    /// <summary>The rows of docs/kpis.md's red-line table: code → (limit as the catalogue holds it, text as written).</summary>
    public static IReadOnlyDictionary<string, (decimal Limit, string Text)> KpiRedLines()
    {
        var lines = new Dictionary<string, (decimal, string)>(StringComparer.Ordinal);
        var inSection = false;
        foreach (var line in File.ReadLines(Path("kpis.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inSection = line == "## Red lines";
                continue;
            }
            if (!inSection || !line.StartsWith("| `", StringComparison.Ordinal)) continue;
            var cells = Cells(line);
            var limit = RedLineValue().Match(cells[1]);
            if (!limit.Success) throw new FormatException($"docs/kpis.md: red line '{cells[1]}' is neither 'N×' nor 'N %'");
            var number = decimal.Parse(limit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            lines[cells[0].Trim('`')] = (limit.Groups[2].Value == "%" ? number / 100 : number, cells[1]);
        }
        return lines;
    }

    private static List<string> Cells(string line)
    {
        var parts = line.Split('|');
        // a row "| a | b |" splits into "", " a ", " b ", ""
        return parts[1..^1].Select(p => p.Trim()).ToList();
    }

    [GeneratedRegex(@"^### `([a-z_]+)`\s*$")]
    private static partial Regex TableHeading();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(×|%)$")]
    private static partial Regex RedLineValue();
}
