using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Cockpit.Warehouse.Exports;

/// <summary>
/// Writes a CSV file straight to a stream, row by row: UTF-8 with a byte-order mark (so Excel reads the Chinese
/// right), RFC 4180 quoting, CRLF line ends, a header row. For exports beyond Excel's 1,048,576 rows. Values are read
/// as <see cref="XlsxStreamWriter"/> reads them: money plain (<c>1234567.89</c>), rates as percentages
/// (<c>12.34%</c>), dates ISO (<c>2026-11-30</c>), flags 是/否; a value that does not fit its column's kind is
/// written as text. The output stream is left open.
/// </summary>
public sealed class CsvStreamWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly IReadOnlyList<SheetColumn> _columns;
    private readonly string _flagTrue;
    private readonly string _flagFalse;
    private bool _disposed;

    /// <summary>A CSV file with a header row of <paramref name="columns"/>, written to <paramref name="output"/>.</summary>
    public CsvStreamWriter(Stream output, IReadOnlyList<SheetColumn> columns, string flagTrue = "是", string flagFalse = "否")
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(columns);
        _columns = columns;
        _flagTrue = flagTrue;
        _flagFalse = flagFalse;
        _writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        for (var i = 0; i < columns.Count; i++)
        {
            if (i > 0) _writer.Write(',');
            WriteField(GuardText(columns[i].Header ?? ""));
        }
        _writer.Write("\r\n");
    }

    /// <summary>Data rows written so far (the header not counted).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes a row typed by the columns' kinds; fewer values than columns leave the rest empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteRow(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (values.Count > _columns.Count)
        {
            throw new ArgumentException($"the row has {values.Count} values but the file has {_columns.Count} columns", nameof(values));
        }
        for (var i = 0; i < _columns.Count; i++)
        {
            if (i > 0) _writer.Write(',');
            if (i < values.Count) WriteValue(values[i], _columns[i].Kind);
        }
        _writer.Write("\r\n");
        RowsWritten++;
    }

    /// <summary>Writes a row of cells each with its own kind (bold has no meaning in CSV).</summary>
    public void WriteCells(IReadOnlyList<XCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) _writer.Write(',');
            WriteValue(cells[i].Value, cells[i].Kind);
        }
        _writer.Write("\r\n");
        RowsWritten++;
    }

    /// <summary>Writes what is buffered to the stream.</summary>
    public void Flush() => _writer.Flush();

    /// <summary>Writes what is buffered; the output stream stays open.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Dispose();
    }

    /// <summary>The field's text as a spreadsheet should read it back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string Format(object value, CellKind kind, string flagTrue, string flagFalse)
    {
        var c = CultureInfo.InvariantCulture;
        if (!ExportValues.FitsKind(value, kind)) return GuardText(ExportValues.Text(value, flagTrue, flagFalse));
        if (kind is CellKind.Date or CellKind.DateTime)
        {
            ExportValues.TryDate(value, out var d);
            return kind == CellKind.Date || (d.TimeOfDay == TimeSpan.Zero && value is DateOnly)
                ? d.ToString("yyyy-MM-dd", c)
                : d.ToString("yyyy-MM-dd HH:mm:ss", c);
        }
        ExportValues.TryNumber(value, out var number, out var exact);
        return kind switch
        {
            // percent: the fraction as a percentage, two decimals at least (0.1234 → 12.34%)
            CellKind.Percent => (exact is { } e ? (e * 100).ToString("0.00##", c) : (number * 100).ToString("0.00##", c)) + "%",
            // money: plain yuan, no thousands separators, two decimals at least
            CellKind.Money => exact is { } m ? m.ToString("0.00########", c) : number.ToString("0.00########", c),
            _ => exact is { } x ? x.ToString(c) : number.ToString("R", c),
        };
    }

    /// <summary>
    /// CSV injection guard: a text that starts like a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, or a tab or
    /// carriage return that some spreadsheets skip) gets a leading <c>'</c>, so a spreadsheet opening the file shows it
    /// as text instead of running it (<c>=HYPERLINK(...)</c> in a customer's name). Only text is guarded: a negative
    /// number in a number column stays <c>-5</c>.
    /// </summary>
    private static string GuardText(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteValue(object? value, CellKind kind)
    {
        if (value is null or DBNull) return;
        WriteField(Format(value, kind, _flagTrue, _flagFalse));
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteField(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(text);
            return;
        }
        _writer.Write('"');
        _writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }
}
