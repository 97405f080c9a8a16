using Cockpit.Etl.Pipeline;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Exports;
using Cockpit.Web.Security;

namespace Cockpit.Web.Services;

/// <summary>
/// The rows a run quarantined, filtered by source, column and reason key. The default run is the last one that is not
/// running, as the ETL CLI's <c>quarantine</c> command reads it.
/// </summary>
public sealed record QuarantineView(RunLog? Run, IReadOnlyList<QuarantineEntry> All, IReadOnlyList<QuarantineEntry> Rows)
{
    /// <summary>The run asked for (or the last finished one) and its rows; an unknown run gives no run and no rows.</summary>
    /// <exception cref="WarehouseUnusableException">the run's quarantine list cannot be read.</exception>
    public static QuarantineView Read(WarehouseLayout layout, long? runId, string? source, string? column, string? reason)
    {
        var logs = RunLogStore.ReadAll(layout);
        var run = runId is { } id
            ? logs.FirstOrDefault(r => r.RunId == id)
            : logs.FirstOrDefault(r => RunLogStore.EffectiveStatus(r) != RunStatus.Running);
        IReadOnlyList<QuarantineEntry> all = run is null ? [] : RunLogStore.ReadQuarantine(layout, run.RunId);
        var rows = all
            .Where(q => string.IsNullOrEmpty(source) || q.Source == source)
            .Where(q => string.IsNullOrEmpty(column) || q.Column == column)
            .Where(q => string.IsNullOrEmpty(reason) || q.ReasonKey == reason)
            .ToList();
        return new QuarantineView(run, all, rows);
    }
}

/// <summary>The quarantine of a run as an Excel workbook, for the department that owns the data; audited.</summary>
public static class QuarantineDownload
{
    private static readonly SheetColumn[] Columns =
    [
        new("来源 Source", CellKind.Text), new("行 Row", CellKind.Text), new("列 Column", CellKind.Text),
        new("原值 Raw value", CellKind.Text), new("原因代码 Reason key", CellKind.Text),
        new("原因 Reason (中文)", CellKind.Text), new("Reason (English)", CellKind.Text),
    ];

    public static async Task<IResult> Send(HttpContext http, WarehouseLayout layout, AuditLog audit, long? run, string? source, string? column, string? reason)
    {
        var user = http.User.Identity?.Name ?? "";
        QuarantineView view;
        try
        {
            view = QuarantineView.Read(layout, run, source, column, reason);
        }
        catch (WarehouseUnusableException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (view.Run is null)
        {
            var missing = run is { } id ? $"没有批次 #{id} no run #{id}" : "尚无运行记录 no run yet";
            return Results.Problem(missing, statusCode: StatusCodes.Status404NotFound);
        }
        using var stream = new MemoryStream();
        using (var book = new XlsxStreamWriter(stream))
        {
            var sheet = book.AddSheet("隔离记录", Columns);
            foreach (var q in view.Rows) sheet.WriteRow([q.Source, q.Row, q.Column, q.Value, q.ReasonKey, q.MessageZh, q.MessageEn]);
        }
        var file = $"quarantine-run-{view.Run.RunId:D6}.xlsx";
        await audit.WriteAsync(AuditActions.Export, user, true,
            $"quarantine run={view.Run.RunId} rows={view.Rows.Count} source={source} column={column} reason={reason} file={file}", http);
        return Results.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
    }
}
