using System.Net;
using Cockpit.Tests.Etl;
using Cockpit.Tests.Warehouse;
using Cockpit.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Cockpit.Tests.Web.WebTestSupport;

namespace Cockpit.Tests.Web;

/// <summary>
/// A PostgreSQL server for the tests: COCKPIT_TEST_POSTGRES holds a connection string whose user may create
/// databases (.ci/run starts Debian's PostgreSQL and sets it). Without it a developer machine skips these tests with
/// a message; in CI they must run.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "COCKPIT_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null && Environment.GetEnvironmentVariable("CI") is null)
        {
            Skip = $"PostgreSQL 测试已跳过 skipped: set {Variable} to a connection string of a user who may create databases (.ci/run does)";
        }
    }
}

/// <summary>A database of its own on the test server, dropped (with its connections) when disposed.</summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresTestDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)
            ?? throw new InvalidOperationException($"{PostgresFactAttribute.Variable} is not set; CI must provide a PostgreSQL server");
        var database = new PostgresTestDatabase(server, $"{prefix}_{Guid.NewGuid():N}");
        await database.ExecuteAsync($"create database {database._name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"drop database if exists {_name} with (force)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Accounts, roles and the audit log on PostgreSQL, as in production (Auth:Provider=postgresql).</summary>
public sealed class PostgresIdentityTests(HandMadeCompany company) : IClassFixture<HandMadeCompany>
{
    [PostgresFact]
    public async Task AccountsLockoutAndTheAuditLogWorkOnPostgreSql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("cockpit_identity");
        var folder = TempFolder.Create("pg-identity");
        try
        {
            var connection = database.ConnectionString;
            await using (var app = App(folder, Path.Combine(company.Folder, "source.db"), Path.Combine(company.Folder, "inbox"), company.Warehouse,
                new Dictionary<string, string> { ["Auth:Provider"] = "postgresql", ["Auth:ConnectionString"] = connection }))
            {
                // the demo accounts were created in PostgreSQL, and they work
                using var ceo = await app.SignedInAsync("ceo");
                var page = WebUtility.HtmlDecode(await ceo.GetStringAsync("/drill/balance?asof=2026-06"));
                Assert.Equal("2,270.00 万元", TestIdText(page, "drill-value"));
                // a wrong password, counted and audited there
                using var other = app.Client();
                await other.SignInAsync("bd2", "Wrong@Password1");

                var factory = app.Services.GetRequiredService<IDbContextFactory<IdentityDb>>();
                await using var db = await factory.CreateDbContextAsync();
                Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
                Assert.Equal(DemoAccounts.All.Count, await db.Users.CountAsync());
                Assert.Equal(1, (await db.Users.SingleAsync(u => u.UserName == "bd2")).AccessFailedCount);
                Assert.Equal(["sign_in", "sign_in_failed"], await db.AuditLog.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
            }
            // no SQLite accounts file was written beside the data
            Assert.False(File.Exists(Path.Combine(folder, "identity.db")));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }
}
