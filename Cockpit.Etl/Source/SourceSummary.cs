using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Etl.Source;

/// <summary>What the core system holds: rows per table and the dates they span.</summary>
public sealed record SourceSummary(string Provider, string Location, IReadOnlyList<SourceTableSummary> Tables);

/// <summary>One table: its name, row count and, for dated tables, the first and last date.</summary>
public sealed record SourceTableSummary(string Table, string ChineseName, long Rows, DateOnly? From, DateOnly? To);

/// <summary>Reads the <see cref="SourceSummary"/> through the EF model, read-only.</summary>
public static class SourceSummaryReader
{
    public static async Task<SourceSummary> ReadAsync(SourceOptions options, CancellationToken ct = default)
    {
        await using var db = SourceProviders.Open(options);
        var tables = new List<SourceTableSummary>
        {
            await Count(db.Departments, "departments", "部门", ct),
            await Count(db.Staff, "staff", "员工", ct),
            await Count(db.Banks, "banks", "合作银行", ct),
            await Count(db.Products, "products", "担保产品", ct),
            await Count(db.Industries, "industries", "行业", ct),
            await Count(db.Regions, "regions", "区县", ct),
            await Count(db.CustomerGroups, "customer_groups", "关联方集团", ct),
            await Count(db.Customers, "customers", "客户", ct),
            await Dated(db.Applications, "applications", "业务申请", x => x.ReceivedOn, ct),
            await Dated(db.Contracts, "contracts", "担保合同", x => x.StartOn, ct),
            await Dated(db.BalanceSnapshots, "balance_snapshots", "月末余额快照", x => x.AsOf, ct),
            await Dated(db.FeePayments, "fee_payments", "担保费收入", x => x.PaidOn, ct),
            await Dated(db.Compensations, "compensations", "代偿", x => x.PaidOn, ct),
            await Dated(db.Recoveries, "recoveries", "追偿回收", x => x.ReceivedOn, ct),
            await Dated(db.WriteOffs, "write_offs", "核销", x => x.WrittenOffOn, ct),
            await Dated(db.RiskSignals, "risk_signals", "风险预警信号", x => x.DetectedOn, ct),
        };
        return new SourceSummary(options.Provider, Describe(options), tables);
    }

    private static async Task<SourceTableSummary> Count<T>(IQueryable<T> set, string table, string chinese, CancellationToken ct) =>
        new(table, chinese, await set.LongCountAsync(ct), null, null);

    private static async Task<SourceTableSummary> Dated<T>(
        IQueryable<T> set, string table, string chinese, System.Linq.Expressions.Expression<Func<T, DateOnly>> date, CancellationToken ct)
    {
        var rows = await set.LongCountAsync(ct);
        if (rows == 0) return new(table, chinese, 0, null, null);
        var dates = set.Select(date);
        try
        {
            return new(table, chinese, rows, await dates.MinAsync(ct), await dates.MaxAsync(ct));
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or InvalidOperationException or ArgumentException)
        {
            // a date stored in another form (or no date at all): the ETL converts or quarantines it; the summary
            // shows the count without a range rather than failing
            return new(table, chinese, rows, null, null);
        }
    }

    /// <summary>Where the source is, without credentials.</summary>
    public static string Describe(SourceOptions options)
    {
        if (options.Provider.Equals(SourceProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return Path.GetFullPath(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource);
        }
        var parts = options.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase) && !p.TrimStart().StartsWith("pwd", StringComparison.OrdinalIgnoreCase));
        return string.Join(';', parts);
    }

    /// <summary>The SQLite database file of a SQLite source, or null for other providers.</summary>
    public static string? SqliteFile(SourceOptions options) =>
        options.Provider.Equals(SourceProviders.Sqlite, StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource)
            : null;
}
