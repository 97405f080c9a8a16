using System.Text;
using ClosedXML.Excel;

namespace Cockpit.Etl.Pipeline.Inbox;

/// <summary>A file's rows: cells are strings (CSV) or typed values (XLSX: string, double, DateTime, bool).</summary>
internal sealed record InboxTable(IReadOnlyList<string> Header, IReadOnlyList<(int RowNumber, object?[] Cells)> Rows);

/// <summary>Reads inbox files: CSV in UTF-8 (with or without BOM) or GB18030, detected; XLSX's first sheet.</summary>
internal static class InboxFileReader
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);


    /// <summary>Decodes CSV bytes: a UTF-8 BOM means UTF-8; bytes that are valid UTF-8 are UTF-8; otherwise GB18030.</summary>
    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return (StrictUtf8.GetString(bytes, 3, bytes.Length - 3), "UTF-8 BOM");
        }
        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (TextEncodings.Gb18030.GetString(bytes), "GB18030");
        }
    }

    public static InboxTable Read(string path, byte[] bytes) =>
        Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(bytes) : ReadCsv(bytes);

    public static InboxTable ReadCsv(byte[] bytes)
    {
        var (text, _) = Decode(bytes);
        var records = ParseCsv(text);
        if (records.Count == 0) throw new InvalidDataException("文件为空 the file is empty");
        var header = records[0].Select(h => h.Trim()).ToList();
        var rows = new List<(int, object?[])>();
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].All(string.IsNullOrWhiteSpace)) continue;
            rows.Add((i + 1, records[i].Cast<object?>().ToArray()));
        }
        return new InboxTable(header, rows);
    }

    /// <summary>RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF.</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
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
                case '"': quoted = true; any = true; break;
                case ',': record.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
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
        if (quoted) throw new InvalidDataException("引号未闭合 a quoted field is not closed");
        if (any || field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add([.. record]);
        }
        return records;
    }

    public static InboxTable ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var workbook = new XLWorkbook(stream);
        var sheet = workbook.Worksheets.FirstOrDefault() ?? throw new InvalidDataException("工作簿没有工作表 the workbook has no sheet");
        var used = sheet.RangeUsed();
        if (used is null) throw new InvalidDataException("工作表为空 the sheet is empty");
        var firstColumn = used.FirstColumn().ColumnNumber();
        var lastColumn = used.LastColumn().ColumnNumber();
        var firstRow = used.FirstRow().RowNumber();
        var header = Enumerable.Range(firstColumn, lastColumn - firstColumn + 1)
            .Select(c => sheet.Cell(firstRow, c).GetString().Trim()).ToList();
        var rows = new List<(int, object?[])>();
        for (var r = firstRow + 1; r <= used.LastRow().RowNumber(); r++)
        {
            var cells = Enumerable.Range(firstColumn, lastColumn - firstColumn + 1).Select(c => CellValue(sheet.Cell(r, c))).ToArray();
            if (cells.All(v => v is null || v is string s && string.IsNullOrWhiteSpace(s))) continue;
            rows.Add((r, cells));
        }
        return new InboxTable(header, rows);
    }

    /// <summary>A cell's value; a formula is never evaluated into the data: its cached value or, without one, its text.</summary>
    private static object? CellValue(IXLCell cell)
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
}
