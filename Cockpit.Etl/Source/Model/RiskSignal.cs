using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>风险预警信号 risk signal about a customer.</summary>
public sealed class RiskSignal
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public DateOnly DetectedOn { get; set; }
    /// <summary>litigation, registration_change, public_opinion, financial_deterioration, overdue, credit_report.</summary>
    public string Kind { get; set; } = "";
    /// <summary>red, orange, yellow.</summary>
    public string Severity { get; set; } = "";
    /// <summary>open, handling, closed.</summary>
    public string Status { get; set; } = "";
    public DateOnly? ClosedOn { get; set; }
}

internal sealed class RiskSignalConfiguration : IEntityTypeConfiguration<RiskSignal>
{
    public void Configure(EntityTypeBuilder<RiskSignal> b)
    {
        b.ToTable("risk_signals");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasIndex(x => x.CustomerId);
    }
}
