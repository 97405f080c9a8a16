using System.Collections.Concurrent;
using System.Security.Cryptography;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Security;

namespace Cockpit.Web.Exports;

/// <summary>An export written to a temporary file, ready to send.</summary>
public sealed record ExportedFile(string Path, string FileName, string ContentType, long Rows, string Sha256, string User);

/// <summary>The export was refused (no build, another department, no such month): the status and why, never a stack trace.</summary>
public sealed class ExportRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Exports written by a page (with progress and cancel), kept for their user to download for a few minutes under a
/// random token, then deleted.
/// </summary>
public sealed class ExportFiles(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (ExportedFile File, DateTimeOffset Expires)> _files = new(StringComparer.Ordinal);

    public string Add(ExportedFile file)
    {
        Sweep();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _files[token] = (file, time.GetUtcNow() + Lifetime);
        return token;
    }

    /// <summary>The file under <paramref name="token"/> if it is <paramref name="user"/>'s and not expired.</summary>
    public ExportedFile? Get(string token, string user)
    {
        Sweep();
        return _files.TryGetValue(token, out var entry) && entry.File.User == user ? entry.File : null;
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (token, entry) in _files)
        {
            if (entry.Expires > now || !_files.TryRemove(token, out _)) continue;
            try
            {
                File.Delete(entry.File.Path);
            }
            catch (IOException)
            {
                // being sent right now: the next sweep or the temp folder's cleaning takes it
            }
        }
    }
}

/// <summary>
/// A drill-down's export, for the download endpoint and the page alike: the caller's scope and masking, the file
/// written to a temporary file (hashed), and every export — refused, cancelled or written — in the audit log.
/// </summary>
public sealed class DrillExports(KpiService kpis, AuditLog audit, TimeProvider time, WarehouseLayout layout)
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Csv = "text/csv; charset=utf-8";

    public async Task<ExportedFile> ExportAsync(
        DataAccess access, DrillExportRequest request, HttpContext? http, IProgress<long>? progress, CancellationToken cancel)
    {
        var user = access.UserName;
        var what = $"kpi={request.Code} format={(request.Csv ? "csv" : "xlsx")} filters={request.State.QueryString()}";
        if (!KpiCatalog.Contains(request.Code)) throw new ExportRefusedException(StatusCodes.Status404NotFound, $"未知指标 unknown KPI: {request.Code}");
        if (kpis.CurrentBuild is null) throw new ExportRefusedException(StatusCodes.Status503ServiceUnavailable, "尚无数据 no warehouse build yet");
        ScopedData data;
        try
        {
            data = ScopedData.Open(kpis, access, request.State, companyTotals: false);
        }
        catch (ScopeRefusedException e)
        {
            await audit.WriteAsync(AuditActions.Export, user, false, $"refused: {what} reason={e.MessageEn}", http, CancellationToken.None);
            throw new ExportRefusedException(StatusCodes.Status403Forbidden, e.MessageZh + " " + e.MessageEn);
        }
        var file = Path.Combine(Path.GetTempPath(), $"cockpit-export-{Guid.NewGuid():N}.tmp");
        using (data)
        {
            var masked = Masked(access);
            try
            {
                DrillExportResult result;
                await using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    var run = Cockpit.Etl.Pipeline.RunLogStore.ReadAll(layout).FirstOrDefault(r => r.RunId == data.Build.RunId);
                    result = await DrillExport.WriteAsync(data, request, stream, new ExportContext(user, Cockpit.Etl.ChinaTime.Now(time), masked, run), progress, cancel);
                }
                string hash;
                await using (var read = File.OpenRead(file))
                {
                    hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, CancellationToken.None));
                }
                await audit.WriteAsync(AuditActions.Export, user, true,
                    $"{what} filters_words={result.Filters} scope={(access.Department ?? "company")} rows={result.Rows} {access.PersonalDataAudit} " +
                    $"sha256={hash} build={data.Build.BuildId} run={data.Build.RunId} file={result.FileName}", http, CancellationToken.None);
                return new ExportedFile(file, result.FileName, request.Csv ? Csv : Xlsx, result.Rows, hash, user);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException or DuckDB.NET.Data.DuckDBException or ScopeRefusedException)
            {
                File.Delete(file);
                var cancelled = e is OperationCanceledException;
                await audit.WriteAsync(AuditActions.Export, user, false,
                    $"{(cancelled ? "cancelled" : "failed")}: {what} reason={WarehouseFault.FirstLine(e.Message)}", http, CancellationToken.None);
                if (cancelled) throw;
                throw new ExportRefusedException(e is ScopeRefusedException ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest,
                    e is ScopeRefusedException s ? s.MessageZh + " " + s.MessageEn : WarehouseFault.FirstLine(e.Message));
            }
        }
    }

    /// <summary>Personal data is masked for every role but the auditor's.</summary>
    internal static bool Masked(DataAccess access) => !access.SeesPersonalData;
}
