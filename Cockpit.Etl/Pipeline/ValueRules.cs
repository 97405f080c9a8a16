using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cockpit.Etl.Pipeline;

/// <summary>Why a stored value could not become a warehouse value: a reason key and the message in both languages.</summary>
public sealed record ValueError(string ReasonKey, string MessageZh, string MessageEn);

/// <summary>
/// The documented rules (docs/sources.md, "Value conversion rules") that turn a value as it is actually stored — any
/// SQLite storage class, any PostgreSQL type, CSV text or an XLSX cell — into the warehouse's type. A value is
/// either converted unambiguously or refused with a reason; it is never guessed, cut or rounded.
/// </summary>
/// <remarks>
/// Each <c>TryX</c> returns null and the converted value (null for NULL, DBNull or blank text), or the error.
/// Whether a null is allowed is the caller's business (<see cref="Missing"/>).
/// </remarks>
public static partial class ValueRules
{
    /// <summary>The largest amount accepted, in yuan: 1 万亿元, far above any guarantee or any company's figures
    /// (the warehouse's DECIMAL(18,2) would hold 10^16).</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>The largest rate or share accepted (the warehouse's DECIMAL(9,6) holds less than 1,000).</summary>
    public const decimal MaxRate = 999m;

    /// <summary>Dates outside these years are refused as implausible (typing slips such as 0206 or 20026).</summary>
    public const int MinYear = 1900, MaxYear = 2199;

    /// <summary>China Standard Time is UTC+8 all year round: no daylight saving since 1991.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static ValueError Missing(string column) =>
        new(ReasonKeys.MissingValue, $"{column} 为空，该列必填", $"{column} is empty but required");

    // ------------------------------------------------------------------ numbers

    /// <summary>A whole number that fits a 32-bit integer column.</summary>
    public static ValueError? TryInt(object? raw, string column, out int? value)
    {
        value = null;
        switch (raw)
        {
            case null or DBNull:
                return null;
            case int i:
                value = i;
                return null;
            case long or short or byte or sbyte or uint or ushort or ulong:
                var l = Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
                return FitInt(l, raw, column, out value);
            case string s when s.Length is > 0 and < 10 && IsAsciiDigits(s): // nine digits always fit
                value = int.Parse(s, CultureInfo.InvariantCulture);
                return null;
        }
        var error = TryNumber(raw, column, out var number);
        if (error is not null || number is null) return error;
        if (number.Value != decimal.Truncate(number.Value))
        {
            return new(ReasonKeys.NotWholeNumber, $"{column} 的值“{Show(raw)}”应为整数，不能有小数",
                $"{column} '{Show(raw)}' must be a whole number");
        }
        return FitInt(number.Value, raw, column, out value);
    }

    private static ValueError? FitInt(decimal number, object raw, string column, out int? value)
    {
        value = null;
        if (number is < int.MinValue or > int.MaxValue)
        {
            return new(ReasonKeys.OutOfRange, $"{column} 的值“{Show(raw)}”超出整数列的范围（±2,147,483,647）",
                $"{column} '{Show(raw)}' is too large for a whole-number column (±2,147,483,647)");
        }
        value = (int)number;
        return null;
    }

    /// <summary>A decimal with at most <paramref name="scale"/> places and at most <paramref name="max"/> in size.</summary>
    public static ValueError? TryDecimal(object? raw, string column, int scale, decimal max, out decimal? value)
    {
        value = null;
        decimal? number;
        if (raw is string s && FastDecimal(s, out var fast))
        {
            number = fast;
        }
        else
        {
            var error = TryNumber(raw, column, out number);
            if (error is not null) return error;
        }
        if (number is null) return null;
        if (Math.Abs(number.Value) > max)
        {
            return new(ReasonKeys.OutOfRange, $"{column} 的值“{Show(raw)}”过大，超出可接受的上限 {max:N0}",
                $"{column} '{Show(raw)}' is too large: the limit is {max:N0}");
        }
        if (number.Value != Math.Round(number.Value, scale))
        {
            return new(ReasonKeys.TooPrecise, $"{column} 的值“{Show(raw)}”小数位数超过 {scale} 位，不做舍入",
                $"{column} '{Show(raw)}' has more than {scale} decimal places; it is not rounded");
        }
        value = number;
        return null;
    }

    /// <summary>The common case, a plain decimal such as 3100000.50, without the general parser.</summary>
    private static bool FastDecimal(string s, out decimal value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 24) return false;
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or '.' or '-')) return false;
        }
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
               && s[^1] != '.' && s[0] != '.';
    }

    /// <summary>Any number as a decimal: stored integers and reals, or text by the number grammar.</summary>
    private static ValueError? TryNumber(object? raw, string column, out decimal? value)
    {
        value = null;
        switch (raw)
        {
            case null or DBNull:
                return null;
            case decimal m:
                value = m;
                return null;
            case int or long or short or byte or sbyte or uint or ushort or ulong:
                value = Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
                return null;
            case double or float:
                var d = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d)) return NotANumber(raw, column);
                if (Math.Abs(d) >= 7.9e27)
                {
                    return new(ReasonKeys.OutOfRange, $"{column} 的值“{Show(raw)}”过大，超出可接受的范围",
                        $"{column} '{Show(raw)}' is too large");
                }
                // a binary real carries about 15 significant digits: 0.0138 stored as a real is 0.0138
                value = (decimal)d;
                return null;
            case bool:
                return NotANumber(raw, column);
            case string s:
                var text = Normalise(s);
                if (text.Length == 0) return null;
                var match = NumberGrammar().Match(text);
                if (!match.Success) return NotANumber(raw, column);
                var plain = text.Replace(",", "", StringComparison.Ordinal);
                if (match.Groups["exp"].Success)
                {
                    if (!double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) || double.IsInfinity(e)
                        || Math.Abs(e) >= 7.9e27)
                    {
                        return new(ReasonKeys.OutOfRange, $"{column} 的值“{Show(raw)}”过大，超出可接受的范围",
                            $"{column} '{Show(raw)}' is too large");
                    }
                    if (!decimal.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
                    {
                        return NotANumber(raw, column);
                    }
                    value = exact;
                    return null;
                }
                if (!decimal.TryParse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m2))
                {
                    return new(ReasonKeys.OutOfRange, $"{column} 的值“{Show(raw)}”过大，超出可接受的范围",
                        $"{column} '{Show(raw)}' is too large");
                }
                value = m2;
                return null;
            default:
                return NotANumber(raw, column);
        }
    }

    private static ValueError NotANumber(object raw, string column) =>
        new(ReasonKeys.NotANumber, $"{column} 的值“{Show(raw)}”不是数字（接受 1234.56、1,234.56、全角数字；不接受小数逗号、货币符号、NaN）",
            $"{column} '{Show(raw)}' is not a number (accepted: 1234.56, 1,234.56, full-width digits; not a decimal comma, a currency sign or NaN)");

    // Optional sign; digits, or 1–3 digits followed by groups of exactly three after each comma; a decimal point; an exponent.
    [GeneratedRegex(@"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?(?<exp>[eE][+-]?\d{1,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberGrammar();

    // ------------------------------------------------------------------ flags

    private static readonly Dictionary<string, bool> FlagWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1"] = true, ["true"] = true, ["t"] = true, ["yes"] = true, ["y"] = true, ["是"] = true,
        ["0"] = false, ["false"] = false, ["f"] = false, ["no"] = false, ["n"] = false, ["否"] = false,
    };

    /// <summary>A flag: 1/0, true/false, t/f, yes/no, y/n, 是/否 (any case); nothing else.</summary>
    public static ValueError? TryFlag(object? raw, string column, out bool? value)
    {
        value = null;
        switch (raw)
        {
            case null or DBNull:
                return null;
            case bool b:
                value = b;
                return null;
            case long or int or short or byte or double or decimal or float:
                var d = Convert.ToDecimal(raw, CultureInfo.InvariantCulture);
                if (d is 0 or 1)
                {
                    value = d == 1;
                    return null;
                }
                break;
            case string s:
                var text = Normalise(s);
                if (text.Length == 0) return null;
                if (FlagWords.TryGetValue(text, out var flag))
                {
                    value = flag;
                    return null;
                }
                break;
        }
        return new(ReasonKeys.BadFlag, $"{column} 的值“{Show(raw)}”不是可识别的是/否标志（接受 1/0、true/false、yes/no、是/否）",
            $"{column} '{Show(raw)}' is not a recognised flag (accepted: 1/0, true/false, yes/no, 是/否)");
    }

    // ------------------------------------------------------------------ dates and times

    // yyyy-M-d, yyyy/M/d, yyyy.M.d, yyyyMMdd, yyyy年M月d日; then optionally a time [T or space]H:mm[:ss[.fff]] and an
    // offset Z, ±HH:mm, ±HHmm or ±HH.
    [GeneratedRegex(@"^(?<y>\d{4})(?:(?<sep>[-/.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})|(?<m>\d{2})(?<d>\d{2})|年(?<m>\d{1,2})月(?<d>\d{1,2})日)"
                    + @"(?:(?:[T ]|\s+)(?<H>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,7}))?)?)?"
                    + @"\s?(?<z>Z|[+-]\d{2}(?::?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeGrammar();

    private const string DateFormsZh = "接受 yyyy-MM-dd、yyyy/M/d、yyyyMMdd、yyyy年M月d日";
    private const string DateFormsEn = "accepted: yyyy-MM-dd, yyyy/M/d, yyyyMMdd, yyyy年M月d日";

    /// <summary>
    /// A calendar date. Text in one of the accepted forms (a midnight time such as <c>2026-01-05 00:00:00</c> is
    /// still the date); a stored date, or a timestamp at midnight. Day-first or month-first forms (05/01/2026) are
    /// ambiguous and refused, as are impossible dates and any time of day other than midnight.
    /// </summary>
    public static ValueError? TryDate(object? raw, string column, out DateOnly? value)
    {
        value = null;
        switch (raw)
        {
            case null or DBNull:
                return null;
            case DateOnly d:
                value = d;
                return InYears(d) ? null : OutOfYears(raw, column);
            case DateTime t:
                if (t.TimeOfDay != TimeSpan.Zero) return HasTime(raw, column);
                value = DateOnly.FromDateTime(t);
                return InYears(value.Value) ? null : OutOfYears(raw, column);
            case long or int:
                return TryDate(Convert.ToString(raw, CultureInfo.InvariantCulture), column, out value) is null
                    ? null : NotADate(raw, column);
            case string s:
                if (s.Length == 10 && s[4] == '-' && s[7] == '-'
                    && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fast))
                {
                    value = fast;
                    return InYears(fast) ? null : OutOfYears(raw, column);
                }
                var text = Normalise(s);
                if (text.Length == 0) return null;
                var error = Parse(text, raw, column, out var date, out var time, out var offset);
                if (error is not null) return error;
                if (time != TimeSpan.Zero || offset is not null && offset != ChinaOffset) return HasTime(raw, column);
                value = date;
                return null;
            default:
                return NotADate(raw, column);
        }
    }

    /// <summary>
    /// A timestamp in China time. Text without an offset is China time already; with an offset (Z, +08:00, -0500)
    /// it is converted to China time. A date alone is midnight. Stored timestamps: an unspecified or local kind is
    /// taken as China time, a UTC one is converted.
    /// </summary>
    public static ValueError? TryTimestamp(object? raw, string column, out DateTime? value)
    {
        value = null;
        switch (raw)
        {
            case null or DBNull:
                return null;
            case DateTime t:
                value = t.Kind == DateTimeKind.Utc ? DateTime.SpecifyKind(t + ChinaOffset, DateTimeKind.Unspecified) : t;
                return InYears(DateOnly.FromDateTime(value.Value)) ? null : OutOfYears(raw, column);
            case DateTimeOffset o:
                value = DateTime.SpecifyKind(o.UtcDateTime + ChinaOffset, DateTimeKind.Unspecified);
                return InYears(DateOnly.FromDateTime(value.Value)) ? null : OutOfYears(raw, column);
            case DateOnly d:
                value = d.ToDateTime(TimeOnly.MinValue);
                return InYears(d) ? null : OutOfYears(raw, column);
            case string s:
                if (s.Length == 19 && s[10] == 'T'
                    && DateTime.TryParseExact(s, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fast))
                {
                    value = fast;
                    return InYears(DateOnly.FromDateTime(fast)) ? null : OutOfYears(raw, column);
                }
                var text = Normalise(s);
                if (text.Length == 0) return null;
                var error = Parse(text, raw, column, out var date, out var time, out var offset);
                if (error is not null) return error;
                var local = date.ToDateTime(TimeOnly.MinValue) + time;
                if (offset is { } z) local = local - z + ChinaOffset;
                value = local;
                return InYears(DateOnly.FromDateTime(local)) ? null : OutOfYears(raw, column);
            default:
                return new(ReasonKeys.NotADate, $"{column} 的值“{Show(raw)}”不是日期时间（{DateFormsZh}，可带 HH:mm[:ss] 与时区）",
                    $"{column} '{Show(raw)}' is not a date and time ({DateFormsEn}, optionally with HH:mm[:ss] and an offset)");
        }
    }

    private static ValueError? Parse(string text, object raw, string column, out DateOnly date, out TimeSpan time, out TimeSpan? offset)
    {
        date = default;
        time = TimeSpan.Zero;
        offset = null;
        var m = DateTimeGrammar().Match(text);
        if (!m.Success) return NotADate(raw, column);
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (year is < MinYear or > MaxYear) return OutOfYears(raw, column);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return new(ReasonKeys.ImpossibleDate, $"{column} 的值“{Show(raw)}”不是真实存在的日期",
                $"{column} '{Show(raw)}' is not a real calendar date");
        }
        date = new DateOnly(year, month, day);
        if (m.Groups["H"].Success)
        {
            var hour = int.Parse(m.Groups["H"].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture);
            var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            if (hour > 23 || minute > 59 || second > 59)
            {
                return new(ReasonKeys.ImpossibleDate, $"{column} 的值“{Show(raw)}”不是真实存在的时刻",
                    $"{column} '{Show(raw)}' is not a real time of day");
            }
            time = new TimeSpan(hour, minute, second);
            if (m.Groups["f"].Success)
            {
                time += TimeSpan.FromTicks(long.Parse(m.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture));
            }
        }
        if (m.Groups["z"].Success)
        {
            var z = m.Groups["z"].Value;
            if (z == "Z")
            {
                offset = TimeSpan.Zero;
            }
            else
            {
                var digits = z[1..].Replace(":", "", StringComparison.Ordinal);
                var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
                var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
                if (hours > 14 || minutes > 59)
                {
                    return new(ReasonKeys.NotADate, $"{column} 的值“{Show(raw)}”的时区偏移无效",
                        $"{column} '{Show(raw)}' has an invalid time-zone offset");
                }
                offset = new TimeSpan(hours, minutes, 0) * (z[0] == '-' ? -1 : 1);
            }
        }
        return null;
    }

    private static bool InYears(DateOnly d) => d.Year is >= MinYear and <= MaxYear;

    private static ValueError OutOfYears(object raw, string column) =>
        new(ReasonKeys.OutOfRange, $"{column} 的值“{Show(raw)}”年份不在 {MinYear}–{MaxYear} 之间",
            $"{column} '{Show(raw)}' is not between the years {MinYear} and {MaxYear}");

    private static ValueError NotADate(object raw, string column) =>
        new(ReasonKeys.NotADate, $"{column} 的值“{Show(raw)}”不是可识别的日期（{DateFormsZh}）",
            $"{column} '{Show(raw)}' is not a date in an accepted form ({DateFormsEn})");

    private static ValueError HasTime(object raw, string column) =>
        new(ReasonKeys.NotADate, $"{column} 的值“{Show(raw)}”带有非零时刻，日期列只接受日期",
            $"{column} '{Show(raw)}' has a time of day; a date column takes a date only");

    // ------------------------------------------------------------------ text

    /// <summary>
    /// Text as stored, never trimmed or cut. Refused: control characters (U+0000–U+001F, U+007F–U+009F; with
    /// <paramref name="multiline"/>, tab and line breaks are allowed), U+FFFD (bytes that were not valid text), and
    /// binary values. A stored number becomes its invariant text (12345, 1.5).
    /// </summary>
    public static ValueError? TryText(object? raw, string column, out string? value, bool multiline = false)
    {
        value = null;
        switch (raw)
        {
            case null or DBNull:
                return null;
            case string s:
                for (var i = 0; i < s.Length; i++)
                {
                    var c = s[i];
                    if (c < ' ' && !(multiline && c is '\t' or '\r' or '\n') || c is >= '\u007f' and <= '\u009f')
                    {
                        return new(ReasonKeys.ControlCharacter,
                            $"{column} 的值“{Show(raw)}”含有控制字符 U+{(int)c:X4}，不截断、不导入",
                            $"{column} '{Show(raw)}' holds the control character U+{(int)c:X4}; it is neither cut nor loaded");
                    }
                    var broken = char.IsHighSurrogate(c) ? !(i + 1 < s.Length && char.IsLowSurrogate(s[++i])) : char.IsLowSurrogate(c);
                    if (c == '\uFFFD' || broken)
                    {
                        return new(ReasonKeys.InvalidText, $"{column} 的值“{Show(raw)}”含有无法解码的字节或不完整的字符",
                            $"{column} '{Show(raw)}' holds bytes that are not valid text");
                    }
                }
                value = s;
                return null;
            case long or int or short or decimal:
                value = Convert.ToString(raw, CultureInfo.InvariantCulture);
                return null;
            case double d when !double.IsNaN(d) && !double.IsInfinity(d):
                value = d.ToString("R", CultureInfo.InvariantCulture);
                return null;
            case byte[]:
                return new(ReasonKeys.InvalidText, $"{column} 的值为二进制数据，不是文本", $"{column} holds binary data, not text");
            default:
                return new(ReasonKeys.InvalidText, $"{column} 的值“{Show(raw)}”不是文本", $"{column} '{Show(raw)}' is not text");
        }
    }

    // ------------------------------------------------------------------ helpers

    /// <summary>Trims, and maps full-width ASCII (０-９, ．, ，, －, ＋, ：, ／) and the ideographic space to ASCII.</summary>
    public static string Normalise(string s)
    {
        var needs = false;
        foreach (var c in s)
        {
            if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000') { needs = true; break; }
        }
        if (!needs) return s.Trim();
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            });
        }
        return sb.ToString().Trim();
    }

    private static bool IsAsciiDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
        }
        return true;
    }

    /// <summary>
    /// A value as a data administrator should see it in the quarantine: control characters written as
    /// <c>\u0000</c>, binary as hex, long text shortened (the length is given).
    /// </summary>
    public static string Show(object? raw)
    {
        var text = raw switch
        {
            null or DBNull => "",
            byte[] bytes => "0x" + Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 32))) + (bytes.Length > 32 ? "…" : ""),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => raw.ToString() ?? "",
        };
        var sb = new StringBuilder(Math.Min(text.Length, 210));
        foreach (var c in text)
        {
            if (sb.Length >= 200)
            {
                sb.Append($"…（共 {text.Length} 字符 {text.Length} chars）");
                break;
            }
            if (c < ' ' || c is >= '\u007f' and <= '\u009f') sb.Append($"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
