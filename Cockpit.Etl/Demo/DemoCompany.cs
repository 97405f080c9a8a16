using Cockpit.Etl.Source.Model;

namespace Cockpit.Etl.Demo;

/// <summary>A generated demo company: the core-system rows and the inbox files, all in memory.</summary>
public sealed class DemoCompany
{
    public required DemoOptions Options { get; init; }
    public required DateOnly AsOf { get; init; }
    /// <summary>First day of the history shown: 1 January three calendar years before the as-of year.</summary>
    public required DateOnly HistoryStart { get; init; }

    public List<Department> Departments { get; } = [];
    public List<Staff> Staff { get; } = [];
    public List<Bank> Banks { get; } = [];
    public List<Product> Products { get; } = [];
    public List<Industry> Industries { get; } = [];
    public List<Region> Regions { get; } = [];
    public List<CustomerGroup> CustomerGroups { get; } = [];
    public List<Customer> Customers { get; } = [];
    public List<Application> Applications { get; } = [];
    public List<Contract> Contracts { get; } = [];
    public List<BalanceSnapshot> BalanceSnapshots { get; } = [];
    public List<FeePayment> FeePayments { get; } = [];
    public List<Compensation> Compensations { get; } = [];
    public List<Recovery> Recoveries { get; } = [];
    public List<WriteOff> WriteOffs { get; } = [];
    public List<RiskSignal> RiskSignals { get; } = [];

    /// <summary>The inbox files in the order they are written.</summary>
    public List<InboxFile> InboxFiles { get; } = [];

    /// <summary>The deliberately dirty records, each with the kind of fault it carries.</summary>
    public List<DirtyRecord> DirtyRecords { get; } = [];
}

/// <summary>Kinds of fault the demo plants, as listed at the end of SOURCES.md plus the inbox-file faults.</summary>
public static class DirtyKinds
{
    public const string OrphanKey = "orphan_key";
    public const string UnknownEnum = "unknown_enum";
    public const string NonPositiveAmount = "non_positive_amount";
    public const string InvertedDates = "inverted_dates";
    public const string SnapshotAfterEnd = "snapshot_after_end";
    public const string DuplicateKey = "duplicate_key";
    public const string FutureDate = "future_date";
    /// <summary>A value out of range or that does not parse (inbox rows).</summary>
    public const string BadValue = "bad_value";
    /// <summary>A whole file without a required column: rejected.</summary>
    public const string MissingColumn = "missing_required_column";
    /// <summary>A file whose content was already seen under another name: skipped.</summary>
    public const string DuplicateFile = "duplicate_file";
    /// <summary>An extra column the ETL ignores with a warning; the rows still load.</summary>
    public const string UnknownColumn = "unknown_column";
    /// <summary>Text where a number belongs (inbox rows).</summary>
    public const string NotANumber = "not_a_number";
    /// <summary>A date or month that does not exist, such as 30 February or month 13 (inbox rows).</summary>
    public const string ImpossibleDate = "impossible_date";
    /// <summary>Text that is no date in an accepted form (inbox rows).</summary>
    public const string NotADate = "not_a_date";
    /// <summary>A required value left empty (inbox rows).</summary>
    public const string MissingValue = "missing_value";

    public static readonly string[] All =
    [
        OrphanKey, UnknownEnum, NonPositiveAmount, InvertedDates, SnapshotAfterEnd, DuplicateKey, FutureDate,
        BadValue, MissingColumn, DuplicateFile, UnknownColumn, NotANumber, ImpossibleDate, NotADate, MissingValue,
    ];
}

/// <summary>One planted fault.</summary>
/// <param name="Kind">One of <see cref="DirtyKinds"/>.</param>
/// <param name="Source">A core-system table name or an inbox file name.</param>
/// <param name="Key">The row's key: primary key (composite keys joined with '|'), or the spreadsheet row number
/// (header = row 1) in a file; empty for a whole file.</param>
/// <param name="Column">The offending column; empty for a whole file or row.</param>
/// <param name="Value">The offending value as written.</param>
/// <param name="Description">What is wrong, for the README and a data administrator.</param>
public sealed record DirtyRecord(string Kind, string Source, string Key, string Column, string Value, string Description);

/// <summary>An inbox file: its name, format and rows (header first).</summary>
public sealed record InboxFile(string Name, InboxFormat Format, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>When set, the file is a byte copy of that earlier file (a duplicate upload).</summary>
    public string? CopyOf { get; init; }
}

/// <summary>How an inbox file is written.</summary>
public enum InboxFormat
{
    /// <summary>CSV in UTF-8 without BOM, LF line ends.</summary>
    CsvUtf8,
    /// <summary>CSV in UTF-8 with BOM and CRLF, as Excel's "CSV UTF-8" writes it.</summary>
    CsvUtf8Bom,
    /// <summary>CSV in GB18030 with CRLF, as Excel's plain "CSV" writes it on a Chinese Windows PC.</summary>
    CsvGb18030,
    /// <summary>An Excel workbook with one sheet; dates as real date cells.</summary>
    Xlsx,
}
