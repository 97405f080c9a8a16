using System.Data.Common;
using Cockpit.Etl.Source;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Etl.Pipeline;

/// <summary>
/// Before reading a row: every table and column of the core-system model exists in the source. A wrong or empty
/// file then says which table or column is missing, not "no such table". Names come from the EF model
/// (<see cref="CoreSystemContext"/>), so the check and the loaders never disagree.
/// </summary>
internal static class SourceSchemaCheck
{
    /// <exception cref="InvalidOperationException">a table or column is missing, or the file is not a database.</exception>
    public static void Verify(CoreSystemContext db)
    {
        var expected = db.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .Select(e => (Table: e.GetTableName()!, Columns: e.GetProperties().Select(p => p.GetColumnName()).ToList()))
            .OrderBy(t => Array.IndexOf(CoreSystemLoader.Tables, t.Table))
            .ToList();
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            HashSet<string> tables;
            try
            {
                tables = Tables(connection, db.Database.IsNpgsql());
            }
            catch (DbException e)
            {
                throw new InvalidOperationException(
                    $"业务核心系统数据库无法读取，可能不是数据库文件（the core-system database cannot be read: {e.Message.TrimEnd('.')}; is this the right file?）", e);
            }
            var missing = expected.Where(t => !tables.Contains(t.Table)).Select(t => t.Table).ToList();
            if (missing.Count > 0)
            {
                var list = string.Join(", ", missing);
                var hint = missing.Count == expected.Count ? "; the database is empty or another system's" : "";
                throw new InvalidOperationException(
                    $"业务核心系统缺少表 {list}（the core-system database has no table {list}{hint}: is this the right file?）");
            }
            var problems = new List<string>();
            foreach (var (table, columns) in expected)
            {
                var present = Columns(connection, table);
                var absent = columns.Where(c => !present.Contains(c)).ToList();
                if (absent.Count > 0) problems.Add($"{table}: {string.Join(", ", absent)}");
            }
            if (problems.Count > 0)
            {
                var list = string.Join("; ", problems);
                throw new InvalidOperationException($"业务核心系统的表缺少列 {list}（the core-system tables lack columns: {list}）");
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    private static HashSet<string> Tables(DbConnection connection, bool postgres)
    {
        using var command = connection.CreateCommand();
        command.CommandText = postgres
            ? "select table_name from information_schema.tables where table_schema = any (current_schemas(false))"
            : "select name from sqlite_master where type in ('table', 'view')";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static HashSet<string> Columns(DbConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        // the table name comes from the EF model, never from input
        command.CommandText = $"select * from \"{table}\" where 1 = 0";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++) names.Add(reader.GetName(i));
        return names;
    }
}
