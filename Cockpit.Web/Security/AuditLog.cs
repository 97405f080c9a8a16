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
    public Task<(IReadOnlyList<AuditEntry> Rows, int Total)> ReadAsync(int offset, int limit, string? action = null, string? user = null, CancellationToken ct = default) =>
        ReadAsync(new AuditFilter(user, action, null, null, null), offset, limit, ct);

    /// <summary>Newest first, one page of the entries that match <paramref name="filter"/>.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Rows, int Total)> ReadAsync(AuditFilter filter, int offset, int limit, CancellationToken ct = default)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var query = filter.Apply(db.AuditLog.AsNoTracking());
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Id).Skip(Math.Max(0, offset)).Take(Math.Clamp(limit, 1, 100_000)).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>The user names that appear in the log (for the page's filter).</summary>
    public async Task<IReadOnlyList<string>> UsersAsync(CancellationToken ct = default)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.AuditLog.AsNoTracking().Select(e => e.UserName).Distinct().OrderBy(u => u).ToListAsync(ct);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>The id that ties what a user sees to the server log: the request's trace id.</summary>
public static class CorrelationIds
{
    public static string Of(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}

/// <summary>
/// What the audit page shows: one user (exact name), one action, days from/to (China dates, both included), and a
/// search in the user name, action and detail.
/// </summary>
public sealed record AuditFilter(string? User, string? Action, DateOnly? From, DateOnly? To, string? Search)
{
    public static AuditFilter None { get; } = new(null, null, null, null, null);

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query)
    {
        if (!string.IsNullOrWhiteSpace(User)) query = query.Where(e => e.UserName == User.Trim());
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action == Action.Trim());
        if (From is { } from)
        {
            var start = Utc(from);
            query = query.Where(e => e.At >= start);
        }
        if (To is { } to)
        {
            var end = Utc(to.AddDays(1));
            query = query.Where(e => e.At < end);
        }
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var s = Search.Trim();
            query = query.Where(e => e.UserName.Contains(s) || e.Action.Contains(s) || (e.Detail != null && e.Detail.Contains(s)));
        }
        return query;
    }

    /// <summary>Midnight of a China date, in UTC.</summary>
    private static DateTime Utc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Cockpit.Etl.ChinaTime.Zone);

    /// <summary>The filter as a query string (the page's address and the export link), without the leading '?'.</summary>
    public string QueryString()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{key}={Uri.EscapeDataString(value.Trim())}");
        }
        Add("user", User);
        Add("action", Action);
        Add("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Add("q", Search);
        return string.Join("&", parts);
    }

    /// <summary>Reads the filter from the query; a date that does not parse is an error (the caller shows it).</summary>
    public static AuditFilter Parse(string? user, string? action, string? from, string? to, string? search, out string? error)
    {
        var fromDay = Day(from, out var badFrom);
        var toDay = Day(to, out var badTo);
        error = badFrom ?? badTo;
        return new AuditFilter(user, action, fromDay, toDay, search);
    }

    private static DateOnly? Day(string? text, out string? bad)
    {
        bad = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return d;
        bad = text;
        return null;
    }
}
