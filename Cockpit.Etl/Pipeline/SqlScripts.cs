using DuckDB.NET.Data;

namespace Cockpit.Etl.Pipeline;

/// <summary>
/// The warehouse SQL in <c>sql/</c>: <c>ddl</c> scripts run as they are; each <c>staging</c> and <c>marts</c> file is
/// one select whose result becomes the table named like the file; each <c>macros</c> file creates the table macro
/// named like the file (the shared definitions the KPI files build on); each <c>tests</c> file returns failing rows.
/// </summary>
public sealed class SqlScripts(string folder)
{
    public string Folder { get; } = folder;

    /// <summary>The <c>sql/</c> folder copied beside the binaries, or the checkout's when running from source.</summary>
    public static SqlScripts Locate() => new(Cockpit.Warehouse.SqlFolder.Locate());

    public IReadOnlyList<(string Name, string Sql)> Layer(string layer)
    {
        var dir = Path.Combine(Folder, layer);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "*.sql")
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f).Trim().TrimEnd(';')))
            .ToList();
    }

    public void RunDdl(DuckDBConnection connection)
    {
        foreach (var (name, sql) in Layer("ddl")) Execute(connection, sql, $"ddl/{name}");
    }

    /// <summary>
    /// Builds each model of a layer as a table, a model after the models of the same layer it names (then in name
    /// order). Staging runs before marts.
    /// </summary>
    public void RunModels(DuckDBConnection connection, string layer, Action<string>? onModel = null)
    {
        foreach (var (name, sql) in InDependencyOrder(Layer(layer)))
        {
            onModel?.Invoke(name);
            Execute(connection, $"create table {name} as\n{sql}", $"{layer}/{name}");
        }
    }

    /// <summary>
    /// Creates the table macros of <c>sql/macros</c> in the build, after the marts they read: each file is one
    /// <c>create macro &lt;name&gt;(…) as table …</c> whose name is the file's, a macro after the macros it names.
    /// </summary>
    public void RunMacros(DuckDBConnection connection, Action<string>? onMacro = null)
    {
        foreach (var (name, sql) in InDependencyOrder(Layer("macros")))
        {
            onMacro?.Invoke(name);
            Execute(connection, sql, $"macros/{name}");
            using var command = connection.CreateCommand();
            command.CommandText = "select count(*) from duckdb_functions() where function_name = $name and function_type = 'table_macro'";
            command.Parameters.Add(new DuckDBParameter("name", name));
            if (Convert.ToInt64(command.ExecuteScalar()) == 0)
            {
                throw new InvalidOperationException($"macros/{name}.sql failed: it must create the table macro {name}");
            }
        }
    }

    /// <summary>How many failing rows of a test the run log shows, so a failure points at the data.</summary>
    public const int FailureExamples = 5;

    /// <summary>Runs every data test; a test fails with the number of rows it returns, and names its first few.</summary>
    public List<DataTestResult> RunTests(DuckDBConnection connection)
    {
        var results = new List<DataTestResult>();
        foreach (var (name, sql) in Layer("tests"))
        {
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"select count(*) from (\n{sql}\n) as failing_rows";
                var failures = Convert.ToInt64(command.ExecuteScalar());
                results.Add(new DataTestResult(name, failures) { Examples = failures == 0 ? [] : Examples(connection, sql) });
            }
            catch (DuckDBException e)
            {
                throw new InvalidOperationException($"data test tests/{name}.sql cannot run: {e.Message}", e);
            }
        }
        return results;
    }

    /// <summary>
    /// The first failing rows as text: the tests return (object, key) or (measure, staged, mart), so a row reads
    /// <c>dim_customer 17</c> or <c>contracts.amount staged=… mart=…</c>; a single column reads <c>name=value</c>.
    /// </summary>
    private static List<string> Examples(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"select * from (\n{sql}\n) as failing_rows limit {FailureExamples}";
        using var reader = command.ExecuteReader();
        var examples = new List<string>();
        while (reader.Read())
        {
            string Cell(int i) => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            examples.Add(reader.FieldCount switch
            {
                1 => $"{reader.GetName(0)}={Cell(0)}",
                2 => $"{Cell(0)} {Cell(1)}",
                _ => $"{Cell(0)} " + string.Join(" ", Enumerable.Range(1, reader.FieldCount - 1).Select(i => $"{reader.GetName(i)}={Cell(i)}")),
            });
        }
        return examples;
    }

    internal static List<(string Name, string Sql)> InDependencyOrder(IReadOnlyList<(string Name, string Sql)> models)
    {
        var names = models.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var dependsOn = models.ToDictionary(m => m.Name, m => names
            .Where(other => other != m.Name && System.Text.RegularExpressions.Regex.IsMatch(m.Sql, $@"\b{other}\b"))
            .ToHashSet(StringComparer.Ordinal));
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<(string, string)>();
        while (ordered.Count < models.Count)
        {
            var next = models.FirstOrDefault(m => !done.Contains(m.Name) && dependsOn[m.Name].All(done.Contains));
            if (next.Name is null)
            {
                throw new InvalidOperationException("models refer to each other in a cycle: "
                    + string.Join(", ", models.Where(m => !done.Contains(m.Name)).Select(m => m.Name)));
            }
            done.Add(next.Name);
            ordered.Add(next);
        }
        return ordered;
    }

    private static void Execute(DuckDBConnection connection, string sql, string what)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            command.ExecuteNonQuery();
        }
        catch (DuckDBException e)
        {
            throw new InvalidOperationException($"{what}.sql failed: {e.Message}", e);
        }
    }
}
