using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>客户 customer: an enterprise, an individual or a farmer.</summary>
public sealed class Customer
{
    public int Id { get; set; }
    /// <summary>统一社会信用代码, 18 characters (a resident ID number for people).</summary>
    public string CreditCode { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>large, medium, small, micro; null for people.</summary>
    public string? Size { get; set; }
    public string IndustryCode { get; set; } = "";
    public string RegionCode { get; set; } = "";
    /// <summary>注册资本 in yuan; null for people (individual, farmer).</summary>
    public decimal? RegisteredCapital { get; set; }
    /// <summary>成立日期; null for people (individual, farmer).</summary>
    public DateOnly? EstablishedOn { get; set; }
    public string CreditRating { get; set; } = "";
    public string RiskLevel { get; set; } = "";
    /// <summary>strategic, core, potential, ordinary (战略/核心/潜力/普通).</summary>
    public string Tier { get; set; } = "";
    public int? GroupId { get; set; }
    /// <summary>专精特新 specialised and new.</summary>
    public bool SpecializedNew { get; set; }
    public int ManagerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.RegisteredCapital).HasPrecision(18, 2);
        b.HasIndex(x => x.CreditCode);
        b.HasIndex(x => x.GroupId);
        b.HasIndex(x => x.ManagerId);
    }
}
