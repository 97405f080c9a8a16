using Microsoft.EntityFrameworkCore;

namespace Cockpit.Etl.Source;

/// <summary>Where the core business system is: section <c>Source</c> of the configuration.</summary>
public sealed class SourceOptions
{
    public const string SectionName = "Source";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = SourceProviders.Sqlite;

    /// <summary>ADO.NET connection string; for SQLite, e.g. <c>Data Source=data/source.db</c>.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/source.db";
}

/// <summary>The providers the core-system model runs on.</summary>
public static class SourceProviders
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    /// <summary>Options for a <see cref="CoreSystemContext"/> on the given provider.</summary>
    /// <exception cref="ArgumentException">the provider is neither sqlite nor postgresql.</exception>
    public static DbContextOptions<CoreSystemContext> BuildOptions(string provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<CoreSystemContext>();
        switch (provider.Trim().ToLowerInvariant())
        {
            case Sqlite:
                builder.UseSqlite(connectionString);
                break;
            case PostgreSql:
            case "postgres":
            case "npgsql":
                builder.UseNpgsql(connectionString);
                break;
            default:
                throw new ArgumentException(
                    $"Unknown source provider '{provider}': use '{Sqlite}' or '{PostgreSql}'.", nameof(provider));
        }
        return builder.Options;
    }

    /// <summary>A context for the configured source.</summary>
    public static CoreSystemContext Open(SourceOptions options) =>
        new(BuildOptions(options.Provider, options.ConnectionString));

    /// <summary>A SQLite connection string for a database file.</summary>
    public static string SqliteFile(string path) => $"Data Source={Path.GetFullPath(path)}";
}
