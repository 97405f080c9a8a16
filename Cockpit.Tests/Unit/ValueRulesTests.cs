using System.Globalization;
using Cockpit.Etl.Pipeline;

namespace Cockpit.Tests.Unit;

/// <summary>The documented conversion rules, value by value: what converts to what, and what is refused and why.</summary>
public sealed class ValueRulesTests
{
    [Theory]
    [InlineData("3100000.50", "3100000.50")]
    [InlineData("3,100,000.50", "3100000.50")]
    [InlineData("１，０００．５", "1000.5")]
    [InlineData(" -12.5 ", "-12.5")]
    [InlineData("1.5e6", "1500000")]
    [InlineData("0.0138", "0.0138")]
    public void NumbersInAcceptedFormsConvert(string raw, string expected)
    {
        Assert.Null(ValueRules.TryDecimal(raw, "amount", 6, ValueRules.MaxAmount, out var value));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void StoredIntegersAndRealsConvertAtTheirValue()
    {
        Assert.Null(ValueRules.TryDecimal(24000L, "amount", 2, ValueRules.MaxAmount, out var fromLong));
        Assert.Equal(24000m, fromLong);
        Assert.Null(ValueRules.TryDecimal(0.0138, "fee_rate", 6, ValueRules.MaxRate, out var fromReal));
        Assert.Equal(0.0138m, fromReal);
        Assert.Null(ValueRules.TryInt(40.0, "overdue_days", out var whole));
        Assert.Equal(40, whole);
    }

    [Theory]
    [InlineData("abc", ReasonKeys.NotANumber)]
    [InlineData("3100000,50", ReasonKeys.NotANumber)] // a decimal comma is never read as a thousands separator
    [InlineData("1,00", ReasonKeys.NotANumber)]
    [InlineData("1.000,50", ReasonKeys.NotANumber)]
    [InlineData("NaN", ReasonKeys.NotANumber)]
    [InlineData("Infinity", ReasonKeys.NotANumber)]
    [InlineData("¥100", ReasonKeys.NotANumber)]
    [InlineData("100元", ReasonKeys.NotANumber)]
    [InlineData("1.5%", ReasonKeys.NotANumber)]
    [InlineData("0x10", ReasonKeys.NotANumber)]
    [InlineData("1e30", ReasonKeys.OutOfRange)]
    [InlineData("1000000000000.01", ReasonKeys.OutOfRange)]
    [InlineData("99999999999999999999999999999999", ReasonKeys.OutOfRange)]
    [InlineData("100.005", ReasonKeys.TooPrecise)]
    public void AmountsNoRuleCoversAreRefused(string raw, string reason)
    {
        var error = ValueRules.TryDecimal(raw, "amount", 2, ValueRules.MaxAmount, out var value);
        Assert.Equal(reason, error?.ReasonKey);
        Assert.Null(value);
        Assert.Contains("amount", error!.MessageZh);
        Assert.Contains("amount", error.MessageEn);
    }

    [Fact]
    public void RealsTooLargeOrNotANumberAreRefused()
    {
        Assert.Equal(ReasonKeys.OutOfRange, ValueRules.TryDecimal(1e30, "amount", 2, ValueRules.MaxAmount, out _)?.ReasonKey);
        Assert.Equal(ReasonKeys.NotANumber, ValueRules.TryDecimal(double.NaN, "amount", 2, ValueRules.MaxAmount, out _)?.ReasonKey);
        Assert.Equal(ReasonKeys.NotANumber, ValueRules.TryDecimal(double.PositiveInfinity, "amount", 2, ValueRules.MaxAmount, out _)?.ReasonKey);
        Assert.Equal(ReasonKeys.TooPrecise, ValueRules.TryDecimal(0.0123456789, "fee_rate", 6, ValueRules.MaxRate, out _)?.ReasonKey);
    }

    [Theory]
    [InlineData("3.5", ReasonKeys.NotWholeNumber)]
    [InlineData("2147483648", ReasonKeys.OutOfRange)]
    [InlineData("9223372036854775807", ReasonKeys.OutOfRange)]
    [InlineData("", null)]
    [InlineData("abc", ReasonKeys.NotANumber)]
    public void WholeNumbersAreWholeAndFit(string raw, string? reason) =>
        Assert.Equal(reason, ValueRules.TryInt(raw, "overdue_days", out _)?.ReasonKey);

    [Theory]
    [InlineData("2026-01-05")]
    [InlineData("2026-1-5")]
    [InlineData("2026/1/5")]
    [InlineData("2026/01/05")]
    [InlineData("2026.1.5")]
    [InlineData("20260105")]
    [InlineData("2026年1月5日")]
    [InlineData("2026-01-05 00:00:00")]
    [InlineData("2026-01-05T00:00")]
    [InlineData("２０２６－０１－０５")]
    public void DatesInAcceptedFormsConvert(string raw)
    {
        Assert.Null(ValueRules.TryDate(raw, "paid_on", out var value));
        Assert.Equal(new DateOnly(2026, 1, 5), value);
    }

    [Theory]
    [InlineData("2026-02-30", ReasonKeys.ImpossibleDate)]
    [InlineData("2026-13-01", ReasonKeys.ImpossibleDate)]
    [InlineData("05/01/2026", ReasonKeys.NotADate)] // day or month first: ambiguous
    [InlineData("1/5/26", ReasonKeys.NotADate)]
    [InlineData("2026-01-05 10:30", ReasonKeys.NotADate)] // a date column takes no time of day
    [InlineData("2026-1-05x", ReasonKeys.NotADate)]
    [InlineData("0206-01-05", ReasonKeys.OutOfRange)]
    [InlineData("46027", ReasonKeys.NotADate)] // an Excel serial number is not a date here
    public void DatesNoRuleCoversAreRefused(string raw, string reason) =>
        Assert.Equal(reason, ValueRules.TryDate(raw, "paid_on", out _)?.ReasonKey);

    [Theory]
    [InlineData("2026-06-30T18:00:00", "2026-06-30 18:00:00")]
    [InlineData("2026-06-30 18:00", "2026-06-30 18:00:00")]
    [InlineData("2026/6/30 18:00:05", "2026-06-30 18:00:05")]
    [InlineData("2026-06-30T18:00:00+08:00", "2026-06-30 18:00:00")]
    [InlineData("2026-06-30T10:00:00Z", "2026-06-30 18:00:00")]
    [InlineData("2026-06-30T05:00:00-05:00", "2026-06-30 18:00:00")]
    [InlineData("2026-06-30 18:00:00 +08:00", "2026-06-30 18:00:00")]
    [InlineData("2026-06-30T23:30:00+0000", "2026-07-01 07:30:00")]
    [InlineData("2026-06-30", "2026-06-30 00:00:00")]
    [InlineData("2026-06-30 18:00:00.250", "2026-06-30 18:00:00.250")]
    public void TimestampsConvertToChinaTime(string raw, string expected)
    {
        Assert.Null(ValueRules.TryTimestamp(raw, "received_at", out var value));
        Assert.Equal(DateTime.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void StoredTimestampsInUtcConvertToChinaTime()
    {
        Assert.Null(ValueRules.TryTimestamp(new DateTime(2026, 6, 30, 10, 0, 0, DateTimeKind.Utc), "t", out var utc));
        Assert.Equal(new DateTime(2026, 6, 30, 18, 0, 0), utc);
        Assert.Null(ValueRules.TryTimestamp(new DateTimeOffset(2026, 6, 30, 10, 0, 0, TimeSpan.Zero), "t", out var offset));
        Assert.Equal(new DateTime(2026, 6, 30, 18, 0, 0), offset);
        Assert.Null(ValueRules.TryTimestamp(new DateTime(2026, 6, 30, 18, 0, 0), "t", out var local));
        Assert.Equal(new DateTime(2026, 6, 30, 18, 0, 0), local);
    }

    [Theory]
    [InlineData("2026-06-31T10:00:00", ReasonKeys.ImpossibleDate)]
    [InlineData("2026-06-30T24:00:00", ReasonKeys.ImpossibleDate)]
    [InlineData("2026-06-30T10:00:00+25:00", ReasonKeys.NotADate)]
    [InlineData("yesterday", ReasonKeys.NotADate)]
    [InlineData("30/06/2026 10:00", ReasonKeys.NotADate)]
    public void TimestampsNoRuleCoversAreRefused(string raw, string reason) =>
        Assert.Equal(reason, ValueRules.TryTimestamp(raw, "received_at", out _)?.ReasonKey);

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("true", true)]
    [InlineData("FALSE", false)]
    [InlineData("yes", true)]
    [InlineData("No", false)]
    [InlineData("Y", true)]
    [InlineData("是", true)]
    [InlineData("否", false)]
    public void FlagWordsConvert(string raw, bool expected)
    {
        Assert.Null(ValueRules.TryFlag(raw, "active", out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("maybe")]
    [InlineData("on")]
    [InlineData("0.5")]
    public void OtherFlagsAreRefused(string raw) =>
        Assert.Equal(ReasonKeys.BadFlag, ValueRules.TryFlag(raw, "active", out _)?.ReasonKey);

    [Fact]
    public void StoredFlagNumbersOtherThanZeroAndOneAreRefused()
    {
        Assert.Null(ValueRules.TryFlag(1L, "active", out var one));
        Assert.True(one);
        Assert.Equal(ReasonKeys.BadFlag, ValueRules.TryFlag(2L, "active", out _)?.ReasonKey);
    }

    [Theory]
    [InlineData("JZDB\0-2024-00002", ReasonKeys.ControlCharacter)]
    [InlineData("a\u0007b", ReasonKeys.ControlCharacter)]
    [InlineData("a\u0085b", ReasonKeys.ControlCharacter)]
    [InlineData("line\nbreak", ReasonKeys.ControlCharacter)]
    [InlineData("bad\uFFFDbytes", ReasonKeys.InvalidText)]
    [InlineData("half\uD800", ReasonKeys.InvalidText)]
    public void TextIsRefusedRatherThanCut(string raw, string reason)
    {
        var error = ValueRules.TryText(raw, "contract_no", out var value);
        Assert.Equal(reason, error?.ReasonKey);
        Assert.Null(value);
    }

    [Fact]
    public void TextIsKeptAsStoredAndFreeTextMayBreakLines()
    {
        Assert.Null(ValueRules.TryText(" 江州 𠮷 ", "name", out var kept));
        Assert.Equal(" 江州 𠮷 ", kept);
        Assert.Null(ValueRules.TryText("第一行\r\n第二行\t完", "comment", out var multiline, multiline: true));
        Assert.Equal("第一行\r\n第二行\t完", multiline);
        Assert.Equal(ReasonKeys.ControlCharacter, ValueRules.TryText("a\0b", "comment", out _, multiline: true)?.ReasonKey);
        Assert.Equal(ReasonKeys.InvalidText, ValueRules.TryText(new byte[] { 1, 2 }, "name", out _)?.ReasonKey);
    }

    [Fact]
    public void TheQuarantineShowsControlCharactersAndLongValuesVisibly()
    {
        Assert.Equal("JZDB\\u0000-1", ValueRules.Show("JZDB\0-1"));
        Assert.Equal("0x00FF", ValueRules.Show(new byte[] { 0, 255 }));
        var shown = ValueRules.Show(new string('长', 2000));
        Assert.StartsWith(new string('长', 200), shown);
        Assert.Contains("2000", shown);
    }

    [Fact]
    public void NullAndBlankAreNoValue()
    {
        Assert.Null(ValueRules.TryDecimal(null, "amount", 2, ValueRules.MaxAmount, out var a));
        Assert.Null(a);
        Assert.Null(ValueRules.TryDate("  ", "paid_on", out var d));
        Assert.Null(d);
        Assert.Null(ValueRules.TryInt(DBNull.Value, "id", out var i));
        Assert.Null(i);
        Assert.Equal(ReasonKeys.MissingValue, ValueRules.Missing("amount").ReasonKey);
    }
}
