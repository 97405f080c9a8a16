namespace Cockpit.Etl.Pipeline;

/// <summary>
/// A row the ETL would not load: where it came from, which column, the value, and why, as a reason key
/// (<see cref="ReasonKeys"/>) with a Chinese and an English message a data administrator understands.
/// </summary>
public sealed record QuarantineEntry(
    string Source, string Row, string Column, string Value, string ReasonKey, string MessageZh, string MessageEn)
{
    /// <summary>The message in both languages, Chinese first.</summary>
    public string Reason => $"{MessageZh}（{MessageEn}）";
}

/// <summary>Why a row or a file was refused.</summary>
public static class ReasonKeys
{
    public const string OrphanKey = "orphan_key";
    public const string UnknownEnum = "unknown_enum";
    public const string NonPositiveAmount = "non_positive_amount";
    public const string InvertedDates = "inverted_dates";
    public const string SnapshotAfterEnd = "snapshot_after_end";
    public const string SnapshotBeforeStart = "snapshot_before_start";
    public const string DuplicateKey = "duplicate_key";
    public const string FutureDate = "future_date";
    public const string BadValue = "bad_value";
    /// <summary>NULL or blank where a value is required.</summary>
    public const string MissingValue = "missing_value";
    public const string NotANumber = "not_a_number";
    /// <summary>A fraction in a whole-number column.</summary>
    public const string NotWholeNumber = "not_whole_number";
    /// <summary>More decimal places than the warehouse keeps: refused rather than rounded.</summary>
    public const string TooPrecise = "too_precise";
    /// <summary>Too large for the warehouse column or outside the accepted range (amounts, years).</summary>
    public const string OutOfRange = "out_of_range";
    public const string NotADate = "not_a_date";
    /// <summary>A date or time that does not exist (2026-02-30, 25:00).</summary>
    public const string ImpossibleDate = "impossible_date";
    public const string BadFlag = "bad_flag";
    /// <summary>Text holding a control character such as NUL: refused rather than cut.</summary>
    public const string ControlCharacter = "control_character";
    /// <summary>Binary data or undecodable bytes where text belongs.</summary>
    public const string InvalidText = "invalid_text";
    public const string MissingColumn = "missing_required_column";
    public const string DuplicateFile = "duplicate_file";
    public const string UnreadableFile = "unreadable_file";
    public const string UnsupportedFile = "unsupported_file";

    // inbox files
    /// <summary>A folder, FIFO, socket, device or broken symbolic link under an inbox file's name: never opened.</summary>
    public const string NotRegularFile = "not_regular_file";
    /// <summary>Larger than the inbox size limit: refused from its size, unread.</summary>
    public const string FileTooLarge = "file_too_large";
    /// <summary>0 bytes, no header row, or an empty first sheet.</summary>
    public const string EmptyFile = "empty_file";
    /// <summary>A CSV in UTF-16 or UTF-32, or bytes that are not text.</summary>
    public const string UnsupportedEncoding = "unsupported_encoding";
    /// <summary>A CSV delimited by semicolons, tabs or pipes instead of commas.</summary>
    public const string WrongDelimiter = "wrong_delimiter";
    /// <summary>A CSV quote that is never closed.</summary>
    public const string UnclosedQuote = "unclosed_quote";
    /// <summary>An .xlsx that is not an Excel workbook (another zip, an old .xls, damaged).</summary>
    public const string NotAWorkbook = "not_a_workbook";
    /// <summary>The workbook's first sheet lacks the columns another sheet has.</summary>
    public const string WrongSheet = "wrong_sheet";
    /// <summary>Two header cells with the same name (case-insensitive).</summary>
    public const string DuplicateColumn = "duplicate_column";
    /// <summary>A CSV row with more or fewer fields than the header (a row, not the file).</summary>
    public const string FieldCount = "field_count";
}

/// <summary>Builds quarantine entries for one source, row by row.</summary>
internal sealed class Quarantine(string source)
{
    public string Source { get; } = source;

    /// <summary>The row being checked (primary key, or spreadsheet row number).</summary>
    public string Row { get; set; } = "";

    private QuarantineEntry Entry(string column, object? value, string key, string zh, string en) =>
        new(Source, Row, column, Text(value), key, zh, en);

    /// <summary>A value as the quarantine shows it (<see cref="ValueRules.Show"/>).</summary>
    public static string Text(object? value) => ValueRules.Show(value);

    /// <summary>A value the conversion rules refused.</summary>
    public QuarantineEntry Refused(string column, object? raw, ValueError error) =>
        new(Source, Row, column, ValueRules.Show(raw), error.ReasonKey, error.MessageZh, error.MessageEn);

    public QuarantineEntry? Orphan(string column, object? value, bool exists, string targetZh, string targetEn) => exists ? null
        : Entry(column, value, ReasonKeys.OrphanKey, $"{column} = {Text(value)} 在{targetZh}中不存在（或该记录已被隔离）",
            $"{column} {Text(value)} matches no {targetEn} (or that row was quarantined)");

    public QuarantineEntry? Enum(string column, string? value, IReadOnlyCollection<string> allowed, bool nullable = false) =>
        (value is null && nullable) || (value is not null && allowed.Contains(value)) ? null
        : Entry(column, value, ReasonKeys.UnknownEnum, $"{column} 的取值“{value}”不在允许范围内（{string.Join("/", allowed)}）",
            $"{column} '{value}' is not one of {string.Join(", ", allowed)}");

    public QuarantineEntry? Positive(string column, decimal value) => value > 0 ? null
        : Entry(column, value, ReasonKeys.NonPositiveAmount, $"{column} 必须大于0，实际为 {Text(value)}",
            $"{column} must be greater than 0, not {Text(value)}");

    public QuarantineEntry? NotBefore(string column, DateTime? value, string earlierColumn, DateTime? earlier) =>
        value is null || earlier is null || value >= earlier ? null
        : Entry(column, value, ReasonKeys.InvertedDates, $"{column}（{Text(value)}）早于 {earlierColumn}（{Text(earlier)}）",
            $"{column} {Text(value)} is before {earlierColumn} {Text(earlier)}");

    public QuarantineEntry? NotBefore(string column, DateOnly? value, string earlierColumn, DateOnly? earlier) =>
        value is null || earlier is null || value >= earlier ? null
        : Entry(column, value, ReasonKeys.InvertedDates, $"{column}（{Text(value)}）早于 {earlierColumn}（{Text(earlier)}）",
            $"{column} {Text(value)} is before {earlierColumn} {Text(earlier)}");

    public QuarantineEntry? NotFuture(string column, DateOnly? value, DateOnly today) => value is null || value <= today ? null
        : Entry(column, value, ReasonKeys.FutureDate, $"{column}（{Text(value)}）晚于运行日期 {Text(today)}",
            $"{column} {Text(value)} is after the run date {Text(today)}");

    public QuarantineEntry? Unique(string column, string value, Dictionary<string, string> seen, bool primary = false)
    {
        if (seen.TryAdd(value, Row)) return null;
        return primary
            ? DuplicatePrimaryKey(column, value)
            : Entry(column, value, ReasonKeys.DuplicateKey, $"{column}“{value}”与记录 #{seen[value]} 重复，保留先出现的一条",
                $"{column} '{value}' duplicates row #{seen[value]}; the first one is kept");
    }

    /// <summary>A primary key read before: the first row read is kept.</summary>
    public QuarantineEntry DuplicatePrimaryKey(string column, string value) =>
        Entry(column, value, ReasonKeys.DuplicateKey, $"主键 {column} =“{value}”重复出现，保留先读到的一条",
            $"primary key {column} '{value}' appears again; the first row read is kept");

    public QuarantineEntry? Bad(string column, object? value, string expectedZh, string expectedEn) =>
        Entry(column, value, ReasonKeys.BadValue, $"{column} 的值“{Text(value)}”无效：{expectedZh}",
            $"{column} '{Text(value)}' is invalid: {expectedEn}");

    public QuarantineEntry? Range(string column, decimal value, decimal min, decimal max) => value >= min && value <= max ? null
        : Bad(column, value, $"应在 {Text(min)} 到 {Text(max)} 之间", $"must be between {Text(min)} and {Text(max)}");

    public QuarantineEntry SnapshotAfterEnd(DateOnly asOf, DateOnly releasedOn) =>
        Entry("as_of", asOf, ReasonKeys.SnapshotAfterEnd, $"快照日期 {Text(asOf)} 不早于合同解保日 {Text(releasedOn)}",
            $"snapshot at {Text(asOf)} is not before the contract ended on {Text(releasedOn)}");

    public QuarantineEntry SnapshotBeforeStart(DateOnly asOf, DateOnly startOn) =>
        Entry("as_of", asOf, ReasonKeys.SnapshotBeforeStart, $"快照日期 {Text(asOf)} 早于合同起始日 {Text(startOn)}",
            $"snapshot at {Text(asOf)} is before the contract started on {Text(startOn)}");
}
