using System.Globalization;
using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;

namespace Cockpit.Etl.Demo;

/// <summary>Writes inbox files the way departments produce them: Excel's CSV flavours and XLSX workbooks.</summary>
public static partial class InboxFileWriter
{

    public static void Write(string directory, InboxFile file)
    {
        var path = Path.Combine(directory, file.Name);
        if (file.CopyOf is not null)
        {
            File.Copy(Path.Combine(directory, file.CopyOf), path, overwrite: true);
            return;
        }
        switch (file.Format)
        {
            case InboxFormat.CsvUtf8:
                WriteCsv(path, file.Rows, new UTF8Encoding(false), "\n");
                break;
            case InboxFormat.CsvUtf8Bom:
                WriteCsv(path, file.Rows, new UTF8Encoding(true), "\r\n");
                break;
            case InboxFormat.CsvGb18030:
                WriteCsv(path, file.Rows, TextEncodings.Gb18030, "\r\n");
                break;
            case InboxFormat.Xlsx:
                WriteXlsx(path, file.Rows);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(file), file.Format, "unknown inbox format");
        }
    }

    private static void WriteCsv(string path, IReadOnlyList<IReadOnlyList<object?>> rows, Encoding encoding, string newLine)
    {
        using var stream = File.Create(path);
        using var writer = new StreamWriter(stream, encoding) { NewLine = newLine };
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(',', row.Select(v => Quote(Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""))));
        }
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    /// <summary>
    /// One sheet, header in row 1. Dates and timestamps are real date cells. The package is rewritten with fixed
    /// entry times and document dates so the same content gives the same bytes.
    /// </summary>
    private static void WriteXlsx(string path, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.Worksheets.Add("Sheet1");
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < rows[r].Count; c++)
                {
                    var cell = sheet.Cell(r + 1, c + 1);
                    switch (rows[r][c])
                    {
                        case null:
                            break;
                        case DateOnly d:
                            cell.Value = d.ToDateTime(TimeOnly.MinValue);
                            cell.Style.DateFormat.Format = "yyyy-mm-dd";
                            break;
                        case DateTime t:
                            cell.Value = t;
                            cell.Style.DateFormat.Format = "yyyy-mm-dd hh:mm";
                            break;
                        case int i:
                            cell.Value = i;
                            break;
                        case decimal m:
                            cell.Value = m;
                            break;
                        case string s:
                            cell.SetValue(s); // text stays text: no number or formula guessing
                            break;
                        default:
                            cell.SetValue(Convert.ToString(rows[r][c], CultureInfo.InvariantCulture));
                            break;
                    }
                }
            }
            sheet.Row(1).Style.Font.Bold = true;
            for (var c = 1; c <= (rows.Count > 0 ? rows[0].Count : 0); c++) sheet.Column(c).Width = 18;
            var fixedTime = new DateTime(2020, 1, 1);
            workbook.Properties.Created = fixedTime;
            workbook.Properties.Modified = fixedTime;
            workbook.Properties.Author = "江州市融资担保有限公司";
            workbook.SaveAs(buffer);
        }
        buffer.Position = 0;
        Normalise(buffer, path);
    }

    /// <summary>
    /// The packaging layer names the core-properties part and package relationships with random GUIDs: rename
    /// them deterministically, and copy the entries in name order with a fixed time.
    /// </summary>
    private static void Normalise(Stream source, string path)
    {
        using var input = new ZipArchive(source, ZipArchiveMode.Read);
        var parts = new List<(string Name, byte[] Bytes)>();
        foreach (var entry in input.Entries)
        {
            using var from = entry.Open();
            using var copy = new MemoryStream();
            from.CopyTo(copy);
            parts.Add((entry.FullName, copy.ToArray()));
        }
        var ids = new Dictionary<string, string>();
        string Rename(string text)
        {
            text = RandomPartName().Replace(text, "core.psmdcp");
            return RandomRelationshipId().Replace(text, m =>
            {
                if (!ids.TryGetValue(m.Value, out var id)) ids[m.Value] = id = $"Id=\"Rel{ids.Count + 1}\"";
                return id;
            });
        }
        using var output = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, bytes) in parts.Select(p => (Name: Rename(p.Name), p.Bytes)).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var target = output.CreateEntry(name, CompressionLevel.Optimal);
            target.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var to = target.Open();
            if (name.EndsWith(".rels", StringComparison.Ordinal))
            {
                to.Write(Encoding.UTF8.GetBytes(Rename(Encoding.UTF8.GetString(bytes))));
            }
            else
            {
                to.Write(bytes);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9a-f]{32}\\.psmdcp")]
    private static partial System.Text.RegularExpressions.Regex RandomPartName();

    [System.Text.RegularExpressions.GeneratedRegex("Id=\"R[0-9a-f]{16}\"")]
    private static partial System.Text.RegularExpressions.Regex RandomRelationshipId();
}
