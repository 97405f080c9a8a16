using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;

namespace Cockpit.Etl.Pipeline.Inbox;

/// <summary>
/// A file's rows: cells are strings (CSV) or typed values (XLSX: string, double, DateTime, bool). A CSV row keeps the
/// fields it has, so that a row with more or fewer fields than the header can be quarantined rather than cut.
/// </summary>
/// <param name="Header">The header row's names, trimmed.</param>
/// <param name="Rows">The data rows with their spreadsheet row numbers (header = row 1); blank rows left out.</param>
/// <param name="IsCsv">CSV rows keep their own field count; XLSX rows are as wide as the header.</param>
/// <param name="Sheet">The sheet read (XLSX), else null.</param>
/// <param name="OtherSheets">The other sheets' names and header rows (XLSX), read only when the first sheet lacks a
/// required column: to name the sheet where the data is.</param>
internal sealed record InboxTable(
    IReadOnlyList<string> Header, IReadOnlyList<(int RowNumber, object?[] Cells)> Rows, bool IsCsv,
    string? Sheet = null, IReadOnlyList<(string Sheet, IReadOnlyList<string> Header)>? OtherSheets = null);

/// <summary>
/// Reads inbox files. CSV: UTF-8 (with or without BOM) or GB18030, detected; UTF-16/UTF-32, another delimiter, a
/// workbook under a .csv name and an unclosed quote are refused naming the cause. XLSX: the first sheet; a file that
/// is not a workbook is refused, and the reader reports the other sheets' headers so that data on another sheet is
/// refused naming that sheet. Every refusal is an <see cref="InboxFileException"/>.
/// </summary>
internal static class InboxFileReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>GB18030 whose undecodable bytes become U+FFFD (not the code page's default "?"), so that the cell holding
    /// them is quarantined as invalid text instead of loading with a question mark.</summary>
    private static readonly Encoding Gb18030 = Encoding.GetEncoding(
        TextEncodings.Gb18030.CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));

    /// <summary>
    /// A workbook's parts may expand to at most this many times the file's size limit (200 MB of XML at the default
    /// 50 MB): a workbook is read whole into memory, so a zip bomb or a sheet of millions of rows is refused unread.
    /// </summary>
    private const long MaxExpansion = 4;

    /// <summary>Decodes CSV bytes: a UTF-8 BOM means UTF-8; bytes that are valid UTF-8 are UTF-8; otherwise GB18030.</summary>
    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (Utf16Or32(bytes) is { } wide)
        {
            throw new InboxFileException(ReasonKeys.UnsupportedEncoding,
                $"文件以 {wide} 编码保存 (Excel 的“Unicode 文本”)，不支持：请另存为“CSV UTF-8 (逗号分隔)”或 GB18030 编码的 CSV",
                $"the file is encoded as {wide} (Excel's 'Unicode Text'), which is not accepted: save it as 'CSV UTF-8 (comma delimited)' or as GB18030 CSV");
        }
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            try
            {
                return (StrictUtf8.GetString(bytes, 3, bytes.Length - 3), "UTF-8 BOM");
            }
            catch (DecoderFallbackException)
            {
                // a BOM followed by bytes that are not UTF-8: decoded leniently, the broken cells are quarantined
                return (Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), "UTF-8 BOM");
            }
        }
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Gb18030.GetString(bytes), "GB18030");
        }
    }

    /// <summary>UTF-32 or UTF-16 by their BOM, or UTF-16 without BOM by its NUL bytes (ASCII header names are every other byte).</summary>
    private static string? Utf16Or32(byte[] b)
    {
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) return "UTF-32 LE";
        if (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF) return "UTF-32 BE";
        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return "UTF-16 LE";
        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return "UTF-16 BE";
        var sample = Math.Min(b.Length, 4096) & ~1;
        if (sample < 8) return null;
        int even = 0, odd = 0;
        for (var i = 0; i < sample; i += 2)
        {
            if (b[i] == 0) even++;
            if (b[i + 1] == 0) odd++;
        }
        var pairs = sample / 2;
        if (odd > pairs * 0.3 && even < pairs * 0.05) return "UTF-16 LE";
        if (even > pairs * 0.3 && odd < pairs * 0.05) return "UTF-16 BE";
        return null;
    }

    public static InboxTable Read(string path, byte[] bytes, long maxBytes, IReadOnlyCollection<string> required) =>
        Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(bytes, maxBytes, required) : ReadCsv(bytes);

    public static InboxTable ReadCsv(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4)
        {
            throw new InboxFileException(ReasonKeys.UnsupportedFile, "这是一个 Excel 工作簿 (zip)，却以 .csv 命名：请改名为 .xlsx 或另存为 CSV",
                "this is an Excel workbook (a zip package) named .csv: rename it .xlsx or save it as CSV");
        }
        var (text, _) = Decode(bytes);
        var records = ParseCsv(text);
        if (records.Count == 0 || records.Count == 1 && records[0].All(string.IsNullOrWhiteSpace))
        {
            throw new InboxFileException(ReasonKeys.EmptyFile, "文件为空，没有表头", "the file is empty: it has no header row");
        }
        // Excel's "sep=;" first line names the delimiter: a comma is fine (the line is skipped), another is refused
        var headerAt = records.Count > 1 && records[0].Length <= 2 && records[0][0].StartsWith("sep=", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (headerAt == 1 && records[0].Length == 1 && Delimiter(records[0][0][4..]) is { } declared)
        {
            throw new InboxFileException(ReasonKeys.WrongDelimiter, $"文件声明以{declared.Zh}分隔 (sep=)，不是逗号：请另存为逗号分隔的 CSV",
                $"the file declares itself {declared.En}-delimited (sep=), not comma-delimited: save the file as comma-separated CSV");
        }
        var header = records[headerAt].Select(h => h.Replace("\uFEFF", "", StringComparison.Ordinal).Trim()).ToList();
        if (header.Count == 1 && Delimiter(header[0]) is { } delimiter)
        {
            throw new InboxFileException(ReasonKeys.WrongDelimiter, $"表头以{delimiter.Zh}分隔，不是逗号：请另存为逗号分隔的 CSV",
                $"the header is {delimiter.En}-delimited, not comma-delimited: save the file as comma-separated CSV");
        }
        if (header.Any(h => h.Any(c => char.IsControl(c) && c != '\t' || c == '\uFFFD')))
        {
            throw new InboxFileException(ReasonKeys.UnsupportedEncoding, "表头含有控制字符或无法解码的字节：这不是 UTF-8 或 GB18030 编码的 CSV 文本",
                "the header holds control characters or undecodable bytes: this is not CSV text in UTF-8 or GB18030");
        }
        var rows = new List<(int, object?[])>();
        for (var i = headerAt + 1; i < records.Count; i++)
        {
            if (records[i].All(string.IsNullOrWhiteSpace)) continue;
            rows.Add((i + 1, records[i].Cast<object?>().ToArray()));
        }
        return new InboxTable(header, rows, IsCsv: true);
    }

    private static (string Zh, string En)? Delimiter(string header) =>
        header.Contains(';') ? ("分号", "semicolon")
        : header.Contains('；') ? ("全角分号", "full-width semicolon")
        : header.Contains('\t') ? ("制表符", "tab")
        : header.Contains('|') ? ("竖线", "pipe (|)")
        : null;

    /// <summary>RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF.</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        var quoteOpenedOn = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; quoteOpenedOn = records.Count + 1; break;
                case ',': record.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': break;
                case '\r': // a lone CR ends a line too (old Mac line endings): never one giant header row
                case '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add([.. record]);
                    record.Clear();
                    any = false;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted)
        {
            throw new InboxFileException(ReasonKeys.UnclosedQuote, $"第 {quoteOpenedOn} 行的引号未闭合，其后的内容无法分行读取",
                $"a quoted field opened on row {quoteOpenedOn} is never closed, so the rest of the file cannot be split into rows");
        }
        if (any || field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add([.. record]);
        }
        return records;
    }

    public static InboxTable ReadXlsx(byte[] bytes, long maxBytes, IReadOnlyCollection<string> required)
    {
        CheckWorkbookPackage(bytes, maxBytes);
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(new MemoryStream(bytes, writable: false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InboxFileException(ReasonKeys.NotAWorkbook, $"Excel 工作簿已损坏，无法打开：{e.Message}",
                $"the Excel workbook is damaged and cannot be opened: {e.Message}");
        }
        using (workbook)
        {
            var sheets = workbook.Worksheets.OrderBy(s => s.Position).ToList();
            if (sheets.Count == 0) throw new InboxFileException(ReasonKeys.EmptyFile, "工作簿没有工作表", "the workbook has no sheet");
            var first = sheets[0];
            var used = first.RangeUsed();
            var header = HeaderOf(first, used);
            List<(string, IReadOnlyList<string>)>? others = null;
            if (!required.All(c => header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            {
                others = sheets.Skip(1).Select(s => (s.Name, (IReadOnlyList<string>)HeaderOf(s, s.RangeUsed()))).ToList();
            }
            if (used is null) return new InboxTable([], [], IsCsv: false, first.Name, others);
            var firstColumn = used.FirstColumn().ColumnNumber();
            var lastColumn = used.LastColumn().ColumnNumber();
            var firstRow = used.FirstRow().RowNumber();
            var rows = new List<(int, object?[])>();
            for (var r = firstRow + 1; r <= used.LastRow().RowNumber(); r++)
            {
                var cells = Enumerable.Range(firstColumn, lastColumn - firstColumn + 1).Select(c => CellValue(first.Cell(r, c))).ToArray();
                if (cells.All(v => v is null || v is string s && string.IsNullOrWhiteSpace(s))) continue;
                rows.Add((r, cells));
            }
            return new InboxTable(header, rows, IsCsv: false, first.Name, others);
        }
    }

    /// <summary>The first used row of a sheet as header names; empty for an empty sheet.</summary>
    private static List<string> HeaderOf(IXLWorksheet sheet, IXLRange? used)
    {
        if (used is null) return [];
        var row = used.FirstRow().RowNumber();
        return Enumerable.Range(used.FirstColumn().ColumnNumber(), used.ColumnCount())
            .Select(c => Convert.ToString(CellValue(sheet.Cell(row, c)), System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "")
            .ToList();
    }

    /// <summary>Refuses, before ClosedXML sees it, what is not an Open XML workbook: not a zip, an old .xls, a zip of something else.</summary>
    private static void CheckWorkbookPackage(byte[] bytes, long maxBytes)
    {
        if (bytes.Length >= 4 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
        {
            throw new InboxFileException(ReasonKeys.NotAWorkbook, "这是旧版 Excel 97-2003 (.xls) 文件，却以 .xlsx 命名：请在 Excel 中另存为 .xlsx",
                "this is an old Excel 97-2003 (.xls) file named .xlsx: save it as .xlsx in Excel");
        }
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            if (!names.Any(n => n.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase))
                || !names.Any(n => n.EndsWith("/workbook.xml", StringComparison.OrdinalIgnoreCase)))
            {
                throw new InboxFileException(ReasonKeys.NotAWorkbook, "这是一个 zip 压缩包，但不是 Excel 工作簿 (没有 workbook.xml)",
                    "this is a zip archive but not an Excel workbook (it has no workbook.xml)");
            }
            var expanded = zip.Entries.Sum(e => e.Length);
            var limit = maxBytes > long.MaxValue / MaxExpansion ? long.MaxValue : maxBytes * MaxExpansion;
            if (expanded > limit)
            {
                throw new InboxFileException(ReasonKeys.FileTooLarge, $"工作簿解压后为 {InboxFolder.Size(expanded)}，超过上限 {InboxFolder.Size(limit)}",
                    $"the workbook expands to {InboxFolder.Size(expanded)}, more than the limit of {InboxFolder.Size(limit)}");
            }
        }
        catch (InvalidDataException e)
        {
            throw new InboxFileException(ReasonKeys.NotAWorkbook, $"不是 Excel 工作簿：文件不是有效的 xlsx (zip) 格式，可能已损坏或只是改了扩展名 ({e.Message})",
                $"not an Excel workbook: the file is not a valid .xlsx (zip) package; it may be damaged or merely renamed ({e.Message})");
        }
    }

    /// <summary>
    /// A cell's value; a formula is never evaluated into the data: its cached value or, without one, its text. A cell
    /// ClosedXML cannot type (a date format on a number no date can hold) gives its text.
    /// </summary>
    private static object? CellValue(IXLCell cell)
    {
        try
        {
            if (cell.IsEmpty()) return null;
            if (cell.HasFormula)
            {
                var cached = cell.CachedValue;
                return cached is null || cached is string { Length: 0 } ? "=" + cell.FormulaA1 : cached;
            }
            return cell.DataType switch
            {
                XLDataType.DateTime => cell.GetDateTime(),
                XLDataType.Number => cell.GetDouble(),
                XLDataType.Boolean => cell.GetBoolean(),
                XLDataType.TimeSpan => cell.GetString(),
                _ => cell.GetString(),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            try
            {
                return cell.GetString();
            }
            catch (Exception e2) when (e2 is not OutOfMemoryException)
            {
                return "#" + e.GetType().Name;
            }
        }
    }
}
