namespace Cockpit.Warehouse;

/// <summary>The warehouse SQL (<c>sql/</c>): copied beside the binaries, or the checkout's when running from source.</summary>
public static class SqlFolder
{
    public static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "sql");
        if (Directory.Exists(Path.Combine(beside, "marts"))) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "sql");
            if (Directory.Exists(Path.Combine(candidate, "marts"))) return candidate;
        }
        throw new DirectoryNotFoundException($"the warehouse SQL folder (sql/) was not found beside {AppContext.BaseDirectory}");
    }
}
