using System.Security.Cryptography;
using Cockpit.Etl.Demo;
using Microsoft.Data.Sqlite;

namespace Cockpit.Tests.Etl;

public sealed class DemoDeterminismTests
{
    private static readonly string[] Tables =
    [
        "departments", "staff", "banks", "products", "industries", "regions", "customer_groups", "customers",
        "applications", "contracts", "balance_snapshots", "fee_payments", "compensations", "recoveries", "write_offs",
        "risk_signals",
    ];

    [Fact]
    public void TheSameSeedAndOptionsGiveIdenticalTablesAndInboxFiles()
    {
        var options = new DemoOptions(Seed: 11, Contracts: 300, AsOf: new DateOnly(2026, 6, 30));
        var a = TempFolder.Create("det-a");
        var b = TempFolder.Create("det-b");
        try
        {
            DemoWriter.Generate(a, options, new DateOnly(2026, 7, 1));
            DemoWriter.Generate(b, options, new DateOnly(2030, 1, 1)); // today does not matter once as-of is given

            var total = 0;
            foreach (var table in Tables)
            {
                var rowsA = Dump(a, table);
                total += rowsA.Count;
                Assert.Equal(rowsA, Dump(b, table));
            }
            Assert.True(total > 3000, $"only {total} rows compared");
            var filesA = InboxHashes(a);
            Assert.True(filesA.Count >= 15, $"expected the yearly inbox files, found {filesA.Count}");
            Assert.Equal(filesA, InboxHashes(b));
        }
        finally
        {
            TempFolder.Delete(a);
            TempFolder.Delete(b);
        }
    }

    [Fact]
    public void ADifferentSeedGivesADifferentCompany()
    {
        var asOf = new DateOnly(2026, 6, 30);
        var one = DemoGenerator.Generate(new DemoOptions(1, 300, asOf), asOf);
        var two = DemoGenerator.Generate(new DemoOptions(2, 300, asOf), asOf);
        Assert.NotEqual(one.Contracts.Select(c => c.Amount), two.Contracts.Select(c => c.Amount));
        Assert.NotEqual(one.Customers.Select(c => c.Name), two.Customers.Select(c => c.Name));
    }

    [Fact]
    public void DefaultAsOfIsTheLastMonthEndBeforeToday()
    {
        Assert.Equal(new DateOnly(2026, 10, 31), DemoOptions.LastMonthEndBefore(new DateOnly(2026, 11, 22)));
        Assert.Equal(new DateOnly(2026, 10, 31), DemoOptions.LastMonthEndBefore(new DateOnly(2026, 11, 1)));
        Assert.Equal(new DateOnly(2025, 12, 31), DemoOptions.LastMonthEndBefore(new DateOnly(2026, 1, 31)));
        Assert.Throws<ArgumentException>(() => new DemoOptions(AsOf: new DateOnly(2026, 6, 15)).ResolveAsOf(new DateOnly(2026, 7, 1)));
    }

    private static List<string> Dump(string folder, string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, DemoWriter.SourceFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        // rowid order is insertion order; every column, as stored
        return Sql.Rows(connection, $"select * from {table} order by rowid")
            .Select(r => string.Join('|', r.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
    }

    private static SortedDictionary<string, string> InboxHashes(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(folder, DemoWriter.InboxFolderName)))
        {
            result[Path.GetFileName(file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }
        return result;
    }
}
