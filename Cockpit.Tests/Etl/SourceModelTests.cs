using Cockpit.Etl.Source;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Tests.Etl;

/// <summary>The EF model is the core system of docs/sources.md: same tables, same columns, nothing more or less.</summary>
public sealed class SourceModelTests
{
    /// <summary>Tables and their columns as docs/sources.md lists them, one section per table.</summary>
    private static Dictionary<string, SortedSet<string>> DocumentedTables() =>
        RepositoryDocs.SourceTables().ToDictionary(t => t.Key, t => new SortedSet<string>(t.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    [Fact]
    public void TheDocumentListsTheSixteenCoreTables()
    {
        var tables = DocumentedTables();
        Assert.Equal(16, tables.Count);
        Assert.Equal(17, tables["contracts"].Count);
        Assert.Contains("five_level_class", tables["balance_snapshots"]);
        // people (individuals, farmers) have no size, registered capital or date of establishment
        var nullable = RepositoryDocs.SourceColumns().Where(c => c.Table == "customers" && c.Nullable).Select(c => c.Name);
        Assert.Equal(["established_on", "group_id", "registered_capital", "size"], nullable.Order(StringComparer.Ordinal));
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
