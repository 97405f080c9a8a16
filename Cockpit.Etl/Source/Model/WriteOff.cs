using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>核销 confirmed loss on a compensation.</summary>
public sealed class WriteOff
{
    public int Id { get; set; }
    public int CompensationId { get; set; }
    public DateOnly WrittenOffOn { get; set; }
    public decimal Amount { get; set; }
}

internal sealed class WriteOffConfiguration : IEntityTypeConfiguration<WriteOff>
{
    public void Configure(EntityTypeBuilder<WriteOff> b)
    {
        b.ToTable("write_offs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasIndex(x => x.CompensationId);
    }
}
