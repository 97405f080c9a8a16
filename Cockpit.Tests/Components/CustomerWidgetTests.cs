using System.Text.Json;
using Bunit;
using Cockpit.Warehouse.Kpis;
using Cockpit.Web.Components.Widgets;

namespace Cockpit.Tests.Components;

/// <summary>The customer cockpit's widgets: the NPS band chart's options, the complaint table and the comments, text kept text.</summary>
public sealed class CustomerWidgetTests : BunitTestBase
{
    private static KpiResult Nps(int month, long rows, long promoters, long detractors) =>
        new("nps", KpiWindow.For(new DateOnly(2026, month, 1).AddMonths(1).AddDays(-1), KpiPeriod.Month),
            rows == 0 ? null : (promoters - detractors) * 100m / rows, null, null, rows, promoters, detractors, null, null);

    // July 100 responses, 50 promoters, 20 detractors: NPS 30, variance .5 + .2 − .09 = .61, margin 1.96 × √(.61/100) × 100 = 15.31
    // August 20 responses, 10 and 5: NPS 25, variance .75 − .0625 = .6875, margin 1.96 × √(.6875/20) × 100 = 36.34 (unreliable)
    // September none
    private static readonly KpiResult[] Months = [Nps(7, 100, 50, 20), Nps(8, 20, 10, 5), Nps(9, 0, 0, 0)];

    private static JsonElement OptionsOf(IRenderedComponent<NpsBandChart> cut) =>
        JsonSerializer.SerializeToElement(cut.FindComponent<ApexChart>().Instance.Options);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void TheNpsBandChartDrawsTheLineInsideItsBandWithHollowMarkersUnderThirtyResponses()
    {
        var cut = Render<NpsBandChart>(p => p.Add(c => c.Title, "NPS 趋势").Add(c => c.Months, Months).Add(c => c.TestId, "nps-band"));
        var o = OptionsOf(cut);
        Assert.Equal("rangeArea", o.GetProperty("chart").GetProperty("type").GetString());
        var series = o.GetProperty("series");
        Assert.Equal(["rangeArea", "line"], series.EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        Assert.Equal("95% 置信区间", series[0].GetProperty("name").GetString());

        var band = series[0].GetProperty("data");
        Assert.Equal("2026-07", band[0].GetProperty("x").GetString());
        Assert.Equal([14.7, 45.3], band[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([-11.3, 61.3], band[1].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(JsonValueKind.Null, band[2].GetProperty("y").ValueKind); // no responses: a gap
        var line = series[1].GetProperty("data");
        Assert.Equal([30.0, 25.0], line.EnumerateArray().Take(2).Select(d => d.GetProperty("y").GetDouble()));
        Assert.Equal(JsonValueKind.Null, line[2].GetProperty("y").ValueKind);

        // August alone is hollow
        var discrete = o.GetProperty("markers").GetProperty("discrete");
        Assert.Equal(1, discrete.GetArrayLength());
        Assert.Equal((1, 1, "#ffffff"), (discrete[0].GetProperty("seriesIndex").GetInt32(), discrete[0].GetProperty("dataPointIndex").GetInt32(), discrete[0].GetProperty("fillColor").GetString()));

        // the tooltip is the line's and says n, the margin and 样本不足
        var tooltip = o.GetProperty("tooltip");
        Assert.Equal([1], tooltip.GetProperty("enabledOnSeries").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(["30.0，±15.3（n = 100）", "25.0，±36.3（n = 20） 样本不足", "无回复"], Strings(tooltip.GetProperty("y")[1].GetProperty("formatter").GetProperty("texts")));
        Assert.Contains("不足 30 份", cut.Find("[data-testid=nps-band-note]").TextContent);
    }

    [Fact]
    public void TheNpsBandChartInEnglishAndWithoutSmallMonthsHasNoNote()
    {
        UseCulture("en-US");
        var cut = Render<NpsBandChart>(p => p.Add(c => c.Title, "NPS").Add(c => c.Months, Months[..1]));
        var o = OptionsOf(cut);
        Assert.Equal("95 % band", o.GetProperty("series")[0].GetProperty("name").GetString());
        Assert.Equal(["30.0, ±15.3 (n = 100)"], Strings(o.GetProperty("tooltip").GetProperty("y")[1].GetProperty("formatter").GetProperty("texts")));
        Assert.Equal(0, o.GetProperty("markers").GetProperty("discrete").GetArrayLength());
        Assert.Empty(cut.FindAll("[data-testid=nps-band-note]"));
    }

    private static readonly ComplaintRow[] Complaints =
    [
        new(new DateOnly(2026, 9, 28), "甲公司", "91330100A", "服务态度", "业务一部", false, null, 3.5m),
        new(new DateOnly(2026, 9, 1), "乙公司", "91330100B", "<script>alert(1)</script>", "业务二部", true, 30m, 40m),
        new(new DateOnly(2026, 9, 29), "丙公司", null, "=HYPERLINK(\"x\")", "业务一部", true, null, 2m),
        new(new DateOnly(2026, 8, 20), "丁公司", "91330100D", "收费", "业务二部", true, 150.25m, null),
    ];

    [Fact]
    public void TheComplaintTableListsOverdueComplaintsFirstAndKeepsTextText()
    {
        var cut = Render<ComplaintTable>(p => p.Add(c => c.Complaints, Complaints).Add(c => c.AsOf, new DateOnly(2026, 9, 30)));
        var rows = cut.FindAll("[data-testid=complaint-row]");
        // the two past their deadline, the most overdue first; then the newest
        Assert.Equal(["收费", "<script>alert(1)</script>", "=HYPERLINK(\"x\")", "服务态度"], rows.Select(r => r.QuerySelector("[data-testid=complaint-category]")!.TextContent));
        Assert.Equal(["true", "true", "false", "false"], rows.Select(r => r.GetAttribute("data-overdue")));
        Assert.Equal("已超期 150.3 小时", rows[0].QuerySelector("[data-testid=complaint-overdue]")!.TextContent.Trim());
        Assert.Contains("业务二部", rows[0].TextContent);
        Assert.Contains("处理中", rows[2].TextContent);
        Assert.Contains("已办结", rows[3].TextContent);
        // the customer opens their file; one without a credit code is a name
        Assert.Equal("/customers/91330100D?asof=2026-09", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(rows[2].QuerySelector("a"));
        // a tag in a category is text, not an element
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup);
        Assert.Equal("3.5 小时", rows[3].Children[^1].TextContent.Trim());
    }

    [Fact]
    public void TheComplaintTableInEnglishAndEmpty()
    {
        UseCulture("en-US");
        var cut = Render<ComplaintTable>(p => p.Add(c => c.Complaints, Complaints[1..2]));
        Assert.Equal("30.0 h overdue", cut.Find("[data-testid=complaint-overdue]").TextContent.Trim());
        Assert.Contains("Responsible department", cut.Markup);
        cut = Render<ComplaintTable>(p => p.Add(c => c.Complaints, Array.Empty<ComplaintRow>()));
        Assert.Contains("No complaints", cut.Markup);
    }

    [Fact]
    public void CommentsAreNewestFirstPlainTextAndWrap()
    {
        var paste = string.Concat(Enumerable.Repeat("很长的一段话", 340)); // 2,040 characters, no space to break at
        VerbatimLine[] verbatims =
        [
            new(new DateOnly(2026, 8, 3), 3, "=HYPERLINK(\"http://x\",\"点我\")", "甲公司", "91330100A", "业务一部"),
            new(new DateOnly(2026, 9, 12), 10, "<script>alert(1)</script><b>好</b>", "乙公司", "91330100B", "业务二部"),
            new(new DateOnly(2026, 7, 1), null, paste, "丙公司", null, "业务一部"),
        ];
        var cut = Render<VerbatimFeed>(p => p.Add(c => c.Verbatims, verbatims));
        var comments = cut.FindAll("[data-testid=verbatim-comment]");
        Assert.Equal(["<script>alert(1)</script><b>好</b>", "=HYPERLINK(\"http://x\",\"点我\")", paste], comments.Select(c => c.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=verbatim-comment] script, [data-testid=verbatim-comment] b"));
        Assert.All(comments, c => Assert.Contains("overflow-wrap:anywhere", c.GetAttribute("style")));
        Assert.Equal("推荐分 10", cut.Find("[data-testid=verbatim-score]").TextContent.Trim());
        Assert.Equal("/customers/91330100B", cut.Find("[data-testid=verbatim] a").GetAttribute("href"));
    }

    // MudBlazor puts the attribute on the input or on its wrapper, depending on the version
    private const string SearchInput = "input[data-testid=verbatim-search], [data-testid=verbatim-search] input";

    [Fact]
    public async Task TheSearchGoesOutOnceTypingPauses()
    {
        var searched = new List<string?>();
        var cut = Render<VerbatimFeed>(p => p.Add(c => c.Verbatims, Array.Empty<VerbatimLine>()).Add(c => c.SearchChanged, (string? s) => searched.Add(s)));
        Assert.Contains("没有找到", cut.Find("[data-testid=verbatim-none]").TextContent);
        var input = cut.Find(SearchInput);
        await input.InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "收" });
        await cut.Find(SearchInput).InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "收费 " });
        Assert.Empty(searched); // not on each keystroke
        cut.WaitForAssertion(() => Assert.Equal(["收费"], searched), TimeSpan.FromSeconds(3));
    }
}
