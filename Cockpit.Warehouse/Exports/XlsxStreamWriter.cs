using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;

namespace Cockpit.Warehouse.Exports;

/// <summary>How a cell's value is written and shown.</summary>
public enum CellKind
{
    /// <summary>Always a text cell (identifiers keep every digit and leading zero).</summary>
    Text,

    /// <summary>A whole number, <c>#,##0</c>.</summary>
    Integer,

    /// <summary>A number, <c>#,##0.####</c>.</summary>
    Number,

    /// <summary>An amount in yuan, <c>#,##0.00</c>.</summary>
    Money,

    /// <summary>A rate stored as a fraction (0.1234), shown <c>0.00%</c>.</summary>
    Percent,

    /// <summary>A date, <c>yyyy-mm-dd</c>.</summary>
    Date,

    /// <summary>A date and time, <c>yyyy-mm-dd hh:mm</c>.</summary>
    DateTime,

    /// <summary>A yes/no value, written as the text 是/否 (or the words of <see cref="SheetOptions"/>).</summary>
    Flag,
}

/// <summary>A column of a sheet: its header and the kind of its values.</summary>
public sealed record SheetColumn(string Header, CellKind Kind);

/// <summary>One cell with its own kind, for sheets whose rows differ (key/value sheets).</summary>
public readonly record struct XCell(object? Value, CellKind Kind, bool Bold = false);

/// <summary>
/// How a sheet is laid out. Column widths are fitted to the header and the first <paramref name="WidthSampleRows"/> rows
/// (those rows are held in memory until then), at most <paramref name="MaxWidth"/> characters.
/// <paramref name="FlagTrue"/>/<paramref name="FlagFalse"/> are the words a <see cref="CellKind.Flag"/> value shows as.
/// </summary>
public sealed record SheetOptions(bool FreezeHeader = true, bool AutoFilter = true, int WidthSampleRows = 1000, double MaxWidth = 60,
    string FlagTrue = "是", string FlagFalse = "否");

/// <summary>
/// Writes an .xlsx workbook straight to a stream, row by row, in constant memory: hand-written SpreadsheetML (inline
/// strings, no shared-strings table) in a zip written as it goes, so the output may be a non-seekable stream such as an
/// HTTP response body. One sheet is open at a time: <see cref="AddSheet"/> closes the previous one; <see cref="Dispose"/>
/// finishes the package (workbook, styles, relationships). The output stream is left open.
/// <para>
/// The writer writes synchronously: on an ASP.NET Core response body (which refuses synchronous writes by default),
/// allow synchronous IO for the request or write to a temporary file first.
/// </para>
/// </summary>
public sealed class XlsxStreamWriter : IDisposable
{
    /// <summary>Excel's last row is 1,048,576; the header takes one.</summary>
    public const long MaxDataRows = 1_048_575;

    internal const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    internal const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>Number formats of the numeric kinds, in the order of their styles (<see cref="StyleIndex"/>).</summary>
    private static readonly (CellKind Kind, string Format)[] NumberFormats =
    [
        (CellKind.Integer, "#,##0"),
        (CellKind.Number, "#,##0.####"),
        (CellKind.Money, "#,##0.00"),
        (CellKind.Percent, "0.00%"),
        (CellKind.Date, "yyyy-mm-dd"),
        (CellKind.DateTime, "yyyy-mm-dd hh:mm"),
    ];

    /// <summary>By <see cref="CellKind"/>: the plain style of its number format, or -1 (text kinds).</summary>
    private static readonly int[] FormatStyles = Enum.GetValues<CellKind>()
        .Select(kind => Array.FindIndex(NumberFormats, f => f.Kind == kind) is var i and >= 0 ? 2 + 2 * i : -1)
        .ToArray();

    private readonly ZipArchive _zip;
    private readonly List<SheetInfo> _sheets = [];
    private SheetWriter? _current;
    private bool _disposed;

    /// <summary>A workbook written to <paramref name="output"/> (seekable or not; it is not closed).</summary>
    public XlsxStreamWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
    }

    /// <summary>
    /// Starts a new sheet with a bold header row of <paramref name="columns"/> and closes the previous sheet. The name is
    /// made acceptable to Excel: <c>[]:*?/\</c> become <c>_</c>, at most 31 characters, unique in the workbook.
    /// </summary>
    public SheetWriter AddSheet(string name, IReadOnlyList<SheetColumn> columns, SheetOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(columns);
        _current?.Finish();
        var number = _sheets.Count + 1;
        var info = new SheetInfo(UniqueName(name, number), number, Math.Max(columns.Count, 1), options ?? new SheetOptions());
        _sheets.Add(info);
        var entry = _zip.CreateEntry($"xl/worksheets/sheet{number}.xml", CompressionLevel.Fastest);
        _current = new SheetWriter(entry.Open(), columns, info);
        return _current;
    }

    /// <summary>Closes the open sheet and writes the workbook's parts; the file is complete after this.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _current?.Finish();
            if (_sheets.Count == 0) AddEmptySheet();
            WritePart("xl/styles.xml", WriteStyles);
            WritePart("xl/workbook.xml", WriteWorkbook);
            WritePart("xl/_rels/workbook.xml.rels", WriteWorkbookRelationships);
            WritePart("_rels/.rels", WritePackageRelationships);
            WritePart("[Content_Types].xml", WriteContentTypes);
        }
        finally
        {
            _zip.Dispose();
        }
    }

    /// <summary>The style of a cell: its kind's number format (when the value is written as a number), bold or not.</summary>
    internal static int StyleIndex(CellKind kind, bool asNumber, bool bold)
    {
        var b = bold ? 1 : 0;
        var k = (int)kind;
        return asNumber && k < FormatStyles.Length && FormatStyles[k] >= 0 ? FormatStyles[k] + b : b;
    }

    internal static XmlWriter CreateXml(Stream stream) => XmlWriter.Create(stream, new XmlWriterSettings
    {
        Encoding = new UTF8Encoding(false),
        CloseOutput = false,
        // the text is cleaned of characters XML cannot carry before it is written (ExportValues.XmlSafe)
        CheckCharacters = false,
        // a carriage return in a cell stays one (&#xD;) instead of being turned into a line feed
        NewLineHandling = NewLineHandling.Entitize,
    });

    private void AddEmptySheet()
    {
        _sheets.Add(new SheetInfo("Sheet1", 1, 1, new SheetOptions(FreezeHeader: false, AutoFilter: false)));
        using var entryStream = _zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        using var xml = CreateXml(entryStream);
        xml.WriteStartDocument(true);
        xml.WriteStartElement("worksheet", MainNs);
        xml.WriteElementString("sheetData", MainNs, null);
        xml.WriteEndElement();
    }

    private string UniqueName(string name, int number)
    {
        var clean = new StringBuilder();
        foreach (var ch in ExportValues.XmlSafe(name ?? ""))
        {
            clean.Append(ch is '[' or ']' or ':' or '*' or '?' or '/' or '\\' || char.IsControl(ch) ? '_' : ch);
        }
        // Excel refuses a name that starts or ends with an apostrophe, and an empty one
        var text = clean.ToString().Trim().Trim('\'');
        if (text.Length == 0) text = $"Sheet{number}";
        var candidate = Cut(text, 31);
        for (var n = 2; _sheets.Any(s => string.Equals(s.Name, candidate, StringComparison.OrdinalIgnoreCase)); n++)
        {
            var suffix = $" ({n})";
            candidate = Cut(text, 31 - suffix.Length) + suffix;
        }
        return candidate;
    }

    /// <summary>At most <paramref name="length"/> characters, without splitting a surrogate pair.</summary>
    private static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        return char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    private void WritePart(string path, Action<XmlWriter> write)
    {
        using var stream = _zip.CreateEntry(path, CompressionLevel.Fastest).Open();
        using var xml = CreateXml(stream);
        xml.WriteStartDocument(true);
        write(xml);
        xml.WriteEndDocument();
    }

    private static void WriteStyles(XmlWriter xml)
    {
        xml.WriteStartElement("styleSheet", MainNs);
        xml.WriteStartElement("numFmts");
        xml.WriteAttributeString("count", Count(NumberFormats.Length));
        for (var i = 0; i < NumberFormats.Length; i++)
        {
            xml.WriteStartElement("numFmt");
            xml.WriteAttributeString("numFmtId", Count(164 + i));
            xml.WriteAttributeString("formatCode", NumberFormats[i].Format);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("fonts");
        xml.WriteAttributeString("count", "2");
        foreach (var bold in new[] { false, true })
        {
            xml.WriteStartElement("font");
            if (bold) xml.WriteElementString("b", null);
            WriteValueElement(xml, "sz", "11");
            WriteValueElement(xml, "name", "Calibri");
            WriteValueElement(xml, "family", "2");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("fills");
        xml.WriteAttributeString("count", "2");
        foreach (var pattern in new[] { "none", "gray125" })
        {
            xml.WriteStartElement("fill");
            xml.WriteStartElement("patternFill");
            xml.WriteAttributeString("patternType", pattern);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("borders");
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("border");
        foreach (var side in new[] { "left", "right", "top", "bottom", "diagonal" }) xml.WriteElementString(side, null);
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("cellStyleXfs");
        xml.WriteAttributeString("count", "1");
        WriteXf(xml, 0, 0, inCellXfs: false);
        xml.WriteEndElement();

        // 0 plain, 1 bold, then each number format plain and bold (StyleIndex)
        xml.WriteStartElement("cellXfs");
        xml.WriteAttributeString("count", Count(2 + 2 * NumberFormats.Length));
        WriteXf(xml, 0, 0, inCellXfs: true);
        WriteXf(xml, 0, 1, inCellXfs: true);
        for (var i = 0; i < NumberFormats.Length; i++)
        {
            WriteXf(xml, 164 + i, 0, inCellXfs: true);
            WriteXf(xml, 164 + i, 1, inCellXfs: true);
        }
        xml.WriteEndElement();

        xml.WriteStartElement("cellStyles");
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("cellStyle");
        xml.WriteAttributeString("name", "Normal");
        xml.WriteAttributeString("xfId", "0");
        xml.WriteAttributeString("builtinId", "0");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void WriteXf(XmlWriter xml, int numFmtId, int fontId, bool inCellXfs)
    {
        xml.WriteStartElement("xf");
        xml.WriteAttributeString("numFmtId", Count(numFmtId));
        xml.WriteAttributeString("fontId", Count(fontId));
        xml.WriteAttributeString("fillId", "0");
        xml.WriteAttributeString("borderId", "0");
        if (inCellXfs)
        {
            xml.WriteAttributeString("xfId", "0");
            if (numFmtId != 0) xml.WriteAttributeString("applyNumberFormat", "1");
            if (fontId != 0) xml.WriteAttributeString("applyFont", "1");
        }
        xml.WriteEndElement();
    }

    private static void WriteValueElement(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement(name);
        xml.WriteAttributeString("val", value);
        xml.WriteEndElement();
    }

    private void WriteWorkbook(XmlWriter xml)
    {
        xml.WriteStartElement("workbook", MainNs);
        xml.WriteAttributeString("xmlns", "r", null, RelNs);
        xml.WriteStartElement("bookViews");
        xml.WriteStartElement("workbookView");
        xml.WriteAttributeString("activeTab", "0");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement("sheets");
        foreach (var sheet in _sheets)
        {
            xml.WriteStartElement("sheet");
            xml.WriteAttributeString("name", sheet.Name);
            xml.WriteAttributeString("sheetId", Count(sheet.Number));
            xml.WriteAttributeString("id", RelNs, $"rId{sheet.Number}");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        // Excel keeps an autofilter's range as this hidden name too
        var filtered = _sheets.Where(s => s.Options.AutoFilter && s.ColumnsDeclared).ToList();
        if (filtered.Count > 0)
        {
            xml.WriteStartElement("definedNames");
            foreach (var sheet in filtered)
            {
                xml.WriteStartElement("definedName");
                xml.WriteAttributeString("name", "_xlnm._FilterDatabase");
                xml.WriteAttributeString("localSheetId", Count(sheet.Number - 1));
                xml.WriteAttributeString("hidden", "1");
                xml.WriteString($"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!{sheet.FilterRange(absolute: true)}");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private void WriteWorkbookRelationships(XmlWriter xml)
    {
        xml.WriteStartElement("Relationships", PackageRelNs);
        foreach (var sheet in _sheets)
        {
            WriteRelationship(xml, $"rId{sheet.Number}", $"{RelNs}/worksheet", $"worksheets/sheet{sheet.Number}.xml");
        }
        WriteRelationship(xml, $"rId{_sheets.Count + 1}", $"{RelNs}/styles", "styles.xml");
        xml.WriteEndElement();
    }

    private static void WritePackageRelationships(XmlWriter xml)
    {
        xml.WriteStartElement("Relationships", PackageRelNs);
        WriteRelationship(xml, "rId1", $"{RelNs}/officeDocument", "xl/workbook.xml");
        xml.WriteEndElement();
    }

    private static void WriteRelationship(XmlWriter xml, string id, string type, string target)
    {
        xml.WriteStartElement("Relationship");
        xml.WriteAttributeString("Id", id);
        xml.WriteAttributeString("Type", type);
        xml.WriteAttributeString("Target", target);
        xml.WriteEndElement();
    }

    private void WriteContentTypes(XmlWriter xml)
    {
        const string ml = "application/vnd.openxmlformats-officedocument.spreadsheetml";
        xml.WriteStartElement("Types", "http://schemas.openxmlformats.org/package/2006/content-types");
        foreach (var (extension, type) in new[] { ("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("xml", "application/xml") })
        {
            xml.WriteStartElement("Default");
            xml.WriteAttributeString("Extension", extension);
            xml.WriteAttributeString("ContentType", type);
            xml.WriteEndElement();
        }
        void Override(string part, string type)
        {
            xml.WriteStartElement("Override");
            xml.WriteAttributeString("PartName", part);
            xml.WriteAttributeString("ContentType", type);
            xml.WriteEndElement();
        }
        Override("/xl/workbook.xml", $"{ml}.sheet.main+xml");
        Override("/xl/styles.xml", $"{ml}.styles+xml");
        foreach (var sheet in _sheets) Override($"/xl/worksheets/sheet{sheet.Number}.xml", $"{ml}.worksheet+xml");
        xml.WriteEndElement();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the workbook part needs to know of a sheet once it is written.</summary>
    internal sealed class SheetInfo(string name, int number, int columnCount, SheetOptions options)
    {
        public string Name { get; } = name;

        public int Number { get; } = number;

        public int ColumnCount { get; } = columnCount;

        public SheetOptions Options { get; } = options;

        /// <summary>False for the empty sheet added to a workbook given none.</summary>
        public bool ColumnsDeclared { get; set; }

        public long DataRows { get; set; }

        /// <summary>The header and the data rows over every column, e.g. <c>A1:F101</c>.</summary>
        public string FilterRange(bool absolute)
        {
            var d = absolute ? "$" : "";
            return $"{d}A{d}1:{d}{SheetWriter.ColumnName(ColumnCount - 1)}{d}{(DataRows + 1).ToString(CultureInfo.InvariantCulture)}";
        }
    }
}

/// <summary>
/// Writes one sheet's rows (see <see cref="XlsxStreamWriter.AddSheet"/>). The first
/// <see cref="SheetOptions.WidthSampleRows"/> rows are held back to fit the column widths, then every row goes straight
/// to the file.
/// </summary>
public sealed class SheetWriter
{
    /// <summary>Excel's limit on the characters in a cell; a longer text is cut there (Excel would refuse the file).</summary>
    private const int MaxCellText = 32_767;

    /// <summary>Rows are encoded and written once this many characters are buffered.</summary>
    private const int FlushChars = 64 * 1024;

    private static readonly List<string> ColumnNames = [];

    private static readonly string[] StyleTexts = Enumerable.Range(0, 16).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly Stream _entry;
    private readonly XmlWriter _xml;
    private readonly IReadOnlyList<SheetColumn> _columns;
    private readonly XlsxStreamWriter.SheetInfo _info;
    private readonly SheetOptions _options;
    private readonly char[] _number = new char[64];
    private string[] _names = [];
    private char[] _buffer = new char[FlushChars + 8192];
    private byte[] _bytes = [];
    private BlockPump? _pump;
    private int _length;
    private List<XCell[]>? _sample = [];
    private int[] _widths;
    private XCell[] _row;
    private long _rowNumber = 1;
    private bool _finished;

    internal SheetWriter(Stream entry, IReadOnlyList<SheetColumn> columns, XlsxStreamWriter.SheetInfo info)
    {
        _entry = entry;
        _columns = columns;
        _info = info;
        _info.ColumnsDeclared = true;
        _options = info.Options;
        _row = new XCell[columns.Count];
        _widths = new int[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            // the header is bold, and an autofilter's button sits on it
            _widths[i] = ExportValues.DisplayWidth(columns[i].Header ?? "") + 1 + (_options.AutoFilter ? 2 : 0);
        }
        _xml = XlsxStreamWriter.CreateXml(entry);
        _xml.WriteStartDocument(true);
        _xml.WriteStartElement("worksheet", XlsxStreamWriter.MainNs);
        _xml.WriteAttributeString("xmlns", "r", null, XlsxStreamWriter.RelNs);
        WriteSheetViews();
        if (_options.WidthSampleRows <= 0) StartData();
    }

    /// <summary>Data rows written so far (the header not counted).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>
    /// Writes a row typed by the columns' kinds; fewer values than columns leave the rest empty. A value that does not fit
    /// its column's kind (a text in a money column) is written as text.
    /// </summary>
    /// <exception cref="InvalidOperationException">the sheet already holds Excel's maximum of 1,048,575 data rows.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRow(IReadOnlyList<object?> values, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count > _columns.Count)
        {
            throw new ArgumentException($"the row has {values.Count} values but the sheet {_info.Name} has {_columns.Count} columns", nameof(values));
        }
        var row = Take(_columns.Count);
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = new XCell(i < values.Count ? values[i] : null, _columns[i].Kind, bold);
        }
        Add(row);
    }

    /// <summary>Writes a row of cells each with its own kind (a key/value sheet); cells beyond the columns have no header.</summary>
    /// <exception cref="InvalidOperationException">the sheet already holds Excel's maximum of 1,048,575 data rows.</exception>
    public void WriteCells(IReadOnlyList<XCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var row = Take(cells.Count);
        for (var i = 0; i < row.Length; i++) row[i] = cells[i];
        Add(row);
    }

    /// <summary>The column letters of a zero-based column index: 0 → A, 26 → AA.</summary>
    internal static string ColumnName(int index)
    {
        lock (ColumnNames)
        {
            while (ColumnNames.Count <= index)
            {
                var n = ColumnNames.Count + 1;
                var name = "";
                while (n > 0)
                {
                    var r = (n - 1) % 26;
                    name = (char)('A' + r) + name;
                    n = (n - 1) / 26;
                }
                ColumnNames.Add(name);
            }
            return ColumnNames[index];
        }
    }

    /// <summary>Ends the sheet: rows still held back, the autofilter, the end of the part.</summary>
    internal void Finish()
    {
        if (_finished) return;
        _finished = true;
        try
        {
            if (_sample is not null) StartData();
            FlushRows(last: true);
            _pump?.Complete();
            _xml.WriteRaw("</sheetData>");
            if (_options.AutoFilter && _columns.Count > 0)
            {
                _xml.WriteStartElement("autoFilter");
                _xml.WriteAttributeString("ref", _info.FilterRange(absolute: false));
                _xml.WriteEndElement();
            }
            _xml.WriteEndElement(); // worksheet
            _xml.WriteEndDocument();
            _xml.Flush();
        }
        finally
        {
            _pump?.Dispose();
            _xml.Dispose();
            _entry.Dispose();
        }
    }

    /// <summary>A row buffer: a new one while rows are held back for the widths, else the one reused row.</summary>
    private XCell[] Take(int length)
    {
        if (_finished) throw new InvalidOperationException($"the sheet {_info.Name} is closed (a later sheet was added or the workbook was finished)");
        if (RowsWritten >= XlsxStreamWriter.MaxDataRows)
        {
            throw new InvalidOperationException(
                $"工作表 {_info.Name} 已达 Excel 上限 {XlsxStreamWriter.MaxDataRows:N0} 行数据，请改用 CSV 导出 " +
                $"the sheet {_info.Name} already holds Excel's maximum of {XlsxStreamWriter.MaxDataRows:N0} data rows " +
                "(1,048,576 rows with the header); export more rows as CSV");
        }
        if (_sample is not null) return new XCell[length];
        if (_row.Length != length) _row = new XCell[length];
        return _row;
    }

    private void Add(XCell[] row)
    {
        RowsWritten++;
        _info.DataRows = RowsWritten;
        if (_sample is null)
        {
            WriteDataRow(row);
            return;
        }
        Measure(row);
        _sample.Add(row);
        if (_sample.Count >= _options.WidthSampleRows) StartData();
    }

    private void Measure(XCell[] row)
    {
        if (_widths.Length < row.Length) Array.Resize(ref _widths, row.Length);
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i].Value is null or DBNull) continue;
            var text = ExportValues.Display(row[i].Value!, row[i].Kind, _options.FlagTrue, _options.FlagFalse);
            _widths[i] = Math.Max(_widths[i], ExportValues.DisplayWidth(text) + (row[i].Bold ? 1 : 0));
        }
    }

    private void WriteSheetViews()
    {
        _xml.WriteStartElement("sheetViews");
        _xml.WriteStartElement("sheetView");
        if (_info.Number == 1) _xml.WriteAttributeString("tabSelected", "1");
        _xml.WriteAttributeString("workbookViewId", "0");
        if (_options.FreezeHeader)
        {
            _xml.WriteStartElement("pane");
            _xml.WriteAttributeString("ySplit", "1");
            _xml.WriteAttributeString("topLeftCell", "A2");
            _xml.WriteAttributeString("activePane", "bottomLeft");
            _xml.WriteAttributeString("state", "frozen");
            _xml.WriteEndElement();
            _xml.WriteStartElement("selection");
            _xml.WriteAttributeString("pane", "bottomLeft");
            _xml.WriteAttributeString("activeCell", "A2");
            _xml.WriteAttributeString("sqref", "A2");
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    /// <summary>The widths are known: the columns, the header, the rows held back; from here rows are written as they come.</summary>
    private void StartData()
    {
        var sample = _sample ?? [];
        _sample = null;
        if (_widths.Length > 0)
        {
            _xml.WriteStartElement("cols");
            for (var i = 0; i < _widths.Length; i++)
            {
                var width = Math.Min(_options.MaxWidth, Math.Max(6, _widths[i] + 2));
                _xml.WriteStartElement("col");
                _xml.WriteAttributeString("min", Invariant(i + 1));
                _xml.WriteAttributeString("max", Invariant(i + 1));
                _xml.WriteAttributeString("width", width.ToString("0.##", CultureInfo.InvariantCulture));
                _xml.WriteAttributeString("customWidth", "1");
                _xml.WriteEndElement();
            }
            _xml.WriteEndElement();
        }
        // from here the rows go to the entry as UTF-8 directly (see WriteDataRow); the XML writer writes the end
        _xml.WriteRaw("<sheetData>");
        _xml.Flush();
        var header = new XCell[_columns.Count];
        for (var i = 0; i < header.Length; i++) header[i] = new XCell(_columns[i].Header ?? "", CellKind.Text, true);
        _rowNumber = 0;
        WriteDataRow(header);
        foreach (var row in sample) WriteDataRow(row);
    }

    /// <summary>
    /// Rows' XML is put together in <see cref="_buffer"/> (text escaped by <see cref="AppendText"/>) and goes to the
    /// entry as UTF-8 in blocks: a call per cell part through the XML writer's checks and its character-by-character
    /// encoding was most of the time the writer took.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteDataRow(XCell[] row)
    {
        Span<char> rowText = stackalloc char[20];
        (++_rowNumber).TryFormat(rowText, out var rowLength, default, CultureInfo.InvariantCulture);
        rowText = rowText[..rowLength];
        Append("<row r=\"");
        Append(rowText);
        Append("\">");
        for (var i = 0; i < row.Length; i++)
        {
            var value = row[i].Value;
            if (value is null or DBNull) continue;
            if (i >= _names.Length) _names = Enumerable.Range(0, i + 1).Select(ColumnName).ToArray();
            AppendCell(_names[i], rowText, value, row[i].Kind, row[i].Bold);
        }
        Append("</row>");
        if (_length >= FlushChars) FlushRows();
    }

    /// <summary>
    /// The buffered rows as UTF-8 to the entry: from the first full block on through a <see cref="BlockPump"/> (the
    /// compression on its own thread); a sheet that fits one block is written directly.
    /// </summary>
    private void FlushRows(bool last = false)
    {
        if (_length == 0) return;
        var needed = Encoding.UTF8.GetMaxByteCount(_length);
        if (_pump is null && !last) _pump = new BlockPump(_entry);
        if (_pump is null)
        {
            if (_bytes.Length < needed) _bytes = new byte[needed];
            _entry.Write(_bytes, 0, Encoding.UTF8.GetBytes(_buffer, 0, _length, _bytes, 0));
        }
        else
        {
            var block = _pump.Rent(needed);
            _pump.Write(block, Encoding.UTF8.GetBytes(_buffer, 0, _length, block, 0));
        }
        _length = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AppendCell(string column, ReadOnlySpan<char> rowText, object value, CellKind kind, bool bold)
    {
        if (kind is not (CellKind.Text or CellKind.Flag))
        {
            if (TryFormatNumber(value, kind, _number, out var length))
            {
                CellStart(column, rowText, XlsxStreamWriter.StyleIndex(kind, asNumber: true, bold));
                Append("\"><v>");
                Append(_number.AsSpan(0, length));
                Append("</v></c>");
                return;
            }
        }
        var text = ExportValues.Text(value, _options.FlagTrue, _options.FlagFalse);
        if (text.Length > MaxCellText) text = text[..(char.IsHighSurrogate(text[MaxCellText - 1]) ? MaxCellText - 1 : MaxCellText)];
        CellStart(column, rowText, XlsxStreamWriter.StyleIndex(kind, asNumber: false, bold));
        var preserve = text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) || text.Contains('\n', StringComparison.Ordinal));
        Append(preserve ? "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" : "\" t=\"inlineStr\"><is><t>");
        AppendText(text);
        Append("</t></is></c>");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CellStart(string column, ReadOnlySpan<char> rowText, int style)
    {
        Append("<c r=\"");
        Append(column);
        Append(rowText);
        if (style != 0)
        {
            Append("\" s=\"");
            Append(StyleText(style));
        }
    }

    private static string StyleText(int style) => style < StyleTexts.Length ? StyleTexts[style] : Invariant(style);

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>
    /// Text as XML character data: <c>&amp; &lt; &gt;</c> escaped, a carriage return kept as <c>&amp;#xD;</c>, and the
    /// characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates) dropped — they would make the
    /// file unreadable and carry nothing a reader of an export could see.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AppendText(string text)
    {
        Reserve(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch >= 0x20 && ch is not ('&' or '<' or '>') && !char.IsSurrogate(ch) && ch < '\uFFFE')
            {
                if (_length == _buffer.Length) Reserve(text.Length - i + 16);
                _buffer[_length++] = ch;
                continue;
            }
            switch (ch)
            {
                case '&': Append("&amp;"); break;
                case '<': Append("&lt;"); break;
                case '>': Append("&gt;"); break;
                case '\r': Append("&#xD;"); break;
                case '\n' or '\t': Append([ch]); break;
                default:
                    if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        Append([ch, text[++i]]);
                    }
                    break;
            }
        }
    }

    /// <summary>The value as the number Excel stores (a date as its serial number), when it fits the kind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryFormatNumber(object value, CellKind kind, Span<char> into, out int length)
    {
        var c = CultureInfo.InvariantCulture;
        length = 0;
        if (kind is CellKind.Date or CellKind.DateTime)
        {
            if (!ExportValues.TryDate(value, out var date) || ExportValues.ExcelSerial(date) is not { } serial) return false;
            // a date alone is a whole number of days (formatting it as a double took twice as long)
            return date.TimeOfDay == TimeSpan.Zero
                ? ((long)serial).TryFormat(into, out length, default, c)
                : serial.TryFormat(into, out length, "R", c);
        }
        return value switch
        {
            decimal d => d.TryFormat(into, out length, default, c),
            int i => i.TryFormat(into, out length, default, c),
            long l => l.TryFormat(into, out length, default, c),
            short s => s.TryFormat(into, out length, default, c),
            byte b => b.TryFormat(into, out length, default, c),
            double x => double.IsFinite(x) && x.TryFormat(into, out length, "R", c),
            float f => float.IsFinite(f) && f.TryFormat(into, out length, "R", c),
            _ => false,
        };
    }

    private static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);
}
