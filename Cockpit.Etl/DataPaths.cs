using Microsoft.Data.Sqlite;

namespace Cockpit.Etl;

/// <summary>
/// Relative data paths in the configuration (<c>data/</c>, <c>Data Source=data/source.db</c>) are taken from the
/// root of the checkout when running from one, so the web (whose working directory is its project folder under
/// <c>dotnet run</c>) and the ETL command line share one <c>data/</c> folder; elsewhere from the working directory.
/// </summary>
public static class DataPaths
{
    private static readonly Lazy<string> RootDirectory = new(() => FindRoot(Directory.GetCurrentDirectory()));

    /// <summary>The folder relative data paths start from.</summary>
    public static string Root => RootDirectory.Value;

    public static string Resolve(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Root, path));

    /// <summary>A SQLite connection string whose relative file name is resolved like <see cref="Resolve"/>.</summary>
    public static string ResolveSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:") return connectionString;
        builder.DataSource = Resolve(builder.DataSource);
        return builder.ToString();
    }

    private static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cockpit.sln"))) return dir.FullName;
        }
        return start;
    }
}
