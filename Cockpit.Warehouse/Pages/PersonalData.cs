using System.Globalization;
using System.Text.RegularExpressions;

namespace Cockpit.Warehouse.Pages;

/// <summary>
/// People's personal data (个人信息) and how it is masked for every role but the auditor (issue 15): a natural person's
/// resident ID number (居民身份证号码, GB 11643), which sits in <c>credit_code</c> for customers of kind
/// <c>individual</c> and <c>farmer</c>, and mainland mobile numbers inside free text. Enterprise credit codes
/// (统一社会信用代码) are never masked.
/// </summary>
public static partial class PersonalData
{
    /// <summary>The customer kinds that are people, whose <c>credit_code</c> holds a resident ID number.</summary>
    public static readonly IReadOnlySet<string> PersonKinds = new HashSet<string>(StringComparer.Ordinal) { "individual", "farmer" };

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static bool IsPersonKind(string? kind) => kind is not null && PersonKinds.Contains(kind);

    /// <summary>
    /// A resident ID number: 18 characters (17 digits, a GB 11643 check digit or X, a valid birth date), or the old
    /// 15-digit form (a valid birth date in 19yy).
    /// </summary>
    public static bool IsResidentId(string? value)
    {
        if (value is null) return false;
        if (value.Length == 18)
        {
            var sum = 0;
            for (var i = 0; i < 17; i++)
            {
                if (value[i] is < '0' or > '9') return false;
                sum += (value[i] - '0') * IdWeights[i];
            }
            var check = "10X98765432"[sum % 11];
            return char.ToUpperInvariant(value[17]) == check && value[0] != '0' && IsBirthDate(value.Substring(6, 8));
        }
        if (value.Length == 15)
        {
            return value.All(c => c is >= '0' and <= '9') && value[0] != '0' && IsBirthDate("19" + value.Substring(6, 6));
        }
        return false;
    }

    private static bool IsBirthDate(string yyyyMMdd) =>
        DateOnly.TryParseExact(yyyyMMdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year >= 1800;

    /// <summary>
    /// An ID number masked: the first 4 and last 4 characters kept, the rest starred (18 characters:
    /// <c>3301**********001X</c>); a code of 8 characters or fewer is starred whole.
    /// </summary>
    public static string MaskId(string id) =>
        id.Length <= 8 ? new string('*', id.Length) : id[..4] + new string('*', id.Length - 8) + id[^4..];

    /// <summary>A mobile number masked: <c>13812345678</c> → <c>138****5678</c>.</summary>
    public static string MaskMobile(string mobile) => mobile[..3] + "****" + mobile[^4..];

    /// <summary>True when the text holds a mainland mobile number (1[3-9] + 9 digits, not inside a longer digit run).</summary>
    public static bool HasMobile(string? text) => text is not null && Mobile().IsMatch(text);

    /// <summary>Free text (a survey comment, a complaint) with resident ID numbers and mobile numbers in it masked.</summary>
    public static string? MaskText(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var masked = IdInText().Replace(text, m => IsResidentId(m.Value) ? MaskId(m.Value) : m.Value);
        return Mobile().Replace(masked, m => m.Groups["prefix"].Value + MaskMobile(m.Groups["number"].Value));
    }

    /// <summary>
    /// A customer's credit code as a caller who does not see personal data sees it: masked when the customer is a
    /// person (<paramref name="person"/>; when not known, when the code is a resident ID number), whole otherwise.
    /// </summary>
    public static string? MaskCode(string? code, bool? person) =>
        code is null ? null : (person ?? IsResidentId(code)) ? MaskId(code) : code;

    /// <summary>A value masked by <see cref="MaskId"/> or <see cref="MaskMobile"/> (it holds a star).</summary>
    public static bool IsMasked(string? value) => value is not null && value.Contains('*', StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex IdInText();

    [GeneratedRegex(@"(?<![0-9+])(?<prefix>(?:\+?86[ -]?)?)(?<number>1[3-9][0-9]{9})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Mobile();
}

/// <summary>
/// How one caller sees people's data: whole (the auditor, <see cref="Whole"/>) or masked. Masked, a credit code is
/// starred when its customer is a person — the row's <c>customer_kind</c> when it carries one, else the build's list of
/// people's codes, else the resident-ID pattern — and every other text cell goes through <see cref="PersonalData.MaskText"/>.
/// </summary>
public sealed class PersonalMask
{
    private readonly IReadOnlySet<string>? _peopleCodes;

    private PersonalMask(IReadOnlySet<string>? peopleCodes) => _peopleCodes = peopleCodes;

    /// <summary>Nothing masked (the auditor).</summary>
    public static readonly PersonalMask Whole = new(null);

    /// <summary>Masked, knowing which credit codes are people's.</summary>
    public static PersonalMask Masked(IEnumerable<string> peopleCodes) => new(peopleCodes.ToHashSet(StringComparer.Ordinal));

    public bool Masks => _peopleCodes is not null;

    /// <summary>A credit code (<paramref name="kind"/>: the customer's kind when known).</summary>
    public string? Code(string? code, string? kind = null)
    {
        if (_peopleCodes is null || code is null) return code;
        var person = kind is not null ? PersonalData.IsPersonKind(kind) : _peopleCodes.Contains(code) || PersonalData.IsResidentId(code);
        return PersonalData.MaskCode(code, person);
    }

    public string? Text(string? text) => _peopleCodes is null ? text : PersonalData.MaskText(text);

    /// <summary>A row of a query or drill-down with named columns: the credit code by the row's customer, text cells masked.</summary>
    public object?[] Row(IReadOnlyList<string> columns, object?[] row)
    {
        if (_peopleCodes is null) return row;
        var kindAt = IndexOf(columns, "customer_kind");
        var kind = kindAt >= 0 ? row[kindAt] as string : null;
        var copy = (object?[])row.Clone();
        for (var i = 0; i < copy.Length && i < columns.Count; i++)
        {
            if (copy[i] is not string s) continue;
            copy[i] = columns[i] == "credit_code" ? Code(s, kind) : PersonalData.MaskText(s);
        }
        return copy;
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++) if (columns[i] == name) return i;
        return -1;
    }
}
