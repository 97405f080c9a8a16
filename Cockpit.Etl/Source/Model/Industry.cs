using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>行业 GB/T 4754 division, e.g. <c>C39</c> in section <c>C</c>.</summary>
public sealed class Industry
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string Section { get; set; } = "";
    /// <summary>战略性新兴产业 strategic emerging industry.</summary>
    public bool StrategicEmerging { get; set; }
}

internal sealed class IndustryConfiguration : IEntityTypeConfiguration<Industry>
{
    public void Configure(EntityTypeBuilder<Industry> b)
    {
        b.ToTable("industries");
        b.HasKey(x => x.Code);
    }
}
