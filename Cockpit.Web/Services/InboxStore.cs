namespace Cockpit.Web.Services;

/// <summary>What the two inbox uploads (<see cref="TargetUploads"/>, <see cref="InboxUploads"/>) share: reading a bounded upload and storing it in the inbox.</summary>
internal static class InboxStore
{
    /// <summary>At most <paramref name="max"/> bytes; null when the stream holds more.</summary>
    public static async Task<byte[]?> ReadAsync(Stream content, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > max) return null;
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Written under a hidden temporary name (a run skips names starting with '.') and moved into place without
    /// replacing anything. A name already taken (two uploads in the same second) moves on by a second, so that a later
    /// upload still sorts after the earlier one.
    /// </summary>
    public static string Store(string inbox, Func<int, string> name, byte[] bytes)
    {
        Directory.CreateDirectory(inbox);
        var temp = Path.Combine(inbox, $".{name(0)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            for (var i = 0; ; i++)
            {
                var candidate = name(i);
                try
                {
                    File.Move(temp, Path.Combine(inbox, candidate), overwrite: false);
                    return candidate;
                }
                catch (IOException) when (File.Exists(Path.Combine(inbox, candidate)) && i < 100)
                {
                    // taken: the next second
                }
            }
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
