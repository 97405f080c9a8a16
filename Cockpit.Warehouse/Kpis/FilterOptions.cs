namespace Cockpit.Warehouse.Kpis;

/// <summary>A choice in the filter bar: a code and its Chinese name.</summary>
public sealed record FilterChoice(string Code, string Name);

/// <summary>What the filter bar offers on the current build.</summary>
public sealed record FilterOptions(
    IReadOnlyList<DateOnly> MonthEnds,
    IReadOnlyList<FilterChoice> Departments,
    IReadOnlyList<FilterChoice> Products,
    IReadOnlyList<FilterChoice> Industries,
    IReadOnlyList<FilterChoice> Regions,
    IReadOnlyList<FilterChoice> Tiers);
