using System.Globalization;
using System.Text.Json;
using Cockpit.Warehouse;
using Cockpit.Warehouse.Kpis;
using Cockpit.Warehouse.Targets;

namespace Cockpit.Etl.Cli;

/// <summary><c>kpis</c> and <c>targets</c>: every KPI of the catalogue, and targets against actuals, on the current build.</summary>
internal static class KpiCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static (WarehouseLayout Layout, KpiService Service, DateOnly AsOf, BuildPointer? Pinned) Open(Arguments a)
    {
        var layout = new WarehouseLayout(a.Value("--warehouse") ?? DataPaths.Resolve("data/warehouse"));
        var pinned = a.Value("--build") is { } id ? KeptBuild(layout, id) : null;
        var pointer = pinned ?? CurrentBuild(layout);
        var asOf = a.Date("--as-of") ?? pointer.AsOf ?? throw new UsageException("the build has no month-end snapshot; give --as-of");
        return (layout, new KpiService(layout), asOf, pinned);
    }

    /// <summary>An earlier build named by <c>--build</c> (its id, as on /admin/builds, or its run number).</summary>
    private static BuildPointer KeptBuild(WarehouseLayout layout, string id)
    {
        var buildId = long.TryParse(id.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var run)
            ? Pipeline.RunLogStore.ReadAll(layout).FirstOrDefault(r => r.RunId == run)?.BuildId
            : id;
        var pointer = Pipeline.BuildCatalog.Find(layout, buildId);
        if (pointer is null || !File.Exists(pointer.File))
        {
            throw new UsageException($"没有保留数据版本 {id} no kept build {id}: see /admin/builds or the builds/ folder");
        }
        return pointer;
    }

    /// <summary>The current build, checked to open: a corrupt pointer or build file is reported, not a stack trace.</summary>
    /// <exception cref="WarehouseUnusableException">the pointer or its build cannot be read.</exception>
    /// <exception cref="UsageException">nothing has been published yet.</exception>
    internal static BuildPointer CurrentBuild(WarehouseLayout layout)
    {
        if (layout.PathProblem() is { } notAFolder) throw new WarehouseUnusableException(notAFolder);
        var read = layout.ReadPointer();
        var problem = read.Problem ?? (read.Pointer is { } p ? WarehouseConnection.Probe(layout.BuildFile(p.BuildId)) : null);
        if (problem is not null)
        {
            throw new WarehouseUnusableException($"当前数据版本无法使用 the current build cannot be used: {problem}; " +
                                                 "再运行一次 ETL 可恢复 a new run repairs it: dotnet run --project Cockpit.Etl -- run");
        }
        return read.Pointer ?? throw new UsageException(
            "尚无已发布的数据 no build has been published yet: dotnet run --project Cockpit.Etl -- run");
    }

    public static int Kpis(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse", "--build", "--as-of", "--period", "--department" }, new HashSet<string> { "--json" });
        var period = (a.Value("--period") ?? "ytd").ToLowerInvariant() switch
        {
            "month" => KpiPeriod.Month,
            "quarter" => KpiPeriod.Quarter,
            "ytd" => KpiPeriod.Ytd,
            "ttm" => KpiPeriod.Ttm,
            var p => throw new UsageException($"--period must be month, quarter, ytd or ttm, not '{p}'."),
        };
        var (_, service, asOf, pinned) = Open(a);
        using (service)
        {
            var filter = new KpiFilter(Department: a.Value("--department"));
            IReadOnlyList<KpiFigure> figures;
            using (var session = service.OpenSession(pinned))
            {
                figures = session.GetFiguresAsync(KpiCatalog.All.Select(k => k.Code), asOf, period, filter).GetAwaiter().GetResult();
            }
            if (a.Has("--json"))
            {
                Console.WriteLine(JsonSerializer.Serialize(figures.Select(f => new
                {
                    code = f.Kpi.Code,
                    name = f.Kpi.NameZh,
                    nameEn = f.Kpi.NameEn,
                    value = f.Current.Value,
                    unit = Unit(f.Kpi.Unit),
                    reason = f.Current.ReasonEn is null ? null : $"{f.Current.ReasonZh}（{f.Current.ReasonEn}）",
                    n = f.Kpi.Code == "nps" ? f.Current.Rows : (long?)null,
                    margin = f.Current.Margin,
                    numerator = f.Current.Numerator,
                    denominator = f.Current.Denominator,
                    rows = f.Current.Rows,
                    yearAgo = f.YearAgo.Value,
                    previous = f.Previous.Value,
                    redLine = f.Kpi.RedLine,
                    from = f.Current.Window.From,
                    to = f.Current.Window.To,
                }), Json));
                return 0;
            }
            Console.WriteLine($"数据截至 as-of {asOf:yyyy-MM-dd}, period {period}{(filter.Department is null ? "" : $", department {filter.Department}")}");
            foreach (var f in figures)
            {
                var value = f.Current.Value is { } v ? Format(v, f.Kpi.Unit) : $"—  {f.Current.ReasonZh}";
                Console.WriteLine($"  {f.Kpi.Code,-26} {f.Kpi.NameZh,-12} {value,22}   同比 {Format(f.YearAgo.Value, f.Kpi.Unit),14}   环比 {Format(f.Previous.Value, f.Kpi.Unit),14}");
            }
            return 0;
        }
    }

    public static int Targets(string[] args)
    {
        var a = Arguments.Parse(args, new HashSet<string> { "--warehouse", "--as-of" }, new HashSet<string> { "--json" });
        var (layout, service, asOf, _) = Open(a);
        using (service)
        {
            var statuses = new TargetService(service, layout).GetAsync(asOf).GetAwaiter().GetResult();
            if (a.Has("--json"))
            {
                Console.WriteLine(JsonSerializer.Serialize(statuses.Select(t => new Dictionary<string, object?>
                {
                    ["year"] = t.Year,
                    ["quarter"] = t.Quarter,
                    ["department"] = t.Department,
                    ["kpi_code"] = t.KpiCode,
                    ["target"] = t.Target,
                    ["actual"] = t.Actual,
                    ["completion"] = t.Completion,
                    ["time_progress"] = t.TimeProgress,
                    ["status"] = t.Status,
                }), Json));
                return 0;
            }
            Console.WriteLine($"数据截至 as-of {asOf:yyyy-MM-dd}");
            foreach (var t in statuses.Where(t => t.Year == asOf.Year))
            {
                var unit = KpiCatalog.Get(t.KpiCode).Unit;
                Console.WriteLine($"  {t.Year}{(t.Quarter is { } q ? $"Q{q}" : "  ")} {t.Department,-5} {t.KpiCode,-18} target {Format(t.Target, unit),16} actual {Format(t.Actual, unit),16} " +
                                  $"completion {(t.Completion is { } c ? c.ToString("P1", CultureInfo.InvariantCulture) : "—"),8} time {t.TimeProgress,7:P1}  {t.Status ?? "—"}");
            }
            return 0;
        }
    }

    private static string Unit(KpiUnit unit) => unit switch
    {
        KpiUnit.Yuan => "yuan",
        KpiUnit.Percent => "ratio",
        KpiUnit.Multiple => "times",
        KpiUnit.Score => "score",
        KpiUnit.Count => "count",
        KpiUnit.Days => "days",
        KpiUnit.Hours => "hours",
        KpiUnit.Hhi => "index",
        _ => unit.ToString().ToLowerInvariant(),
    };

    private static string Format(decimal? value, KpiUnit unit) => value is not { } v ? "—" : unit switch
    {
        KpiUnit.Yuan => $"{v / 10_000m:N2} 万元",
        KpiUnit.Percent => v.ToString("P2", CultureInfo.InvariantCulture),
        KpiUnit.Multiple => $"{v:N2}×",
        KpiUnit.Score => $"{v:N1}",
        KpiUnit.Count => $"{v:N0}",
        KpiUnit.Days => $"{v:N1} 天",
        KpiUnit.Hours => $"{v:N1} 小时",
        _ => $"{v:N4}",
    };
}
