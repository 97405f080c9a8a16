using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Web.Security;

/// <summary>Accounts, roles and the audit log (SQLite in the data folder by default, PostgreSQL when configured).</summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityDbContext<CockpitUser>(options)
{
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<CockpitUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(100);
            u.Property(x => x.DepartmentCode).HasMaxLength(20);
        });
        builder.Entity<AuditEntry>(a =>
        {
            a.ToTable("audit_log");
            a.HasKey(x => x.Id);
            a.Property(x => x.UserName).HasMaxLength(256);
            a.Property(x => x.Action).HasMaxLength(40);
            a.Property(x => x.Detail).HasMaxLength(4000);
            a.Property(x => x.RemoteIp).HasMaxLength(64);
            a.Property(x => x.CorrelationId).HasMaxLength(128);
            a.HasIndex(x => x.At);
            a.HasIndex(x => x.UserName);
        });
    }
}
