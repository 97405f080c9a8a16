using System.Data.Common;
using System.Linq.Expressions;
using Cockpit.Etl.Source;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Cockpit.Etl.Pipeline;

/// <summary>
/// One core-system table read as it is actually stored: the EF model names the table and its columns and says
/// which type and nullability each column should have; every value is read untyped (SQLite keeps any value in any
/// column) and converted by <see cref="ValueRules"/>. A row with a value no rule converts is refused with that
/// column, its raw value and the reason — the reader never throws on data.
/// </summary>
internal sealed class SourceTable<T> where T : class, new()
{
    private sealed record Column(string Name, bool Required, Func<object?, string, (ValueError? Error, object? Value)> Convert, Action<T, object?> Set);

    private static SourceTable<T>? _cached;

    private readonly string _table;
    private readonly Column[] _columns;
    private readonly int[] _keyIndexes;

    private SourceTable(IEntityType entity)
    {
        _table = entity.GetTableName()!;
        var properties = entity.GetProperties().ToList();
        _columns = [.. properties.Select(p => new Column(p.GetColumnName(), !p.IsNullable, Converter(p), Setter(p.PropertyInfo!)))];
        var key = entity.FindPrimaryKey()!.Properties;
        _keyIndexes = [.. key.Select(k => properties.IndexOf((IProperty)k))];
        KeyColumns = string.Join(", ", key.Select(k => k.GetColumnName()));
    }

    /// <summary>The primary key's column names, for messages.</summary>
    public string KeyColumns { get; }

    public static SourceTable<T> For(CoreSystemContext db) =>
        _cached ??= new SourceTable<T>(db.Model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the core-system model"));

    /// <summary>
    /// The rows in primary-key order (SQLite: then in stored order, so of two rows with one key the first stored
    /// wins). Each is either converted, or refused with the entry saying which column and why. Before a row is
    /// returned <see cref="Quarantine.Row"/> names it by its key as stored.
    /// </summary>
    public IEnumerable<(T? Row, QuarantineEntry? Refused)> Read(CoreSystemContext db, Quarantine q, Func<long> ordinal)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) db.Database.OpenConnection();
        using var command = connection.CreateCommand();
        var keyOrder = string.Join(", ", _keyIndexes.Select(i => Quote(_columns[i].Name)));
        var sqliteRowOrder = db.Database.IsSqlite() && !WithoutRowId(connection) ? ", rowid" : "";
        command.CommandText = $"select {string.Join(", ", _columns.Select(c => Quote(c.Name)))} from {Quote(_table)} order by {keyOrder}{sqliteRowOrder}";
        using var reader = command.ExecuteReader();
        var raw = new object?[_columns.Length];
        var sqlite = db.Database.IsSqlite();
        while (reader.Read())
        {
            for (var i = 0; i < raw.Length; i++) raw[i] = ReadValue(reader, i, sqlite);
            q.Row = RawKey(raw, ordinal());
            yield return Convert(raw, q);
        }
    }

    private (T?, QuarantineEntry?) Convert(object?[] raw, Quarantine q)
    {
        var row = new T();
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            if (raw[i] is UnreadableValue unreadable)
            {
                return (null, q.Refused(column.Name, null, new ValueError(ReasonKeys.InvalidText,
                    $"{column.Name} 的值无法读取：{unreadable.Message}", $"{column.Name} cannot be read: {unreadable.Message}")));
            }
            var (error, value) = column.Convert(raw[i], column.Name);
            if (error is not null) return (null, q.Refused(column.Name, raw[i], error));
            if (value is string text && string.IsNullOrWhiteSpace(text)) value = null; // blank text is no value
            if (value is null && column.Required) return (null, q.Refused(column.Name, raw[i], ValueRules.Missing(column.Name)));
            column.Set(row, value);
        }
        return (row, null);
    }

    /// <summary>The key as stored, to name a row that could not be converted; its position when the key is NULL.</summary>
    private string RawKey(object?[] raw, long ordinal)
    {
        if (_keyIndexes.Any(i => raw[i] is null or DBNull or UnreadableValue)) return $"第{ordinal}行 row {ordinal}";
        return string.Join("|", _keyIndexes.Select(i => ValueRules.Show(raw[i])));
    }

    private sealed record UnreadableValue(string Message);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static object? ReadValue(DbDataReader reader, int i, bool sqlite)
    {
        try
        {
            if (reader.IsDBNull(i)) return null;
            if (sqlite && reader.GetFieldType(i) == typeof(string))
            {
                // SQLite text read as its bytes: the string API stops at a NUL and replaces invalid UTF-8 silently
                var bytes = reader.GetFieldValue<byte[]>(i);
                try
                {
                    return StrictUtf8.GetString(bytes);
                }
                catch (System.Text.DecoderFallbackException)
                {
                    return bytes;
                }
            }
            return reader.GetValue(i);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException or ArgumentException or InvalidOperationException)
        {
            return new UnreadableValue(e.Message);
        }
    }

    private bool WithoutRowId(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "select sql from sqlite_master where type = 'table' and name = $name";
        var p = command.CreateParameter();
        p.ParameterName = "$name";
        p.Value = _table;
        command.Parameters.Add(p);
        return command.ExecuteScalar() is string sql && sql.Contains("without rowid", StringComparison.OrdinalIgnoreCase);
    }

    private static string Quote(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static Func<object?, string, (ValueError?, object?)> Converter(IProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type == typeof(int)) return (raw, column) => (ValueRules.TryInt(raw, column, out var v), v);
        if (type == typeof(decimal))
        {
            // money has 2 places (DECIMAL(18,2)); rates and shares up to 6 (DECIMAL(9,6) in the warehouse)
            var money = property.GetScale() == 2;
            var scale = money ? 2 : 6;
            var max = money ? ValueRules.MaxAmount : ValueRules.MaxRate;
            return (raw, column) => (ValueRules.TryDecimal(raw, column, scale, max, out var v), v);
        }
        if (type == typeof(DateOnly)) return (raw, column) => (ValueRules.TryDate(raw, column, out var v), v);
        if (type == typeof(DateTime)) return (raw, column) => (ValueRules.TryTimestamp(raw, column, out var v), v);
        if (type == typeof(bool)) return (raw, column) => (ValueRules.TryFlag(raw, column, out var v), v);
        if (type == typeof(string)) return (raw, column) => (ValueRules.TryText(raw, column, out var v), v);
        throw new NotSupportedException($"no conversion rule for {property.DeclaringType.DisplayName()}.{property.Name} ({type.Name})");
    }

    private static Action<T, object?> Setter(System.Reflection.PropertyInfo property)
    {
        var target = Expression.Parameter(typeof(T));
        var value = Expression.Parameter(typeof(object));
        return Expression.Lambda<Action<T, object?>>(
            Expression.Assign(Expression.Property(target, property), Expression.Convert(value, property.PropertyType)), target, value).Compile();
    }
}
