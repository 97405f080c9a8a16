using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Web.Security;

/// <summary>Writes and reads the audit log (sign-ins, exports, manual ETL runs, role changes).</summary>
public sealed class AuditLog(IDbContextFactory<IdentityDb> databases, TimeProvider time, ILogger<AuditLog> logger)
{
    /// <summary>Records one action; <paramref name="http"/> gives the client address and the correlation id.</summary>
    public async Task WriteAsync(string action, string userName, bool succeeded, string? detail, HttpContext? http, CancellationToken ct = default)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            UserName = Truncate(userName, 256),
            Action = action,
            Detail = detail is null ? null : Truncate(detail, 4000),
            RemoteIp = http?.Connection.RemoteIpAddress?.ToString(),
            CorrelationId = http is null ? Activity.Current?.Id : CorrelationIds.Of(http),
            Succeeded = succeeded,
        };
        await using var db = await databases.CreateDbContextAsync(ct);
        db.AuditLog.Add(entry);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("audit {Action} by {User} ({Succeeded}) from {Ip}: {Detail}", action, entry.UserName, succeeded, entry.RemoteIp, detail);
    }

    /// <summary>Newest first, one page.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Rows, int Total)> ReadAsync(int offset, int limit, string? action = null, string? user = null, CancellationToken ct = default)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var query = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action)) query = query.Where(e => e.Action == action);
        if (!string.IsNullOrWhiteSpace(user)) query = query.Where(e => e.UserName.Contains(user));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Id).Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
        return (rows, total);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>The id that ties what a user sees to the server log: the request's trace id.</summary>
public static class CorrelationIds
{
    public static string Of(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}
