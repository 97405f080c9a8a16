using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Cockpit.Etl;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Pipeline.Inbox;
using Cockpit.Warehouse;
using Cockpit.Web.Security;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Services;

/// <summary>
/// What became of an upload on the inbox page. Accepted: stored in the inbox as <see cref="StoredAs"/>, loaded by the
/// next run. Refused: <see cref="Errors"/> says why (by row and column where a row is at fault); nothing was stored.
/// <see cref="Duplicate"/>: refused because the inbox already holds the same content (<see cref="DuplicateOf"/>).
/// </summary>
public sealed record InboxUploadResult(
    bool Accepted, string Kind, string FileName, string? StoredAs, int Rows, string Sha256,
    IReadOnlyList<TargetUploadError> Errors, IReadOnlyList<string> Warnings, string? DuplicateOf = null)
{
    public bool Duplicate => DuplicateOf is not null;
}

/// <summary>
/// One file of the inbox as the page lists it.
/// </summary>
/// <param name="File">Its name in the inbox.</param>
/// <param name="Kind">surveys, complaints, targets or finance; null for a name a run does not read.</param>
/// <param name="Bytes">Size.</param>
/// <param name="Sha256">SHA-256 of the content (empty when the file cannot be read or is over the limit).</param>
/// <param name="Modified">When it was written into the inbox.</param>
/// <param name="LoadedAt">When the first run that loaded this content ended; null if none has.</param>
/// <param name="RunId">The latest run that read this content, or null.</param>
/// <param name="Loaded">Rows that run loaded.</param>
/// <param name="Quarantined">Rows that run quarantined.</param>
/// <param name="Rejected">Why that run rejected the whole file (Chinese, English), or null.</param>
/// <param name="Duplicate">That run skipped it as a duplicate of an earlier file.</param>
public sealed record InboxFileRow(
    string File, string? Kind, long Bytes, string Sha256, DateTimeOffset Modified, DateTimeOffset? LoadedAt,
    long? RunId, long? Loaded, long? Quarantined, string? Rejected, bool Duplicate);

/// <summary>
/// The inbox page (issue 16, item 3): the inbox's files with what the runs made of them, and uploads of any of the
/// four kinds. An upload is checked with the ETL's own reader and rules (<see cref="InboxValidator"/>) under the name
/// it will have, against the published build's departments and customers; a wrong kind, a missing column, an
/// unreadable file or any row error refuses it whole and nothing is stored; the same content already in the inbox is
/// recognised by its SHA-256. Accepted, it is written atomically (<c>&lt;kind&gt;_upload_yyyyMMdd-HHmmss.ext</c>,
/// sorting after the dated files of its kind, so its rows win) and the next run loads it. Admins only; audited.
/// </summary>
public sealed class InboxUploads(
    IOptions<EtlOptions> etl, WarehouseLayout layout, AuditLog audit, TimeProvider time, ILogger<InboxUploads> logger,
    IHttpContextAccessor? http = null)
{
    /// <summary>The four kinds of inbox file, in the order the page offers them.</summary>
    public static readonly string[] Kinds = ["surveys", "complaints", "targets", "finance"];

    /// <summary>The columns each kind needs (the ETL's), shown as a hint on the page.</summary>
    public static readonly IReadOnlyDictionary<string, string> Columns = new Dictionary<string, string>
    {
        ["surveys"] = "response_id, credit_code, surveyed_on, channel, nps_score (csat, comment)",
        ["complaints"] = "complaint_id, credit_code, received_at, category, department_code (responded_at, resolved_at)",
        ["targets"] = "year, quarter, department_code, kpi_code, target",
        ["finance"] = "month, net_assets, revenue, net_profit (reserves)",
    };

    public long MaxBytes => etl.Value.InboxMaxFileMegabytes * 1024L * 1024;

    private string Inbox => etl.Value.ResolveInbox();

    /// <summary>The name an upload of <paramref name="kind"/> gets in the inbox; the extension is the upload's.</summary>
    public static string StoredName(string kind, string fileName, DateTime chinaNow)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension.Length > 12 || extension.Skip(1).Any(c => !char.IsAsciiLetterOrDigit(c))) extension = ".bin";
        return $"{kind}_upload_{chinaNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}{extension}";
    }

    /// <summary>Checks, stores and audits one upload of <paramref name="kind"/> by an admin.</summary>
    public async Task<InboxUploadResult> UploadAsync(
        ClaimsPrincipal user, string kind, string fileName, Stream content, long? size = null, CancellationToken ct = default)
    {
        var userName = user.Identity?.Name ?? "";
        fileName = Path.GetFileName(fileName ?? "");
        kind = (kind ?? "").Trim().ToLowerInvariant();
        InboxUploadResult result;
        if (user.Identity?.IsAuthenticated != true || !user.IsInRole(CockpitRoles.Admin))
        {
            result = Refused(kind, fileName, "", Error("forbidden", "只有管理员可以向收件箱上传文件", "only admins may upload files into the inbox"));
        }
        else if (!Kinds.Contains(kind))
        {
            result = Refused(kind, fileName, "", Error(ReasonKeys.UnsupportedFile,
                $"未知的文件类型 {kind}：应为 surveys、complaints、targets 或 finance", $"unknown kind {kind}: it is surveys, complaints, targets or finance"));
        }
        else if (size > MaxBytes || await ReadAsync(content, MaxBytes, ct) is not { } bytes)
        {
            var tooLarge = InboxValidator.TooLarge(size ?? MaxBytes + 1, MaxBytes);
            result = Refused(kind, fileName, "", Error(tooLarge.ReasonKey, tooLarge.MessageZh, tooLarge.MessageEn));
        }
        else
        {
            result = await Task.Run(() => CheckAndStore(kind, fileName, bytes), ct);
        }
        await AuditAsync(userName, result, ct);
        return result;
    }

    private InboxUploadResult CheckAndStore(string kind, string fileName, byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        // a file named as another kind was picked under the wrong kind
        if (Kinds.FirstOrDefault(k => k != kind && fileName.StartsWith(k, StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            return Refused(kind, fileName, sha, Error("wrong_kind",
                $"文件名表明这是 {named} 文件，而所选类型是 {kind}：请选择正确的类型", $"the file's name says it is a {named} file, but the kind chosen is {kind}: choose the right kind"));
        }
        // recognised by its content before anything else: the inbox has it already
        if (SameContent(sha) is { } twin)
        {
            return new InboxUploadResult(false, kind, fileName, null, 0, sha, [Error(ReasonKeys.DuplicateFile,
                $"收件箱中已有内容完全相同的文件 {twin}：重复的文件不会再次导入，未保存", $"the inbox already holds a file with the same content, {twin}: a repeated file is not loaded again; not stored")], [], twin);
        }
        var now = ChinaTime.Now(time);
        var storedAs = StoredName(kind, fileName, now);
        if (Keys(now) is not { } keys)
        {
            return Refused(kind, fileName, sha, Error("no_build",
                "还没有已发布的数据版本，无法核对部门和客户代码：请在首次加载完成后再上传", "no build has been published yet, so department and customer codes cannot be checked: upload after the first load"));
        }
        var check = InboxValidator.Check(storedAs, bytes, keys, MaxBytes);
        if (check.Rejected is { } rejected) return Refused(kind, fileName, sha, Error(rejected.ReasonKey, rejected.MessageZh, rejected.MessageEn));
        if (check.Errors.Count > 0)
        {
            return Refused(kind, fileName, sha, [.. check.Errors
                .Select(e => new TargetUploadError(int.TryParse(e.Row, CultureInfo.InvariantCulture, out var r) ? r : null, e.Column, e.Value, e.ReasonKey, e.MessageZh, e.MessageEn))
                .OrderBy(e => e.Row)]);
        }
        if (check.Rows.Count == 0)
        {
            return Refused(kind, fileName, sha, Error(ReasonKeys.EmptyFile, "文件中没有数据行（只有表头）", "the file holds no data rows (a header only)"));
        }
        storedAs = Store(i => StoredName(kind, fileName, now.AddSeconds(i)), bytes);
        logger.LogInformation("Inbox upload {File} stored as {StoredAs} ({Kind}, {Rows} rows)", fileName, storedAs, kind, check.Rows.Count);
        return new InboxUploadResult(true, kind, fileName, storedAs, check.Rows.Count, sha, [], check.Warnings);
    }

    /// <summary>The inbox's files in a run's order, with what the latest run that read each one made of it.</summary>
    public IReadOnlyList<InboxFileRow> List()
    {
        if (!Directory.Exists(Inbox)) return [];
        var logs = RunLogStore.ReadAll(layout).Where(l => l.Status != RunStatus.Running).ToList(); // newest first
        var rows = new List<InboxFileRow>();
        foreach (var path in Directory.EnumerateFiles(Inbox).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal)) continue;
            var info = new FileInfo(path);
            var sha = Hash(path, info.Length);
            var kind = Kinds.FirstOrDefault(k => name.StartsWith(k, StringComparison.OrdinalIgnoreCase));
            var last = sha.Length == 0 ? null : logs.FirstOrDefault(l => l.SourceFiles.Any(f => f.File == name && f.Sha256 == sha));
            var rejected = last?.RejectedFiles.FirstOrDefault(r => r.File == name);
            var counts = last?.Sources.FirstOrDefault(s => s.Name == name);
            var loadedAt = sha.Length == 0 ? null : logs
                .Where(l => l.Status == RunStatus.Succeeded && l.SourceFiles.Any(f => f.File == name && f.Sha256 == sha)
                            && l.Sources.Any(s => s.Name == name) && l.RejectedFiles.All(r => r.File != name))
                .Select(l => l.EndedAt).LastOrDefault();
            rows.Add(new InboxFileRow(name, kind, info.Length, sha, info.LastWriteTimeUtc, loadedAt, last?.RunId,
                counts?.Loaded, counts?.Quarantined, rejected?.Reason, rejected?.ReasonKey == ReasonKeys.DuplicateFile));
        }
        return rows;
    }

    private string Hash(string path, long length)
    {
        if (length == 0 || length > MaxBytes) return "";
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>The published build's departments and customers (the keys a run checks rows against); null without a build.</summary>
    private InboxKeys? Keys(DateTime now)
    {
        try
        {
            using var connection = WarehouseConnection.OpenCurrent(layout);
            if (connection is null) return null;
            var departments = new Dictionary<string, int>(StringComparer.Ordinal);
            var customers = new Dictionary<string, int>(StringComparer.Ordinal);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "select code, department_id from dim_department";
                using var reader = command.ExecuteReader();
                while (reader.Read()) departments[reader.GetString(0)] = reader.GetInt32(1);
            }
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "select credit_code, customer_id from dim_customer where credit_code is not null";
                using var reader = command.ExecuteReader();
                while (reader.Read()) customers[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
            return new InboxKeys(DateOnly.FromDateTime(now), departments, customers);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
        {
            logger.LogWarning("Inbox upload: the current build cannot be read: {Message}", e.Message);
            return null;
        }
    }

    /// <summary>A file in the inbox with this content, or null.</summary>
    private string? SameContent(string sha)
    {
        if (!Directory.Exists(Inbox)) return null;
        foreach (var path in Directory.EnumerateFiles(Inbox))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal)) continue;
            if (Hash(path, new FileInfo(path).Length) == sha) return name;
        }
        return null;
    }

    private string Store(Func<int, string> name, byte[] bytes) => InboxStore.Store(Inbox, name, bytes);

    private Task AuditAsync(string userName, InboxUploadResult result, CancellationToken ct)
    {
        var sha = result.Sha256.Length > 0 ? result.Sha256 : "-";
        var first = result.Errors.FirstOrDefault() is { } e ? (e.Row is { } r ? $"row {r} " : "") + $"{e.Column} {e.MessageEn}".Trim() : "-";
        var detail = result.Accepted
            ? $"{result.StoredAs} ({result.Kind}, uploaded as {result.FileName}): {result.Rows} rows, sha256 {sha}"
            : result.Duplicate
                ? $"duplicate {result.FileName} ({result.Kind}): same content as {result.DuplicateOf}, sha256 {sha}; not stored"
                : $"refused {result.FileName} ({result.Kind}): sha256 {sha}, {result.Errors.Count} error(s), first: {first}";
        return audit.WriteAsync(AuditActions.InboxUpload, userName, result.Accepted, detail, http?.HttpContext, ct);
    }

    private static InboxUploadResult Refused(string kind, string fileName, string sha, params TargetUploadError[] errors) =>
        new(false, kind, fileName, null, 0, sha, errors, []);

    private static TargetUploadError Error(string key, string zh, string en) => new(null, "", "", key, zh, en);

    private static Task<byte[]?> ReadAsync(Stream content, long max, CancellationToken ct) => InboxStore.ReadAsync(content, max, ct);
}
