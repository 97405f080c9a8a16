using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using Cockpit.Etl.Demo;

namespace Cockpit.Tests.Etl;

/// <summary>
/// A deliberately simple reader for the tests: CSV with BOM / strict-UTF-8 / GB18030 detection, and XLSX through
/// ClosedXML. Cells come back as text (dates as yyyy-MM-dd or yyyy-MM-dd HH:mm:ss).
/// </summary>
public static class InboxTestReader
{
    public static List<string[]> Read(string path) =>
        path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(path) : ReadCsv(File.ReadAllBytes(path));

    public static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Cockpit.Etl.TextEncodings.Gb18030.GetString(bytes);
        }
    }

    public static List<string[]> ReadCsv(byte[] bytes)
    {
        var text = Decode(bytes);
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add([.. row]); }
        return rows;
    }

    public static List<string[]> ReadXlsx(string path)
    {
        using var workbook = new XLWorkbook(path);
        var sheet = workbook.Worksheet(1);
        var used = sheet.RangeUsed();
        var rows = new List<string[]>();
        if (used is null) return rows;
        var columns = used.ColumnCount();
        foreach (var r in used.Rows())
        {
            rows.Add(Enumerable.Range(1, columns).Select(c => CellText(r.Cell(c))).ToArray());
        }
        return rows;
    }

    private static string CellText(IXLCell cell) => cell.DataType switch
    {
        XLDataType.DateTime => cell.GetDateTime() is var d && d.TimeOfDay == TimeSpan.Zero && !cell.Style.DateFormat.Format.Contains("hh")
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        XLDataType.Number => cell.GetDouble().ToString(CultureInfo.InvariantCulture),
        _ => cell.GetString(),
    };
}
