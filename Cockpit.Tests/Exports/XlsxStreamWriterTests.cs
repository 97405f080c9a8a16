using System.Text;
using ClosedXML.Excel;
using Cockpit.Warehouse.Exports;

namespace Cockpit.Tests.Exports;

/// <summary>
/// The streaming writers: a workbook written to a stream that cannot seek (as an HTTP response) opens in ClosedXML
/// with the cells typed and formatted by their columns' kinds; the CSV writer's bytes, worked out by hand.
/// </summary>
public sealed class XlsxStreamWriterTests
{
    private static readonly SheetColumn[] Columns =
    [
        new("证件号码", CellKind.Text),
        new("编号", CellKind.Text),
        new("笔数", CellKind.Integer),
        new("系数", CellKind.Number),
        new("在保余额（元）", CellKind.Money),
        new("代偿率", CellKind.Percent),
        new("到期日", CellKind.Date),
        new("登记时间", CellKind.DateTime),
        new("是否逾期", CellKind.Flag),
        new("备注", CellKind.Text),
        new("借款人名称（客户全称，按营业执照登记）", CellKind.Text),
    ];

    /// <summary>Writes the workbook through a stream that cannot seek and returns the bytes that went through it.</summary>
    private static byte[] Write(Action<XlsxStreamWriter> write)
    {
        var sink = new MemoryStream();
        using (var output = new NonSeekableStream(sink))
        {
            using var writer = new XlsxStreamWriter(output);
            write(writer);
        }
        return sink.ToArray();
    }

    private static byte[] EveryKind() => Write(writer =>
    {
        var sheet = writer.AddSheet("明细 Rows", Columns);
        sheet.WriteRow(["33010219900101001X", "000123", 12, 1.2345, 1_234_567.89m, 0.1234m,
            new DateOnly(2026, 11, 30), new DateTime(2026, 11, 30, 14, 5, 0), true, "=1+2", "甲"]);
        sheet.WriteRow(["110101199003071234", "007", 3L, 2.5f, "待核实", 0.05,
            new DateTime(2026, 1, 2), null, false, "+86", "乙<b>&\"x\""]);
        sheet.WriteRow(["-x", "@a", (short)-4, -0.5m, -100m, 1m, "2026-13-01", new DateOnly(2026, 2, 3), "未知", "a\u0001b\u0000c", " 丙\r\n丁 "]);
        sheet.WriteRow(["合计", null, 11, null, 1_234_467.89m], bold: true);
    });

    [Fact]
    public void EveryKindOpensInClosedXmlAsItsTypeAndNumberFormat()
    {
        using var book = new XLWorkbook(new MemoryStream(EveryKind()));
        var sheet = book.Worksheet("明细 Rows");

        // identifiers are text with every character, whatever their digits
        Assert.Equal((XLDataType.Text, "33010219900101001X"), (sheet.Cell("A2").DataType, sheet.Cell("A2").GetString()));
        Assert.Equal((XLDataType.Text, "110101199003071234"), (sheet.Cell("A3").DataType, sheet.Cell("A3").GetString()));
        Assert.Equal((XLDataType.Text, "000123"), (sheet.Cell("B2").DataType, sheet.Cell("B2").GetString()));
        Assert.Equal((XLDataType.Text, "007"), (sheet.Cell("B3").DataType, sheet.Cell("B3").GetString()));

        Assert.Equal((XLDataType.Number, 12.0, "#,##0"), (sheet.Cell("C2").DataType, sheet.Cell("C2").GetDouble(), sheet.Cell("C2").Style.NumberFormat.Format));
        Assert.Equal((XLDataType.Number, -4.0), (sheet.Cell("C4").DataType, sheet.Cell("C4").GetDouble()));
        Assert.Equal((XLDataType.Number, 1.2345, "#,##0.####"), (sheet.Cell("D2").DataType, sheet.Cell("D2").GetDouble(), sheet.Cell("D2").Style.NumberFormat.Format));
        Assert.Equal(2.5, sheet.Cell("D3").GetDouble()); // a float
        Assert.Equal((XLDataType.Number, 1_234_567.89, "#,##0.00"), (sheet.Cell("E2").DataType, sheet.Cell("E2").GetDouble(), sheet.Cell("E2").Style.NumberFormat.Format));
        Assert.Equal(-100.0, sheet.Cell("E4").GetDouble());
        Assert.Equal((XLDataType.Number, 0.1234, "0.00%"), (sheet.Cell("F2").DataType, sheet.Cell("F2").GetDouble(), sheet.Cell("F2").Style.NumberFormat.Format));
        Assert.Equal((XLDataType.Number, 0.05, "0.00%"), (sheet.Cell("F3").DataType, sheet.Cell("F3").GetDouble(), sheet.Cell("F3").Style.NumberFormat.Format));
        Assert.Equal((XLDataType.DateTime, new DateTime(2026, 11, 30), "yyyy-mm-dd"),
            (sheet.Cell("G2").DataType, sheet.Cell("G2").GetDateTime(), sheet.Cell("G2").Style.NumberFormat.Format));
        Assert.Equal(new DateTime(2026, 1, 2), sheet.Cell("G3").GetDateTime()); // a DateTime in a date column
        Assert.Equal((XLDataType.DateTime, new DateTime(2026, 11, 30, 14, 5, 0), "yyyy-mm-dd hh:mm"),
            (sheet.Cell("H2").DataType, sheet.Cell("H2").GetDateTime(), sheet.Cell("H2").Style.NumberFormat.Format));
        Assert.Equal(new DateTime(2026, 2, 3), sheet.Cell("H4").GetDateTime()); // a DateOnly in a date-time column
        Assert.True(sheet.Cell("H3").IsEmpty()); // null: an empty cell
        Assert.Equal((XLDataType.Text, "是"), (sheet.Cell("I2").DataType, sheet.Cell("I2").GetString()));
        Assert.Equal((XLDataType.Text, "否"), (sheet.Cell("I3").DataType, sheet.Cell("I3").GetString()));

        // a value that does not fit its column's kind is kept as text
        Assert.Equal((XLDataType.Text, "待核实"), (sheet.Cell("E3").DataType, sheet.Cell("E3").GetString()));
        Assert.Equal((XLDataType.Text, "2026-13-01"), (sheet.Cell("G4").DataType, sheet.Cell("G4").GetString()));
        Assert.Equal((XLDataType.Text, "未知"), (sheet.Cell("I4").DataType, sheet.Cell("I4").GetString()));

        // formula-looking text stays text, never a formula
        foreach (var (address, text) in new[] { ("J2", "=1+2"), ("J3", "+86"), ("A4", "-x"), ("B4", "@a") })
        {
            var cell = sheet.Cell(address);
            Assert.Equal((XLDataType.Text, text, false), (cell.DataType, cell.GetString(), cell.HasFormula));
        }
        // control characters XML cannot carry are dropped, the rest kept: markup characters, line breaks, spaces
        Assert.Equal("abc", sheet.Cell("J4").GetString());
        Assert.Equal("乙<b>&\"x\"", sheet.Cell("K3").GetString());
        Assert.Equal(" 丙\n丁 ", sheet.Cell("K4").GetString().ReplaceLineEndings("\n")); // ClosedXML reads a line break as its own
    }

    [Fact]
    public void TheHeaderAndTheTotalRowAreBoldTheHeaderFrozenAndFilteredAndWidthsFitTheText()
    {
        using var book = new XLWorkbook(new MemoryStream(EveryKind()));
        var sheet = book.Worksheet(1);

        Assert.Equal(Columns.Select(c => c.Header), sheet.Row(1).Cells(1, Columns.Length).Select(c => c.GetString()));
        Assert.True(sheet.Cell("A1").Style.Font.Bold);
        Assert.True(sheet.Cell("K1").Style.Font.Bold);
        Assert.False(sheet.Cell("A2").Style.Font.Bold);
        Assert.False(sheet.Cell("E2").Style.Font.Bold);
        // the total row: bold, its money still money
        Assert.True(sheet.Cell("A5").Style.Font.Bold);
        Assert.Equal((true, 1_234_467.89, "#,##0.00"), (sheet.Cell("E5").Style.Font.Bold, sheet.Cell("E5").GetDouble(), sheet.Cell("E5").Style.NumberFormat.Format));

        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal(0, sheet.SheetView.SplitColumn);
        Assert.True(sheet.AutoFilter.IsEnabled);
        Assert.Equal("A1:K5", sheet.AutoFilter.Range.RangeAddress.ToString());

        // K's header: 19 Chinese characters and full-width marks (2 each) and nothing wider below it → 38 + bold 1 +
        // filter button 2 + padding 2 = 43; C (笔数, numbers 12, 3, -4, 11) → 4 + 1 + 2 + 2 = 9
        // (ClosedXML takes its 0.71 of cell padding off a width it reads)
        Assert.Equal(43, sheet.Column("K").Width, tolerance: 0.75);
        Assert.Equal(9, sheet.Column("C").Width, tolerance: 0.75);
        // A: the longest value is an 18-character ID, wider than its header (证件号码: 8 + 3)
        Assert.Equal(20, sheet.Column("A").Width, tolerance: 0.75);
    }

    [Fact]
    public void KeyValueSheetsTakePerCellKindsAndSheetNamesAreMadeAcceptable()
    {
        var bytes = Write(writer =>
        {
            var summary = writer.AddSheet("口径/定义 [说明]: 每一个指标的计算方法和数据来源以及更新频率", [new("指标", CellKind.Text), new("值", CellKind.Text)],
                new SheetOptions(FreezeHeader: false, AutoFilter: false));
            summary.WriteCells([new XCell("代偿率", CellKind.Text, Bold: true), new XCell(0.0312m, CellKind.Percent)]);
            summary.WriteCells([new XCell("在保余额", CellKind.Text), new XCell(52_000_000m, CellKind.Money), new XCell("元", CellKind.Text)]);
            summary.WriteCells([new XCell("数据日期", CellKind.Text), new XCell(new DateOnly(2026, 11, 30), CellKind.Date)]);
            writer.AddSheet("数据", [new("是否代偿", CellKind.Flag)], new SheetOptions(FlagTrue: "Yes", FlagFalse: "No")).WriteRow([true]);
            writer.AddSheet("数据", [new("x", CellKind.Integer)]).WriteRow([1]);
        });

        using var book = new XLWorkbook(new MemoryStream(bytes));
        Assert.Equal(["口径_定义 _说明__ 每一个指标的计算方法和数据来源以及更新", "数据", "数据 (2)"], book.Worksheets.Select(s => s.Name));
        var summary = book.Worksheet(1);
        Assert.Equal(0, summary.SheetView.SplitRow);
        Assert.False(summary.AutoFilter.IsEnabled);
        Assert.Equal(("代偿率", true), (summary.Cell("A2").GetString(), summary.Cell("A2").Style.Font.Bold));
        Assert.Equal((XLDataType.Number, 0.0312, "0.00%"), (summary.Cell("B2").DataType, summary.Cell("B2").GetDouble(), summary.Cell("B2").Style.NumberFormat.Format));
        Assert.Equal((52_000_000.0, "#,##0.00", "元"), (summary.Cell("B3").GetDouble(), summary.Cell("B3").Style.NumberFormat.Format, summary.Cell("C3").GetString()));
        Assert.Equal(new DateTime(2026, 11, 30), summary.Cell("B4").GetDateTime());
        Assert.Equal("Yes", book.Worksheet(2).Cell("A2").GetString());
        Assert.Equal(1.0, book.Worksheet(3).Cell("A2").GetDouble());
    }

    [Fact]
    public void RowsBeyondTheWidthSampleAreStreamedInOrder()
    {
        // 20,000 rows of about 80 characters of XML: many blocks through the compression thread
        const int count = 20_000;
        var bytes = Write(writer =>
        {
            var sheet = writer.AddSheet("Rows", [new("n", CellKind.Integer), new("text", CellKind.Text)], new SheetOptions(WidthSampleRows: 10));
            for (var i = 1; i <= count; i++) sheet.WriteRow([i, $"第{i}行"]);
            Assert.Equal(count, sheet.RowsWritten);
            // a second sheet closes the first; an empty sheet is still a sheet with its header
            Assert.Equal(0, writer.AddSheet("Empty", [new("a", CellKind.Text)]).RowsWritten);
        });

        using var book = new XLWorkbook(new MemoryStream(bytes));
        var sheet = book.Worksheet("Rows");
        Assert.Equal(Enumerable.Range(1, count).Select(i => (i, $"第{i}行")),
            Enumerable.Range(2, count).Select(r => ((int)sheet.Cell(r, 1).GetDouble(), sheet.Cell(r, 2).GetString())));
        Assert.Equal($"A1:B{count + 1}", sheet.AutoFilter.Range.RangeAddress.ToString());
        Assert.Equal("a", book.Worksheet("Empty").Cell("A1").GetString());
    }

    [Fact]
    public void AnOutputThatFailsMidwayFailsTheExportInsteadOfHangingIt()
    {
        // the rows' compression runs on its own thread: its failure reaches the writer's caller
        var output = new NonSeekableStream(new FullDisk(100_000));
        var e = Assert.ThrowsAny<IOException>(() =>
        {
            using var writer = new XlsxStreamWriter(output);
            var sheet = writer.AddSheet("Rows", [new("n", CellKind.Integer), new("text", CellKind.Text)]);
            for (var i = 0; i < 200_000; i++) sheet.WriteRow([i, $"第{i}行 {Guid.NewGuid()}"]);
        });
        Assert.Contains("disk full", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkbookGivenNoSheetStillOpens()
    {
        using var book = new XLWorkbook(new MemoryStream(Write(_ => { })));
        Assert.Single(book.Worksheets);
    }

    [Fact]
    public void MoreRowsThanExcelHoldsAreRefusedWithAMessageThatPointsToCsv()
    {
        using var output = new NonSeekableStream(Stream.Null);
        using var writer = new XlsxStreamWriter(output);
        var sheet = writer.AddSheet("Rows", [new("n", CellKind.Integer)], new SheetOptions(WidthSampleRows: 1));
        var row = new object?[] { null };
        for (var i = 0; i < 1_048_575; i++) sheet.WriteRow(row);
        Assert.Equal(1_048_575, sheet.RowsWritten);

        var e = Assert.Throws<InvalidOperationException>(() => sheet.WriteRow(row));
        Assert.Contains("1,048,575", e.Message, StringComparison.Ordinal);
        Assert.Contains("CSV", e.Message, StringComparison.Ordinal);
        Assert.Equal(1_048_575, sheet.RowsWritten);
    }

    [Fact]
    public void CsvHasABomQuotesByRfc4180GuardsFormulasAndWritesValuesPlainly()
    {
        var sink = new MemoryStream();
        using (var output = new NonSeekableStream(sink))
        using (var csv = new CsvStreamWriter(output, Columns[..10]))
        {
            csv.WriteRow(["33010219900101001X", "000123", 1234, 1.5, 1_234_567.89m, 0.1234m,
                new DateOnly(2026, 11, 30), new DateTime(2026, 11, 30, 14, 5, 0), true, "融资担保，\"甲\"公司"]);
            csv.WriteRow(["=1+2", "+86", -5, -0.25, -100m, 0.05, new DateTime(2026, 1, 2), null, false, "第一行\r\n第二行"]);
            csv.WriteRow(["-x", "@a", null, null, "待核实", null, null, null, null, "a,b"]);
            Assert.Equal(3, csv.RowsWritten);
        }
        var bytes = sink.ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        // money plain with two decimals, the rate as a percentage, ISO dates, 是/否; text quoted when it holds a comma,
        // quote or line break (quotes doubled); formula-looking text behind a ' while numbers keep their minus sign
        Assert.Equal(
            "证件号码,编号,笔数,系数,在保余额（元）,代偿率,到期日,登记时间,是否逾期,备注\r\n" +
            "33010219900101001X,000123,1234,1.5,1234567.89,12.34%,2026-11-30,2026-11-30 14:05:00,是,\"融资担保，\"\"甲\"\"公司\"\r\n" +
            "'=1+2,'+86,-5,-0.25,-100.00,5.00%,2026-01-02,,否,\"第一行\r\n第二行\"\r\n" +
            "'-x,'@a,,,待核实,,,,,\"a,b\"\r\n",
            text);
    }

    /// <summary>A stream that takes <paramref name="capacity"/> bytes, then fails as a full disk does.</summary>
    private sealed class FullDisk(long capacity) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > capacity) throw new IOException("disk full");
            base.Write(buffer, offset, count);
        }
    }

    /// <summary>A write-only stream that cannot seek or tell its position, as an HTTP response body.</summary>
    internal sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
