namespace Cockpit.Etl.Pipeline.Inbox;

/// <summary>
/// What an inbox row is checked against besides its own cells: the run date ("future" dates) and the keys loaded
/// from the core system (a <c>department_code</c> or <c>credit_code</c> must match one).
/// </summary>
public sealed class InboxKeys(
    DateOnly today, IReadOnlyDictionary<string, int> departmentByCode, IReadOnlyDictionary<string, int> customerByCreditCode)
{
    public DateOnly Today { get; } = today;

    /// <summary>Department id by <c>departments.code</c>.</summary>
    public IReadOnlyDictionary<string, int> DepartmentByCode { get; } = departmentByCode;

    /// <summary>Customer id by 统一社会信用代码.</summary>
    public IReadOnlyDictionary<string, int> CustomerByCreditCode { get; } = customerByCreditCode;
}

/// <summary>A row that passed every rule: its spreadsheet row number and its values by the raw table's column names.</summary>
public sealed record InboxCheckRow(int RowNumber, IReadOnlyDictionary<string, object?> Values);

/// <summary>Why a whole file is rejected: the reason key and the reason in Chinese and English.</summary>
public sealed record InboxRefusal(string ReasonKey, string MessageZh, string MessageEn)
{
    /// <summary>As a run log's rejected file gives it: Chinese, then English in brackets.</summary>
    public string Reason => $"{MessageZh}（{MessageEn}）";
}

/// <summary>
/// One file checked as a run would read it (<see cref="InboxValidator.Check"/>).
/// </summary>
/// <param name="File">The name it was checked under (its kind and format come from the name, as in a run).</param>
/// <param name="Kind"><c>surveys</c>, <c>complaints</c>, <c>targets</c> or <c>finance</c>; null when the name is none.</param>
/// <param name="Sha256">SHA-256 of the bytes, lower-case hex, as the run log records it.</param>
/// <param name="Bytes">Size.</param>
/// <param name="Rejected">Why a run would reject the whole file (as its run log would say it), or null.</param>
/// <param name="Rows">The rows a run would load.</param>
/// <param name="Errors">The rows a run would quarantine, with row, column, value and reason.</param>
/// <param name="Warnings">What a run would warn about (unknown columns).</param>
public sealed record InboxCheck(
    string File, string? Kind, string Sha256, long Bytes, InboxRefusal? Rejected,
    IReadOnlyList<InboxCheckRow> Rows, IReadOnlyList<QuarantineEntry> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>Nothing rejected and nothing quarantined: a run would load every row.</summary>
    public bool Clean => Rejected is null && Errors.Count == 0;
}

/// <summary>Checks one inbox file with the ETL's own reader and rules, without a run (e.g. an upload before it is stored).</summary>
public static class InboxValidator
{
    /// <summary>
    /// Checks <paramref name="bytes"/> as a run would read a file named <paramref name="name"/> in the inbox: the
    /// kind and format from the name, the size limit, the reader, the header and every row rule of the kind.
    /// </summary>
    public static InboxCheck Check(string name, byte[] bytes, InboxKeys keys, long maxBytes = InboxLimits.DefaultMaxFileBytes) =>
        InboxLoader.Check(name, bytes, keys, maxBytes);

    /// <summary>The refusal of a file over the size limit, worded as a run words it.</summary>
    public static InboxRefusal TooLarge(long size, long maxBytes)
    {
        var e = InboxFolder.TooLarge(size, maxBytes);
        return new InboxRefusal(e.ReasonKey, e.MessageZh, e.MessageEn);
    }

    /// <summary>A byte count as people read it (<c>50 MB</c>).</summary>
    public static string Size(long bytes) => InboxFolder.Size(bytes);
}
