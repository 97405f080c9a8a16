using System.Net;
using System.Security.Cryptography;
using ClosedXML.Excel;

namespace Cockpit.Tests.Web;

/// <summary>
/// 压力测试's workbook opened with ClosedXML, on the hand-made company (StressTestTests works its baseline out by
/// hand): with the default parameters (k = 1,000; no compensation 24 months old, so LGD 0.7) the manufacturing preset
/// with a 20 % haircut takes C34 to min(1, 3 × 12,348/29,667) = 1 (14M), I65 6.28M × 12,000/29,174, A01 2.1M × 12/29,
/// at LGD 1 − 0.3 × 0.8 = 0.76.
/// </summary>
[Collection(SecuredCompanyCollection.Name)]
public sealed class StressExportTests(SecuredCompany secured)
{
    [Fact]
    public async Task TheStressWorkbookHoldsInputsMethodBaselineResultsDistributionAndContractsAsTypedCells()
    {
        using var client = await secured.App.SignedInAsync("risk");
        using var response = await client.GetAsync("/risk/stress/export?asof=2026-06&preset=manufacturing&haircut=20");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var name = Uri.UnescapeDataString(response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!);
        Assert.Contains("2026-06-30", name);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var book = new XLWorkbook(new MemoryStream(bytes));
        Assert.Equal(["输入 Inputs", "方法 Method", "基准 Baseline", "结果 Results", "分布 Distribution", "前十合同 Top contracts"], book.Worksheets.Select(w => w.Name));

        var inputs = book.Worksheet("输入 Inputs");
        Assert.Equal(new DateTime(2026, 6, 30), inputs.Cell(2, 2).GetDateTime());
        Assert.Equal("manufacturing", inputs.Cell(5, 2).GetString());
        Assert.Equal("C:3", inputs.Cell(7, 2).GetString());
        Assert.Equal(XLDataType.Text, inputs.Cell(7, 2).DataType);
        Assert.Equal((0.2, "0.00%"), (inputs.Cell(9, 2).GetDouble(), inputs.Cell(9, 2).Style.NumberFormat.Format));
        Assert.Contains(secured.Company.Kpis.CurrentBuild!.BuildId, inputs.Cell(21, 2).GetString());

        var compensation = 14_000_000 + 6_280_000 * 12_000.0 / 29_174 + 2_100_000 * 12.0 / 29;
        var results = book.Worksheet("结果 Results");
        Assert.Equal(XLDataType.Number, results.Cell(2, 4).DataType);
        Assert.Equal(compensation, results.Cell(2, 4).GetDouble(), 4);
        Assert.Equal(compensation / 13_800_000, results.Cell(3, 4).GetDouble(), 10);
        Assert.Equal(compensation * 0.76, results.Cell(5, 4).GetDouble(), 4);
        Assert.Equal(3_000_000.0, results.Cell(6, 2).GetDouble());
        Assert.Equal(3_000_000 - compensation * 0.76, results.Cell(6, 4).GetDouble(), 4);
        Assert.False(results.Cell(7, 4).GetBoolean());

        var baseline = book.Worksheet("基准 Baseline");
        Assert.Equal(("C34", 14_000_000.0, 23.0, 12.0), (baseline.Cell(2, 2).GetString(), baseline.Cell(2, 4).GetDouble(), baseline.Cell(2, 6).GetDouble(), baseline.Cell(2, 7).GetDouble()));
        Assert.Equal(12_348.0 / 29_667, baseline.Cell(2, 10).GetDouble(), 12);

        var top = book.Worksheet("前十合同 Top contracts");
        Assert.Equal(["K5", "K6", "K8"], Enumerable.Range(2, 3).Select(r => top.Cell(r, 1).GetString()));
        Assert.Equal(10_000_000.0, top.Cell(2, 9).GetDouble());

        var distribution = book.Worksheet("分布 Distribution");
        Assert.Equal(20_000.0, distribution.Cell(10, 2).GetDouble());
        Assert.True(distribution.Cell(6, 2).GetDouble() >= distribution.Cell(5, 2).GetDouble()); // 99.9 % ≥ 99 %
        Assert.Contains("Gaussian copula", book.Worksheet("方法 Method").Cell(6, 1).GetString());

        var export = (await secured.AuditAsync("risk")).Last(a => a.Action == "export");
        Assert.True(export.Succeeded);
        Assert.Contains("stress test", export.Detail);
        Assert.Contains($"sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))}", export.Detail);
    }

    [Fact]
    public async Task ABadScenarioIsAClearMessageAndOnlyRiskRolesExport()
    {
        using var client = await secured.App.SignedInAsync("risk");
        using var bad = await client.GetAsync("/risk/stress/export?asof=2026-06&mult=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Overall default multiplier", await bad.Content.ReadAsStringAsync());
        using var department = await secured.App.SignedInAsync("bd1", followRedirects: false);
        using var refused = await department.GetAsync("/risk/stress/export?asof=2026-06");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
