using Cockpit.Etl.Demo;
using Cockpit.Etl.Source;
using Microsoft.Data.Sqlite;

namespace Cockpit.Tests.Etl;

/// <summary>A small demo company written to a temporary folder once for the whole collection.</summary>
public sealed class DemoCompanyFixture : IDisposable
{
    public static readonly DateOnly AsOf = new(2026, 9, 30);
    public static readonly DemoOptions Options = new(Seed: 7, Contracts: 600, AsOf: AsOf);

    public DemoCompanyFixture()
    {
        Directory = TempFolder.Create("demo");
        Result = DemoWriter.Generate(Directory, Options, new DateOnly(2026, 10, 15));
    }

    public string Directory { get; }
    public DemoResult Result { get; }
    public DemoCompany Company => Result.Company;
    public string DatabasePath => Path.Combine(Directory, DemoWriter.SourceFileName);
    public string InboxPath => Path.Combine(Directory, DemoWriter.InboxFolderName);

    public SourceOptions SourceOptions => new() { Provider = SourceProviders.Sqlite, ConnectionString = $"Data Source={DatabasePath}" };

    /// <summary>A read-only connection to the written source database.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose() => TempFolder.Delete(Directory);
}

[CollectionDefinition(Name)]
public sealed class DemoCompanyCollection : ICollectionFixture<DemoCompanyFixture>
{
    public const string Name = "demo company";
}

/// <summary>Temporary folders under the system temp path, removed after the tests.</summary>
public static class TempFolder
{
    public static string Create(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "cockpit-tests", $"{prefix}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a finishing host; the temp folder is cleaned by the OS
        }
    }
}

/// <summary>Small helpers for reading rows back with plain SQL.</summary>
public static class Sql
{
    public static List<object?[]> Rows(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
