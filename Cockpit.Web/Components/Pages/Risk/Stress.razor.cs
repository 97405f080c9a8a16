using System.Globalization;
using Cockpit.Warehouse.Pages;
using Cockpit.Web.Components.Widgets;
using Cockpit.Web.Services;
using Microsoft.AspNetCore.Components;

namespace Cockpit.Web.Components.Pages.Risk;

/// <summary>
/// 压力测试 (issue 13): the baseline at D, a scenario's projection, the loss distribution and the reverse stress test,
/// all from <see cref="StressTest"/>. The scenario lives in the query string (preset, mult, ind, reg, haircut, rho), so
/// a result can be shared and reloaded; the form only builds that URL.
/// </summary>
public partial class Stress : CockpitPage
{
    private StressModel? _model;
    private string? _preset;
    private double _overall = 1;
    private string? _industries;
    private string? _regions;
    private double _haircut;
    private double _correlation = StressScenario.DefaultCorrelation;

    [SupplyParameterFromQuery(Name = "preset")] public string? PresetQuery { get; set; }
    [SupplyParameterFromQuery(Name = "mult")] public string? OverallQuery { get; set; }
    [SupplyParameterFromQuery(Name = "ind")] public string? IndustriesQuery { get; set; }
    [SupplyParameterFromQuery(Name = "reg")] public string? RegionsQuery { get; set; }
    [SupplyParameterFromQuery(Name = "haircut")] public string? HaircutQuery { get; set; }
    [SupplyParameterFromQuery(Name = "rho")] public string? CorrelationQuery { get; set; }

    /// <summary>The method panel's paragraphs (resources), formatted with <see cref="MethodArguments"/>.</summary>
    private static readonly string[] MethodKeys =
        ["Stress_Method1", "Stress_Method2", "Stress_Method3", "Stress_Method4", "Stress_Method5", "Stress_Method6", "Stress_Method7", "Stress_Method8"];

    protected override async Task LoadAsync(PageRequest request)
    {
        var (scenario, errors) = StressScenario.FromQuery(PresetQuery, OverallQuery, IndustriesQuery, RegionsQuery, HaircutQuery, CorrelationQuery);
        _model = await Data.StressAsync(request, scenario, errors);
        if (_model.Result is { } r) Fill(r.Scenario);
    }

    /// <summary>The form shows the scenario the result is of.</summary>
    private void Fill(StressScenario s)
    {
        var q = s.ToQuery();
        _preset = s.Preset;
        _overall = s.Overall;
        _industries = q.GetValueOrDefault("ind");
        _regions = q.GetValueOrDefault("reg");
        _haircut = Math.Round(s.Haircut * 100, 4);
        _correlation = s.Correlation;
    }

    private FilterState ShownState => LoadedState with { AsOf = _model?.Date.AsOf ?? LoadedState.AsOf };

    /// <summary>A preset fills the form from the preset alone (区域性风险's region is chosen on the data).</summary>
    private void PresetChanged(string? preset)
    {
        _preset = string.IsNullOrEmpty(preset) ? null : preset;
        Navigation.NavigateTo(Url(_preset is null ? null : new Dictionary<string, string> { ["preset"] = _preset }));
    }

    private void Run()
    {
        static string N(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        var query = new Dictionary<string, string>();
        if (_preset is not null) query["preset"] = _preset;
        if (_overall != 1) query["mult"] = N(_overall);
        if (!string.IsNullOrWhiteSpace(_industries)) query["ind"] = _industries.Trim();
        if (!string.IsNullOrWhiteSpace(_regions) || _preset == "regional") query["reg"] = _regions?.Trim() ?? "";
        if (_haircut != 0) query["haircut"] = N(_haircut);
        if (_correlation != StressScenario.DefaultCorrelation) query["rho"] = N(_correlation);
        Navigation.NavigateTo(Url(query));
    }

    /// <summary>This page with the filter state and a scenario.</summary>
    private string Url(IReadOnlyDictionary<string, string>? scenario) => Href("/risk/stress", ShownState) + ScenarioQuery(scenario);

    private string ScenarioQuery(IReadOnlyDictionary<string, string>? scenario)
    {
        if (scenario is null || scenario.Count == 0) return "";
        var prefix = ShownState.QueryString().Length == 0 ? "?" : "&";
        return prefix + string.Join('&', scenario.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    private string ExportHref => Href("/risk/stress/export", ShownState) + ScenarioQuery(_model?.Result?.Scenario.ToQuery());

    private string RegionHelp => _model?.Baseline is { } b
        ? L["Stress_RegionsHelp"] + " " + string.Join(Zh ? "、" : ", ", b.Contracts.GroupBy(c => (c.RegionCode, c.RegionName))
            .OrderByDescending(g => g.Sum(c => c.Exposure)).Take(5).Select(g => $"{g.Key.RegionName} {g.Key.RegionCode}"))
        : L["Stress_RegionsHelp"];

    private string Describe(StressScenario s)
    {
        if (s.IsBaseline) return L["Stress_Base"];
        var parts = new List<string>();
        if (s.Preset is not null) parts.Add(L[$"Stress_Preset_{s.Preset}"]);
        if (s.Overall != 1) parts.Add($"{L["Stress_Overall"]} ×{s.Overall.ToString("0.##", CultureInfo.InvariantCulture)}");
        parts.AddRange(s.Industries.Select(p => $"{p.Key} ×{p.Value.ToString("0.##", CultureInfo.InvariantCulture)}"));
        parts.AddRange(s.Regions.Select(p => $"{p.Key} ×{p.Value.ToString("0.##", CultureInfo.InvariantCulture)}"));
        if (s.Haircut != 0) parts.Add($"{L["Stress_Haircut"]} {CockpitFormat.Percent((decimal)s.Haircut)}");
        return string.Join(Zh ? "；" : "; ", parts);
    }

    private static string Money(double? yuan) => CockpitFormat.Money(yuan is { } v ? (decimal)v : null, Culture);

    private static string Percent(double? fraction) => CockpitFormat.Percent(fraction is { } v ? (decimal)v : null);

    private static string Multiple(double? value) => CockpitFormat.Multiple(value is { } v ? (decimal)v : null);

    private string Covered(bool? covered) => covered switch { true => L["Stress_Covered"], false => L["Stress_NotCovered"], null => "" };

    /// <summary>A ratio after the loss, red when over its line.</summary>
    private static RenderFragment Flag(double? value, double line, Func<decimal?, string> format) => builder =>
    {
        builder.OpenElement(0, "span");
        if (value > line) builder.AddAttribute(1, "class", "mud-error-text");
        builder.AddContent(2, format(value is { } v ? (decimal)v : null));
        builder.CloseElement();
    };

    private string Reverse(double? multiplier, double max) => multiplier is { } x
        ? "×" + x.ToString("0.00", CultureInfo.InvariantCulture)
        : string.Format(Culture, L["Stress_NotReached"], max.ToString("0", CultureInfo.InvariantCulture));

    private string CohortNote(StressBaseline b) => b.CohortFrom is { } from && b.CohortTo is { } to
        ? string.Format(Culture, L["Stress_CohortWindow"], CockpitFormat.Date(from), CockpitFormat.Date(to),
            b.Observations.ToString("N0", CultureInfo.InvariantCulture), b.Defaults.ToString("N0", CultureInfo.InvariantCulture))
        : string.Format(Culture, L["Stress_NoCohorts"], Percent(_model!.Parameters.DefaultPd));

    private string LgdNote(StressBaseline b, StressParameters p) => b.ObservedLgd is { } observed
        ? string.Format(Culture, L["Stress_LgdObserved"], b.LgdCompensations, p.RecoveryMonths, Money(b.LgdCompensated), Money(b.LgdRecovered),
            Percent(observed), Percent(p.LgdFloor))
        : string.Format(Culture, L["Stress_LgdDefault"], Percent(p.DefaultLgd), p.RecoveryMonths);

    /// <summary>{0} cohort months, {1} k, {2} rating minimum, {3} recovery months, {4} LGD floor, {5} default LGD, {6} default PD, {7} trials, {8} seed, {9} max multiplier, {10} ρ.</summary>
    private static object[] MethodArguments(StressParameters p) =>
    [
        p.CohortMonths, p.Credibility.ToString("N0", CultureInfo.InvariantCulture), p.MinRatingObservations.ToString("N0", CultureInfo.InvariantCulture),
        p.RecoveryMonths, Percent(p.LgdFloor), Percent(p.DefaultLgd), Percent(p.DefaultPd), p.Trials.ToString("N0", CultureInfo.InvariantCulture),
        p.Seed, p.MaxMultiplier.ToString("0", CultureInfo.InvariantCulture), StressScenario.DefaultCorrelation.ToString("0.00", CultureInfo.InvariantCulture),
    ];

    /// <summary>The histogram: the share of trials by loss (after recoveries), the reserves marked.</summary>
    private object HistogramOptions
    {
        get
        {
            var d = _model!.Result!.Distribution;
            var (divisor, unit) = CockpitFormat.MoneyAxis((decimal)d.Max, Culture);
            string Label(double yuan) => ((decimal)yuan / divisor).ToString("N2", CultureInfo.InvariantCulture);
            var categories = d.Histogram.Select(bin => Label((bin.From + bin.To) / 2)).ToArray();
            var texts = d.Histogram.Select(bin => $"{Money(bin.From)} – {Money(bin.To)}: {Percent(bin.Probability)} ({bin.Trials})");
            var reserves = _model.Baseline!.Reserves is { } r && d.Histogram.Count > 0 && (double)r <= d.Max
                ? d.Histogram.Select((bin, i) => (bin, i)).First(x => (double)r < x.bin.To || x.i == d.Histogram.Count - 1).i
                : -1;
            return new
            {
                chart = new { type = "bar", height = 300, toolbar = new { show = false }, animations = new { enabled = false }, fontFamily = "inherit" },
                series = new[] { new { name = L["Stress_Probability"].Value, data = d.Histogram.Select(bin => Math.Round(bin.Probability * 100, 3)).ToArray() } },
                xaxis = new
                {
                    categories,
                    title = new { text = ChartFormat.IsChinese(Culture) ? $"{L["Stress_Loss"]}（{unit}）" : $"{L["Stress_Loss"]} ({unit})" },
                    labels = new { rotate = -45, hideOverlappingLabels = true },
                    tickAmount = 10,
                },
                yaxis = new { title = new { text = L["Stress_Probability"].Value }, labels = new { formatter = ChartFormat.NumberFormatter(2, "", "%") } },
                tooltip = new { y = new { formatter = ChartFormat.LookupFormatter(texts) } },
                plotOptions = new { bar = new { columnWidth = "95%" } },
                dataLabels = new { enabled = false },
                colors = ChartFormat.Colors(1),
                annotations = new
                {
                    xaxis = reserves < 0 ? [] : new[]
                    {
                        new { x = categories[reserves], borderColor = ChartFormat.Palette[2], label = new { text = L["Stress_Reserves"].Value, style = new { color = "#fff", background = ChartFormat.Palette[2] } } },
                    },
                },
            };
        }
    }
}
