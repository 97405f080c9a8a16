using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Pipeline.Inbox;

namespace Cockpit.Tests.Unit;

/// <summary>The finance file's <c>month</c>: the forms docs/sources.md accepts, and what Excel makes of a typed month.</summary>
public sealed class InboxMonthTests
{
    public static TheoryData<object, int, int> Accepted => new()
    {
        { "2026-09", 2026, 9 },
        { "2026-9", 2026, 9 },
        { "2026/9", 2026, 9 },
        { " 2026年9月 ", 2026, 9 },
        { "２０２６－０９", 2026, 9 }, // full-width, as typed with a Chinese input method
        { "2026/9/1", 2026, 9 }, // Excel's CSV of a date cell, Chinese locale
        { "2026-09-01", 2026, 9 },
        { new DateTime(2026, 9, 1), 2026, 9 }, // an XLSX date cell made of "2026-09"
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void AMonthInADocumentedFormIsTheFirstOfThatMonth(object raw, int year, int month)
    {
        Assert.Null(InboxLoader.TryMonth(raw, "month", out var value));
        Assert.Equal(new DateOnly(year, month, 1), value);
    }

    public static TheoryData<object, string> Refused => new()
    {
        { "2026-13", ReasonKeys.ImpossibleDate },
        { "2026-00", ReasonKeys.ImpossibleDate },
        { "2026-09-15", ReasonKeys.NotADate }, // a date is not a month
        { new DateTime(2026, 9, 30), ReasonKeys.NotADate },
        { "Sep-26", ReasonKeys.NotADate },
        { "202609", ReasonKeys.NotADate },
        { "09/2026", ReasonKeys.NotADate },
        { 46266d, ReasonKeys.NotADate }, // an Excel serial number without a date format
        { "0206-09", ReasonKeys.OutOfRange },
        { "2026-02-30", ReasonKeys.ImpossibleDate },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void AnythingElseIsRefusedWithItsReason(object raw, string reasonKey)
    {
        var error = InboxLoader.TryMonth(raw, "month", out var value);
        Assert.Equal(reasonKey, error?.ReasonKey);
        Assert.Null(value);
    }

    [Fact]
    public void BlankIsNoValue()
    {
        Assert.Null(InboxLoader.TryMonth("  ", "month", out var value));
        Assert.Null(value);
        Assert.Null(InboxLoader.TryMonth(null, "month", out value));
        Assert.Null(value);
    }
}
