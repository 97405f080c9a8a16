using System.Text;
using ClosedXML.Excel;
using Cockpit.Etl.Demo;

namespace Cockpit.Tests.Etl;

[Collection(DemoCompanyCollection.Name)]
public sealed class InboxFileTests(DemoCompanyFixture demo)
{
    /// <summary>Required columns per file kind, as docs/sources.md lists them.</summary>
    private static readonly Dictionary<string, string[]> Required = new()
    {
        ["surveys"] = ["response_id", "credit_code", "surveyed_on", "channel", "nps_score"],
        ["complaints"] = ["complaint_id", "credit_code", "received_at", "category", "department_code"],
        ["targets"] = ["year", "quarter", "department_code", "kpi_code", "target"],
        ["finance"] = ["month", "net_assets", "revenue", "net_profit"],
    };

    private static readonly Dictionary<string, string[]> Optional = new()
    {
        ["surveys"] = ["csat", "comment"],
        ["complaints"] = ["responded_at", "resolved_at"],
        ["targets"] = [],
        ["finance"] = ["reserves"],
    };

    [Fact]
    public void TheGb18030SurveyFileReallyIsGb18030()
    {
        var file = demo.Company.InboxFiles.First(f => f.Name.StartsWith("surveys") && f.Format == InboxFormat.CsvGb18030);
        var bytes = File.ReadAllBytes(Path.Combine(demo.InboxPath, file.Name));
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no BOM in a GB18030 file");

        var gb = Cockpit.Etl.TextEncodings.Gb18030.GetString(bytes);
        Assert.Contains("客户经理", gb); // the comments are Chinese
        string? utf8 = null;
        try
        {
            utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // expected: GB18030 byte sequences are not valid UTF-8
        }
        Assert.True(utf8 is null || utf8 != gb, "decoding as UTF-8 must fail or differ");
        Assert.Contains("\r\n", gb); // as Excel writes it on Windows
    }

    [Fact]
    public void CsvFilesComeInUtf8WithAndWithoutBomAndInGb18030()
    {
        var formats = demo.Company.InboxFiles.Where(f => f.CopyOf is null).Select(f => f.Format).ToHashSet();
        Assert.Equal(4, formats.Count);
        foreach (var f in demo.Company.InboxFiles.Where(f => f.CopyOf is null))
        {
            var bytes = File.ReadAllBytes(Path.Combine(demo.InboxPath, f.Name));
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            Assert.Equal(f.Format == InboxFormat.CsvUtf8Bom, bom);
            if (f.Format == InboxFormat.Xlsx) Assert.Equal((byte)'P', bytes[0]); // a zip package
        }
    }

    [Fact]
    public void EveryInboxFileReadsBackWithTheDocumentedColumns()
    {
        var rejected = demo.Company.DirtyRecords.Where(d => d.Kind == DirtyKinds.MissingColumn).Select(d => d.Source).ToHashSet();
        var checkedFiles = 0;
        foreach (var file in demo.Company.InboxFiles)
        {
            var prefix = Required.Keys.Single(p => file.Name.StartsWith(p, StringComparison.Ordinal));
            var rows = InboxTestReader.Read(Path.Combine(demo.InboxPath, file.Name));
            var header = rows[0].Select(h => h.ToLowerInvariant()).ToHashSet();
            if (rejected.Contains(file.Name))
            {
                Assert.False(Required[prefix].All(header.Contains));
                continue;
            }
            Assert.All(Required[prefix], column => Assert.Contains(column, header));
            var extra = header.Except(Required[prefix]).Except(Optional[prefix]).ToList();
            var declaredExtra = demo.Company.DirtyRecords.Where(d => d.Kind == DirtyKinds.UnknownColumn && d.Source == file.Name).Select(d => d.Column);
            Assert.Equal(declaredExtra.Order(), extra.Order());
            var expectedRows = (file.CopyOf is null ? file : demo.Company.InboxFiles.Single(f => f.Name == file.CopyOf)).Rows.Count;
            Assert.Equal(expectedRows, rows.Count);
            Assert.True(rows.Count > 1, $"{file.Name} has no data rows");
            checkedFiles++;
        }
        Assert.True(checkedFiles >= 16);
    }

    [Fact]
    public void WorkbooksStoreDatesAsDateCellsAndIdentifiersAsText()
    {
        var complaints = demo.Company.InboxFiles.First(f => f.Name.StartsWith("complaints") && f.Format == InboxFormat.Xlsx);
        using var workbook = new XLWorkbook(Path.Combine(demo.InboxPath, complaints.Name));
        var sheet = workbook.Worksheet(1);
        Assert.Equal("received_at", sheet.Cell(1, 3).GetString());
        Assert.Equal(XLDataType.DateTime, sheet.Cell(2, 3).DataType);
        Assert.Equal(XLDataType.Text, sheet.Cell(2, 2).DataType); // credit code
        var finance = demo.Company.InboxFiles.First(f => f.Name.StartsWith("finance"));
        using var fin = new XLWorkbook(Path.Combine(demo.InboxPath, finance.Name));
        Assert.Equal(XLDataType.Text, fin.Worksheet(1).Cell(2, 1).DataType); // month yyyy-MM stays text
        Assert.Equal(XLDataType.Number, fin.Worksheet(1).Cell(2, 2).DataType);
    }

    [Fact]
    public void FilesAreNamedByKindAndDateSoThatOrdinalOrderIsChronological()
    {
        var names = demo.Company.InboxFiles.Select(f => f.Name).Where(n => n.StartsWith("targets")).ToList();
        Assert.Equal(names, names.Order(StringComparer.Ordinal));
        var corrections = demo.Company.InboxFiles.Single(f => f.Name.EndsWith("_corrections.csv")).Name;
        var surveys = demo.Company.InboxFiles.Select(f => f.Name).Where(n => n.StartsWith("surveys") && !n.Contains("_corrections")).ToList();
        Assert.All(surveys, s => Assert.True(string.CompareOrdinal(s, corrections) < 0, $"{s} sorts after the corrections"));
    }
}
