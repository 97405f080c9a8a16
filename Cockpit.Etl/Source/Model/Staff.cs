using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cockpit.Etl.Source.Model;

/// <summary>员工 staff; customer managers (客户经理) come in three levels: senior, middle, junior.</summary>
public sealed class Staff
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int DepartmentId { get; set; }
    public string Role { get; set; } = "";
    public string Level { get; set; } = "";
    public bool Active { get; set; }
}

internal sealed class StaffConfiguration : IEntityTypeConfiguration<Staff>
{
    public void Configure(EntityTypeBuilder<Staff> b)
    {
        b.ToTable("staff");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasIndex(x => x.Code);
        b.HasIndex(x => x.DepartmentId);
    }
}
