using System.Globalization;
using ClosedXML.Excel;
using Cockpit.Warehouse.Kpis;

namespace Cockpit.Web.Exports;

/// <summary>
/// A drill-down as an Excel workbook: the rows (typed cells; text stays text, so a value such as "=1+2" or a credit
/// code is never a formula or a number) and a summary sheet with the figure the rows reconcile to.
/// </summary>
public static class DrillWorkbook
{
    /// <summary>Excel's row limit, less the header.</summary>
    public const int MaxRows = 1_048_575;

    public sealed record Summary(string KpiName, string Formula, string Value, KpiResult Figure, string Filters, string BuildId, long RunId, string ExportedBy, DateTime ExportedAt);

    public static long Write(Stream output, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, Summary summary)
    {
        using var book = new XLWorkbook();
        var data = book.Worksheets.Add("数据 Data");
        for (var c = 0; c < columns.Count; c++)
        {
            // the auditor's name for the column, with the SQL name it has in the definition (lineage)
            data.Cell(1, c + 1).SetValue($"{KpiColumns.Name(columns[c], chinese: true)} ({columns[c]})");
            data.Column(c + 1).Width = 16;
        }
        data.Row(1).Style.Font.Bold = true;
        long count = 0;
        var row = 2;
        foreach (var values in rows)
        {
            if (count >= MaxRows) throw new InvalidOperationException($"more than {MaxRows:N0} rows: too many for one Excel sheet");
            for (var c = 0; c < values.Length; c++) Set(data.Cell(row, c + 1), values[c]);
            row++;
            count++;
        }
        data.SheetView.FreezeRows(1);
        if (columns.Count > 0) data.Range(1, 1, Math.Max(1, row - 1), columns.Count).SetAutoFilter();

        var sheet = book.Worksheets.Add("汇总 Summary");
        string[][] lines =
        [
            ["指标 KPI", summary.KpiName],
            ["指标值 Figure", summary.Value],
            ["明细行数 Rows", count.ToString("N0", CultureInfo.InvariantCulture)],
            ["分子合计 Σ numerator", (summary.Figure.Numerator ?? 0).ToString("N2", CultureInfo.InvariantCulture)],
            ["分母合计 Σ denominator", (summary.Figure.Denominator ?? 0).ToString("N2", CultureInfo.InvariantCulture)],
            ["口径 Formula", summary.Formula],
            ["筛选 Filters", summary.Filters],
            ["数据版本 Build", $"{summary.BuildId} (ETL #{summary.RunId})"],
            ["导出人 Exported by", summary.ExportedBy],
            ["导出时间 Exported at (China time)", summary.ExportedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)],
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            sheet.Cell(i + 1, 1).SetValue(lines[i][0]);
            sheet.Cell(i + 1, 2).SetValue(lines[i][1]);
        }
        sheet.Column(1).Width = 32;
        sheet.Column(2).Width = 60;
        book.SaveAs(output);
        return count;
    }

    private static void Set(IXLCell cell, object? value, string? format = null) => ExcelCells.Set(cell, value, format);
}
