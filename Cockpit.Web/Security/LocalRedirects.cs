using System.Text;

namespace Cockpit.Web.Security;

/// <summary>
/// The one check every redirect target of the cockpit goes through (sign-in's return address, the language switch,
/// SSO): a path on this site, or the fallback. Never throws, and what it returns is always a valid, ASCII-only local
/// URL, so <c>Results.LocalRedirect</c> and a <c>Location</c> header accept it.
/// </summary>
public static class LocalRedirects
{
    /// <summary><paramref name="url"/> when it is a path on this site (starts with one '/', no '\' or control character
    /// in it, no scheme or host); non-ASCII characters percent-encoded (UTF-8); anything else gives <paramref name="fallback"/>.</summary>
    public static string Safe(string? url, string fallback = "/")
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaxLength || url[0] != '/') return fallback;
        if (url.Length > 1 && url[1] is '/' or '\\') return fallback; // //host or /\host: another site
        var ascii = new StringBuilder(url.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            // control characters (a tab or newline inside "/\t/host" is dropped by browsers) and backslashes (read as '/')
            if (Rune.IsControl(rune) || rune.Value == '\\') return fallback;
            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
                continue;
            }
            // non-ASCII (e.g. the ideographic full stop of /。/evil.example): percent-encoded, so it stays a path here
            var n = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..n]) ascii.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        var safe = ascii.ToString();
        // the result must still be local by ASP.NET Core's own rule (what LocalRedirect checks)
        return Uri.TryCreate(safe, UriKind.Relative, out _) && IsLocal(safe) ? safe : fallback;
    }

    /// <summary>A longer return address is not one the cockpit made (its links are short).</summary>
    public const int MaxLength = 2048;

    private static bool IsLocal(string url) => url.Length == 1 || url[1] is not ('/' or '\\');
}
