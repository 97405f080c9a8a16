using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>月末在保余额快照: one row per in-force contract per month end.</summary>
public sealed class BalanceSnapshot
{
    public int ContractId { get; set; }
    public DateOnly AsOf { get; set; }
    public decimal Outstanding { get; set; }
    public int OverdueDays { get; set; }
    /// <summary>五级分类: normal, special_mention, substandard, doubtful, loss.</summary>
    public string FiveLevelClass { get; set; } = "";
}

internal sealed class BalanceSnapshotConfiguration : IEntityTypeConfiguration<BalanceSnapshot>
{
    public void Configure(EntityTypeBuilder<BalanceSnapshot> b)
    {
        b.ToTable("balance_snapshots");
        b.HasKey(x => new { x.ContractId, x.AsOf });
        b.Property(x => x.Outstanding).HasPrecision(18, 2);
        b.HasIndex(x => x.AsOf);
    }
}
