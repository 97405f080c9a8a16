using System.Text;
using ClosedXML.Excel;
using Cockpit.Etl.Demo;
using Cockpit.Etl.Pipeline;

namespace Cockpit.Tests.Etl;

/// <summary>
/// Each inbox rule of docs/sources.md with a bad row, in CSV and in XLSX, through the real ETL against the small demo
/// company's core system. Only the files written by the test are in the inbox.
/// </summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class InboxValidationTests(DemoCompanyFixture demo) : IDisposable
{
    private readonly string _inbox = TempFolder.Create("inbox");
    private readonly string _warehouse = TempFolder.Create("wh-inbox");

    public void Dispose()
    {
        TempFolder.Delete(_inbox);
        TempFolder.Delete(_warehouse);
    }

    private string Customer => demo.Company.Customers[3].CreditCode;

    private RunLog Run()
    {
        var log = EtlRunner.Run(EtlTestSupport.Request(demo.DatabasePath, _inbox, _warehouse, cube: false));
        Assert.Equal(RunStatus.Succeeded, log.Status);
        return log;
    }

    private string Build => EtlTestSupport.CurrentBuildFile(_warehouse);

    private void Write(string name, string[][] rows, string format)
    {
        var path = Path.Combine(_inbox, name + (format == "xlsx" ? ".xlsx" : ".csv"));
        if (format == "xlsx")
        {
            using var workbook = new XLWorkbook();
            var sheet = workbook.Worksheets.Add("数据");
            for (var r = 0; r < rows.Length; r++)
                for (var c = 0; c < rows[r].Length; c++)
                    sheet.Cell(r + 1, c + 1).SetValue(rows[r][c]);
            workbook.SaveAs(path);
        }
        else
        {
            var text = string.Join("\r\n", rows.Select(r => string.Join(',', r.Select(v => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v))));
            File.WriteAllBytes(path, format == "gb18030" ? Cockpit.Etl.TextEncodings.Gb18030.GetBytes(text) : Encoding.UTF8.GetBytes(text));
        }
    }

    private static void AssertQuarantined(IReadOnlyList<QuarantineEntry> quarantine, string file, int row, string column, string reason)
    {
        Assert.Contains(quarantine, q => q.Source == file && q.Row == row.ToString() && q.Column == column && q.ReasonKey == reason);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public void SurveyRowsWithAnOutOfRangeScoreABadDateOrAnUnknownCustomerAreQuarantinedAndTheRestLoads(string format)
    {
        Write("surveys_2026-09-30", [
            ["response_id", "credit_code", "surveyed_on", "channel", "nps_score", "csat", "comment"],
            ["R1", Customer, "2026-09-01", "phone", "9", "5", "很好"],
            ["R2", Customer, "2026-09-02", "phone", "11", "4", ""],
            ["R3", Customer, "2026-13-02", "phone", "8", "4", ""],
            ["R4", "91369102000000000X", "2026-09-03", "phone", "7", "", ""],
            ["R5", Customer, "2026/9/4", "wechat", "0", "", "太慢"],
        ], format);
        var log = Run();
        var file = "surveys_2026-09-30." + format;
        var count = log.Sources.Single(s => s.Name == file);
        Assert.Equal((5L, 2L, 3L), (count.Read, count.Loaded, count.Quarantined));
        var quarantine = EtlRunner.Quarantine(_warehouse, log.RunId);
        AssertQuarantined(quarantine, file, 3, "nps_score", ReasonKeys.BadValue);
        AssertQuarantined(quarantine, file, 4, "surveyed_on", ReasonKeys.ImpossibleDate);
        AssertQuarantined(quarantine, file, 5, "credit_code", ReasonKeys.OrphanKey);
        var loaded = EtlTestSupport.Query(Build, "select response_id, nps_score, surveyed_on, source_ref from fct_survey_response order by 1");
        Assert.Equal(["R1", "R5"], loaded.Select(r => (string)r[0]!));
        Assert.Equal(new DateOnly(2026, 9, 4), loaded[1][2]); // Excel's yyyy/M/d is understood
        Assert.Equal($"{file}:6", loaded[1][3]); // lineage: file and spreadsheet row
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public void ATargetForAKpiOutsideTheCatalogueOrABadQuarterIsQuarantined(string format)
    {
        Write("targets_2026-01-01", [
            ["year", "quarter", "department_code", "kpi_code", "target"],
            ["2026", "", "ALL", "new_amount", "5000000000"],
            ["2026", "", "ALL", "profit_margin", "0.3"],
            ["2026", "5", "BD1", "new_amount", "100"],
            ["2026", "2", "NOPE", "fee_income", "100"],
            ["2026", "1", "BD1", "compensation_rate", "0.02"],
        ], format);
        var log = Run();
        var file = "targets_2026-01-01." + format;
        var quarantine = EtlRunner.Quarantine(_warehouse, log.RunId);
        AssertQuarantined(quarantine, file, 3, "kpi_code", ReasonKeys.UnknownEnum);
        AssertQuarantined(quarantine, file, 4, "quarter", ReasonKeys.BadValue);
        AssertQuarantined(quarantine, file, 5, "department_code", ReasonKeys.OrphanKey);
        var targets = EtlTestSupport.Query(Build, "select department_code, kpi_code, quarter, target from fct_target order by kpi_code");
        Assert.Equal(2, targets.Count);
        Assert.Equal(0.02m, (decimal)targets[0][3]!);
        Assert.Equal(5_000_000_000m, (decimal)targets[1][3]!);
        Assert.Null(targets[1][2]); // whole year
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public void ComplaintsAnsweredBeforeReceiptOrForAnUnknownDepartmentAreQuarantined(string format)
    {
        Write("complaints_2026-09-30", [
            ["complaint_id", "credit_code", "received_at", "responded_at", "resolved_at", "category", "department_code"],
            ["C1", Customer, "2026-09-01 10:00", "2026-09-01 11:30", "2026-09-03 16:00:00", "收费问题", "BD1"],
            ["C2", Customer, "2026-09-02 10:00", "2026-09-02 09:00", "", "服务态度", "BD1"],
            ["C3", Customer, "2026-09-02T10:00:00", "", "", "其他", "MKT"],
            ["C4", Customer, "昨天", "", "", "其他", "CS"],
        ], format);
        var log = Run();
        var file = "complaints_2026-09-30." + format;
        var quarantine = EtlRunner.Quarantine(_warehouse, log.RunId);
        AssertQuarantined(quarantine, file, 3, "responded_at", ReasonKeys.InvertedDates);
        AssertQuarantined(quarantine, file, 4, "department_code", ReasonKeys.OrphanKey);
        AssertQuarantined(quarantine, file, 5, "received_at", ReasonKeys.NotADate);
        var loaded = EtlTestSupport.Query(Build, "select complaint_id, received_at, resolved_at from fct_complaint");
        Assert.Single(loaded);
        Assert.Equal(new DateTime(2026, 9, 1, 10, 0, 0), loaded[0][1]);
        Assert.Equal(new DateTime(2026, 9, 3, 16, 0, 0), loaded[0][2]);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public void FinanceRowsWithoutPositiveNetAssetsOrWithABadMonthAreQuarantined(string format)
    {
        Write("finance_2026", [
            ["month", "net_assets", "revenue", "net_profit", "reserves"],
            ["2026-08", "1200000000", "20000000", "8000000", "150000000"],
            ["2026-09", "0", "20000000", "8000000", ""],
            ["2026-13", "1200000000", "20000000", "8000000", ""],
            ["2026-09", "1210000000.50", "21000000", "-3000000", ""],
        ], format);
        var log = Run();
        var file = "finance_2026." + format;
        var quarantine = EtlRunner.Quarantine(_warehouse, log.RunId);
        AssertQuarantined(quarantine, file, 3, "net_assets", ReasonKeys.NonPositiveAmount);
        AssertQuarantined(quarantine, file, 4, "month", ReasonKeys.ImpossibleDate);
        var months = EtlTestSupport.Query(Build, "select month, net_assets, net_profit, reserves, month_end from fct_finance_month order by month");
        Assert.Equal(2, months.Count);
        Assert.Equal(1_210_000_000.50m, (decimal)months[1][1]!);
        Assert.Equal(-3_000_000m, (decimal)months[1][2]!); // a loss is a valid net profit
        Assert.Null(months[1][3]);
        Assert.Equal(new DateOnly(2026, 9, 30), months[1][4]);
    }

    [Fact]
    public void AFileWithoutARequiredColumnIsRejectedNamingTheColumnAndTheOthersLoad()
    {
        Write("complaints_2026-09-30", [
            ["complaint_id", "credit_code", "received_at", "category"],
            ["C1", Customer, "2026-09-01 10:00", "其他"],
        ], "csv");
        Write("surveys_2026-09-30", [
            ["Response_ID", "CREDIT_CODE", "surveyed_on", "channel", "nps_score", "extra_note"],
            ["R1", Customer, "2026-09-01", "phone", "10", "x"],
        ], "xlsx");
        var log = Run();
        var rejected = Assert.Single(log.RejectedFiles);
        Assert.Equal("complaints_2026-09-30.csv", rejected.File);
        Assert.Equal(ReasonKeys.MissingColumn, rejected.ReasonKey);
        Assert.Contains("department_code", rejected.Reason);
        Assert.DoesNotContain(log.Sources, s => s.Name == rejected.File);
        // headers match case-insensitively; an unknown column is a warning, not an error
        Assert.Equal(1, EtlTestSupport.Count(Build, "fct_survey_response"));
        Assert.Contains(log.Warnings, w => w.Contains("extra_note"));
    }

    [Fact]
    public void ACorruptWorkbookIsRejectedAndTheOtherFilesStillLoad()
    {
        File.WriteAllBytes(Path.Combine(_inbox, "finance_2026.xlsx"), Encoding.UTF8.GetBytes("PK\u0003\u0004 this is not really a workbook"));
        Write("surveys_2026-09-30", [
            ["response_id", "credit_code", "surveyed_on", "channel", "nps_score"],
            ["R1", Customer, "2026-09-01", "phone", "10"],
        ], "csv");
        var log = Run();
        var rejected = Assert.Single(log.RejectedFiles);
        Assert.Equal("finance_2026.xlsx", rejected.File);
        Assert.Equal(ReasonKeys.NotAWorkbook, rejected.ReasonKey);
        Assert.Equal(1, EtlTestSupport.Count(Build, "fct_survey_response"));
        Assert.Equal(0, EtlTestSupport.Count(Build, "fct_finance_month"));
    }

    [Fact]
    public void AGb18030CsvIsDetectedAndItsChineseTextReadCorrectly()
    {
        Write("surveys_2026-09-30", [
            ["response_id", "credit_code", "surveyed_on", "channel", "nps_score", "csat", "comment"],
            ["R1", Customer, "2026-09-01", "phone", "6", "2", "审批时间太长，耽误了用款"],
        ], "gb18030");
        Run();
        var comment = EtlTestSupport.Query(Build, "select comment from fct_survey_response")[0][0];
        Assert.Equal("审批时间太长，耽误了用款", comment);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public void FormulaLookingTextIsStoredAsPlainText(string format)
    {
        const string formula = "=HYPERLINK(\"http://example.invalid\",\"点我\")";
        Write("surveys_2026-09-30", [
            ["response_id", "credit_code", "surveyed_on", "channel", "nps_score", "csat", "comment"],
            ["R1", Customer, "2026-09-01", "phone", "6", "2", formula],
            ["R2", Customer, "2026-09-01", "phone", "8", "", "+86 电话回访"],
        ], format);
        Run();
        var comments = EtlTestSupport.Query(Build, "select comment from fct_survey_response order by response_id").Select(r => r[0]).ToList();
        Assert.Equal([formula, "+86 电话回访"], comments);
    }

    [Fact]
    public void AFileWhoseContentWasAlreadySeenIsSkipped()
    {
        Write("surveys_2026-09-30", [
            ["response_id", "credit_code", "surveyed_on", "channel", "nps_score"],
            ["R1", Customer, "2026-09-01", "phone", "10"],
        ], "csv");
        File.Copy(Path.Combine(_inbox, "surveys_2026-09-30.csv"), Path.Combine(_inbox, "surveys_2026-09-30_copy.csv"));
        var log = Run();
        var rejected = Assert.Single(log.RejectedFiles);
        Assert.Equal("surveys_2026-09-30_copy.csv", rejected.File);
        Assert.Equal(ReasonKeys.DuplicateFile, rejected.ReasonKey);
        Assert.Equal(2, log.SourceFiles.Count(f => f.File.StartsWith("surveys")));
    }
}
