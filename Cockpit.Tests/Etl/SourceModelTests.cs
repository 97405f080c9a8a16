using System.Text.RegularExpressions;
using Cockpit.Etl.Source;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Tests.Etl;

/// <summary>The EF model is the core system of SOURCES.md: same tables, same columns, nothing more or less.</summary>
public sealed partial class SourceModelTests
{
    /// <summary>Tables and columns as the design document lists them in its first table.</summary>
    private static Dictionary<string, SortedSet<string>> DocumentedTables()
    {
        var path = FindSourcesDocument();
        var tables = new Dictionary<string, SortedSet<string>>();
        var inCoreSection = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("## 1.", StringComparison.Ordinal)) inCoreSection = true;
            else if (line.StartsWith("## 2.", StringComparison.Ordinal)) break;
            if (!inCoreSection || !line.StartsWith("| `", StringComparison.Ordinal)) continue;
            var cells = line.Split('|');
            var table = cells[1].Trim().Trim('`');
            var columns = ColumnName().Matches(cells[2]).Select(m => m.Groups[1].Value);
            tables[table] = new SortedSet<string>(columns, StringComparer.Ordinal);
        }
        return tables;
    }

    private static string FindSourcesDocument()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "design", "SOURCES.md");
            if (File.Exists(candidate)) return candidate;
        }
        var copied = Path.Combine(AppContext.BaseDirectory, "design", "SOURCES.md");
        return File.Exists(copied) ? copied : throw new FileNotFoundException("shared/design/SOURCES.md not found beside the checkout");
    }

    // `name` followed by a type word in parentheses: `contract_no` text unique → contract_no
    [GeneratedRegex(@"`([a-z_]+)`\s+(?:int|text|decimal|date|ts|FK)\b")]
    private static partial Regex ColumnName();

    [Fact]
    public void TheDocumentListsTheSixteenCoreTables()
    {
        var tables = DocumentedTables();
        Assert.Equal(16, tables.Count);
        Assert.Equal(17, tables["contracts"].Count);
        Assert.Contains("five_level_class", tables["balance_snapshots"]);
    }

    [Fact]
    public void SchemaCreatedFromTheModelHasExactlyTheDocumentedTablesAndColumns()
    {
        var documented = DocumentedTables();
        var folder = TempFolder.Create("schema");
        try
        {
            var file = Path.Combine(folder, "schema.db");
            var options = new SourceOptions { Provider = "sqlite", ConnectionString = $"Data Source={file};Pooling=False" };
            using (var db = SourceProviders.Open(options))
            {
                db.Database.EnsureCreated();
            }
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            var actualTables = Sql.Rows(connection, "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
                .Select(r => (string)r[0]!).ToHashSet();
            Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), actualTables.Order(StringComparer.Ordinal));
            foreach (var (table, columns) in documented)
            {
                var actual = Sql.Rows(connection, $"select name from pragma_table_info('{table}')").Select(r => (string)r[0]!);
                Assert.Equal(columns, new SortedSet<string>(actual, StringComparer.Ordinal));
            }
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public void PostgreSqlIsSelectableByConfigurationWithTheSameNamesAndLocalTimestamps()
    {
        var options = new SourceOptions { Provider = "postgresql", ConnectionString = "Host=localhost;Database=core;Username=etl" };
        using var db = SourceProviders.Open(options);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        var script = db.Database.GenerateCreateScript();
        foreach (var (table, columns) in DocumentedTables())
        {
            Assert.Contains($"CREATE TABLE {table} (", script);
            foreach (var column in columns) Assert.Matches($@"\b{column}\b", script);
        }
        // timestamps are local China time without zone, flags are 0/1 integers, as in the document
        Assert.Contains("updated_at timestamp without time zone", script);
        Assert.Contains("specialized_new integer", script);
    }

    [Fact]
    public void AnUnknownProviderIsRefusedWithAClearMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => SourceProviders.BuildOptions("oracle", "x"));
        Assert.Contains("sqlite", e.Message);
        Assert.Contains("postgresql", e.Message);
    }
}
