using System.Globalization;
using System.Text.Json;
using Cockpit.Etl.Demo;
using Microsoft.Data.Sqlite;

namespace Cockpit.Tests.Etl;

/// <summary>Every planted fault is really there and is of the kind the manifest says.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class DemoDirtyRecordsTests(DemoCompanyFixture demo)
{
    private static readonly Dictionary<(string Table, string Column), string[]> Enums = new()
    {
        [("contracts", "status")] = ["in_force", "released", "compensated"],
        [("customers", "credit_rating")] = ["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"],
        [("risk_signals", "kind")] = ["litigation", "registration_change", "public_opinion", "financial_deterioration", "overdue", "credit_report"],
        [("applications", "channel")] = ["bank_referral", "government", "park", "self", "customer_referral"],
    };

    private static readonly Dictionary<string, string> ReferencedTable = new()
    {
        ["customer_id"] = "customers", ["contract_id"] = "contracts", ["compensation_id"] = "compensations",
    };

    [Fact]
    public void EveryKindOfFaultThatSourcesMdListsIsPlantedInTheDatabase()
    {
        var kinds = demo.Company.DirtyRecords.Where(d => !d.Source.Contains('.')).Select(d => d.Kind).ToHashSet();
        string[] listed =
        [
            DirtyKinds.OrphanKey, DirtyKinds.UnknownEnum, DirtyKinds.NonPositiveAmount, DirtyKinds.InvertedDates,
            DirtyKinds.SnapshotAfterEnd, DirtyKinds.DuplicateKey, DirtyKinds.FutureDate,
        ];
        Assert.All(listed, k => Assert.Contains(k, kinds));
        var fileKinds = demo.Company.DirtyRecords.Where(d => d.Source.Contains('.')).Select(d => d.Kind).ToHashSet();
        Assert.All(new[] { DirtyKinds.BadValue, DirtyKinds.OrphanKey, DirtyKinds.MissingColumn, DirtyKinds.DuplicateFile }, k => Assert.Contains(k, fileKinds));
        // the four inbox kinds each carry bad rows
        foreach (var prefix in new[] { "surveys", "complaints", "targets", "finance" })
        {
            Assert.Contains(demo.Company.DirtyRecords, d => d.Source.StartsWith(prefix) && d.Key != "");
        }
    }

    [Fact]
    public void EachPlantedDatabaseRowExistsAndCarriesItsFault()
    {
        using var connection = demo.Open();
        var records = demo.Company.DirtyRecords.Where(d => !d.Source.Contains('.')).ToList();
        Assert.True(records.Count >= 14);
        foreach (var d in records)
        {
            var (where, value) = Locate(connection, d);
            Assert.True(value is not null, $"{d.Source} {d.Key}: row not found");
            var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
            switch (d.Kind)
            {
                case DirtyKinds.OrphanKey:
                    var target = ReferencedTable[d.Column];
                    Assert.Equal(0L, Sql.Scalar<long>(connection, $"select count(*) from {target} where id = {text}"));
                    break;
                case DirtyKinds.UnknownEnum:
                    Assert.DoesNotContain(text, Enums[(d.Source, d.Column)]);
                    break;
                case DirtyKinds.NonPositiveAmount:
                    Assert.True(decimal.Parse(text, CultureInfo.InvariantCulture) <= 0, $"{d.Source} {d.Key}: {text}");
                    break;
                case DirtyKinds.InvertedDates:
                    var dates = Sql.Rows(connection, $"select start_on, maturity_on from {d.Source} where {where}")[0];
                    Assert.True(string.CompareOrdinal((string)dates[1]!, (string)dates[0]!) < 0);
                    break;
                case DirtyKinds.SnapshotAfterEnd:
                    var contractId = d.Key.Split('|')[0];
                    var released = Sql.Scalar<string>(connection, $"select released_on from contracts where id = {contractId}");
                    Assert.True(string.CompareOrdinal(text, released) >= 0);
                    break;
                case DirtyKinds.DuplicateKey:
                    Assert.True(Sql.Scalar<long>(connection, $"select count(*) from {d.Source} where {d.Column} = '{text}'") >= 2);
                    break;
                case DirtyKinds.FutureDate:
                    Assert.True(DateOnly.Parse(text, CultureInfo.InvariantCulture) > DemoCompanyFixture.AsOf);
                    break;
                default:
                    Assert.Fail($"unexpected kind {d.Kind} in {d.Source}");
                    break;
            }
            Assert.Equal(d.Value, d.Kind == DirtyKinds.NonPositiveAmount ? NormaliseNumber(text, d.Value) : text);
        }
    }

    [Fact]
    public void EachPlantedInboxRowIsAtItsRowNumberAndCarriesItsFault()
    {
        var customers = demo.Company.Customers.Select(c => c.CreditCode).ToHashSet();
        var departments = demo.Company.Departments.Select(d => d.Code).ToHashSet();
        var kpis = KpiCodes();
        var records = demo.Company.DirtyRecords.Where(d => d.Source.Contains('.') && d.Key != "").ToList();
        Assert.True(records.Count >= 12);
        foreach (var d in records)
        {
            var rows = InboxTestReader.Read(Path.Combine(demo.InboxPath, d.Source));
            var header = rows[0].Select(h => h.ToLowerInvariant()).ToList();
            var row = rows[int.Parse(d.Key) - 1];
            var value = row[header.IndexOf(d.Column)];
            Assert.Equal(d.Value, value);
            switch (d.Kind, d.Column)
            {
                case (DirtyKinds.BadValue or DirtyKinds.NotANumber, "nps_score"):
                    Assert.False(int.TryParse(value, out var nps) && nps is >= 0 and <= 10);
                    break;
                case (DirtyKinds.BadValue, "csat"):
                    Assert.False(int.TryParse(value, out var csat) && csat is >= 1 and <= 5);
                    break;
                case (DirtyKinds.ImpossibleDate or DirtyKinds.NotADate, "surveyed_on" or "received_at" or "month"):
                    Assert.False(DateTime.TryParse(value.Length == 7 ? value + "-01" : value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
                    break;
                case (DirtyKinds.MissingValue, "response_id"):
                    Assert.Equal("", value);
                    break;
                case (DirtyKinds.BadValue, "quarter"):
                    Assert.DoesNotContain(value, new[] { "", "1", "2", "3", "4" });
                    break;
                case (DirtyKinds.OrphanKey, "credit_code"):
                    Assert.DoesNotContain(value, customers);
                    break;
                case (DirtyKinds.OrphanKey, "department_code"):
                    Assert.DoesNotContain(value, departments);
                    break;
                case (DirtyKinds.InvertedDates, "responded_at"):
                    Assert.True(DateTime.Parse(value, CultureInfo.InvariantCulture) < DateTime.Parse(row[header.IndexOf("received_at")], CultureInfo.InvariantCulture));
                    break;
                case (DirtyKinds.UnknownEnum, "kpi_code"):
                    Assert.DoesNotContain(value, kpis);
                    break;
                case (DirtyKinds.NonPositiveAmount, "net_assets"):
                    Assert.True(decimal.Parse(value, CultureInfo.InvariantCulture) <= 0);
                    break;
                default:
                    Assert.Fail($"unexpected fault {d.Kind}/{d.Column} in {d.Source}");
                    break;
            }
        }
    }

    [Fact]
    public void WholeFileFaultsAreAMissingColumnADuplicateUploadAndAnUnknownColumn()
    {
        foreach (var d in demo.Company.DirtyRecords.Where(d => d.Source.Contains('.') && d.Key == ""))
        {
            var path = Path.Combine(demo.InboxPath, d.Source);
            var header = InboxTestReader.Read(path)[0];
            switch (d.Kind)
            {
                case DirtyKinds.MissingColumn:
                    Assert.DoesNotContain(d.Column, header);
                    break;
                case DirtyKinds.DuplicateFile:
                    Assert.Equal(File.ReadAllBytes(Path.Combine(demo.InboxPath, d.Value)), File.ReadAllBytes(path));
                    break;
                case DirtyKinds.UnknownColumn:
                    Assert.Contains(d.Column, header);
                    break;
                default:
                    Assert.Fail($"unexpected file fault {d.Kind}");
                    break;
            }
        }
    }

    [Fact]
    public void TheManifestBesideTheInboxListsTheSameFaults()
    {
        var json = File.ReadAllText(Path.Combine(demo.Directory, DemoWriter.DirtyManifestFileName));
        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(demo.Company.DirtyRecords.Count, items.Count);
        Assert.Equal(demo.Company.DirtyRecords[0].Kind, items[0].GetProperty("kind").GetString());
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("description").GetString())));
        Assert.False(File.Exists(Path.Combine(demo.InboxPath, DemoWriter.DirtyManifestFileName)));
    }

    private static (string Where, object? Value) Locate(SqliteConnection connection, DirtyRecord d)
    {
        var where = d.Source == "balance_snapshots"
            ? $"contract_id = {d.Key.Split('|')[0]} and as_of = '{d.Key.Split('|')[1]}'"
            : $"id = {d.Key}";
        var rows = Sql.Rows(connection, $"select {d.Column} from {d.Source} where {where}");
        return (where, rows.Count == 1 ? rows[0][0] : null);
    }

    private static string NormaliseNumber(string stored, string declared) =>
        decimal.Parse(stored, CultureInfo.InvariantCulture) == decimal.Parse(declared, CultureInfo.InvariantCulture) ? declared : stored;

    /// <summary>KPI codes of the catalogue as docs/kpis.md lists them.</summary>
    private static HashSet<string> KpiCodes() => RepositoryDocs.KpiCatalogue().Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
}
