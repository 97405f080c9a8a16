using System.Globalization;
using System.Resources;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace Cockpit.Web.Components.Widgets;

/// <summary>
/// The drill-down grid's state in the URL, beside the filter bar's: <c>sort</c>, <c>dir</c> (asc/desc), <c>page</c>
/// (from 1), <c>size</c>, <c>cols</c> (the columns shown, comma-separated), <c>q</c> (search) and <c>f.&lt;column&gt;</c>
/// (a column's filter: text it contains; for amounts in 万元, numbers and dates a range <c>a..b</c>, either end open;
/// for coded columns a name or code). A copied link shows the same rows; an export of it writes the same rows.
/// </summary>
public sealed record GridQuery(
    string? Sort = null, bool Descending = true, int Page = 1, int Size = GridQuery.DefaultSize, IReadOnlyList<string>? Columns = null,
    string? Search = null, IReadOnlyDictionary<string, string>? Filters = null)
{
    public const int DefaultSize = 50;

    public static readonly IReadOnlyList<int> Sizes = [25, 50, 100, 500];

    public IReadOnlyDictionary<string, string> ColumnFilters => Filters ?? new Dictionary<string, string>();

    /// <summary>The grid state of a URL (its query string); anything malformed falls back to the default.</summary>
    public static GridQuery Parse(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } u ? u.Query : uri.Contains('?') ? uri[uri.IndexOf('?')..] : "");
        string? One(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var page = int.TryParse(One("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        var size = int.TryParse(One("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && Sizes.Contains(s) ? s : DefaultSize;
        var filters = query.Where(q => q.Key.StartsWith("f.", StringComparison.Ordinal) && q.Key.Length > 2 && !string.IsNullOrWhiteSpace(q.Value.ToString()))
            .ToDictionary(q => q.Key[2..], q => q.Value.ToString().Trim(), StringComparer.Ordinal);
        return new GridQuery(One("sort"), One("dir") != "asc", page, size,
            One("cols")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), One("q"), filters);
    }

    /// <summary>The query parameters of this state, with null for every parameter to remove (defaults, and filters no longer set).</summary>
    public Dictionary<string, object?> ToQuery(IEnumerable<string> allColumns)
    {
        var query = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["sort"] = Sort,
            ["dir"] = Sort is null ? null : Descending ? "desc" : "asc",
            ["page"] = Page > 1 ? Page.ToString(CultureInfo.InvariantCulture) : null,
            ["size"] = Size != DefaultSize ? Size.ToString(CultureInfo.InvariantCulture) : null,
            ["cols"] = Columns is null ? null : string.Join(',', Columns),
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
        };
        foreach (var column in allColumns) query[$"f.{column}"] = ColumnFilters.GetValueOrDefault(column);
        return query;
    }

    /// <summary>The query string of this state (for an export link), '&amp;'-joined, without defaults; empty when all are.</summary>
    public string QueryPart(IEnumerable<string> allColumns) => string.Join('&', ToQuery(allColumns).Where(p => p.Value is not null)
        .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString((string)p.Value!)}"));

    /// <summary>
    /// The rows this state selects, for the server: the search, each column's filter read by the column's kind (万元 → yuan,
    /// % → fraction, a name → its codes), the order. A filter that cannot be read is left out and reported in <paramref name="unreadable"/>.
    /// </summary>
    public RowSelection ToSelection(Func<string, ColumnKind> kindOf, CultureInfo culture, ICollection<string>? unreadable = null)
    {
        var filters = new List<ColumnFilter>();
        foreach (var (column, text) in ColumnFilters)
        {
            var filter = Read(column, kindOf(column), text, culture);
            if (filter is null) unreadable?.Add(column);
            else filters.Add(filter);
        }
        return new RowSelection(Search, filters, Sort, Descending);
    }

    private static ColumnFilter? Read(string column, ColumnKind kind, string text, CultureInfo culture)
    {
        switch (kind)
        {
            case ColumnKind.Code:
                return new ColumnFilter(column, OneOf: [.. DrillColumns.CodesNamed(column, text, KnownCodes(column), culture), text]);
            case ColumnKind.Text or ColumnKind.Identifier:
                return new ColumnFilter(column, Contains: text);
            case ColumnKind.Flag:
                return text is "是" or "yes" or "Yes" or "1" or "true" ? new ColumnFilter(column, OneOf: ["true"])
                    : text is "否" or "no" or "No" or "0" or "false" ? new ColumnFilter(column, OneOf: ["false"]) : null;
        }
        var (lowText, highText, isRange) = text.Contains("..", StringComparison.Ordinal)
            ? (text[..text.IndexOf("..", StringComparison.Ordinal)].Trim(), text[(text.IndexOf("..", StringComparison.Ordinal) + 2)..].Trim(), true)
            : (text, text, false);
        object? Bound(string value, bool upper)
        {
            if (value.Length == 0) return null;
            if (kind is ColumnKind.Date or ColumnKind.DateTime)
            {
                if (!DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return Invalid;
                return kind == ColumnKind.DateTime ? (upper ? d.ToDateTime(new TimeOnly(23, 59, 59, 999)) : d.ToDateTime(TimeOnly.MinValue)) : d;
            }
            if (!decimal.TryParse(value.Replace(",", "", StringComparison.Ordinal).TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) return Invalid;
            return kind switch { ColumnKind.Money => n * 10_000m, ColumnKind.Rate => n / 100m, _ => n };
        }
        var low = Bound(lowText, upper: false);
        var high = Bound(highText, upper: true);
        if (ReferenceEquals(low, Invalid) || ReferenceEquals(high, Invalid) || (low is null && high is null)) return null;
        return isRange || kind is not (ColumnKind.Money or ColumnKind.Rate or ColumnKind.Number)
            ? new ColumnFilter(column, Min: low, Max: high)
            : new ColumnFilter(column, Min: low); // one amount: that much or more
    }

    private static readonly object Invalid = new();

    private static readonly ResourceManager Resources = new("Cockpit.Web.Resources.Strings", typeof(Strings).Assembly);

    /// <summary>The codes the resources name for a column (<c>Code_column_value</c>, and the shared <c>Code_value</c> ones).</summary>
    private static IEnumerable<string> KnownCodes(string column)
    {
        var set = Resources.GetResourceSet(CultureInfo.InvariantCulture, true, true);
        if (set is null) yield break;
        foreach (System.Collections.DictionaryEntry entry in set)
        {
            var key = (string)entry.Key;
            if (key.StartsWith($"Code_{column}_", StringComparison.Ordinal)) yield return key[($"Code_{column}_".Length)..];
            else if (key.StartsWith("Code_", StringComparison.Ordinal) && !key[5..].Contains("__", StringComparison.Ordinal)) yield return key[5..];
        }
    }
}
