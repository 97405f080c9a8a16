using System.Globalization;
using System.Text;
using Cockpit.Etl.Source.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cockpit.Etl.Source;

/// <summary>
/// The core business system (业务核心系统) as <c>docs/sources.md</c> describes it: same tables, same
/// snake_case columns. The ETL only reads it; the demo generator writes it.
/// </summary>
/// <remarks>
/// Business keys (codes, credit codes, contract numbers) and foreign keys are indexed but not enforced:
/// real core systems do not guarantee them, and the ETL must find and quarantine the violations itself.
/// </remarks>
public sealed class CoreSystemContext(DbContextOptions<CoreSystemContext> options) : DbContext(options)
{
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Staff> Staff => Set<Staff>();
    public DbSet<Bank> Banks => Set<Bank>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Industry> Industries => Set<Industry>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<CustomerGroup> CustomerGroups => Set<CustomerGroup>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<BalanceSnapshot> BalanceSnapshots => Set<BalanceSnapshot>();
    public DbSet<FeePayment> FeePayments => Set<FeePayment>();
    public DbSet<Compensation> Compensations => Set<Compensation>();
    public DbSet<Recovery> Recoveries => Set<Recovery>();
    public DbSet<WriteOff> WriteOffs => Set<WriteOff>();
    public DbSet<RiskSignal> RiskSignals => Set<RiskSignal>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Flags are int 0/1 in the source on every provider, not a native boolean.
        configurationBuilder.Properties<bool>().HaveConversion<int>();
        if (Database.IsSqlite())
        {
            // Timestamps are ISO local time without zone: yyyy-MM-ddTHH:mm:ss (docs/sources.md).
            configurationBuilder.Properties<DateTime>().HaveConversion<IsoTimestampConverter>();
        }
        else if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<DateTime>().HaveColumnType("timestamp without time zone");
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CoreSystemContext).Assembly,
            t => t.Namespace == typeof(Department).Namespace);

        // Column names are the snake_case of the property names (ContractNo → contract_no).
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private sealed class IsoTimestampConverter() : ValueConverter<DateTime, string>(
        v => v.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        v => DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.None));
}
