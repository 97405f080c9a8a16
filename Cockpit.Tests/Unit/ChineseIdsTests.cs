using Cockpit.Etl.Demo;

namespace Cockpit.Tests.Unit;

public sealed class ChineseIdsTests
{
    [Fact]
    public void ResidentIdCheckDigitMatchesTheStandardsExample()
    {
        // GB 11643-1999 worked example: 11010519491231002X.
        Assert.Equal("11010519491231002X", ChineseIds.ResidentId("110105", new DateOnly(1949, 12, 31), 2));
    }

    [Fact]
    public void CreditCodeCheckCharacterMatchesPublishedCodes()
    {
        // Published codes of real registrants (GB 32100-2015 check character is the last one).
        Assert.Equal('K', ChineseIds.CreditCodeCheck("91110000100017643"));
        Assert.Equal('T', ChineseIds.CreditCodeCheck("91440300708461136"));
        Assert.Equal('6', ChineseIds.CreditCodeCheck("91440300192203821"));
    }

    [Fact]
    public void GeneratedCreditCodesHaveEighteenCharactersAndAValidOrganisationCode()
    {
        var code = ChineseIds.CreditCode("91", "369102", 12_345_678);
        Assert.Equal(18, code.Length);
        Assert.StartsWith("91369102", code);
        // GB 11714 on 12345678: Σ = 1·3+2·7+3·9+4·10+5·5+6·8+7·4+8·2 = 201; 11 − 201 mod 11 = 8.
        Assert.Equal('8', code[16]);
        Assert.Equal(ChineseIds.CreditCodeCheck(code[..17]), code[17]);
    }
}
