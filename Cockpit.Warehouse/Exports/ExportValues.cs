using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Cockpit.Warehouse.Exports;

/// <summary>
/// How an export value is read for its column's kind — shared by <see cref="XlsxStreamWriter"/> and
/// <see cref="CsvStreamWriter"/> so both files say the same thing about a row.
/// </summary>
internal static class ExportValues
{
    /// <summary>Excel's day 0: serial numbers count days from 1899-12-30 (so 1900-03-01 and later are right).</summary>
    private static readonly DateTime ExcelEpoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Excel cannot show dates before 1900-03-01 correctly (its 1900 leap-year bug); those stay text.</summary>
    private static readonly DateTime FirstExcelDate = new(1900, 3, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>The value as a number, when it is one (DBNull and null are not); NaN and infinities are not numbers here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryNumber(object value, out double number, out decimal? exact)
    {
        exact = null;
        switch (value)
        {
            case decimal d:
                exact = d;
                number = (double)d;
                return true;
            case double x when double.IsFinite(x):
                number = x;
                return true;
            case float f when float.IsFinite(f):
                number = f;
                return true;
            case int i:
                exact = i;
                number = i;
                return true;
            case long l:
                exact = l;
                number = l;
                return true;
            case short s:
                exact = s;
                number = s;
                return true;
            case byte b:
                exact = b;
                number = b;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    /// <summary>A date or date-time value as a <see cref="DateTime"/>, when it is one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryDate(object value, out DateTime date)
    {
        switch (value)
        {
            case DateOnly d:
                date = d.ToDateTime(TimeOnly.MinValue);
                return true;
            case DateTime t:
                date = t;
                return true;
            case DateTimeOffset o:
                date = o.DateTime;
                return true;
            default:
                date = default;
                return false;
        }
    }

    /// <summary>Excel's serial number of a date (days since 1899-12-30, the time as the fraction); null before 1900-03-01.</summary>
    public static double? ExcelSerial(DateTime date) =>
        date < FirstExcelDate ? null : (date - ExcelEpoch).TotalDays;

    /// <summary>Whether the value is written as a number or date of its kind (otherwise it is a text cell).</summary>
    public static bool FitsKind(object value, CellKind kind) => kind switch
    {
        CellKind.Integer or CellKind.Number or CellKind.Money or CellKind.Percent => TryNumber(value, out _, out _),
        CellKind.Date or CellKind.DateTime => TryDate(value, out var d) && ExcelSerial(d) is not null,
        _ => false,
    };

    /// <summary>
    /// The text a value shows as: for a value that fits its kind, as the column's number format shows it (used to fit
    /// column widths); for any other value, the text the cell holds.
    /// </summary>
    public static string Display(object value, CellKind kind, string flagTrue, string flagFalse)
    {
        var c = CultureInfo.InvariantCulture;
        if (FitsKind(value, kind))
        {
            if (kind is CellKind.Date or CellKind.DateTime)
            {
                TryDate(value, out var d);
                return kind == CellKind.Date ? d.ToString("yyyy-MM-dd", c) : d.ToString("yyyy-MM-dd HH:mm", c);
            }
            TryNumber(value, out var n, out var exact);
            var v = exact ?? (decimal)Math.Clamp(n, -1e25, 1e25);
            return kind switch
            {
                CellKind.Integer => v.ToString("#,##0", c),
                CellKind.Money => v.ToString("#,##0.00", c),
                CellKind.Percent => (v * 100).ToString("0.00", c) + "%",
                _ => v.ToString("#,##0.####", c),
            };
        }
        return Text(value, flagTrue, flagFalse);
    }

    /// <summary>Any value as text: numbers and dates invariant (ISO dates), booleans as the flag words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Text(object value, string flagTrue, string flagFalse)
    {
        var c = CultureInfo.InvariantCulture;
        return value switch
        {
            string s => s,
            bool b => b ? flagTrue : flagFalse,
            DateOnly d => d.ToString("yyyy-MM-dd", c),
            DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", c) : t.ToString("yyyy-MM-dd HH:mm:ss", c),
            DateTimeOffset o => o.ToString("yyyy-MM-dd HH:mm:ss zzz", c),
            double x => x.ToString("R", c),
            float f => f.ToString("R", c),
            IFormattable f => f.ToString(null, c),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>Whether a character may appear in an XML 1.0 document (tab, line feed and carriage return are the only controls).</summary>
    private static bool IsXmlChar(char ch) =>
        ch >= 0x20 ? ch is not ('\uFFFE' or '\uFFFF') : ch is '\t' or '\n' or '\r';

    /// <summary>
    /// The text without characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates): they
    /// would make the file unreadable, and they carry nothing a reader of an export could see.
    /// </summary>
    public static string XmlSafe(string text)
    {
        var i = 0;
        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsSurrogate(ch))
            {
                if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                break;
            }
            if (!IsXmlChar(ch)) break;
        }
        if (i == text.Length) return text;

        var clean = new StringBuilder(text.Length);
        clean.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(ch).Append(text[++i]);
            }
            else if (!char.IsSurrogate(ch) && IsXmlChar(ch))
            {
                clean.Append(ch);
            }
        }
        return clean.ToString();
    }

    /// <summary>
    /// The width of a text in Excel's character units: CJK and other full-width characters take two, the rest one; the
    /// longest line counts.
    /// </summary>
    public static int DisplayWidth(string text)
    {
        int widest = 0, line = 0;
        foreach (var ch in text)
        {
            if (ch == '\n')
            {
                widest = Math.Max(widest, line);
                line = 0;
            }
            else if (!char.IsLowSurrogate(ch))
            {
                line += IsWide(ch) ? 2 : 1;
            }
        }
        return Math.Max(widest, line);
    }

    /// <summary>East Asian wide and full-width characters (CJK ideographs, kana, hangul, full-width forms and punctuation).</summary>
    private static bool IsWide(char ch) =>
        ch is >= '\u1100' and <= '\u115F'
            or >= '\u2E80' and <= '\uA4CF'
            or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF'
            or >= '\uFE30' and <= '\uFE4F'
            or >= '\uFF00' and <= '\uFF60'
            or >= '\uFFE0' and <= '\uFFE6'
            || char.IsHighSurrogate(ch); // the supplementary planes' characters in exports are CJK extensions
}
