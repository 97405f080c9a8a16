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
}
