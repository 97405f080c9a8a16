using Cockpit.Etl.Demo;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Source;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Microsoft.Data.Sqlite;

namespace Cockpit.Tests.Etl;

/// <summary>The hand-made company (<see cref="HandMadeCompany"/>) written once and loaded clean, for the fault tests.</summary>
public sealed class CleanHandMadeSource : IDisposable
{
    public CleanHandMadeSource()
    {
        Folder = TempFolder.Create("core-faults");
        DemoWriter.Write(Folder, HandMadeCompany.Build());
        var log = CoreValueFaultTests.Run(SourceDb, Path.Combine(Folder, "warehouse"));
        if (log.Status != RunStatus.Succeeded || log.Quarantined > 0) throw new InvalidOperationException($"clean run: {log.Status} {log.Error}");
        Raw = CoreValueFaultTests.RawTables(Path.Combine(Folder, "warehouse"));
    }

    public string Folder { get; }
    public string SourceDb => Path.Combine(Folder, "source.db");
    public string Inbox => Path.Combine(Folder, "inbox");

    /// <summary>Every raw core table of the clean build: source_ref → the row as text (run id left out).</summary>
    public Dictionary<string, Dictionary<string, string>> Raw { get; }

    public void Dispose() => TempFolder.Delete(Folder);
}

/// <summary>
/// One bad value at a time in the core system, as SQLite really stores it (any value in any column): the run
/// publishes, every row is accounted for, the faulty row is quarantined with its column, raw value and reason (and
/// its dependants as orphans), and every other row loads exactly as in the clean run. A value that a documented
/// rule converts loads as the clean value. Expected KPIs are worked out by hand from <see cref="HandMadeCompany"/>:
/// in force at D 22,700,000 (K2 1.6M, K4 1.5M, K5 10M, K6 4M, K8 5M, K10 0.6M); fees YTD 185,000.
/// </summary>
public sealed class CoreValueFaultTests(CleanHandMadeSource clean) : IClassFixture<CleanHandMadeSource>
{
    private const decimal Balance = 22_700_000m, Fees = 185_000m;

    /// <summary>A fault: set <paramref name="Column"/> of the row(s) matched by <paramref name="Where"/> to <paramref name="Value"/>.</summary>
    public sealed record Fault(
        string Table, string Where, string Column, object? Value,
        string? ReasonKey = null, string? Row = null, string? Shown = null,
        string[]? Orphans = null, decimal Balance = Balance, decimal Fees = Fees, string? Prepare = null, string? CleanRow = null);

    private static readonly Dictionary<string, Fault> Faults = new()
    {
        // ------------------------------------------------ NULL or blank where a value is required
        ["null amount"] = new("fee_payments", "id = 4", "amount", null, ReasonKeys.MissingValue, "4", "", Fees: 85_000m),
        ["blank amount"] = new("fee_payments", "id = 2", "amount", "", ReasonKeys.MissingValue, "2", "", Fees: 170_000m),
        ["null start date of a contract with dependants"] = new("contracts", "id = 8", "start_on", null, ReasonKeys.MissingValue, "8", "",
            ["balance_snapshots#8|2026-06-30", "fee_payments#4"], Balance: 17_700_000m, Fees: 85_000m),
        ["null name"] = new("staff", "id = 3", "name", null, ReasonKeys.MissingValue, "3", ""),
        ["null flag"] = new("staff", "id = 3", "active", null, ReasonKeys.MissingValue, "3", ""),
        // ------------------------------------------------ text where a number belongs
        ["abc in overdue days"] = new("balance_snapshots", "contract_id = 10 and as_of = '2026-06-30'", "overdue_days", "abc",
            ReasonKeys.NotANumber, "10|2026-06-30", "abc", Balance: 22_100_000m),
        ["abc in a foreign key"] = new("risk_signals", "id = 3", "customer_id", "abc", ReasonKeys.NotANumber, "3", "abc"),
        ["abc in a key column"] = new("balance_snapshots", "contract_id = 10 and as_of = '2026-06-30'", "contract_id", "abc",
            ReasonKeys.NotANumber, "abc|2026-06-30", "abc", Balance: 22_100_000m, CleanRow: "10|2026-06-30"),
        ["NaN"] = new("fee_payments", "id = 4", "amount", "NaN", ReasonKeys.NotANumber, "4", "NaN", Fees: 85_000m),
        ["Infinity"] = new("fee_payments", "id = 4", "amount", "Infinity", ReasonKeys.NotANumber, "4", "Infinity", Fees: 85_000m),
        ["decimal comma"] = new("fee_payments", "id = 4", "amount", "100000,50", ReasonKeys.NotANumber, "4", "100000,50", Fees: 85_000m),
        ["currency sign"] = new("fee_payments", "id = 4", "amount", "¥100000", ReasonKeys.NotANumber, "4", "¥100000", Fees: 85_000m),
        // ------------------------------------------------ numbers the warehouse cannot hold, fractions it would cut
        ["1e30 amount"] = new("fee_payments", "id = 4", "amount", 1e30, ReasonKeys.OutOfRange, "4", Fees: 85_000m),
        ["2^63-1 days"] = new("balance_snapshots", "contract_id = 10 and as_of = '2026-06-30'", "overdue_days", long.MaxValue,
            ReasonKeys.OutOfRange, "10|2026-06-30", "9223372036854775807", Balance: 22_100_000m),
        ["integer overflow in a foreign key"] = new("risk_signals", "id = 3", "customer_id", 4_294_967_300L, ReasonKeys.OutOfRange, "3", "4294967300"),
        ["fraction in whole days"] = new("balance_snapshots", "contract_id = 10 and as_of = '2026-06-30'", "overdue_days", 40.5,
            ReasonKeys.NotWholeNumber, "10|2026-06-30", "40.5", Balance: 22_100_000m),
        ["third decimal in an amount"] = new("fee_payments", "id = 4", "amount", "100000.005", ReasonKeys.TooPrecise, "4", "100000.005", Fees: 85_000m),
        ["seventh decimal in a rate"] = new("contracts", "id = 6", "fee_rate", "0.0100001", ReasonKeys.TooPrecise, "6", "0.0100001",
            ["balance_snapshots#6|2026-04-30", "balance_snapshots#6|2026-05-31", "balance_snapshots#6|2026-06-30", "fee_payments#3"],
            Balance: 18_700_000m, Fees: 145_000m),
        // ------------------------------------------------ dates and timestamps no rule covers
        ["impossible date"] = new("fee_payments", "id = 4", "paid_on", "2026-02-30", ReasonKeys.ImpossibleDate, "4", "2026-02-30", Fees: 85_000m),
        ["day-first date"] = new("fee_payments", "id = 4", "paid_on", "30/06/2026", ReasonKeys.NotADate, "4", "30/06/2026", Fees: 85_000m),
        ["date with a time of day"] = new("fee_payments", "id = 4", "paid_on", "2026-06-30 10:30:00", ReasonKeys.NotADate, "4", Fees: 85_000m),
        ["year 0206"] = new("fee_payments", "id = 4", "paid_on", "0206-06-30", ReasonKeys.OutOfRange, "4", "0206-06-30", Fees: 85_000m),
        ["a word as timestamp"] = new("applications", "id = 7", "updated_at", "yesterday", ReasonKeys.NotADate, "7", "yesterday"),
        ["impossible timestamp"] = new("applications", "id = 7", "updated_at", "2026-06-01T25:00:00", ReasonKeys.ImpossibleDate, "7"),
        ["offset out of range"] = new("applications", "id = 7", "updated_at", "2026-06-01T09:00:00+25:00", ReasonKeys.NotADate, "7"),
        // ------------------------------------------------ flags other than the documented words
        ["flag 2"] = new("staff", "id = 3", "active", 2L, ReasonKeys.BadFlag, "3", "2"),
        ["flag maybe"] = new("staff", "id = 3", "active", "maybe", ReasonKeys.BadFlag, "3", "maybe"),
        // ------------------------------------------------ text that would be cut or is not text
        ["NUL in a contract number"] = new("contracts", "id = 9", "contract_no", "K9\0-2024", ReasonKeys.ControlCharacter, "9", "K9\\u0000-2024",
            [.. Enumerable.Range(0, 12).Select(m => $"balance_snapshots#9|{new DateOnly(2024, 10, 31).AddDays(1).AddMonths(m).AddDays(-1):yyyy-MM-dd}")]),
        ["bell in a name"] = new("staff", "id = 3", "name", "张\u0007丽", ReasonKeys.ControlCharacter, "3", "张\\u0007丽"),
        ["binary name"] = new("staff", "id = 3", "name", new byte[] { 0xE5, 0x00, 0xFF }, ReasonKeys.InvalidText, "3", "0xE500FF"),
        ["undecodable bytes"] = new("staff", "id = 3", "name", null, ReasonKeys.InvalidText, "3", "0xE5BCA0FF",
            Prepare: "update staff set name = cast(X'E5BCA0FF' as text) where id = 3"),
        // ------------------------------------------------ a repeated primary key: the first row read loads
        ["duplicate fee payment id"] = new("fee_payments", "id = 4", "id", null, ReasonKeys.DuplicateKey, "4",
            Prepare: WithoutKey("fee_payments") + "insert into fee_payments (id, contract_id, paid_on, amount) values (4, 8, '2026-06-30', '99.00');"),
        ["duplicate snapshot"] = new("balance_snapshots", "", "contract_id, as_of", null, ReasonKeys.DuplicateKey, "2|2026-06-30",
            Prepare: WithoutKey("balance_snapshots")
                     + "insert into balance_snapshots (contract_id, as_of, outstanding, overdue_days, five_level_class) values (2, '2026-06-30', '999.00', 0, 'normal');"),
    };

    /// <summary>Values a documented rule converts: each loads exactly as the clean value it stands for.</summary>
    private static readonly Dictionary<string, (string Table, string Where, string Column, object Value)> Conversions = new()
    {
        ["full-width digits"] = ("fee_payments", "id = 1", "amount", "２４０００.００"),
        ["thousands separators"] = ("fee_payments", "id = 1", "amount", "24,000.00"),
        ["amount as an integer"] = ("fee_payments", "id = 1", "amount", 24000L),
        ["amount with spaces"] = ("fee_payments", "id = 1", "amount", " 24000 "),
        ["amount in scientific notation"] = ("fee_payments", "id = 1", "amount", "2.4e4"),
        ["whole days as 40.0"] = ("balance_snapshots", "contract_id = 10 and as_of = '2026-06-30'", "overdue_days", 40.0),
        ["whole days as text"] = ("balance_snapshots", "contract_id = 10 and as_of = '2026-06-30'", "overdue_days", "40"),
        ["date with slashes"] = ("fee_payments", "id = 1", "paid_on", "2026/1/5"),
        ["compact date"] = ("fee_payments", "id = 1", "paid_on", "20260105"),
        ["Chinese date"] = ("fee_payments", "id = 1", "paid_on", "2026年1月5日"),
        ["date at midnight"] = ("fee_payments", "id = 1", "paid_on", "2026-01-05 00:00:00"),
        ["timestamp with a space"] = ("contracts", "id = 9", "updated_at", "2026-06-30 18:00"),
        ["timestamp in China time with offset"] = ("contracts", "id = 9", "updated_at", "2026-06-30T18:00:00+08:00"),
        ["timestamp in UTC"] = ("contracts", "id = 9", "updated_at", "2026-06-30T10:00:00Z"),
        ["timestamp at minus five"] = ("contracts", "id = 9", "updated_at", "2026-06-30T05:00:00-05:00"),
        ["flag yes"] = ("staff", "id = 1", "active", "yes"),
        ["flag TRUE"] = ("staff", "id = 1", "active", "TRUE"),
        ["flag 是"] = ("staff", "id = 1", "active", "是"),
        ["flag 1.0"] = ("staff", "id = 1", "active", 1.0),
        ["blank optional date"] = ("contracts", "id = 2", "released_on", ""),
    };

    public static TheoryData<string> FaultNames => [.. Faults.Keys];
    public static TheoryData<string> ConversionNames => [.. Conversions.Keys];

    [Theory]
    [MemberData(nameof(FaultNames))]
    public void OneBadValueQuarantinesItsRowAndEverythingElseLoadsUnchanged(string name)
    {
        var fault = Faults[name];
        var folder = TempFolder.Create("core-fault");
        try
        {
            var source = CopySource(folder);
            using (var connection = Open(source))
            {
                // a NULL needs the table without its NOT NULL constraints, as another system's export may have it
                if (fault.Prepare is not null) Execute(connection, fault.Prepare, null);
                else Execute(connection, (fault.Value is null ? WithoutKey(fault.Table) : "")
                                         + $"update {fault.Table} set {fault.Column} = $v where {fault.Where}", fault.Value);
            }
            var warehouse = Path.Combine(folder, "warehouse");
            var log = Run(source, warehouse, clean.Inbox);

            Assert.True(log.Status == RunStatus.Succeeded, $"{log.Stage}: {log.Error}");
            Assert.All(log.Sources, s => Assert.Equal(s.Read, s.Loaded + s.Quarantined));
            var quarantined = EtlRunner.Quarantine(warehouse, log.RunId);
            var entry = Assert.Single(quarantined, q => q.ReasonKey != ReasonKeys.OrphanKey);
            Assert.Equal((fault.Table, fault.Row, fault.Column, fault.ReasonKey), (entry.Source, entry.Row, entry.Column, entry.ReasonKey));
            if (fault.Shown is not null) Assert.Equal(fault.Shown, entry.Value);
            Assert.False(string.IsNullOrWhiteSpace(entry.MessageZh));
            Assert.False(string.IsNullOrWhiteSpace(entry.MessageEn));
            Assert.Contains(fault.Column, entry.MessageEn);
            var orphans = quarantined.Where(q => q.ReasonKey == ReasonKeys.OrphanKey).Select(q => $"{q.Source}#{q.Row}").Order().ToList();
            Assert.Equal((fault.Orphans ?? []).Order(), orphans);

            // every other row loads exactly as in the clean run; a repeated key loads nothing new
            var removed = new HashSet<string>([$"{fault.Table}#{fault.CleanRow ?? fault.Row}", .. fault.Orphans ?? []]);
            if (fault.ReasonKey == ReasonKeys.DuplicateKey) removed.Clear();
            var raw = RawTables(warehouse);
            foreach (var (table, rows) in clean.Raw)
            {
                var expected = rows.Where(r => !removed.Contains(r.Key)).ToDictionary();
                Assert.Equal(expected, raw[table]);
            }
            Assert.Equal((fault.Balance, fault.Fees), Kpis(warehouse));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Theory]
    [MemberData(nameof(ConversionNames))]
    public void AValueADocumentedRuleConvertsLoadsAsTheCleanValue(string name)
    {
        var (table, where, column, value) = Conversions[name];
        var folder = TempFolder.Create("core-convert");
        try
        {
            var source = CopySource(folder);
            using (var connection = Open(source))
            {
                Execute(connection, $"update {table} set {column} = $v where {where}", value);
            }
            var warehouse = Path.Combine(folder, "warehouse");
            var log = Run(source, warehouse, clean.Inbox);

            Assert.True(log.Status == RunStatus.Succeeded, $"{log.Stage}: {log.Error}");
            Assert.Empty(EtlRunner.Quarantine(warehouse, log.RunId));
            var raw = RawTables(warehouse);
            foreach (var (t, rows) in clean.Raw) Assert.Equal(rows, raw[t]);
            Assert.Equal((Balance, Fees), Kpis(warehouse));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public void PeopleLoadWithoutSizeCapitalOrDateOfEstablishment()
    {
        // C3 is a farmer: no size, registered capital or date of establishment in the source (NULL), and loads
        using var connection = WarehouseConnection.OpenReadOnly(EtlTestSupport.CurrentBuildFile(Path.Combine(clean.Folder, "warehouse")));
        var row = Assert.Single(Sql.Rows(connection, "select kind, size, registered_capital, established_on from raw_customers where id = 3"));
        Assert.Equal(["farmer", null, null, null], row);
        Assert.Equal(6L, Convert.ToInt64(Sql.Rows(connection, "select count(*) from dim_customer")[0][0]));
    }

    [Fact]
    public void TheFaultsCoverEveryCoreTableKindOfValue()
    {
        // a guard on the table above: each class of the issue has at least one case
        var reasons = Faults.Values.Select(f => f.ReasonKey).ToHashSet();
        foreach (var key in new[]
                 {
                     ReasonKeys.MissingValue, ReasonKeys.NotANumber, ReasonKeys.OutOfRange, ReasonKeys.NotWholeNumber, ReasonKeys.TooPrecise,
                     ReasonKeys.NotADate, ReasonKeys.ImpossibleDate, ReasonKeys.BadFlag, ReasonKeys.ControlCharacter, ReasonKeys.InvalidText,
                     ReasonKeys.DuplicateKey,
                 })
        {
            Assert.Contains(key, reasons);
        }
    }

    // ------------------------------------------------------------------ helpers

    internal static RunLog Run(string sourceDb, string warehouse, string? inbox = null) =>
        EtlRunner.Run(new EtlRunRequest(
            new SourceOptions { Provider = SourceProviders.Sqlite, ConnectionString = $"Data Source={sourceDb};Pooling=False" },
            inbox ?? Path.Combine(Path.GetDirectoryName(sourceDb)!, "inbox"), warehouse) { Time = HandMadeCompany.RunTime, BuildCube = false });

    internal static Dictionary<string, Dictionary<string, string>> RawTables(string warehouse)
    {
        var build = EtlTestSupport.CurrentBuildFile(warehouse);
        var tables = new Dictionary<string, Dictionary<string, string>>();
        using var connection = WarehouseConnection.OpenReadOnly(build);
        foreach (var table in CoreSystemLoader.Tables)
        {
            var rows = Sql.Rows(connection, $"select * exclude (etl_run_id) from raw_{table}");
            tables["raw_" + table] = rows.ToDictionary(
                r => (string)r[^1]!,
                r => string.Join("|", r[..^1].Select(v => v switch
                {
                    null => "<null>",
                    DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss"),
                    DateOnly d => d.ToString("yyyy-MM-dd"),
                    IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    _ => v.ToString(),
                })));
        }
        return tables;
    }

    private static (decimal Balance, decimal Fees) Kpis(string warehouse)
    {
        using var kpis = new KpiService(new WarehouseLayout(warehouse));
        var ytd = KpiWindow.For(HandMadeCompany.D, KpiPeriod.Ytd);
        return (kpis.GetAsync("balance", ytd).GetAwaiter().GetResult().Value ?? -1,
            kpis.GetAsync("fee_income", ytd).GetAwaiter().GetResult().Value ?? -1);
    }

    private string CopySource(string folder)
    {
        var copy = Path.Combine(folder, "source.db");
        File.Copy(clean.SourceDb, copy);
        return copy;
    }

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql, object? value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sql.Contains("$v")) command.Parameters.AddWithValue("$v", value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    /// <summary>The table rebuilt without its primary key, as an export from another system may be.</summary>
    private static string WithoutKey(string table) =>
        $"create table {table}_copy as select * from {table}; drop table {table}; alter table {table}_copy rename to {table};";
}
