using System.Globalization;

namespace Cockpit.Etl.Pipeline;

/// <summary>
/// Stops a run from publishing a build on which the cockpit would show nothing, or much less than yesterday,
/// while looking healthy: no inbox folder, an empty table the figures cannot do without, or a core table that lost
/// more than <see cref="EtlRunRequest.MaxRowLoss"/> of the rows the current build holds. <c>--allow-hollow</c>
/// publishes anyway; the run log records which guards it overrode.
/// </summary>
public static class HollowBuildGuard
{
    public const double DefaultMaxRowLoss = 0.5;

    /// <summary>
    /// Without rows in these the cockpit shows no figures. Compensations, recoveries, write-offs and risk signals
    /// may legitimately be empty at a young company.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredTables = ["departments", "customers", "contracts", "balance_snapshots"];

    /// <summary>The inbox folder exists (a mistyped path must not quietly publish a build without surveys, targets or finance).</summary>
    public static GuardFinding? CheckInbox(string inbox)
    {
        var path = Path.GetFullPath(inbox);
        if (Directory.Exists(path))
        {
            try
            {
                using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
                entries.MoveNext();
                return null;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return new GuardFinding("inbox_missing", path,
                    $"收件箱文件夹无法读取：{path}，请检查权限（the inbox folder cannot be read: {path}: {e.Message}）");
            }
        }
        return File.Exists(path)
            ? new GuardFinding("inbox_missing", path, $"收件箱路径是文件而不是文件夹：{path}（the inbox path is a file, not a folder）")
            : new GuardFinding("inbox_missing", path,
                $"收件箱文件夹不存在：{path}，请检查 --inbox 或创建该文件夹（可以为空）（the inbox folder does not exist: check --inbox, or create it, even empty）");
    }

    /// <summary>
    /// The core tables as loaded (rows in <c>raw_*</c>, so a table whose every row was quarantined is empty) against
    /// the rows the current build loaded. Inbox files are not compared: a rejected file fails alone by design.
    /// </summary>
    public static List<GuardFinding> CheckTables(
        IEnumerable<SourceCount> loaded, IReadOnlyDictionary<string, long>? current, double maxRowLoss)
    {
        var findings = new List<GuardFinding>();
        var counts = loaded.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var table in RequiredTables)
        {
            var count = counts.GetValueOrDefault(table);
            if (count is { Loaded: > 0 }) continue;
            var why = count is { Read: > 0 }
                ? $"读取 {count.Read:N0} 行全部被隔离（all {count.Read:N0} rows read were quarantined）"
                : "源表为空（the source table is empty）";
            findings.Add(new GuardFinding("empty_table", table,
                $"表 {table} 没有加载到任何行，驾驶舱将无数据可显示：{why}（table {table} loaded no rows; the cockpit could not show its figures）"));
        }
        if (current is null) return findings;
        foreach (var table in CoreSystemLoader.Tables)
        {
            if (!current.TryGetValue(table, out var before) || before <= 0) continue;
            var now = counts.GetValueOrDefault(table)?.Loaded ?? 0;
            if (now == 0 && findings.Any(f => f.Target == table)) continue;
            var loss = (before - now) / (double)before;
            if (loss <= maxRowLoss) continue;
            findings.Add(new GuardFinding("row_loss", table,
                $"表 {table} 从当前版本的 {before:N0} 行降到 {now:N0} 行，减少 {Percent(loss)}，超过允许的 {Percent(maxRowLoss)}" +
                $"（table {table} fell from {before:N0} rows in the current build to {now:N0}, {Percent(loss)} fewer, more than the allowed {Percent(maxRowLoss)}）"));
        }
        return findings;
    }

    /// <summary>The refusal as one line: every guard that tripped, and how to publish anyway.</summary>
    public static string Refusal(IEnumerable<GuardFinding> findings) =>
        "拒绝发布不完整的数据版本 refused to publish a hollow build: " + string.Join("; ", findings.Select(f => f.Message)) +
        "。如确认无误，可加 --allow-hollow 强制发布 (if this is intended, run again with --allow-hollow)";

    /// <summary>Parses <c>0.5</c>, <c>50%</c> or <c>50 %</c> into a fraction 0–1; null when it is none of those.</summary>
    public static double? ParseShare(string text)
    {
        var t = text.Trim();
        var percent = t.EndsWith('%');
        if (percent) t = t[..^1].TrimEnd();
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) return null;
        if (percent) value /= 100;
        return value is >= 0 and <= 1 ? value : null;
    }

    private static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);
}

/// <summary>A hollow-build guard refused the publish.</summary>
internal sealed class HollowBuildException(IReadOnlyList<GuardFinding> findings) : Exception(HollowBuildGuard.Refusal(findings))
{
    public IReadOnlyList<GuardFinding> Findings { get; } = findings;
}
