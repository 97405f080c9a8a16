using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Etl.Pipeline.Inbox;

/// <summary>
/// Loads the inbox: entries recognised by name (kind prefix and .csv/.xlsx) before anything is opened, in ordinal name
/// order (a later file wins for the same key); other entries and sub-folders are warnings. A file whose content was
/// already seen is skipped; a file that cannot be read for any reason is rejected whole with a precise reason while
/// the others load; each row that breaks a rule or holds a value <see cref="ValueRules"/> cannot convert is
/// quarantined with its row number, column and raw value.
/// </summary>
internal static partial class InboxLoader
{
    private sealed record Kind(
        string Prefix, string Table, string[] Required, string[] Optional,
        Func<Cells, InboxKeys, object?[]> Parse);

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

    /// <summary>
    /// The inbox's entries in processing order (ordinal name order), listed by name only: nothing is opened here.
    /// Hidden files and Office lock files (<c>~$…</c>) are left out. Default limits.
    /// </summary>
    public static List<InboxEntry> ListFiles(string inbox) => ListFiles(inbox, InboxLimits.Default);

    /// <summary>The inbox's entries in processing order, with the given limits.</summary>
    public static List<InboxEntry> ListFiles(string inbox, InboxLimits limits) => InboxFolder.List(inbox, limits);

    /// <summary>
    /// Loads the listed entries. Each file fails alone: whatever goes wrong while reading one file rejects that file
    /// with its reason, and the others load. Entries whose name is not an inbox file's are warnings and never opened.
    /// </summary>
    public static void Load(IReadOnlyList<InboxEntry> files, LoadContext ctx, CancellationToken ct)
    {
        foreach (var table in RawColumns.Keys)
        {
            DuckDbAppend.CheckColumns(ctx.Build, table, [.. RawColumns[table], "file_name", "file_seq", "row_number", "etl_run_id", "source_ref"]);
        }
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var unrecognised = new List<string>();
        var step = 0.15 / Math.Max(1, files.Count);
        var seq = 0;
        foreach (var entry in files)
        {
            ct.ThrowIfCancellationRequested();
            ctx.Fraction += step;
            var name = entry.Name;
            var kind = Kinds.FirstOrDefault(k => name.StartsWith(k.Prefix, StringComparison.OrdinalIgnoreCase));
            var extension = Path.GetExtension(name).ToLowerInvariant();
            var dataName = kind is not null && extension is ".csv" or ".xlsx";
            if (!dataName)
            {
                if (Directory.Exists(entry.Path))
                {
                    ctx.Warnings.Add(SubFolderWarning(entry));
                }
                else if (kind is null)
                {
                    unrecognised.Add(name);
                }
                else
                {
                    Reject(ctx, name, ReasonKeys.UnsupportedFile, $"不支持的文件格式 {extension}，请上传 CSV 或 XLSX", $"unsupported format {extension}: upload CSV or XLSX");
                }
                continue;
            }

            ctx.Report(name, 0, $"读取 reading {name}");
            try
            {
                var bytes = ReadBytes(entry);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                ctx.Files.Add(new SourceFileHash(name, sha, bytes.Length));
                if (seen.TryGetValue(sha, out var original))
                {
                    Reject(ctx, name, ReasonKeys.DuplicateFile, $"内容与 {original} 完全相同，已跳过", $"same content as {original}; skipped as a duplicate");
                    continue;
                }
                seen[sha] = name;
                var table = ReadTable(name, bytes, entry.MaxBytes, kind!);
                LoadTable(ctx, kind!, name, sha, table, ++seq);
            }
            catch (InboxFileException e)
            {
                Reject(ctx, name, e.ReasonKey, e.MessageZh, e.MessageEn);
            }
            catch (OutOfMemoryException)
            {
                Reject(ctx, name, ReasonKeys.FileTooLarge, "文件内容过多，无法在内存中读取", "the file holds too much to be read in memory");
            }
            catch (Exception e) when (e is not (OperationCanceledException or InboxLoadException or DuckDB.NET.Data.DuckDBException))
            {
                Reject(ctx, name, ReasonKeys.UnreadableFile, $"文件无法读取：{e.Message}", $"the file cannot be read: {e.Message}");
            }
        }
        // one warning per unrecognised entry, up to a point: a folder of thousands of foreign files gives a summary
        const int named = 20;
        foreach (var name in unrecognised.Take(named))
        {
            ctx.Warnings.Add($"未识别的文件已忽略，未打开 unrecognised file ignored, not opened: {name} "
                             + "(an inbox file's name starts with surveys, complaints, targets or finance and ends in .csv or .xlsx)");
        }
        if (unrecognised.Count > named)
        {
            ctx.Warnings.Add($"另有 {unrecognised.Count - named} 个未识别的文件已忽略 {unrecognised.Count - named} more unrecognised files ignored, not opened");
        }
    }

    /// <summary>The file's bytes, refused from its metadata alone when it is not a regular file, empty or too large.</summary>
    private static byte[] ReadBytes(InboxEntry entry)
    {
        var (type, size, linkTarget) = InboxFolder.Probe(entry.Path);
        var (zh, en) = type switch
        {
            EntryType.RegularFile => ("", ""),
            EntryType.Directory => ("这是一个文件夹，不是文件", "this is a folder, not a file"),
            EntryType.Fifo => ("这是一个命名管道 (FIFO)，不是普通文件，未打开", "this is a named pipe (FIFO), not a regular file; it was not opened"),
            EntryType.Socket => ("这是一个套接字 (socket)，不是普通文件，未打开", "this is a socket, not a regular file; it was not opened"),
            EntryType.CharacterDevice or EntryType.BlockDevice => ("这是一个设备文件，不是普通文件，未打开", "this is a device, not a regular file; it was not opened"),
            EntryType.DanglingLink => ($"符号链接指向的目标不存在：{linkTarget}", $"a symbolic link whose target does not exist: {linkTarget}"),
            EntryType.LinkLoop => ($"符号链接循环指向自身：{linkTarget}", $"a symbolic link that loops back on itself: {linkTarget}"),
            EntryType.Missing => ("文件在读取前已被移走或删除", "the file was moved or deleted before it was read"),
            _ => ("不是普通文件，未打开", "not a regular file; it was not opened"),
        };
        if (type == EntryType.Missing) throw new InboxFileException(ReasonKeys.UnreadableFile, zh, en);
        if (type != EntryType.RegularFile) throw new InboxFileException(ReasonKeys.NotRegularFile, zh, en);
        if (size == 0) throw new InboxFileException(ReasonKeys.EmptyFile, "文件为空 (0 字节)", "the file is empty (0 bytes)");
        if (size > entry.MaxBytes) throw InboxFolder.TooLarge(size, entry.MaxBytes);
        var bytes = InboxFolder.Read(entry.Path, entry.MaxBytes);
        if (bytes.Length == 0) throw new InboxFileException(ReasonKeys.EmptyFile, "文件为空 (0 字节)", "the file is empty (0 bytes)");
        return bytes;
    }

    /// <summary>A header the rows can be matched against: no duplicate name, the required columns, on the first sheet.</summary>
    private static void CheckHeader(InboxTable table, Kind kind)
    {
        var duplicates = table.Header.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            var names = string.Join(", ", duplicates);
            throw new InboxFileException(ReasonKeys.DuplicateColumn, $"表头中的列名重复：{names}，无法确定取哪一列，整个文件未导入",
                $"the header names a column twice: {names}; which one holds the data is ambiguous, so the whole file is rejected");
        }
        var header = table.Header.Select(h => h.ToLowerInvariant()).ToHashSet();
        var missing = kind.Required.Where(c => !header.Contains(c)).ToList();
        if (missing.Count == 0) return;
        var elsewhere = table.OtherSheets?.FirstOrDefault(s => kind.Required.All(c => s.Header.Contains(c, StringComparer.OrdinalIgnoreCase)));
        if (elsewhere is { Sheet: { } sheet })
        {
            throw new InboxFileException(ReasonKeys.WrongSheet, $"数据在工作表“{sheet}”上，不在第一个工作表“{table.Sheet}”上：只读取第一个工作表，请把数据表移到最前",
                $"the data is on the sheet '{sheet}', not on the first sheet '{table.Sheet}': only the first sheet is read, so move that sheet to the front");
        }
        if (table.Header.Count == 0)
        {
            throw table.Sheet is null
                ? new InboxFileException(ReasonKeys.EmptyFile, "文件为空，没有表头", "the file is empty: it has no header row")
                : new InboxFileException(ReasonKeys.EmptyFile, $"第一个工作表“{table.Sheet}”为空", $"the first sheet '{table.Sheet}' is empty");
        }
        // a title above the header: say where the header is rather than list every column as missing
        var headerRow = table.Rows.Take(20).FirstOrDefault(r => kind.Required.All(c =>
            r.Cells.Any(v => string.Equals(Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim(), c, StringComparison.OrdinalIgnoreCase))));
        if (headerRow.Cells is not null)
        {
            throw new InboxFileException(ReasonKeys.MissingColumn, $"表头应在第一行，而列名在第 {headerRow.RowNumber} 行：请删除其上方的标题行",
                $"the header must be the first row, but the column names are on row {headerRow.RowNumber}: delete the title rows above it");
        }
        throw new InboxFileException(ReasonKeys.MissingColumn, $"缺少必需的列：{string.Join(", ", missing)}，整个文件未导入",
            $"missing required column: {string.Join(", ", missing)}; the whole file is rejected");
    }

    /// <summary>The file's rows under a header the rows can be matched against (<see cref="CheckHeader"/>).</summary>
    private static InboxTable ReadTable(string name, byte[] bytes, long maxBytes, Kind kind)
    {
        var table = InboxFileReader.Read(name, bytes, maxBytes, kind.Required);
        CheckHeader(table, kind);
        return table;
    }

    /// <summary>The header's columns by lower-case name, and a warning for each column the kind does not know.</summary>
    private static Dictionary<string, int> ColumnIndex(Kind kind, string name, InboxTable table, List<string> warnings)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < table.Header.Count; i++) index.TryAdd(table.Header[i].ToLowerInvariant(), i);
        foreach (var extra in index.Keys.Where(c => c.Length > 0 && !kind.Required.Contains(c) && !kind.Optional.Contains(c)))
        {
            warnings.Add($"{name}: 未知列“{extra}”已忽略 unknown column '{extra}' ignored");
        }
        return index;
    }

    /// <summary>
    /// Every data row checked by the kind's rules: its issue (the row is quarantined) or its values in the order of the
    /// kind's raw table. The one place the rows of a file are judged, for a run and for <see cref="Check"/> alike.
    /// </summary>
    private static IEnumerable<(int RowNumber, QuarantineEntry? Issue, object?[] Values)> ParseRows(
        Kind kind, string name, InboxTable table, Dictionary<string, int> index, InboxKeys keys)
    {
        var q = new Quarantine(name);
        foreach (var (rowNumber, cells) in table.Rows)
        {
            q.Row = rowNumber.ToString(CultureInfo.InvariantCulture);
            var (issue, values) = table.IsCsv && cells.Length != table.Header.Count
                ? (FieldCount(q, table.Header, cells), [])
                : ParseRow(kind, new Cells(index, cells, q), keys);
            yield return (rowNumber, issue, values);
        }
    }

    private static void LoadTable(LoadContext ctx, Kind kind, string name, string sha, InboxTable table, int seq)
    {
        var index = ColumnIndex(kind, name, table, ctx.Warnings);
        long read = 0, loaded = 0, quarantined = 0;
        using (var appender = ctx.Build.CreateAppender(kind.Table))
        {
            foreach (var (rowNumber, issue, values) in ParseRows(kind, name, table, index, ctx.Keys))
            {
                read++;
                if (issue is not null)
                {
                    ctx.Quarantined.Add(issue);
                    quarantined++;
                    continue;
                }
                try
                {
                    var row = appender.CreateRow();
                    foreach (var v in values) row = row.Value(v);
                    row.Value(name).Value(seq).Value(rowNumber).Value(ctx.RunId).Value($"{name}:{rowNumber}").EndRow();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // the build is no longer sound: the run fails, and its error points at the row
                    throw new InboxLoadException($"写入 {kind.Table} 时出错，文件 {name} 第 {rowNumber} 行 "
                                                 + $"writing {kind.Table} failed at {name} row {rowNumber}: {e.Message}", e);
                }
                loaded++;
            }
        }
        ctx.Counts.Add((new SourceCount(name, read, loaded, quarantined), "file", sha));
        ctx.Report(name, read, $"{name}: {loaded:N0} loaded, {quarantined:N0} quarantined");
    }

    /// <summary>
    /// Checks one file as a run would read it under <paramref name="name"/>, without loading anything: the same
    /// recognition by name, size limits, reading, header and row rules as <see cref="Load"/>. A file a run would
    /// reject comes back with <see cref="InboxCheck.Rejected"/>; the rows a run would quarantine, with their issues.
    /// (A run also skips a file whose content equals an earlier file's: that depends on the folder, not the file.)
    /// </summary>
    internal static InboxCheck Check(string name, byte[] bytes, InboxKeys keys, long maxBytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var warnings = new List<string>();
        InboxCheck Refused(string key, string zh, string en) =>
            new(name, null, sha, bytes.LongLength, new InboxRefusal(key, zh, en), [], [], warnings);

        var kind = Kinds.FirstOrDefault(k => name.StartsWith(k.Prefix, StringComparison.OrdinalIgnoreCase));
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (kind is null)
        {
            return Refused(ReasonKeys.UnsupportedFile, "文件名不是收件箱文件的名称（应以 surveys、complaints、targets 或 finance 开头），不会被读取",
                "not an inbox file's name (it starts with surveys, complaints, targets or finance): it would not be read");
        }
        if (extension is not (".csv" or ".xlsx"))
        {
            return Refused(ReasonKeys.UnsupportedFile, $"不支持的文件格式 {extension}，请上传 CSV 或 XLSX", $"unsupported format {extension}: upload CSV or XLSX");
        }
        if (bytes.Length == 0) return Refused(ReasonKeys.EmptyFile, "文件为空 (0 字节)", "the file is empty (0 bytes)");
        if (bytes.LongLength > maxBytes)
        {
            var tooLarge = InboxFolder.TooLarge(bytes.LongLength, maxBytes);
            return Refused(tooLarge.ReasonKey, tooLarge.MessageZh, tooLarge.MessageEn);
        }
        try
        {
            var table = ReadTable(name, bytes, maxBytes, kind);
            var index = ColumnIndex(kind, name, table, warnings);
            var columns = RawColumns[kind.Table];
            var rows = new List<InboxCheckRow>();
            var errors = new List<QuarantineEntry>();
            foreach (var (rowNumber, issue, values) in ParseRows(kind, name, table, index, keys))
            {
                if (issue is not null)
                {
                    errors.Add(issue);
                    continue;
                }
                var named = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Length; i++) named[columns[i]] = values[i];
                rows.Add(new InboxCheckRow(rowNumber, named));
            }
            return new InboxCheck(name, kind.Prefix, sha, bytes.LongLength, null, rows, errors, warnings);
        }
        catch (InboxFileException e)
        {
            return Refused(e.ReasonKey, e.MessageZh, e.MessageEn);
        }
        catch (OutOfMemoryException)
        {
            return Refused(ReasonKeys.FileTooLarge, "文件内容过多，无法在内存中读取", "the file holds too much to be read in memory");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Refused(ReasonKeys.UnreadableFile, $"文件无法读取：{e.Message}", $"the file cannot be read: {e.Message}");
        }
    }

    /// <summary>A row whose conversion fails unexpectedly is quarantined, never half-loaded nor fatal to the file.</summary>
    private static (QuarantineEntry?, object?[]) ParseRow(Kind kind, Cells cells, InboxKeys ctx)
    {
        try
        {
            var values = kind.Parse(cells, ctx);
            return (cells.Issue, values);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (new QuarantineEntry(cells.Q.Source, cells.Q.Row, "", "", ReasonKeys.BadValue, $"该行无法转换：{e.Message}",
                $"the row cannot be converted: {e.Message}"), []);
        }
    }

    /// <summary>
    /// A CSV row with more fields than the header (an unquoted comma, usually in free text) or fewer: quarantined, not
    /// cut or padded. The column is where the row departs from the header; the value, the fields from there on.
    /// </summary>
    private static QuarantineEntry FieldCount(Quarantine q, IReadOnlyList<string> header, object?[] cells)
    {
        var m = header.Count;
        var n = cells.Length;
        var column = n > m ? header[m - 1] : header[n];
        var value = n > m ? string.Join(",", cells.Skip(m - 1)) : "";
        return new QuarantineEntry(q.Source, q.Row, column, ValueRules.Show(value), ReasonKeys.FieldCount,
            $"该行有 {n} 个字段，表头有 {m} 个{(n > m ? "：可能是文本中有未加引号的逗号" : "")}，整行未导入",
            $"the row has {n} fields, the header has {m}{(n > m ? " (an unquoted comma in a text?)" : "")}; the row is not loaded");
    }

    /// <summary>A sub-folder is not read: the warning names the inbox files it holds, so that they are not lost silently.</summary>
    private static string SubFolderWarning(InboxEntry entry)
    {
        var names = new List<string>();
        var count = 0;
        try
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(entry.Path).Take(10_000))
            {
                count++;
                var n = Path.GetFileName(path);
                if (names.Count < 5 && Kinds.Any(k => n.StartsWith(k.Prefix, StringComparison.OrdinalIgnoreCase))) names.Add(n);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the warning still names the folder
        }
        var files = names.Count == 0 ? "" : $": {string.Join(", ", names)}{(count > names.Count ? ", …" : "")}";
        return $"子文件夹未读取，其中的文件不会导入 sub-folder not read, its files are not loaded: {entry.Name}/ ({count} {(count == 1 ? "entry" : "entries")}{files}); "
               + "move inbox files up into the inbox folder itself";
    }

    /// <summary>The warehouse refused a row: not the file's fault, so the run fails (naming file and row) rather than the file.</summary>
    private sealed class InboxLoadException(string message, Exception inner) : Exception(message, inner);

    private static void Reject(LoadContext ctx, string file, string key, string zh, string en) =>
        ctx.RejectedFiles.Add(new RejectedFile(file, $"{zh}（{en}）", key));

    // ---------------------------------------------------------------- the four kinds

    private static object?[] ParseSurvey(Cells c, InboxKeys ctx)
    {
        var id = c.Text("response_id");
        var code = c.Text("credit_code");
        var date = c.Date("surveyed_on");
        var channel = c.Text("channel");
        var nps = c.Int("nps_score");
        var csat = c.Int("csat", required: false);
        var comment = c.Text("comment", required: false, multiline: true);
        var customerId = Customer(c, ctx, code);
        c.Check(() => c.Q.NotFuture("surveyed_on", date, ctx.Today));
        c.Check(() => nps is >= 0 and <= 10 ? null : c.Q.Bad("nps_score", c.Raw("nps_score"), "应为0到10的整数", "must be a whole number from 0 to 10"));
        c.Check(() => csat is null or (>= 1 and <= 5) ? null : c.Q.Bad("csat", c.Raw("csat"), "应为1到5的整数或留空", "must be a whole number from 1 to 5, or empty"));
        return [id, code, customerId, date, channel, nps, csat, comment];
    }

    private static object?[] ParseComplaint(Cells c, InboxKeys ctx)
    {
        var id = c.Text("complaint_id");
        var code = c.Text("credit_code");
        var received = c.Timestamp("received_at");
        var responded = c.Timestamp("responded_at", required: false);
        var resolved = c.Timestamp("resolved_at", required: false);
        var category = c.Text("category");
        var department = c.Text("department_code");
        var customerId = Customer(c, ctx, code);
        c.Check(() => received is { } r ? c.Q.NotFuture("received_at", DateOnly.FromDateTime(r), ctx.Today) : null);
        c.Check(() => c.Q.NotBefore("responded_at", responded, "received_at", received));
        c.Check(() => c.Q.NotBefore("resolved_at", resolved, "received_at", received));
        c.Check(() => c.Q.Orphan("department_code", department, ctx.DepartmentByCode.ContainsKey(department!), "部门", "department"));
        int? departmentId = department is not null && ctx.DepartmentByCode.TryGetValue(department, out var d) ? d : null;
        return [id, code, customerId, received, responded, resolved, category, department, departmentId];
    }

    private static object?[] ParseTarget(Cells c, InboxKeys ctx)
    {
        var year = c.Int("year");
        var quarter = c.Int("quarter", required: false);
        var department = c.Text("department_code");
        var kpi = c.Text("kpi_code");
        var target = c.Decimal("target", scale: 6);
        var isAll = department == "ALL";
        c.Check(() => year is >= 2000 and <= 2100 ? null : c.Q.Bad("year", c.Raw("year"), "应为四位年份", "must be a four-digit year"));
        c.Check(() => quarter is null or (>= 1 and <= 4) ? null : c.Q.Bad("quarter", c.Raw("quarter"), "应为1到4，全年目标留空", "must be 1–4, or empty for the whole year"));
        c.Check(() => isAll ? null : c.Q.Orphan("department_code", department, ctx.DepartmentByCode.ContainsKey(department!), "部门（或 ALL）", "department (or ALL)"));
        c.Check(() => KpiCodes.All.Contains(kpi!) ? null : c.Q.Enum("kpi_code", kpi, ["指标目录中的代码 a code of the KPI catalogue"]));
        int? departmentId = !isAll && department is not null && ctx.DepartmentByCode.TryGetValue(department, out var d) ? d : null;
        return [year, quarter, department, departmentId, kpi, target];
    }

    private static object?[] ParseFinance(Cells c, InboxKeys ctx)
    {
        var month = c.Month("month");
        var netAssets = c.Decimal("net_assets", scale: 2);
        var revenue = c.Decimal("revenue", scale: 2);
        var profit = c.Decimal("net_profit", scale: 2);
        var reserves = c.Decimal("reserves", scale: 2, required: false);
        c.Check(() => netAssets is { } n ? c.Q.Positive("net_assets", n) : null);
        DateOnly? monthEnd = month is { } m ? m.AddMonths(1).AddDays(-1) : null;
        return [month?.ToString("yyyy-MM", CultureInfo.InvariantCulture), monthEnd, netAssets, revenue, profit, reserves];
    }

    private static int? Customer(Cells c, InboxKeys ctx, string? code)
    {
        int? customerId = code is not null && ctx.CustomerByCreditCode.TryGetValue(code, out var id) ? id : null;
        c.Check(() => c.Q.Orphan("credit_code", code, customerId is not null, "客户", "customer"));
        return customerId;
    }

    // ---------------------------------------------------------------- cells

    /// <summary>
    /// One data row's cells, addressed by (lower-case) column name and converted by <see cref="ValueRules"/>. The first
    /// value that cannot be converted, or the first rule broken, is the row's issue; later checks do not replace it
    /// (a rule is only checked while the row has no issue, so it sees converted values).
    /// </summary>
    private sealed class Cells(Dictionary<string, int> index, object?[] cells, Quarantine q)
    {
        public Quarantine Q { get; } = q;
        public QuarantineEntry? Issue { get; private set; }

        public object? Raw(string column) => index.TryGetValue(column, out var i) && i < cells.Length ? cells[i] : null;

        public void Check(Func<QuarantineEntry?> rule)
        {
            if (Issue is null) Issue = rule();
        }

        private T? Convert<T>(string column, bool required, ValueError? error, T? value)
        {
            if (Issue is not null) return value;
            if (error is not null) Issue = Q.Refused(column, Raw(column), error);
            else if (value is null && required) Issue = Q.Refused(column, Raw(column), ValueRules.Missing(column));
            return error is null ? value : default;
        }

        /// <summary>
        /// Text by <see cref="ValueRules.TryText"/> (control characters refused; line breaks only where
        /// <paramref name="multiline"/>), trimmed; blank is null. An XLSX date or flag cell is the text it shows in ISO form.
        /// </summary>
        public string? Text(string column, bool required = true, bool multiline = false)
        {
            var raw = Raw(column) switch
            {
                DateTime t => t.TimeOfDay == TimeSpan.Zero
                    ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                bool b => b ? "TRUE" : "FALSE",
                var other => other,
            };
            var error = ValueRules.TryText(raw, column, out var text, multiline);
            var value = text?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
            return Convert(column, required, error, value);
        }

        public int? Int(string column, bool required = true)
        {
            var error = ValueRules.TryInt(Raw(column), column, out var value);
            return Convert(column, required, error, value);
        }

        /// <summary>An amount or a target, up to <see cref="ValueRules.MaxAmount"/>.</summary>
        public decimal? Decimal(string column, int scale, bool required = true)
        {
            var error = ValueRules.TryDecimal(Raw(column), column, scale, ValueRules.MaxAmount, out var value);
            return Convert(column, required, error, value);
        }

        public DateOnly? Date(string column, bool required = true)
        {
            var error = ValueRules.TryDate(Raw(column), column, out var value);
            return Convert(column, required, error, value);
        }

        public DateTime? Timestamp(string column, bool required = true)
        {
            var error = ValueRules.TryTimestamp(Raw(column), column, out var value);
            return Convert(column, required, error, value);
        }

        public DateOnly? Month(string column, bool required = true)
        {
            var error = TryMonth(Raw(column), column, out var value);
            return Convert(column, required, error, value);
        }
    }

    /// <summary>
    /// A month: <c>yyyy-MM</c> (also <c>yyyy-M</c>, <c>yyyy/M</c>, <c>yyyy年M月</c>), or what Excel makes of a typed
    /// month: a date cell or a date text on the first of the month (<c>2026/9/1</c>). Any other day is refused: a
    /// date is not a month. Gives the first day of the month.
    /// </summary>
    internal static ValueError? TryMonth(object? raw, string column, out DateOnly? value)
    {
        value = null;
        if (raw is null || raw is string s0 && ValueRules.Normalise(s0).Length == 0) return null;
        if (raw is string s && MonthGrammar().Match(ValueRules.Normalise(s)) is { Success: true } m)
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                return new(ReasonKeys.ImpossibleDate, $"{column} 的值“{ValueRules.Show(raw)}”不是真实存在的月份",
                    $"{column} '{ValueRules.Show(raw)}' is not a real month");
            }
            if (year is < ValueRules.MinYear or > ValueRules.MaxYear)
            {
                return new(ReasonKeys.OutOfRange, $"{column} 的值“{ValueRules.Show(raw)}”年份不在 {ValueRules.MinYear}–{ValueRules.MaxYear} 之间",
                    $"{column} '{ValueRules.Show(raw)}' is not between the years {ValueRules.MinYear} and {ValueRules.MaxYear}");
            }
            value = new DateOnly(year, month, 1);
            return null;
        }
        if (raw is DateTime or string)
        {
            var error = ValueRules.TryDate(raw, column, out var date);
            if (error is not null && error.ReasonKey != ReasonKeys.NotADate) return error;
            if (error is null && date is { Day: 1 } first)
            {
                value = first;
                return null;
            }
        }
        return new(ReasonKeys.NotADate, $"{column} 的值“{ValueRules.Show(raw)}”不是年月（接受 yyyy-MM、yyyy年M月，或当月1日的日期）",
            $"{column} '{ValueRules.Show(raw)}' is not a month (accepted: yyyy-MM, yyyy年M月, or a date on the first of the month)");
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-/.](?<m>\d{1,2})|年(?<m>\d{1,2})月)$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthGrammar();
}
