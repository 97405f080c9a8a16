using System.Runtime.InteropServices;

namespace Cockpit.Etl.Pipeline.Inbox;

/// <summary>Limits on what the ETL reads from the inbox.</summary>
/// <param name="MaxFileBytes">A file larger than this is rejected from its size, before it is read.</param>
public sealed record InboxLimits(long MaxFileBytes)
{
    /// <summary>50 MB: a year of surveys from a large company is a few MB; anything larger is not an inbox file.</summary>
    public const long DefaultMaxFileBytes = 50L * 1024 * 1024;

    public static InboxLimits Default { get; } = new(DefaultMaxFileBytes);
}

/// <summary>An entry of the inbox folder, listed by name; nothing in it has been opened yet.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Name">The entry's name in the inbox.</param>
/// <param name="MaxBytes">The size above which the file is rejected unread.</param>
internal sealed record InboxEntry(string Path, string Name, long MaxBytes);

/// <summary>What an inbox entry is on disk, found without opening it (opening a FIFO would block for ever).</summary>
internal enum EntryType { RegularFile, Directory, Fifo, Socket, CharacterDevice, BlockDevice, DanglingLink, LinkLoop, Missing, Unknown }

/// <summary>A file that cannot be read as an inbox file: the reason key and the reason in both languages.</summary>
internal sealed class InboxFileException(string reasonKey, string messageZh, string messageEn)
    : Exception($"{messageZh}（{messageEn}）")
{
    public string ReasonKey { get; } = reasonKey;
    public string MessageZh { get; } = messageZh;
    public string MessageEn { get; } = messageEn;
}

/// <summary>The inbox folder: listing by name, what an entry is, and reading a file's bytes within the limits.</summary>
internal static class InboxFolder
{
    /// <summary>Every entry of the folder except hidden files and Office lock files (<c>~$…</c>), in ordinal name order.</summary>
    public static List<InboxEntry> List(string inbox, InboxLimits limits)
    {
        if (!Directory.Exists(inbox)) return [];
        IEnumerable<string> names;
        try
        {
            names = Directory.EnumerateFileSystemEntries(inbox).Select(p => Path.GetFileName(p)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"收件箱文件夹无法读取 the inbox folder cannot be read: {Path.GetFullPath(inbox)}: {e.Message}", e);
        }
        return names
            .Where(n => !n.StartsWith('.') && !n.StartsWith("~$", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new InboxEntry(Path.Combine(inbox, n), n, limits.MaxFileBytes))
            .ToList();
    }

    /// <summary>What the entry is (following symbolic links) and its size, from the file system's metadata only.</summary>
    public static (EntryType Type, long Size, string? LinkTarget) Probe(string path)
    {
        string? linkTarget = null;
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path)) return (EntryType.Missing, 0, null);
        if (info.Exists && info.LinkTarget is { } target)
        {
            linkTarget = target;
            try
            {
                var final = File.ResolveLinkTarget(path, returnFinalTarget: true);
                if (final is null || !final.Exists && !Directory.Exists(final.FullName)) return (EntryType.DanglingLink, 0, target);
            }
            catch (IOException)
            {
                return (EntryType.LinkLoop, 0, target); // too many levels of symbolic links
            }
        }
        if (!OperatingSystem.IsWindows() && UnixStat(path) is var (mode, size))
        {
            var type = (mode & 0xF000) switch
            {
                0x8000 => EntryType.RegularFile,
                0x4000 => EntryType.Directory,
                0x1000 => EntryType.Fifo,
                0xC000 => EntryType.Socket,
                0x2000 => EntryType.CharacterDevice,
                0x6000 => EntryType.BlockDevice,
                _ => EntryType.Unknown,
            };
            return (type, size, linkTarget);
        }
        // Windows, or a runtime without the native call: the managed view (devices show as Device on Windows; a Unix
        // FIFO or device shows as a 0-byte file, which is refused as empty before it is opened).
        if (Directory.Exists(path)) return (EntryType.Directory, 0, linkTarget);
        var file = new FileInfo(linkTarget is null ? path : File.ResolveLinkTarget(path, true)!.FullName);
        if (file.Attributes.HasFlag(FileAttributes.Device)) return (EntryType.CharacterDevice, 0, linkTarget);
        return (EntryType.RegularFile, file.Length, linkTarget);
    }

    /// <summary>
    /// Reads a regular file's bytes, at most <paramref name="maxBytes"/> (a file that grew past the limit since it was
    /// probed is still refused). Throws <see cref="InboxFileException"/> for a reason the data administrator can act on.
    /// </summary>
    public static byte[] Read(string path, long maxBytes)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InboxFileException(ReasonKeys.UnreadableFile, $"没有读取该文件的权限：{e.Message}",
                $"permission denied: the ETL's account may not read the file ({e.Message})");
        }
        catch (IOException e)
        {
            throw new InboxFileException(ReasonKeys.UnreadableFile, $"文件无法打开：{e.Message}", $"the file cannot be opened: {e.Message}");
        }
        using (stream)
        {
            try
            {
                var buffer = new byte[checked((int)Math.Min(stream.Length, maxBytes) + 1)];
                var total = 0;
                int n;
                while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0) total += n;
                if (total > maxBytes) throw TooLarge(total, maxBytes);
                return buffer.AsSpan(0, total).ToArray();
            }
            catch (IOException e)
            {
                throw new InboxFileException(ReasonKeys.UnreadableFile, $"读取文件时出错：{e.Message}", $"reading the file failed: {e.Message}");
            }
        }
    }

    public static InboxFileException TooLarge(long size, long maxBytes) =>
        new(ReasonKeys.FileTooLarge, $"文件过大：{Size(size)}，上限为 {Size(maxBytes)}，未读取",
            $"the file is too large: {Size(size)}, the limit is {Size(maxBytes)}; it was not read");

    /// <summary>A byte count as people read it.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KB",
        _ => $"{bytes} B",
    };

    /// <summary>
    /// The file type bits and size of stat(2), through the .NET runtime's own native shim (libSystem.Native ships with
    /// every .NET on Linux and macOS; its FileStatus struct is the same on every architecture: Flags, Mode, Uid, Gid,
    /// Size…). Null if the call is not available or fails.
    /// </summary>
    private static (int Mode, long Size)? UnixStat(string path)
    {
        var buffer = new byte[256]; // larger than FileStatus, whatever fields a later runtime appends
        try
        {
            if (SystemNativeStat(path, buffer) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return (BitConverter.ToInt32(buffer, 4), BitConverter.ToInt64(buffer, 16));
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] output);
}
