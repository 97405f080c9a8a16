using DuckDB.NET.Data;

namespace Cockpit.Etl.Pipeline;

/// <summary>Appender helpers: boxed values by type, and a check that a staging table has the expected columns.</summary>
internal static class DuckDbAppend
{
    public static IDuckDBAppenderRow Value(this IDuckDBAppenderRow row, object? value) => value switch
    {
        null => row.AppendNullValue(),
        int i => row.AppendValue((int?)i),
        long l => row.AppendValue((long?)l),
        decimal m => row.AppendValue((decimal?)m),
        double d => row.AppendValue((double?)d),
        bool b => row.AppendValue((bool?)b),
        string s => row.AppendValue(s),
        DateOnly d => row.AppendValue((DateOnly?)d),
        DateTime t => row.AppendValue((DateTime?)t),
        _ => throw new ArgumentException($"cannot append a {value.GetType().Name}"),
    };

    /// <summary>Fails with a clear message when <c>sql/ddl</c> and the loader disagree about a table's columns.</summary>
    public static void CheckColumns(DuckDBConnection connection, string table, IReadOnlyList<string> expected)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "select column_name from information_schema.columns where table_name = $1 order by ordinal_position";
        command.Parameters.Add(new DuckDBParameter(table));
        var actual = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) actual.Add(reader.GetString(0));
        }
        if (!actual.SequenceEqual(expected, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"staging table {table} in sql/ddl has columns ({string.Join(", ", actual)}) but the loader appends ({string.Join(", ", expected)})");
        }
    }
}
