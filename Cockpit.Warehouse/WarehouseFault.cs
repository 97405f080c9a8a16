namespace Cockpit.Warehouse;

/// <summary>
/// The warehouse folder cannot be used: it is a file, not writable, on a full or read-only disk, or its current
/// build cannot be read. The message says which, Chinese then English. Never "another run is in progress".
/// </summary>
public sealed class WarehouseUnusableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Turns file-system failures into reasons people can act on.</summary>
public static class WarehouseFault
{
    /// <summary>Why a file operation failed, Chinese then English: permission, full disk, read-only file system, or the system's words.</summary>
    public static string Describe(Exception e) => e switch
    {
        UnauthorizedAccessException => $"没有访问权限 permission denied ({FirstLine(e.Message)})",
        _ when IsDiskFull(e) => $"磁盘已满 the disk is full ({FirstLine(e.Message)})",
        _ when IsReadOnlyFileSystem(e) => $"文件系统只读 the file system is read-only ({FirstLine(e.Message)})",
        _ => FirstLine(e.Message),
    };

    /// <summary>The failure is about the disk or permissions, not about the data or another run.</summary>
    public static bool IsStorage(Exception e) => e is UnauthorizedAccessException || IsDiskFullOrReadOnly(e);

    /// <summary>Nothing more can be written there: a full disk or a read-only file system.</summary>
    public static bool IsDiskFullOrReadOnly(Exception e) => IsDiskFull(e) || IsReadOnlyFileSystem(e);

    public static bool IsDiskFull(Exception e) =>
        (e is IOException && (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 39 or 112 : e.HResult == 28))
        || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
        || (e.InnerException is { } inner && IsDiskFull(inner));

    public static bool IsReadOnlyFileSystem(Exception e) =>
        (e is IOException && (OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == 19 : e.HResult == 30))
        || e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase)
        || (e.InnerException is { } inner && IsReadOnlyFileSystem(inner));

    public static string FirstLine(string message)
    {
        var line = message.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }
}
