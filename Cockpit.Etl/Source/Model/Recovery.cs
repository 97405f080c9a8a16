using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>追偿回收 recovery on a compensation; method negotiation, litigation, collateral, transfer.</summary>
public sealed class Recovery
{
    public int Id { get; set; }
    public int CompensationId { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public decimal Amount { get; set; }
    public string Method { get; set; } = "";
}

internal sealed class RecoveryConfiguration : IEntityTypeConfiguration<Recovery>
{
    public void Configure(EntityTypeBuilder<Recovery> b)
    {
        b.ToTable("recoveries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasIndex(x => x.CompensationId);
    }
}
