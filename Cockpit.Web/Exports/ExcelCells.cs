using System.Globalization;
using ClosedXML.Excel;

namespace Cockpit.Web.Exports;

/// <summary>
/// How every export writes a value: numbers as numbers (amounts with separators and 2 decimals unless told
/// otherwise), dates as dates, and text as text — identifiers and anything typed by a person stay text, never a
/// formula or a number.
/// </summary>
public static class ExcelCells
{
    public const string Money = "#,##0.00";

    public static void Set(IXLCell cell, object? value, string? format = null)
    {
        switch (value)
        {
            case null:
                break;
            case decimal m:
                cell.SetValue(m);
                cell.Style.NumberFormat.Format = format ?? Money;
                break;
            case double d:
                cell.SetValue(d);
                cell.Style.NumberFormat.Format = format ?? Money;
                break;
            case int or long or short:
                cell.SetValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                if (format is not null) cell.Style.NumberFormat.Format = format;
                break;
            case DateOnly day:
                cell.SetValue(day.ToDateTime(TimeOnly.MinValue));
                cell.Style.DateFormat.Format = "yyyy-mm-dd";
                break;
            case DateTime time:
                cell.SetValue(time);
                cell.Style.DateFormat.Format = time.TimeOfDay == TimeSpan.Zero ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm";
                break;
            case bool b:
                cell.SetValue(b);
                break;
            default:
                cell.DataType = XLDataType.Text;
                cell.SetValue(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    /// <summary>
    /// Column widths from the text they hold (a Chinese character is two widths), 10 to 60: ClosedXML's own fitting
    /// measures with system fonts, which a server may not have.
    /// </summary>
    public static void Fit(IXLWorksheet sheet, int columns, int lastRow)
    {
        for (var c = 1; c <= columns; c++)
        {
            var widest = Enumerable.Range(1, Math.Max(1, lastRow))
                .Select(r => sheet.Cell(r, c))
                .Select(cell => cell.DataType == XLDataType.Number ? cell.GetFormattedString().Length + 2
                    : cell.GetString().Sum(ch => ch > 0x2E80 ? 2 : 1))
                .DefaultIfEmpty(0).Max();
            sheet.Column(c).Width = Math.Clamp(widest + 2, 10, 60);
        }
    }
}
