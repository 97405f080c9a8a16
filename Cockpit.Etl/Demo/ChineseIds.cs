namespace Cockpit.Etl.Demo;

/// <summary>Identifiers that pass the national check-digit rules, so the demo looks like real records.</summary>
internal static class ChineseIds
{
    private const string CreditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditCodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly int[] IdCardWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// 统一社会信用代码 (GB 32100-2015): registration authority and type ("91" = 工商/企业), a six-digit
    /// division code, a nine-character organisation code (GB 11714, with its own check digit) and a check character.
    /// </summary>
    public static string CreditCode(string prefix, string regionCode, int orgBody)
    {
        var body = orgBody.ToString("D8");
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += (body[i] - '0') * OrgCodeWeights[i];
        var c9 = 11 - sum % 11;
        var orgCheck = c9 switch { 10 => 'X', 11 => '0', _ => (char)('0' + c9) };
        var first17 = prefix + regionCode + body + orgCheck;
        return first17 + CreditCodeCheck(first17);
    }

    public static char CreditCodeCheck(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += CreditCodeChars.IndexOf(first17[i]) * CreditCodeWeights[i];
        var check = 31 - sum % 31;
        return CreditCodeChars[check == 31 ? 0 : check];
    }

    /// <summary>居民身份证号码 (GB 11643-1999) for people: division, birth date, sequence, check digit.</summary>
    public static string ResidentId(string regionCode, DateOnly birth, int sequence)
    {
        var first17 = regionCode + birth.ToString("yyyyMMdd") + (sequence % 1000).ToString("D3");
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * IdCardWeights[i];
        return first17 + "10X98765432"[sum % 11];
    }
}
