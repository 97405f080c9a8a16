using ClosedXML.Excel;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Pages;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Exports;

namespace Cockpit.Tests.Exports;

/// <summary>
/// The export workbook of a drill-down, written from the hand-made company and opened with ClosedXML. In force at D = 2026-06-30, BD2's contracts: K4 1,500,000 (C3, fee 1 %, 关注), K5 10,000,000
/// and K6 4,000,000 (C4, fee 1.2 % and 1 %, 正常), K10 600,000 (C3, fee 1 %, 次级) → 16,100,000.
/// </summary>
public sealed class DrillExportTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    internal static readonly DateTime At = new(2026, 7, 1, 9, 30, 0);

    private Task<(XLWorkbook Book, DrillExportResult Result)> ExportAsync(string code, FilterState state, string gridQuery = "", bool csv = false) =>
        ExportAsync(company, code, state, gridQuery, csv);

    internal static async Task<(XLWorkbook Book, DrillExportResult Result)> ExportAsync(
        HandMadeCompany company, string code, FilterState state, string gridQuery = "", bool csv = false, DataAccess? access = null)
    {
        using var data = ScopedData.Open(company.Kpis, access ?? DataAccess.Auditor("audit"), state, companyTotals: false);
        var stream = new MemoryStream();
        var run = Cockpit.Etl.Pipeline.RunLogStore.ReadAll(new Cockpit.Warehouse.WarehouseLayout(company.Warehouse)).Single(r => r.RunId == data.Build.RunId);
        var result = await DrillExport.WriteAsync(data, new DrillExportRequest(code, state, GridQuery.Parse("/x?" + gridQuery), csv), stream,
            new ExportContext("audit", At, Masked: false, run), null, CancellationToken.None);
        stream.Position = 0;
        return (csv ? null! : new XLWorkbook(stream), result);
    }

    internal static int Column(IXLWorksheet sheet, string heading)
    {
        var headers = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var index = headers.IndexOf(heading);
        Assert.True(index >= 0, $"no column {heading} in {string.Join(", ", headers)}");
        return index + 1;
    }

    [Fact]
    public async Task TheDataSheetHasTypedNamedCellsAndATotalThatIsTheFigure()
    {
        var (book, result) = await ExportAsync("balance", new FilterState(HandMadeCompany.D, KpiPeriod.Month, Department: "BD2"));
        using var _ = book;
        var data = book.Worksheet("数据 Data");
        Assert.Equal(4, result.Rows);
        Assert.Equal(6, data.LastRowUsed().RowNumber()); // header, four contracts, the total
        // largest first, as on screen
        var amount = Column(data, "分子（元）");
        Assert.Equal([10_000_000m, 4_000_000m, 1_500_000m, 600_000m], Enumerable.Range(2, 4).Select(r => data.Cell(r, amount).GetValue<decimal>()));
        Assert.Equal(XLDataType.Number, data.Cell(2, amount).DataType);
        Assert.Contains("#,##0.00", data.Cell(2, amount).Style.NumberFormat.Format);
        // the total row is the figure
        Assert.Equal(16_100_000m, data.Cell(6, amount).GetValue<decimal>());
        Assert.True(data.Cell(6, amount).Style.Font.Bold);
        Assert.Equal("合计 Total", data.Row(6).CellsUsed().First(c => c.DataType == XLDataType.Text).GetString());
        // rates are percentages: K5's 1.2 %
        var fee = Column(data, "担保费率");
        Assert.Equal(0.012m, data.Cell(2, fee).GetValue<decimal>());
        Assert.Contains("%", data.Cell(2, fee).Style.NumberFormat.Format);
        // codes by their names, identifiers as text with every character
        var cls = Column(data, "五级分类");
        Assert.Equal(["正常", "正常", "关注", "次级"], Enumerable.Range(2, 4).Select(r => data.Cell(r, cls).GetString()));
        var status = Column(data, "状态");
        Assert.All(Enumerable.Range(2, 4), r => Assert.Equal("在保", data.Cell(r, status).GetString()));
        var credit = Column(data, KpiColumns.Name("credit_code", true));
        Assert.All(Enumerable.Range(2, 4), r =>
        {
            Assert.Equal(XLDataType.Text, data.Cell(r, credit).DataType);
            Assert.Equal(18, data.Cell(r, credit).GetString().Length);
        });
        // frozen header, autofilter, widths fitted (a long Chinese heading is wider than the default)
        Assert.Equal(1, data.SheetView.SplitRow);
        Assert.True(data.AutoFilter.IsEnabled);
        Assert.True(data.Column(credit).Width > 18);
        // technical columns stay behind the chooser
        Assert.DoesNotContain(data.Row(1).CellsUsed(), c => c.GetString() == KpiColumns.Name("source_ref", true));
    }

    [Fact]
    public async Task TheSummaryDefinitionsAndLineageProveTheFigure()
    {
        var state = new FilterState(HandMadeCompany.D, KpiPeriod.Month, Department: "BD2");
        var (book, result) = await ExportAsync("balance", state);
        using var _ = book;
        var summary = book.Worksheet("汇总 Summary");
        string Label(int row) => summary.Cell(row, 1).GetString();
        int Row(string startsWith) => Enumerable.Range(1, 40).First(r => Label(r).StartsWith(startsWith, StringComparison.Ordinal));
        Assert.Equal(16_100_000m, summary.Cell(Row("指标值"), 2).GetValue<decimal>());
        Assert.Equal(XLDataType.Number, summary.Cell(Row("指标值"), 2).DataType);
        Assert.Equal(16_100_000m, summary.Cell(Row("分子合计"), 2).GetValue<decimal>());
        Assert.Equal(4m, summary.Cell(Row("导出行数"), 2).GetValue<decimal>());

        var definitions = book.Worksheet("口径 Definitions");
        var text = string.Join("\n", definitions.CellsUsed().Select(c => c.GetString()));
        Assert.Contains("在保余额", text);
        Assert.Contains("In-force balance", text);
        Assert.Contains("wide_snapshot", text); // the SQL that defines it

        var lineage = book.Worksheet("来源 Lineage");
        var lines = string.Join("\n", lineage.CellsUsed().Select(c => c.GetString()));
        var build = company.Kpis.CurrentBuild!;
        Assert.Contains(build.BuildId, lines);
        Assert.Equal(build.RunId, Enumerable.Range(1, 20).Where(r => lineage.Cell(r, 1).GetString().StartsWith("ETL 批次", StringComparison.Ordinal))
            .Select(r => lineage.Cell(r, 2).GetValue<long>()).Single());
        Assert.Contains("部门：业务二部", lines); // the filters in words
        Assert.Contains("audit", lines);
        // the tables the rows came from, and the source files of the run with their hashes
        Assert.Contains("balance_snapshots\ntable · 本表行来源", lines);
        Assert.Contains("contracts", lines);
        Assert.Contains("source.db", lines);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(lines, "[0-9a-f]{64}"), lines);

        // the file name says KPI, period and filters
        Assert.Equal("在保余额_2026-06_当月_业务二部.xlsx", result.FileName);
    }

    [Fact]
    public async Task SearchColumnFiltersAndOrderOfTheGridAreWhatIsExported()
    {
        var state = new FilterState(HandMadeCompany.D, KpiPeriod.Month);
        // customer 4's contracts: K5 10M, K6 4M, smallest first
        var (book, result) = await ExportAsync("balance", state, "q=%E5%AE%A2%E6%88%B74&sort=numerator&dir=asc");
        using (book)
        {
            var data = book.Worksheet(1);
            var amount = Column(data, "分子（元）");
            Assert.Equal([4_000_000m, 10_000_000m], Enumerable.Range(2, 2).Select(r => data.Cell(r, amount).GetValue<decimal>()));
            Assert.Equal(2, result.Rows);
            var summary = book.Worksheet("汇总 Summary");
            var share = Enumerable.Range(1, 30).First(r => summary.Cell(r, 1).GetString().StartsWith("占指标", StringComparison.Ordinal));
            Assert.Equal(14m / 22.7m, summary.Cell(share, 2).GetValue<decimal>(), 10); // 14M of the 22.7M in force
        }
        // amounts between 500 and 1,000 万元: K5 10M and K8 5M; only two columns asked for
        (book, result) = await ExportAsync("balance", state, "f.numerator=500..1000&cols=contract_no,numerator");
        using (book)
        {
            var data = book.Worksheet(1);
            Assert.Equal(["合同编号", "分子（元）"], data.Row(1).CellsUsed().Select(c => c.GetString()));
            Assert.Equal(["K5", "K8"], Enumerable.Range(2, 2).Select(r => data.Cell(r, 1).GetString()));
            Assert.Contains("分子：500..1000", result.Filters);
        }
    }

    [Fact]
    public async Task PeoplesIdNumbersAreWholeForTheAuditorOnlyAndADepartmentHeadGetsTheirDepartment()
    {
        // C3 is a farmer: K4 and K10 are theirs; their number is a person's, masked for everyone but the auditor
        var c3 = HandMadeCompany.Build().Customers.Single(c => c.Id == 3).CreditCode;
        var state = new FilterState(HandMadeCompany.D, KpiPeriod.Month);
        List<string> Codes(XLWorkbook book)
        {
            var data = book.Worksheet(1);
            var column = Column(data, KpiColumns.Name("credit_code", true));
            return [.. Enumerable.Range(2, data.LastRowUsed().RowNumber() - 2).Select(r => data.Cell(r, column).GetString())];
        }
        var (auditor, _) = await ExportAsync(company, "balance", state);
        using (auditor) Assert.Equal(2, Codes(auditor).Count(c => c == c3));
        var (executive, _) = await ExportAsync(company, "balance", state, access: DataAccess.CompanyWide("ceo"));
        using (executive)
        {
            Assert.DoesNotContain(c3, Codes(executive));
            Assert.Equal(2, Codes(executive).Count(c => c == c3[..4] + new string('*', 10) + c3[^4..]));
        }
        // a department head of BD2 exports BD2's rows only (K4, K5, K6, K10), masked
        var (head, result) = await ExportAsync(company, "balance", state, access: DataAccess.DepartmentHead("bd2", "BD2"));
        using (head)
        {
            Assert.Equal(4, result.Rows);
            Assert.DoesNotContain(c3, Codes(head));
            var data = head.Worksheet(1);
            Assert.Equal(16_100_000m, data.Cell(6, Column(data, "分子（元）")).GetValue<decimal>());
        }
    }

    [Fact]
    public async Task LibreOfficeReadsTheExportAsWritten()
    {
        var soffice = LibreOfficeTests.FindSoffice();
        if (soffice is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null, "CI: LibreOffice (soffice) is missing: apt-get install libreoffice-calc-nogui");
            return;
        }
        var folder = TempFolder.Create("export-libreoffice");
        try
        {
            var state = new FilterState(HandMadeCompany.D, KpiPeriod.Month, Department: "BD2");
            var file = Path.Combine(folder, "balance.xlsx");
            using (var data = ScopedData.Open(company.Kpis, DataAccess.Auditor("audit"), state, companyTotals: false))
            await using (var stream = File.Create(file))
            {
                await DrillExport.WriteAsync(data, new DrillExportRequest("balance", state, GridQuery.Parse("/x?cols=contract_no,numerator,fee_rate,five_level_class,as_of")),
                    stream, new ExportContext("audit", At, Masked: false), null, CancellationToken.None);
            }
            var csv = await LibreOfficeTests.ConvertToCsvAsync(soffice, file, folder);
            // Calc's own reading of the data sheet (the columns in the grid's order: what names the row, then the amounts):
            // yuan with two decimals, the rate as a percentage, names, dates, the total
            Assert.Equal(
                [
                    "合同编号,日期,分子（元）,五级分类,担保费率",
                    "K5,2026-06-30,\"10,000,000.00\",正常,1.20%",
                    "K6,2026-06-30,\"4,000,000.00\",正常,1.00%",
                    "K4,2026-06-30,\"1,500,000.00\",关注,1.00%",
                    "K10,2026-06-30,\"600,000.00\",次级,1.00%",
                    "合计 Total,,\"16,100,000.00\",,",
                ],
                csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Fact]
    public async Task CsvHasABomAndKeepsChinese()
    {
        using var data = ScopedData.Open(company.Kpis, DataAccess.Auditor("audit"), new FilterState(HandMadeCompany.D, KpiPeriod.Month), companyTotals: false);
        var stream = new MemoryStream();
        var result = await DrillExport.WriteAsync(data, new DrillExportRequest("balance", new FilterState(HandMadeCompany.D, KpiPeriod.Month), new GridQuery(), Csv: true),
            stream, new ExportContext("audit", At, Masked: false), null, CancellationToken.None);
        var bytes = stream.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = new System.Text.UTF8Encoding(false).GetString(bytes[3..]);
        Assert.Contains("合同编号", text);
        Assert.Contains("正常", text);
        Assert.Equal(7, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header + the six contracts
        Assert.EndsWith(".csv", result.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingStopsTheExport()
    {
        using var data = ScopedData.Open(company.Kpis, DataAccess.Auditor("audit"), new FilterState(HandMadeCompany.D), companyTotals: false);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DrillExport.WriteAsync(data,
            new DrillExportRequest("balance", new FilterState(HandMadeCompany.D), new GridQuery()), new MemoryStream(),
            new ExportContext("audit", At, Masked: false), null, cancel.Token));
    }
}

/// <summary>Text that looks like a formula stays text in the export (the customer page's company has such a complaint).</summary>
public sealed class FormulaExportTests(CustomerDashboardCompany company) : IClassFixture<CustomerDashboardCompany>
{
    [Fact]
    public async Task FormulaLookingTextStaysText()
    {
        // complaint P6's category is =HYPERLINK("http://x")
        var (book, _) = await DrillExportTests.ExportAsync(company, "complaints", new FilterState(HandMadeCompany.D, KpiPeriod.Quarter));
        using var _ = book;
        var data = book.Worksheet(1);
        var category = DrillExportTests.Column(data, "投诉类别");
        var cell = data.Column(category).CellsUsed().Single(c => c.GetString() == CustomerDashboardCompany.Formula);
        Assert.Equal(XLDataType.Text, cell.DataType);
        Assert.False(cell.HasFormula);
    }
}
