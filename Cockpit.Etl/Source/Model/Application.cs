using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>业务申请 application, the funnel 受理 → 尽调 → 评审 → 决策.</summary>
public sealed class Application
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public int ProductId { get; set; }
    public int DepartmentId { get; set; }
    /// <summary>bank_referral, government, park, self, customer_referral.</summary>
    public string Channel { get; set; } = "";
    public decimal RequestedAmount { get; set; }
    public int ManagerAId { get; set; }
    public int? ManagerBId { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public DateOnly? DueDiligenceOn { get; set; }
    public DateOnly? ReviewOn { get; set; }
    /// <summary>approved, rejected, withdrawn; null while undecided.</summary>
    public string? Decision { get; set; }
    public DateOnly? DecidedOn { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.ToTable("applications");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.RequestedAmount).HasPrecision(18, 2);
        b.HasIndex(x => x.CustomerId);
    }
}
