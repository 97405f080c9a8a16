using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Cockpit.Etl;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Pipeline.Inbox;
using Cockpit.Warehouse;
using Cockpit.Web.Security;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Cockpit.Web.Services;

/// <summary>One line of a refused upload: the spreadsheet row (header = row 1; null for the whole file), column, value and why.</summary>
public sealed record TargetUploadError(int? Row, string Column, string Value, string ReasonKey, string MessageZh, string MessageEn)
{
    /// <summary>Chinese first, then English.</summary>
    public string Reason => $"{MessageZh}（{MessageEn}）";
}

/// <summary>
/// What became of an upload. Accepted: stored in the inbox as <see cref="StoredAs"/> and a rebuild queued
/// (<see cref="JobId"/>). Refused: <see cref="Errors"/> says why, by row and column where a row is at fault; nothing
/// was stored.
/// </summary>
public sealed record TargetUploadResult(
    bool Accepted, string FileName, string? StoredAs, int Rows, string Sha256, string? Department,
    IReadOnlyList<TargetUploadError> Errors, IReadOnlyList<string> Warnings, string? JobId)
{
    public static TargetUploadResult Refused(string fileName, string sha, string? department, params TargetUploadError[] errors) =>
        new(false, fileName, null, 0, sha, department, errors, [], null);
}

/// <summary>Whether an uploaded targets file is in the published build yet.</summary>
/// <param name="File">The file's name in the inbox.</param>
/// <param name="Sha256">Its content.</param>
/// <param name="Live">A published build loaded it: the cockpit shows its targets.</param>
/// <param name="LiveSince">When the first published build that loaded it was published.</param>
/// <param name="Rejected">The last run that read it rejected it (why, Chinese and English), or null.</param>
public sealed record TargetUploadStatus(string File, string Sha256, bool Live, DateTimeOffset? LiveSince, string? Rejected = null);

/// <summary>
/// Targets uploaded from the cockpit (issue 12, item 6): a department head for their own department, an admin for any.
/// The file is checked with the ETL's own inbox reader and rules (<see cref="InboxValidator"/>) before anything is
/// stored; a file with any error is refused whole. Accepted, it is written atomically into the inbox under a name the
/// ETL reads as a targets file and that sorts after the earlier targets files (so its values win for the same keys), a
/// rebuild is queued as the admin page's run-now does, and the upload is audited. Authorisation is checked here, not
/// only in the UI.
/// </summary>
public sealed partial class TargetUploads(
    IOptions<EtlOptions> etl, WarehouseLayout layout, IBackgroundJobClient jobs, AuditLog audit, TimeProvider time,
    ILogger<TargetUploads> logger, IHttpContextAccessor? http = null)
{
    /// <summary>Names of uploaded files start with this; then the China time and the department (or ALL).</summary>
    public const string Prefix = "targets_upload_";

    /// <summary>The department code a company-wide target carries, and an admin's uploads.</summary>
    public const string Company = "ALL";

    /// <summary>The inbox size limit (<c>Etl:InboxMaxFileMegabytes</c>), as a run applies it.</summary>
    public long MaxBytes => etl.Value.InboxMaxFileMegabytes * 1024L * 1024;

    private string Inbox => etl.Value.ResolveInbox();

    /// <summary>
    /// Who may upload targets for which department: an admin for any (null), a department head for their own,
    /// anyone else not at all (<paramref name="allowed"/> false).
    /// </summary>
    public static (bool allowed, string? department) Scope(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return (false, null);
        if (user.IsInRole(CockpitRoles.Admin)) return (true, null);
        if (user.IsInRole(CockpitRoles.DepartmentHead) && user.FindFirst(CockpitClaims.Department)?.Value is { Length: > 0 } department)
        {
            return (true, department.Trim().ToUpperInvariant());
        }
        return (false, null);
    }

    /// <summary>
    /// Checks, stores, queues and audits one uploaded targets file. <paramref name="content"/> is read up to the
    /// inbox size limit; a longer file is refused unread beyond it, and a file whose <paramref name="size"/> is
    /// known to be over the limit is refused unread (as a run refuses it from its size).
    /// </summary>
    /// <param name="user">The signed-in user: their role and department decide what they may upload.</param>
    /// <param name="fileName">The name the file had on the user's machine (its extension says CSV or XLSX).</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="size">The size the browser declared, when known.</param>
    /// <param name="forDepartment">The department the upload is meant for (the widget's): a department head may only
    /// name their own; an admin who names one may upload that department's rows only. Null: the user's own scope.</param>
    /// <param name="ct">Cancels the read.</param>
    public async Task<TargetUploadResult> UploadAsync(
        ClaimsPrincipal user, string fileName, Stream content, long? size = null, string? forDepartment = null, CancellationToken ct = default)
    {
        var userName = user.Identity?.Name ?? "";
        fileName = Path.GetFileName(fileName ?? "");
        var (allowed, department) = Scope(user);
        forDepartment = string.IsNullOrWhiteSpace(forDepartment) ? null : forDepartment.Trim().ToUpperInvariant();
        if (!allowed || department is not null && forDepartment is not null && forDepartment != department)
        {
            var refused = TargetUploadResult.Refused(fileName, "", forDepartment ?? department, allowed
                ? FileError("forbidden", $"您只能上传本部门（{department}）的目标，不能上传 {forDepartment} 的", $"you may upload targets of your own department ({department}) only, not of {forDepartment}")
                : FileError("forbidden", "您的角色不能上传目标：只有部门负责人（本部门）和管理员可以上传", "your role may not upload targets: only department heads (for their own department) and admins may"));
            await AuditAsync(userName, false, refused, ct);
            return refused;
        }
        department ??= forDepartment;

        var bytes = size > MaxBytes ? null : await ReadAsync(content, MaxBytes, ct);
        if (bytes is null)
        {
            var tooLarge = InboxValidator.TooLarge(size ?? MaxBytes + 1, MaxBytes);
            var refused = TargetUploadResult.Refused(fileName, "", department, FileError(tooLarge.ReasonKey,
                size is null ? $"文件超过收件箱上限 {InboxValidator.Size(MaxBytes)}，未读取" : tooLarge.MessageZh,
                size is null ? $"the file is larger than the inbox limit of {InboxValidator.Size(MaxBytes)}; it was not read" : tooLarge.MessageEn));
            await AuditAsync(userName, false, refused, ct);
            return refused;
        }

        var result = await CheckAndStoreAsync(userName, fileName, bytes, department, ct);
        await AuditAsync(userName, result.Accepted, result, ct);
        return result;
    }

    private async Task<TargetUploadResult> CheckAndStoreAsync(string userName, string fileName, byte[] bytes, string? department, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var now = ChinaTime.Now(time);
        var storedAs = StoredName(fileName, department, now);

        // the departments a run would check department_code against: those of the published build (loaded from the core system)
        var keys = await Task.Run(() => Keys(now), ct);
        if (keys is null)
        {
            return TargetUploadResult.Refused(fileName, sha, department, FileError("no_build",
                "还没有已发布的数据版本，无法核对部门代码：请在首次加载完成后再上传", "no build has been published yet, so department codes cannot be checked: upload after the first load"));
        }

        // the ETL's own reader and rules, under the name the file will have in the inbox
        var check = await Task.Run(() => InboxValidator.Check(storedAs, bytes, keys, MaxBytes), ct);
        if (check.Rejected is { } rejected)
        {
            return TargetUploadResult.Refused(fileName, sha, department, FileError(rejected.ReasonKey, rejected.MessageZh, rejected.MessageEn));
        }
        var errors = check.Errors
            .Select(e => new TargetUploadError(int.TryParse(e.Row, CultureInfo.InvariantCulture, out var r) ? r : null, e.Column, e.Value, e.ReasonKey, e.MessageZh, e.MessageEn))
            .ToList();
        if (department is not null)
        {
            foreach (var row in check.Rows)
            {
                var code = row.Values["department_code"] as string;
                if (string.Equals(code, department, StringComparison.Ordinal)) continue;
                errors.Add(new TargetUploadError(row.RowNumber, "department_code", code ?? "", "other_department",
                    $"第 {row.RowNumber} 行的 department_code 为 {code}：您只能上传本部门（{department}）的目标",
                    $"row {row.RowNumber} has department_code {code}: you may upload targets of your own department ({department}) only"));
            }
        }
        if (errors.Count > 0)
        {
            return TargetUploadResult.Refused(fileName, sha, department, [.. errors.OrderBy(e => e.Row)]);
        }
        if (check.Rows.Count == 0)
        {
            return TargetUploadResult.Refused(fileName, sha, department, FileError(ReasonKeys.EmptyFile,
                "文件中没有目标行（只有表头）", "the file holds no target rows (a header only)"));
        }

        // a run skips a file whose content equals an earlier file's: the upload would not count, so say so now
        if (SameContent(sha, storedAs) is { } twin)
        {
            return TargetUploadResult.Refused(fileName, sha, department, FileError(ReasonKeys.DuplicateFile,
                $"收件箱中已有内容完全相同的文件 {twin}：重复的文件不会再次导入", $"the inbox already holds a file with the same content, {twin}; a repeated file is not loaded again"));
        }

        var warnings = check.Warnings.ToList();
        storedAs = Store(i => StoredName(fileName, department, now.AddSeconds(i)), bytes);
        var later = Later(storedAs);
        if (later.Count > 0)
        {
            warnings.Add($"收件箱中排在本文件之后的目标文件 {string.Join(", ", later)} 中的相同目标会覆盖本次上传 " +
                         $"the targets files {string.Join(", ", later)} sort after this one in the inbox: their values win for the same targets");
        }
        var user = userName;
        var jobId = jobs.Enqueue<EtlJob>(j => j.RunManual(user));
        logger.LogInformation("Targets uploaded by {User} as {File} ({Rows} rows, {Department}); ETL queued as job {JobId}",
            userName, storedAs, check.Rows.Count, department ?? Company, jobId);
        return new TargetUploadResult(true, fileName, storedAs, check.Rows.Count, sha, department, [], warnings, jobId);
    }

    /// <summary>
    /// <c>targets_upload_yyyyMMdd-HHmmss_&lt;DEPT or ALL&gt;.xlsx</c> in China time: read as a targets file, and after
    /// the dated files (<c>targets_2026-07-01.xlsx</c>: a digit sorts before <c>u</c>) and the earlier uploads, so that
    /// the latest upload wins for a repeated key. The extension is the upload's (a wrong one is refused by the check).
    /// </summary>
    public static string StoredName(string fileName, string? department, DateTime chinaNow)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension.Length > 12 || extension.Skip(1).Any(c => !char.IsAsciiLetterOrDigit(c))) extension = ".bin";
        return $"{Prefix}{chinaNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}_{NamePart(department ?? Company)}{extension}";
    }

    /// <summary>A department code as a part of a file name, never a path: anything but ASCII letters and digits becomes '-'.</summary>
    private static string NamePart(string department) =>
        new(department.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    /// <summary>The published build's departments by code, and today in China; null without a readable build.</summary>
    private InboxKeys? Keys(DateTime now)
    {
        try
        {
            using var connection = WarehouseConnection.OpenCurrent(layout);
            if (connection is null) return null;
            using var command = connection.CreateCommand();
            command.CommandText = "select code, department_id from dim_department";
            using var reader = command.ExecuteReader();
            var departments = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read()) departments[reader.GetString(0)] = reader.GetInt32(1);
            return new InboxKeys(DateOnly.FromDateTime(now), departments, new Dictionary<string, int>());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DuckDB.NET.Data.DuckDBException)
        {
            logger.LogWarning("Targets upload: the current build cannot be read: {Message}", e.Message);
            return null;
        }
    }

    /// <summary>An inbox file a run would read whose content is <paramref name="sha"/>, or null.</summary>
    private string? SameContent(string sha, string storedAs)
    {
        if (!Directory.Exists(Inbox)) return null;
        foreach (var path in Directory.EnumerateFiles(Inbox))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal)) continue;
            if (!name.StartsWith("targets", StringComparison.OrdinalIgnoreCase) && !InboxName(name)) continue;
            try
            {
                var info = new FileInfo(path);
                if (info.Length == 0 || info.Length > MaxBytes) continue;
                using var stream = File.OpenRead(path);
                if (Convert.ToHexStringLower(SHA256.HashData(stream)) == sha) return name;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // a file the web cannot read is no twin of the upload
            }
        }
        return null;
    }

    private static bool InboxName(string name) =>
        new[] { "surveys", "complaints", "finance" }.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        && Path.GetExtension(name).ToLowerInvariant() is ".csv" or ".xlsx";

    private string Store(Func<int, string> name, byte[] bytes) => InboxStore.Store(Inbox, name, bytes);

    /// <summary>Targets files that a run reads after <paramref name="name"/> (ordinal name order).</summary>
    private List<string> Later(string name) =>
        Directory.EnumerateFiles(Inbox).Select(Path.GetFileName).OfType<string>()
            .Where(n => n.StartsWith("targets", StringComparison.OrdinalIgnoreCase) && !n.StartsWith('.')
                        && Path.GetExtension(n).ToLowerInvariant() is ".csv" or ".xlsx"
                        && string.CompareOrdinal(n, name) > 0)
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Whether the published build loaded the file with this name and content: the current build's run log lists it
    /// among its source files with this SHA-256 and did not reject it. Live since the first published build that did.
    /// </summary>
    public TargetUploadStatus Status(string file, string sha)
    {
        var current = layout.ReadCurrent();
        var logs = RunLogStore.ReadAll(layout); // newest first
        bool Loaded(RunLog log) =>
            log.SourceFiles.Any(f => f.File == file && f.Sha256 == sha)
            && log.Sources.Any(s => s.Name == file)
            && log.RejectedFiles.All(r => r.File != file);
        var rejected = logs.FirstOrDefault(l => l.Status != RunStatus.Running && l.SourceFiles.Any(f => f.File == file && f.Sha256 == sha))
            ?.RejectedFiles.FirstOrDefault(r => r.File == file)?.Reason;
        if (current is null || logs.FirstOrDefault(l => l.RunId == current.RunId) is not { } log || !Loaded(log))
        {
            return new TargetUploadStatus(file, sha, false, null, rejected);
        }
        // the earliest of the published builds in an unbroken line up to the current one that loaded it
        var since = current.PublishedAt;
        foreach (var earlier in logs.Where(l => l.RunId < current.RunId && l.Status == RunStatus.Succeeded))
        {
            if (!Loaded(earlier)) break;
            since = earlier.EndedAt ?? since;
        }
        return new TargetUploadStatus(file, sha, true, since);
    }

    /// <summary>The newest uploaded targets file this user may see (their department's, or any for an admin) and its status.</summary>
    public TargetUploadStatus? Latest(ClaimsPrincipal user)
    {
        var (allowed, department) = Scope(user);
        if (!allowed || !Directory.Exists(Inbox)) return null;
        var latest = Directory.EnumerateFiles(Inbox).Select(Path.GetFileName).OfType<string>()
            .Where(n => UploadName().Match(n) is { Success: true } m && (department is null || m.Groups["dept"].Value == NamePart(department)))
            .Order(StringComparer.Ordinal).LastOrDefault();
        if (latest is null) return null;
        try
        {
            using var stream = File.OpenRead(Path.Combine(Inbox, latest));
            return Status(latest, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private Task AuditAsync(string userName, bool accepted, TargetUploadResult result, CancellationToken ct)
    {
        var first = result.Errors.FirstOrDefault() is { } e ? (e.Row is { } r ? $"row {r} " : "") + $"{e.Column} {e.MessageEn}".Trim() : "-";
        var sha = result.Sha256.Length > 0 ? result.Sha256 : "-";
        var detail = accepted
            ? $"{result.StoredAs} (uploaded as {result.FileName}): {result.Rows} rows, department {result.Department ?? Company}, sha256 {sha}, hangfire job {result.JobId}"
            : $"refused {result.FileName}: department {result.Department ?? Company}, sha256 {sha}, {result.Errors.Count} error(s), first: {first}";
        // the circuit's connection gives the client's address (no request of its own in an interactive component)
        return audit.WriteAsync(AuditActions.TargetsUpload, userName, accepted, detail, http?.HttpContext, ct);
    }

    private static TargetUploadError FileError(string key, string zh, string en) => new(null, "", "", key, zh, en);

    private static Task<byte[]?> ReadAsync(Stream content, long max, CancellationToken ct) => InboxStore.ReadAsync(content, max, ct);

    /// <summary>An uploaded file's name: <see cref="StoredName"/>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^targets_upload_\d{8}-\d{6}_(?<dept>[^.]+)\.[A-Za-z0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex UploadName();
}
