using Cockpit.Etl.Source;
using Cockpit.Warehouse.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Tests.Etl;

/// <summary>
/// docs/sources.md and docs/kpis.md say what the code does: a change on either side without the other fails here,
/// naming what drifted.
/// </summary>
public sealed class DocsInStepTests
{
    [Fact]
    public void EveryModelColumnIsDocumentedWithItsTypeNullabilityAndPrimaryKey()
    {
        // the model only: no connection is opened
        using var db = SourceProviders.Open(new SourceOptions { Provider = "postgresql", ConnectionString = "Host=localhost;Database=core" });
        var documented = RepositoryDocs.SourceColumns().ToDictionary(c => (c.Table, c.Name));
        var modelled = new HashSet<(string, string)>();
        var problems = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var key = entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName()).ToHashSet(StringComparer.Ordinal);
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                modelled.Add((table, column));
                if (!documented.TryGetValue((table, column), out var doc))
                {
                    problems.Add($"{table}.{column} is in the model but not in docs/sources.md");
                    continue;
                }
                var type = DocumentedType(property.ClrType, property.GetPrecision(), property.GetScale());
                if (doc.Type != type) problems.Add($"{table}.{column}: docs/sources.md says {doc.Type}, the model has {type}");
                if (doc.Nullable != property.IsNullable)
                {
                    problems.Add($"{table}.{column}: docs/sources.md says null {(doc.Nullable ? "yes" : "no")}, the model {(property.IsNullable ? "allows" : "forbids")} NULL");
                }
                var documentedKey = doc.Key.Split(',').Select(k => k.Trim()).Contains("PK");
                if (documentedKey != key.Contains(column)) problems.Add($"{table}.{column}: primary key in {(documentedKey ? "docs/sources.md" : "the model")} only");
            }
        }
        problems.AddRange(documented.Keys.Where(k => !modelled.Contains(k))
            .Select(k => $"{k.Table}.{k.Name} is in docs/sources.md but not in the model"));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryKpiOfTheCatalogueIsDocumentedAndNothingElse()
    {
        var documented = RepositoryDocs.KpiCatalogue().Select(k => k.Code).ToList();
        Assert.Equal(documented.Count, documented.Distinct().Count());
        var inCode = KpiCatalog.All.Select(k => k.Code).ToList();
        Assert.Equal([], inCode.Except(documented).ToList()); // in KpiCatalog, missing from docs/kpis.md
        Assert.Equal([], documented.Except(inCode).ToList()); // in docs/kpis.md, missing from KpiCatalog
        Assert.Equal(inCode, documented); // same order: the document follows the catalogue
    }

    [Fact]
    public void EachDocumentedKpiHasTheCataloguesNamesUnitDirectionAndTiming()
    {
        var problems = new List<string>();
        foreach (var doc in RepositoryDocs.KpiCatalogue())
        {
            if (!KpiCatalog.Contains(doc.Code)) continue; // reported by the test above
            var kpi = KpiCatalog.Get(doc.Code);
            void Check(string what, string documented, string actual)
            {
                if (documented != actual) problems.Add($"{doc.Code}: {what} is '{documented}' in docs/kpis.md, '{actual}' in KpiCatalog");
            }
            Check("中文 name", doc.NameZh, kpi.NameZh);
            Check("English name", doc.NameEn, kpi.NameEn);
            Check("unit", doc.Unit, Unit(kpi.Unit));
            Check("better", doc.Better, kpi.Direction == KpiDirection.HigherIsBetter ? "higher" : "lower");
            Check("measured", doc.Measured, kpi.Timing == KpiTiming.Flow ? "period" : "at D");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheRedLinesAreTheCatalogues()
    {
        var documented = RepositoryDocs.KpiRedLines();
        var inCode = KpiCatalog.All.Where(k => k.RedLine is not null).ToDictionary(k => k.Code, k => k.RedLine!.Value);
        Assert.Equal(inCode.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        Assert.All(inCode, k => Assert.Equal(k.Value, documented[k.Key].Limit));
    }

    [Fact]
    public void EveryKpiCodeIsExplainedWhereTheDocumentsPromise()
    {
        // every KPI's value has a SQL file, as docs/kpis.md says; every code with a reason for having no value
        // is listed with that reason
        var kpis = File.ReadAllText(RepositoryDocs.Path("kpis.md"));
        foreach (var kpi in KpiCatalog.All)
        {
            Assert.True(File.Exists(Path.Combine(Cockpit.Warehouse.SqlFolder.Locate(), kpi.SqlFile)), $"sql/{kpi.SqlFile} is missing");
            if (kpi.NullReasonZh.Length > 0) Assert.Contains(kpi.NullReasonZh, kpis);
            if (kpi.RequiresReasonZh is { Length: > 0 } required) Assert.Contains(required, kpis);
        }
    }

    [Fact]
    public void EveryQuarantineReasonKeyIsDocumented()
    {
        var sources = File.ReadAllText(RepositoryDocs.Path("sources.md"));
        // found by name, so that the pipeline may move it
        var reasonKeys = typeof(SourceOptions).Assembly.GetTypes().Single(t => t.Name == "ReasonKeys");
        var keys = reasonKeys.GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.All(keys, k => Assert.True(sources.Contains($"`{k}`", StringComparison.Ordinal), $"reason key {k} is not in docs/sources.md"));
    }

    [Fact]
    public void TheValueConversionSectionIsThere()
    {
        var sources = File.ReadAllLines(RepositoryDocs.Path("sources.md"));
        Assert.Contains("## Value conversion rules", sources);
    }

    private static string DocumentedType(Type clr, int? precision, int? scale)
    {
        var type = Nullable.GetUnderlyingType(clr) ?? clr;
        return type switch
        {
            _ when type == typeof(int) => "int",
            _ when type == typeof(string) => "text",
            _ when type == typeof(decimal) => $"decimal({precision},{scale})",
            _ when type == typeof(DateOnly) => "date",
            _ when type == typeof(DateTime) => "timestamp",
            _ when type == typeof(bool) => "flag",
            _ => type.Name,
        };
    }

    private static string Unit(KpiUnit unit) => unit switch
    {
        KpiUnit.Yuan => "yuan",
        KpiUnit.Percent => "%",
        KpiUnit.Multiple => "×",
        KpiUnit.Score => "score",
        KpiUnit.Count => "count",
        KpiUnit.Days => "days",
        KpiUnit.Hours => "hours",
        KpiUnit.Hhi => "index",
        _ => unit.ToString(),
    };
}
