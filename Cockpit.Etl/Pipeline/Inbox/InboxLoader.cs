using System.Globalization;
using System.Security.Cryptography;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Etl.Pipeline.Inbox;

/// <summary>
/// Loads the inbox: files recognised by name prefix, in ordinal name order (a later file wins for the same key),
/// a file whose content was already seen is skipped, an unreadable file or one without a required column is
/// rejected whole with a clear reason while the others load, and each bad row is quarantined with its row number.
/// </summary>
internal static class InboxLoader
{
    private sealed record Kind(
        string Prefix, string Table, string[] Required, string[] Optional,
        Func<Row, Quarantine, LoadContext, (QuarantineEntry? Issue, object?[] Values)> Parse);

    private static readonly Kind[] Kinds =
    [
        new("surveys", "raw_surveys", ["response_id", "credit_code", "surveyed_on", "channel", "nps_score"], ["csat", "comment"], ParseSurvey),
        new("complaints", "raw_complaints", ["complaint_id", "credit_code", "received_at", "category", "department_code"], ["responded_at", "resolved_at"], ParseComplaint),
        new("targets", "raw_targets", ["year", "quarter", "department_code", "kpi_code", "target"], [], ParseTarget),
        new("finance", "raw_finance", ["month", "net_assets", "revenue", "net_profit"], ["reserves"], ParseFinance),
    ];

    private static readonly Dictionary<string, string[]> RawColumns = new()
    {
        ["raw_surveys"] = ["response_id", "credit_code", "customer_id", "surveyed_on", "channel", "nps_score", "csat", "comment"],
        ["raw_complaints"] = ["complaint_id", "credit_code", "customer_id", "received_at", "responded_at", "resolved_at", "category", "department_code", "department_id"],
        ["raw_targets"] = ["year", "quarter", "department_code", "department_id", "kpi_code", "target"],
        ["raw_finance"] = ["month", "month_end", "net_assets", "revenue", "net_profit", "reserves"],
    };

    /// <summary>One data row with its cells addressed by (lower-case) column name.</summary>
    private sealed class Row(Dictionary<string, int> index, object?[] cells)
    {
        public object? this[string column] => index.TryGetValue(column, out var i) && i < cells.Length ? cells[i] : null;
    }

    /// <summary>The inbox files in processing order, with their bytes and hashes (recorded for lineage).</summary>
    public static List<(string Path, byte[] Bytes, string Sha256)> ListFiles(string inbox)
    {
        if (!Directory.Exists(inbox)) return [];
        return Directory.GetFiles(inbox)
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith("~$"))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Select(f =>
            {
                var bytes = File.ReadAllBytes(f);
                return (f, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            })
            .ToList();
    }

    public static void Load(IReadOnlyList<(string Path, byte[] Bytes, string Sha256)> files, LoadContext ctx, CancellationToken ct)
    {
        foreach (var table in RawColumns.Keys)
        {
            DuckDbAppend.CheckColumns(ctx.Build, table, [.. RawColumns[table], "file_name", "file_seq", "row_number", "etl_run_id", "source_ref"]);
        }
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var step = 0.15 / Math.Max(1, files.Count);
        var seq = 0;
        foreach (var (path, bytes, sha) in files)
        {
            ct.ThrowIfCancellationRequested();
            ctx.Fraction += step;
            var name = Path.GetFileName(path);
            ctx.Files.Add(new SourceFileHash(name, sha, bytes.Length));
            var kind = Kinds.FirstOrDefault(k => name.StartsWith(k.Prefix, StringComparison.OrdinalIgnoreCase));
            if (kind is null)
            {
                ctx.Warnings.Add($"未识别的文件已忽略 unrecognised file ignored: {name} (expected a name starting with surveys, complaints, targets or finance)");
                continue;
            }
            var extension = Path.GetExtension(name).ToLowerInvariant();
            if (extension is not (".csv" or ".xlsx"))
            {
                Reject(ctx, name, ReasonKeys.UnsupportedFile, $"不支持的文件格式 {extension}，请上传 CSV 或 XLSX", $"unsupported format {extension}: upload CSV or XLSX");
                continue;
            }
            if (seen.TryGetValue(sha, out var original))
            {
                Reject(ctx, name, ReasonKeys.DuplicateFile, $"内容与 {original} 完全相同，已跳过", $"same content as {original}; skipped as a duplicate");
                continue;
            }
            seen[sha] = name;
            seq++;
            ctx.Report(name, 0, $"读取 reading {name}");

            InboxTable table;
            try
            {
                table = InboxFileReader.Read(name, bytes);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException
                                          or ArgumentException or NotSupportedException
                                          or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException)
            {
                Reject(ctx, name, ReasonKeys.UnreadableFile, $"文件无法读取：{e.Message}", $"the file cannot be read: {e.Message}");
                continue;
            }

            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < table.Header.Count; i++) index.TryAdd(table.Header[i].ToLowerInvariant(), i);
            var missing = kind.Required.Where(c => !index.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                Reject(ctx, name, ReasonKeys.MissingColumn, $"缺少必需的列：{string.Join(", ", missing)}，整个文件未导入",
                    $"missing required column: {string.Join(", ", missing)}; the whole file is rejected");
                continue;
            }
            foreach (var extra in index.Keys.Where(c => c.Length > 0 && !kind.Required.Contains(c) && !kind.Optional.Contains(c)))
            {
                ctx.Warnings.Add($"{name}: 未知列“{extra}”已忽略 unknown column '{extra}' ignored");
            }

            var q = new Quarantine(name);
            long read = 0, loaded = 0, quarantined = 0;
            using (var appender = ctx.Build.CreateAppender(kind.Table))
            {
                foreach (var (rowNumber, cells) in table.Rows)
                {
                    read++;
                    q.Row = rowNumber.ToString(CultureInfo.InvariantCulture);
                    var (issue, values) = kind.Parse(new Row(index, cells), q, ctx);
                    if (issue is not null)
                    {
                        ctx.Quarantined.Add(issue);
                        quarantined++;
                        continue;
                    }
                    var row = appender.CreateRow();
                    foreach (var v in values) row = row.Value(v);
                    row.Value(name).Value(seq).Value(rowNumber).Value(ctx.RunId).Value($"{name}:{rowNumber}").EndRow();
                    loaded++;
                }
            }
            ctx.Counts.Add((new SourceCount(name, read, loaded, quarantined), "file", sha));
            ctx.Report(name, read, $"{name}: {loaded:N0} loaded, {quarantined:N0} quarantined");
        }
    }

    private static void Reject(LoadContext ctx, string file, string key, string zh, string en) =>
        ctx.RejectedFiles.Add(new RejectedFile(file, $"{zh}（{en}）", key));

    // ---------------------------------------------------------------- the four kinds

    private static (QuarantineEntry?, object?[]) ParseSurvey(Row r, Quarantine q, LoadContext ctx)
    {
        var id = Text(r["response_id"]);
        var code = Text(r["credit_code"]);
        var date = Date(r["surveyed_on"]);
        var channel = Text(r["channel"]);
        var nps = Int(r["nps_score"]);
        var csatText = Text(r["csat"]);
        var csat = Int(r["csat"]);
        var customerIssue = Customer(q, ctx, code, out var customerId);
        var issue = Required(q, "response_id", id)
            ?? customerIssue
            ?? (date is null ? q.Bad("surveyed_on", r["surveyed_on"], "应为日期 yyyy-MM-dd", "must be a date yyyy-MM-dd") : null)
            ?? q.NotFuture("surveyed_on", date, ctx.Today)
            ?? Required(q, "channel", channel)
            ?? (nps is >= 0 and <= 10 ? null : q.Bad("nps_score", r["nps_score"], "应为0到10的整数", "must be a whole number from 0 to 10"))
            ?? (csatText.Length == 0 || csat is >= 1 and <= 5 ? null : q.Bad("csat", r["csat"], "应为1到5的整数或留空", "must be a whole number from 1 to 5, or empty"));
        return (issue, [id, code, customerId, date, channel, nps, csatText.Length == 0 ? null : csat, NullIfEmpty(Text(r["comment"]))]);
    }

    private static (QuarantineEntry?, object?[]) ParseComplaint(Row r, Quarantine q, LoadContext ctx)
    {
        var id = Text(r["complaint_id"]);
        var code = Text(r["credit_code"]);
        var received = Timestamp(r["received_at"]);
        var responded = Timestamp(r["responded_at"]);
        var resolved = Timestamp(r["resolved_at"]);
        var category = Text(r["category"]);
        var department = Text(r["department_code"]);
        var customerIssue = Customer(q, ctx, code, out var customerId);
        var issue = Required(q, "complaint_id", id)
            ?? customerIssue
            ?? (received is null ? q.Bad("received_at", r["received_at"], "应为日期时间 yyyy-MM-dd HH:mm[:ss]", "must be a date and time yyyy-MM-dd HH:mm[:ss]") : null)
            ?? q.NotFuture("received_at", DateOnly.FromDateTime(received!.Value), ctx.Today)
            ?? (responded is null && Text(r["responded_at"]).Length > 0 ? q.Bad("responded_at", r["responded_at"], "应为日期时间或留空", "must be a date and time, or empty") : null)
            ?? (resolved is null && Text(r["resolved_at"]).Length > 0 ? q.Bad("resolved_at", r["resolved_at"], "应为日期时间或留空", "must be a date and time, or empty") : null)
            ?? q.NotBefore("responded_at", responded, "received_at", received)
            ?? q.NotBefore("resolved_at", resolved, "received_at", received)
            ?? Required(q, "category", category)
            ?? q.Orphan("department_code", department, ctx.DepartmentByCode.ContainsKey(department), "部门", "department");
        return (issue, [id, code, customerId, received, responded, resolved, category, department, ctx.DepartmentByCode.GetValueOrDefault(department)]);
    }

    private static (QuarantineEntry?, object?[]) ParseTarget(Row r, Quarantine q, LoadContext ctx)
    {
        var year = Int(r["year"]);
        var quarterText = Text(r["quarter"]);
        var quarter = Int(r["quarter"]);
        var department = Text(r["department_code"]);
        var kpi = Text(r["kpi_code"]);
        var target = Decimal(r["target"]);
        var isAll = department == "ALL";
        var issue = (year is >= 2000 and <= 2100 ? null : q.Bad("year", r["year"], "应为四位年份", "must be a four-digit year"))
            ?? (quarterText.Length == 0 || quarter is >= 1 and <= 4 ? null : q.Bad("quarter", r["quarter"], "应为1到4，全年目标留空", "must be 1–4, or empty for the whole year"))
            ?? (isAll ? null : q.Orphan("department_code", department, ctx.DepartmentByCode.ContainsKey(department), "部门（或 ALL）", "department (or ALL)"))
            ?? (KpiCodes.All.Contains(kpi) ? null : q.Enum("kpi_code", kpi, ["指标目录中的代码 a code of the KPI catalogue"]))
            ?? (target is null ? q.Bad("target", r["target"], "应为数字", "must be a number") : null);
        int? departmentId = isAll ? null : ctx.DepartmentByCode.GetValueOrDefault(department);
        return (issue, [year, quarterText.Length == 0 ? null : quarter, department, departmentId, kpi, target]);
    }

    private static (QuarantineEntry?, object?[]) ParseFinance(Row r, Quarantine q, LoadContext ctx)
    {
        var month = Month(r["month"]);
        var netAssets = Decimal(r["net_assets"]);
        var revenue = Decimal(r["revenue"]);
        var profit = Decimal(r["net_profit"]);
        var reservesText = Text(r["reserves"]);
        var reserves = Decimal(r["reserves"]);
        var issue = (month is null ? q.Bad("month", r["month"], "应为年月 yyyy-MM", "must be a month yyyy-MM") : null)
            ?? (netAssets is null ? q.Bad("net_assets", r["net_assets"], "应为数字（元）", "must be a number in yuan") : q.Positive("net_assets", netAssets.Value))
            ?? (revenue is null ? q.Bad("revenue", r["revenue"], "应为数字（元）", "must be a number in yuan") : null)
            ?? (profit is null ? q.Bad("net_profit", r["net_profit"], "应为数字（元）", "must be a number in yuan") : null)
            ?? (reservesText.Length > 0 && reserves is null ? q.Bad("reserves", r["reserves"], "应为数字（元）或留空", "must be a number in yuan, or empty") : null);
        DateOnly? monthEnd = month is { } m ? m.AddMonths(1).AddDays(-1) : null;
        return (issue, [month?.ToString("yyyy-MM", CultureInfo.InvariantCulture), monthEnd, netAssets, revenue, profit, reserves]);
    }

    // ---------------------------------------------------------------- cells

    private static QuarantineEntry? Required(Quarantine q, string column, string value) =>
        value.Length > 0 ? null : q.Bad(column, value, "不能为空", "is required");

    private static QuarantineEntry? Customer(Quarantine q, LoadContext ctx, string code, out int? customerId)
    {
        customerId = ctx.CustomerByCreditCode.TryGetValue(code, out var id) ? id : null;
        if (code.Length == 0) return q.Bad("credit_code", code, "不能为空", "is required");
        return q.Orphan("credit_code", code, customerId is not null, "客户", "customer");
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>Text as written; numbers from Excel without a trailing ".0"; dates ISO. Never evaluated.</summary>
    internal static string Text(object? cell) => cell switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture)?.Trim() ?? "",
    };

    internal static int? Int(object? cell) => cell switch
    {
        double d when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        string s when int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    internal static decimal? Decimal(object? cell) => cell switch
    {
        double d when !double.IsNaN(d) && !double.IsInfinity(d) => (decimal)d,
        string s when decimal.TryParse(s.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var m) => m,
        _ => null,
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy/MM/dd"];

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm",
        "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm",
    ];

    internal static DateOnly? Date(object? cell) => cell switch
    {
        DateTime t => DateOnly.FromDateTime(t),
        string s when DateOnly.TryParseExact(s.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        _ => null,
    };

    internal static DateTime? Timestamp(object? cell) => cell switch
    {
        DateTime t => t,
        string s when DateTime.TryParseExact(s.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) => t,
        _ => null,
    };

    /// <summary>yyyy-MM as text, or a date cell Excel made of it (first of the month).</summary>
    internal static DateOnly? Month(object? cell) => cell switch
    {
        DateTime t => new DateOnly(t.Year, t.Month, 1),
        string s when DateOnly.TryParseExact(s.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        _ => null,
    };
}
