namespace Cockpit.Warehouse.Kpis;

/// <summary>
/// One column's filter in a drill-down: text containing <see cref="Contains"/> (case-insensitive), a value among
/// <see cref="OneOf"/> (coded columns), or between <see cref="Min"/> and <see cref="Max"/> (numbers and dates, either
/// end open). Values are bound as parameters; the column must be one of the rows' own.
/// </summary>
public sealed record ColumnFilter(string Column, string? Contains = null, IReadOnlyList<string>? OneOf = null, object? Min = null, object? Max = null);

/// <summary>
/// Which of a figure's rows a grid shows and how: a search across the text columns, column filters, and the order
/// (by a column of the rows; the figure's main amount, largest first, when none is given).
/// </summary>
public sealed record RowSelection(string? Search = null, IReadOnlyList<ColumnFilter>? Filters = null, string? Sort = null, bool Descending = true)
{
    /// <summary>Columns a search or a text filter matches only as a whole value (personal data shown masked).</summary>
    public IReadOnlyList<string> WholeOnly { get; init; } = [];

    public static readonly RowSelection Default = new();

    /// <summary>The selection narrows the rows (a search or a column filter), so they are a part of the figure's.</summary>
    public bool Narrows => !string.IsNullOrWhiteSpace(Search) || Filters is { Count: > 0 };

    /// <summary>
    /// The WHERE of the selection over the rows' <paramref name="columns"/> (text ones searched), with its parameters
    /// (<c>$sel_*</c>). Unknown columns are ignored: nothing from the caller reaches the SQL text but column names
    /// checked against the rows' own.
    /// </summary>
    internal (string Where, Dictionary<string, object> Parameters) Predicate(IReadOnlyList<string> columns, IReadOnlySet<string> textColumns)
    {
        var predicates = new List<string>();
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(Search) && textColumns.Count > 0)
        {
            parameters["sel_search"] = Search.Trim();
            predicates.Add("(" + string.Join(" or ", columns.Where(textColumns.Contains)
                .Select(c => WholeOnly.Contains(c) ? $"lower(\"{c}\") = lower($sel_search)" : $"contains(lower(\"{c}\"), lower($sel_search))")) + ")");
        }
        var n = 0;
        foreach (var f in Filters ?? [])
        {
            if (!columns.Contains(f.Column)) continue;
            var column = $"\"{f.Column}\"";
            if (f.Contains is { Length: > 0 } text)
            {
                parameters[$"sel_{n}"] = text;
                predicates.Add(WholeOnly.Contains(f.Column)
                    ? $"lower(cast({column} as varchar)) = lower($sel_{n})"
                    : $"contains(lower(cast({column} as varchar)), lower($sel_{n}))");
                n++;
            }
            if (f.OneOf is { Count: > 0 } values)
            {
                var names = values.Select(v => { parameters[$"sel_{n}"] = v; return $"$sel_{n++}"; });
                predicates.Add($"cast({column} as varchar) in ({string.Join(", ", names)})");
            }
            if (f.Min is { } min)
            {
                parameters[$"sel_{n}"] = min;
                predicates.Add($"{column} >= $sel_{n++}");
            }
            if (f.Max is { } max)
            {
                parameters[$"sel_{n}"] = max;
                predicates.Add($"{column} <= $sel_{n++}");
            }
        }
        return (predicates.Count == 0 ? "" : "where " + string.Join(" and ", predicates), parameters);
    }

    /// <summary>The ORDER BY: the sort column if the rows have it, else the numerator largest first, ties by every column.</summary>
    internal string OrderBy(IReadOnlyList<string> columns)
    {
        var sort = Sort is not null && columns.Contains(Sort) ? Sort : columns.Contains("numerator") ? "numerator" : null;
        var descending = Sort is not null && columns.Contains(Sort) ? Descending : true;
        // DuckDB's "order by all" cannot follow another key: the tie-break is every column by position
        var ties = string.Join(", ", Enumerable.Range(1, columns.Count));
        return sort is null ? "order by all" : $"order by \"{sort}\" {(descending ? "desc" : "asc")} nulls last, {ties}";
    }
}
