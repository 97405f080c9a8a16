using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>担保合同 guarantee contract.</summary>
public sealed class Contract
{
    public int Id { get; set; }
    public string ContractNo { get; set; } = "";
    public int? ApplicationId { get; set; }
    public int CustomerId { get; set; }
    public int ProductId { get; set; }
    public int? BankId { get; set; }
    public int DepartmentId { get; set; }
    public int ManagerId { get; set; }
    public decimal Amount { get; set; }
    /// <summary>银担分险: the bank's share of the risk, 0–0.5.</summary>
    public decimal BankRiskShare { get; set; }
    /// <summary>Yearly guarantee fee rate as a fraction (0.015 = 1.5 %).</summary>
    public decimal FeeRate { get; set; }
    /// <summary>mortgage, pledge, guarantor, credit.</summary>
    public string CounterGuarantee { get; set; } = "";
    public DateOnly StartOn { get; set; }
    public DateOnly MaturityOn { get; set; }
    /// <summary>in_force, released, compensated.</summary>
    public string Status { get; set; } = "";
    /// <summary>解保日; for compensated contracts the compensation date.</summary>
    public DateOnly? ReleasedOn { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.ToTable("contracts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.BankRiskShare).HasPrecision(5, 4);
        b.Property(x => x.FeeRate).HasPrecision(7, 6);
        b.HasIndex(x => x.ContractNo);
        b.HasIndex(x => x.CustomerId);
    }
}
