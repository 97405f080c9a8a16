using Microsoft.Extensions.DependencyInjection.Extensions;
using Cockpit.Etl;
using Cockpit.Etl.Source;
using Cockpit.Web.Services;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Cockpit.Web;

/// <summary>Service registration of the cockpit, grouped by concern.</summary>
public static class Extensions
{
    /// <summary>The core-system source and the ETL's folders, bound and validated at start-up.</summary>
    public static IHostApplicationBuilder AddCockpitSource(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SourceOptions>()
            .Bind(builder.Configuration.GetSection(SourceOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Source:ConnectionString is required.")
            .Validate(o => o.Provider is SourceProviders.Sqlite or SourceProviders.PostgreSql,
                "Source:Provider must be 'sqlite' or 'postgresql'.")
            .PostConfigure(o =>
            {
                if (o.Provider == SourceProviders.Sqlite) o.ConnectionString = DataPaths.ResolveSqlite(o.ConnectionString);
            })
            .ValidateOnStart();
        builder.Services.AddOptions<EtlOptions>()
            .Bind(builder.Configuration.GetSection(EtlOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Etl:DataDirectory is required.")
            .Validate(o => o.DemoContracts >= 50, "Etl:DemoContracts must be at least 50.")
            .PostConfigure(o =>
            {
                o.DataDirectory = DataPaths.Resolve(o.DataDirectory);
                if (!string.IsNullOrWhiteSpace(o.InboxDirectory)) o.InboxDirectory = DataPaths.Resolve(o.InboxDirectory);
            })
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FirstRunState>();
        builder.Services.AddHostedService<DemoBootstrapper>();
        builder.Services.AddScoped<SourceSummaryService>();
        return builder;
    }

    /// <summary>Blazor Server with MudBlazor.</summary>
    public static IHostApplicationBuilder AddCockpitUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }
}

/// <summary>Reads the source summary for the page.</summary>
public sealed class SourceSummaryService(IOptions<SourceOptions> options)
{
    public Task<SourceSummary> ReadAsync(CancellationToken ct = default) => SourceSummaryReader.ReadAsync(options.Value, ct);
}
