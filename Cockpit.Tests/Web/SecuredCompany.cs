using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cockpit.Tests.Web;

/// <summary>
/// The real app on the hand-made company (its figures are worked out by hand in <see cref="KpiHandComputedTests"/>),
/// with the demo accounts (ceo, bd1, bd2, risk, audit, admin) and a log the tests can read.
/// </summary>
public sealed class SecuredCompany : IAsyncLifetime
{
    public HandMadeCompany Company { get; } = new();

    public string Folder { get; } = TempFolder.Create("secured");

    public WebApplicationFactory<Program> App { get; private set; } = default!;

    public ListLoggerProvider Logs { get; } = new();

    public string Warehouse => Company.Warehouse;

    public Task InitializeAsync()
    {
        App = WebTestSupport.App(Folder, Path.Combine(Company.Folder, "source.db"), Path.Combine(Company.Folder, "inbox"), Company.Warehouse,
            configure: b =>
            {
                b.ConfigureLogging(l => l.AddProvider(Logs));
                // a route that fails, to see what a user is shown when something breaks
                b.ConfigureServices(s => s.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, FailingRoute>());
            });
        using var _ = App.CreateClient(); // start the host
        return Task.CompletedTask;
    }

    /// <summary>Creates an account directly in the accounts database (the admin form is tested on its own).</summary>
    public async Task<CockpitUser> CreateUserAsync(string userName, string role, string? department = null, string password = WebTestSupport.DemoPassword)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CockpitUser>>();
        var user = new CockpitUser { UserName = userName, DisplayName = userName, DepartmentCode = department, LockoutEnabled = true };
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    /// <summary>The audit log, oldest first.</summary>
    public Task<List<AuditEntry>> AuditAsync(string? user = null) => App.AuditAsync(user);

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Company.Dispose();
        TempFolder.Delete(Folder);
    }

    private sealed class FailingRoute : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test-failure", b => b.Run(_ => throw new InvalidOperationException("secret detail: connection string Password=hunter2")));
        };
    }
}

/// <summary>Keeps every log line in memory.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>
/// The secured app, shared by the test classes that use it: one host, so one Hangfire server (two hosts in one process
/// left a run started by hand in one of them unprocessed).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SecuredCompanyCollection : ICollectionFixture<SecuredCompany>
{
    public const string Name = "secured";
}
