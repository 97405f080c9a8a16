using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>代偿 payout to the bank on default.</summary>
public sealed class Compensation
{
    public int Id { get; set; }
    public int ContractId { get; set; }
    public DateOnly PaidOn { get; set; }
    public decimal Amount { get; set; }
}

internal sealed class CompensationConfiguration : IEntityTypeConfiguration<Compensation>
{
    public void Configure(EntityTypeBuilder<Compensation> b)
    {
        b.ToTable("compensations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasIndex(x => x.ContractId);
    }
}
