using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>担保费 guarantee fee received.</summary>
public sealed class FeePayment
{
    public int Id { get; set; }
    public int ContractId { get; set; }
    public DateOnly PaidOn { get; set; }
    public decimal Amount { get; set; }
}

internal sealed class FeePaymentConfiguration : IEntityTypeConfiguration<FeePayment>
{
    public void Configure(EntityTypeBuilder<FeePayment> b)
    {
        b.ToTable("fee_payments");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasIndex(x => x.ContractId);
    }
}
