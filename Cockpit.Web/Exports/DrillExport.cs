using System.Globalization;
using System.Numerics;
using Cockpit.Warehouse.Exports;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Services;

namespace Cockpit.Web.Exports;

/// <summary>What to export: a KPI's rows under a filter state and a grid state (search, column filters, order, columns), as xlsx or csv.</summary>
public sealed record DrillExportRequest(string Code, FilterState State, GridQuery Grid, bool Csv = false, string? AsOfRaw = null);

/// <summary>What was written: rows, the file's name, whether personal data was masked.</summary>
public sealed record DrillExportResult(long Rows, string FileName, bool Masked, string Filters);

/// <summary>Who exports, and when (China time); the ETL run of the build (its source files and hashes) when known.</summary>
public sealed record ExportContext(string User, DateTime At, bool Masked, Cockpit.Etl.Pipeline.RunLog? Run = null);

/// <summary>
/// The workbook that proves a figure (issue: explore and export): the rows on screen, all of them, streamed to the
/// file (<see cref="XlsxStreamWriter"/>; CSV beyond Excel's row limit), and sheets with the summary, the definition
/// and the lineage. The grid and this file read columns the same way (<see cref="DrillColumns"/>).
/// </summary>
public static class DrillExport
{
    /// <summary>Excel's 1,048,576 rows less the header and the total row.</summary>
    public const long ExcelDataRows = 1_048_574;

    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    public static async Task<DrillExportResult> WriteAsync(
        ScopedData data, DrillExportRequest request, Stream output, ExportContext context, IProgress<long>? progress, CancellationToken cancel)
    {
        var kpi = KpiCatalog.Get(request.Code);
        var model = await DrillDashboard.LoadAsync(data, new PageRequest(request.State, data.Access, request.AsOfRaw), request.Code);
        if (model.Figure is null) throw new InvalidOperationException($"{request.State.AsOf:yyyy-MM}: 没有数据 no data for this month");
        var window = model.Window;
        var all = model.Columns;
        ColumnKind KindOf(string column) =>
            DrillColumns.Kind(column, kpi, model.Sample is { } s && IndexIn(all, column) is var i and >= 0 ? s[i] : null);
        var shown = request.Grid.Columns is { } chosen && chosen.Any(all.Contains)
            ? DrillColumns.Ordered(all).Where(chosen.Contains).ToList()
            : DrillColumns.Default(all, kpi).ToList();
        var indexes = shown.Select(c => IndexIn(all, c)).ToArray();
        var kinds = shown.Select(KindOf).ToArray();
        var selection = request.Grid.ToSelection(KindOf, Zh);
        var selected = selection.Narrows ? (await data.GetDrillDownAsync(request.Code, window, limit: 1, selection: selection)).Selected : null;
        var filters = FiltersInWords(request, data, KindOf);
        var name = FileName(kpi, request, window, filters.Short);

        var sources = new HashSet<string>(StringComparer.Ordinal);
        var refColumns = all.Select((c, i) => (c, i)).Where(x => x.c == "source_ref" || x.c.EndsWith("_source_ref", StringComparison.Ordinal)).Select(x => x.i).ToArray();
        var totals = new decimal?[shown.Count];
        var summed = shown.Select((c, i) => kinds[i] == ColumnKind.Money || c is "numerator" or "denominator").ToArray();
        for (var i = 0; i < summed.Length; i++) totals[i] = summed[i] ? 0m : null;
        long rows = 0;

        IEnumerable<object?[]> Rows()
        {
            foreach (var row in data.StreamRows(request.Code, window, selection))
            {
                cancel.ThrowIfCancellationRequested();
                foreach (var r in refColumns)
                {
                    if (r < row.Length && row[r] is string source && source.Length > 0) sources.Add(SourceOf(source));
                }
                var values = new object?[shown.Count];
                for (var c = 0; c < shown.Count; c++)
                {
                    var value = indexes[c] >= 0 && indexes[c] < row.Length ? row[indexes[c]] : null;
                    values[c] = Cell(value, kinds[c], shown[c]);
                    if (summed[c] && DrillColumns.Decimal(value) is { } amount) totals[c] += amount;
                }
                rows++;
                if (rows % 2_000 == 0) progress?.Report(rows);
                yield return values;
            }
        }

        if (request.Csv)
        {
            using var csv = new CsvStreamWriter(output, shown.Select((c, i) => new SheetColumn(Heading(c, kinds[i]), CellKindOf(kinds[i]))).ToList());
            foreach (var values in Rows()) csv.WriteRow(values);
            progress?.Report(rows);
            return new DrillExportResult(rows, Path.ChangeExtension(name, ".csv"), context.Masked, filters.Long);
        }

        using (var book = new XlsxStreamWriter(output))
        {
            var sheet = book.AddSheet("数据 Data", shown.Select((c, i) => new SheetColumn(Heading(c, kinds[i]), CellKindOf(kinds[i]))).ToList());
            foreach (var values in Rows())
            {
                if (rows > ExcelDataRows)
                {
                    throw new InvalidOperationException($"超过 Excel 单表上限 {ExcelDataRows:N0} 行，请导出 CSV。 More than {ExcelDataRows:N0} rows: export CSV instead.");
                }
                sheet.WriteRow(values);
            }
            progress?.Report(rows);
            var totalRow = new object?[shown.Count];
            for (var c = 0; c < shown.Count; c++) totalRow[c] = totals[c];
            totalRow[Array.FindIndex(summed, s => !s) is var label and >= 0 ? label : 0] = "合计 Total";
            sheet.WriteRow(totalRow, bold: true);

            WriteSummary(book.AddSheet("汇总 Summary", TwoColumns, KeyValue), kpi, model.Figure, rows, selected, shown, kinds, totals);
            WriteDefinitions(book, kpi, data, all, KindOf);
            await WriteLineageAsync(book, data, request, window, filters.Long, context, sources, rows);
        }
        return new DrillExportResult(rows, name, context.Masked, filters.Long);
    }

    private static readonly IReadOnlyList<SheetColumn> TwoColumns = [new("项目 Item", CellKind.Text), new("值 Value", CellKind.Text)];

    private static readonly SheetOptions KeyValue = new(FreezeHeader: true, AutoFilter: false);

    private static int IndexIn(IReadOnlyList<string> columns, string column)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] == column) return i;
        }
        return -1;
    }

    /// <summary>The table (or inbox file) a row's <c>source_ref</c> names: what comes before its key.</summary>
    internal static string SourceOf(string sourceRef)
    {
        var cut = sourceRef.IndexOfAny(['#', ':']);
        return cut > 0 ? sourceRef[..cut] : sourceRef;
    }

    private static string Heading(string column, ColumnKind kind) => KpiColumns.Name(column, chinese: true) + kind switch
    {
        ColumnKind.Money => "（元）",
        _ => "",
    };

    private static CellKind CellKindOf(ColumnKind kind) => kind switch
    {
        ColumnKind.Money => CellKind.Money,
        ColumnKind.Rate => CellKind.Percent,
        ColumnKind.Integer => CellKind.Integer,
        ColumnKind.Number => CellKind.Number,
        ColumnKind.Date => CellKind.Date,
        ColumnKind.DateTime => CellKind.DateTime,
        ColumnKind.Flag => CellKind.Flag,
        _ => CellKind.Text,
    };

    /// <summary>A value for its cell: codes by their Chinese names, big integers as decimals, the rest as read.</summary>
    private static object? Cell(object? value, ColumnKind kind, string column) => value switch
    {
        null => null,
        string code when kind == ColumnKind.Code => DrillColumns.CodeName(column, code, Zh),
        BigInteger b => DrillColumns.Decimal(b),
        DateTime t when kind == ColumnKind.Date => DateOnly.FromDateTime(t),
        _ => value,
    };

    private static void WriteSummary(
        SheetWriter sheet, KpiDefinition kpi, KpiResult figure, long rows, KpiSelectionTotals? selected,
        IReadOnlyList<string> shown, ColumnKind[] kinds, decimal?[] totals)
    {
        var valueKind = kpi.Unit switch
        {
            KpiUnit.Yuan => CellKind.Money,
            KpiUnit.Percent => CellKind.Percent,
            KpiUnit.Count => CellKind.Integer,
            _ => CellKind.Number,
        };
        var numeratorKind = kinds.Length > 0 && IndexIn(shown, "numerator") is var n and >= 0 ? CellKindOf(kinds[n]) : CellKind.Number;
        void Line(string label, object? value, CellKind kind) => sheet.WriteCells([new XCell(label, CellKind.Text), new XCell(value, kind)]);
        Line("指标 KPI", $"{kpi.NameZh} {kpi.NameEn} ({kpi.Code})", CellKind.Text);
        Line($"指标值 Figure ({UnitWords(kpi.Unit)})", figure.Value, valueKind);
        Line("分子合计 Σ numerator", figure.Numerator ?? 0, numeratorKind);
        if (kpi.Aggregation != KpiAggregation.Sum) Line("分母合计 Σ denominator", figure.Denominator ?? 0, numeratorKind);
        Line("指标明细行数 Rows behind the figure", figure.Rows, CellKind.Integer);
        Line("导出行数 Rows exported", rows, CellKind.Integer);
        if (selected is not null)
        {
            Line("筛选后分子合计 Σ numerator of the rows exported", selected.Numerator ?? 0, numeratorKind);
            Line("占指标分子 Share of the figure's numerator",
                figure.Numerator is { } all && all != 0 ? (selected.Numerator ?? 0) / all : null, CellKind.Percent);
        }
        for (var c = 0; c < shown.Count; c++)
        {
            if (totals[c] is { } total) Line($"合计 Total: {Heading(shown[c], kinds[c])}", total, CellKindOf(kinds[c]) is CellKind.Money ? CellKind.Money : CellKind.Number);
        }
    }

    private static string UnitWords(KpiUnit unit) => unit switch
    {
        KpiUnit.Yuan => "元 yuan",
        KpiUnit.Percent => "% percent",
        KpiUnit.Multiple => "倍 times",
        KpiUnit.Score => "分 score",
        KpiUnit.Count => "个 count",
        KpiUnit.Days => "天 days",
        KpiUnit.Hours => "小时 hours",
        KpiUnit.Hhi => "HHI",
        _ => unit.ToString(),
    };

    private static void WriteDefinitions(XlsxStreamWriter book, KpiDefinition kpi, ScopedData data, IReadOnlyList<string> columns, Func<string, ColumnKind> kindOf)
    {
        var sheet = book.AddSheet("口径 Definitions", TwoColumns, KeyValue);
        void Line(string label, string value) => sheet.WriteRow([label, value]);
        Line("指标 KPI", kpi.NameZh);
        Line("KPI (English)", kpi.NameEn);
        Line("编码 Code", kpi.Code);
        Line("公式 Formula", kpi.FormulaZh);
        Line("Formula (English)", kpi.FormulaEn);
        Line("单位 Unit", UnitWords(kpi.Unit));
        Line("汇总方式 Aggregation", kpi.Aggregation.ToString());
        Line("定义 SQL (sql/kpi)", data.Session.Service.DefinitionSql(kpi.Code));
        Line("", "");
        Line("列 Column (SQL)", "名称 Name · 类型 Kind");
        foreach (var column in columns) Line(column, $"{KpiColumns.Name(column, true)} · {KpiColumns.Name(column, false)} · {kindOf(column)}");
    }

    private static async Task WriteLineageAsync(
        XlsxStreamWriter book, ScopedData data, DrillExportRequest request, KpiWindow window, string filters, ExportContext context,
        IReadOnlySet<string> sources, long rows)
    {
        var build = data.Build;
        var sheet = book.AddSheet("来源 Lineage", [new("项目 Item", CellKind.Text), new("值 Value", CellKind.Text),
            new("读取 Read", CellKind.Integer), new("入库 Loaded", CellKind.Integer), new("隔离 Quarantined", CellKind.Integer), new("SHA-256", CellKind.Text)],
            KeyValue);
        void Line(string label, object? value, CellKind kind = CellKind.Text) => sheet.WriteCells([new XCell(label, CellKind.Text), new XCell(value, kind)]);
        Line("数据版本 Build", ExportLabels.Build(build.BuildId, null, data.Access.Build is not null));
        Line("ETL 批次 Run", build.RunId, CellKind.Integer);
        Line("发布时间 Published (China time)", TimeZoneInfo.ConvertTime(build.PublishedAt, Cockpit.Etl.ChinaTime.Zone).DateTime, CellKind.DateTime);
        Line("期间 Period", $"{window.From:yyyy-MM-dd} … {window.To:yyyy-MM-dd}");
        Line("筛选 Filters", filters);
        Line("范围 Scope", data.Access.Department is { } own ? $"部门 Department {own}" : "全公司 Company");
        Line("脱敏 Personal data", context.Masked ? "已脱敏 masked" : "未脱敏（稽核）whole (auditor)");
        Line("导出人 Exported by", context.User);
        Line("导出时间 Exported at (China time)", context.At, CellKind.DateTime);
        Line("导出行数 Rows", rows, CellKind.Integer);
        if (context.Run is { } run)
        {
            Line("ETL 开始 Run started (China time)", TimeZoneInfo.ConvertTime(run.StartedAt, Cockpit.Etl.ChinaTime.Zone).DateTime, CellKind.DateTime);
            Line("ETL 状态 Run status", run.Status);
        }
        Line("明细来源表 Rows from", sources.Count == 0 ? "—" : string.Join("、", sources.Order(StringComparer.Ordinal)));
        Line("", "");
        Header("来源 Source", "类型 Kind", "读取 Read", "入库 Loaded", "隔离 Quarantined", "SHA-256");
        var counts = await data.QueryAsync(SourceCounts, "select * from filtered order by kind desc, source", window);
        foreach (var row in counts)
        {
            var source = (string)row[0]!;
            var kind = sources.Contains(source) ? $"{row[1]} · 本表行来源 rows from here" : (string?)row[1];
            sheet.WriteCells([new XCell(source, CellKind.Text), new XCell(kind, CellKind.Text), new XCell(row[2], CellKind.Integer),
                new XCell(row[3], CellKind.Integer), new XCell(row[4], CellKind.Integer), new XCell(row[5], CellKind.Text)]);
        }
        if (context.Run is { SourceFiles.Count: > 0 } withFiles)
        {
            Line("", "");
            Header("源文件 Source file", "字节 Bytes", "", "", "", "SHA-256");
            foreach (var file in withFiles.SourceFiles)
            {
                sheet.WriteCells([new XCell(file.File, CellKind.Text), new XCell(file.Bytes, CellKind.Integer), new XCell(null, CellKind.Text),
                    new XCell(null, CellKind.Text), new XCell(null, CellKind.Text), new XCell(file.Sha256, CellKind.Text)]);
            }
        }

        void Header(params string[] names) => sheet.WriteCells([.. names.Select(n => new XCell(n, CellKind.Text, Bold: true))]);
    }

    /// <summary>What the build's run read from each source, with the file's hash: the company's, whatever the caller's scope.</summary>
    private static readonly RowQuery SourceCounts = new("export:lineage",
        "select source, kind, rows_read, rows_loaded, rows_quarantined, sha256 from etl_source_counts", CompanyLevel: true);

    /// <summary>The filters in words (Chinese names), long for the lineage and short for the file name.</summary>
    private static (string Long, string Short) FiltersInWords(DrillExportRequest request, ScopedData data, Func<string, ColumnKind> kindOf)
    {
        var options = data.FilterOptions();
        var parts = new List<(string Label, string Value)>();
        foreach (var (parameter, code) in request.State.ActiveDimensions())
        {
            var (label, value) = parameter switch
            {
                "dept" => ("部门", options.Departments.FirstOrDefault(c => c.Code == code)?.Name ?? code),
                "product" => ("产品", options.Products.FirstOrDefault(c => c.Code == code)?.Name ?? code),
                "industry" => ("行业", options.Industries.FirstOrDefault(c => c.Code == code)?.Name ?? code),
                "region" => ("区域", options.Regions.FirstOrDefault(c => c.Code == code)?.Name ?? code),
                "tier" => ("客户分层", DrillColumns.CodeName("tier", code, Zh)),
                "risk" => ("风险等级", DrillColumns.CodeName("risk_level", code, Zh)),
                "class" => ("五级分类", DrillColumns.CodeName("five_level_class", code, Zh)),
                "counter" => ("反担保方式", DrillColumns.CodeName("counter_guarantee", code, Zh)),
                _ => ("信用评级", code),
            };
            parts.Add((label, value));
        }
        if (!string.IsNullOrWhiteSpace(request.Grid.Search)) parts.Add(("搜索", request.Grid.Search!));
        foreach (var (column, text) in request.Grid.ColumnFilters) parts.Add((KpiColumns.Name(column, true), text));
        var words = parts.Count == 0 ? "无（全部）none" : string.Join("；", parts.Select(p => $"{p.Label}：{p.Value}"));
        return (words, string.Join("_", parts.Select(p => p.Value)));
    }

    /// <summary>KPI, period and filters: 在保余额_2026-09_年初至今_业务一部.xlsx (characters a file name cannot hold replaced).</summary>
    private static string FileName(KpiDefinition kpi, DrillExportRequest request, KpiWindow window, string filters)
    {
        var period = request.State.Period switch
        {
            KpiPeriod.Month => "当月",
            KpiPeriod.Quarter => "本季",
            KpiPeriod.Ttm => "近12月",
            _ => "年初至今",
        };
        var name = $"{kpi.NameZh}_{window.To:yyyy-MM}_{period}" + (filters.Length > 0 ? "_" + filters : "");
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|', '%', '#', ';']).ToHashSet();
        var clean = new string(name.Select(ch => invalid.Contains(ch) || char.IsControl(ch) ? '-' : ch).ToArray());
        return (clean.Length > 120 ? clean[..120] : clean) + ".xlsx";
    }
}
