using System.Text.Json;
using Cockpit.Etl.Cli.Bench;

namespace Cockpit.Tests.Etl;

/// <summary>
/// <c>bench --only users</c> (issue 18): the real web app as a child process, two users as real Blazor circuits
/// (signed in through the form, the leadership page opened, a filter changed), each figure measured beside one user
/// alone.
/// </summary>
[Collection("console")]
public sealed class BenchUsersTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"cockpit-bench-users-{Guid.NewGuid():N}");

    public BenchUsersTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Two_users_on_real_circuits_get_their_figures_with_times_and_memory_per_user()
    {
        var json = Path.Combine(_folder, "bench.json");
        var (code, output, error) = Cli.Run(["bench", "--contracts", "300", "--only", "users", "--users", "2", "--repeat", "1", "--warm-changes", "3", "--out", json]);
        Assert.True(code == 0, $"bench failed ({code}): {error}");

        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var rows = report.RootElement.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("section").GetString() == "users").ToList();
        Assert.Equal(6, rows.Count); // shared and distinct × (p50, p95, MB per user)
        foreach (var mode in new[] { "shared", "distinct" })
        {
            JsonElement Row(string what) => Assert.Single(rows, r => r.GetProperty("what").GetString() == $"2 users, {mode} filter state: {what}");
            var p50 = Row("filter change to updated figures, p50");
            var p95 = Row("filter change to updated figures, p95");
            var memory = Row("server memory per user");
            foreach (var row in new[] { p50, p95, memory })
            {
                Assert.True(row.GetProperty("value").GetDouble() > 0, $"{mode}: {row}");
                Assert.Equal("1 user alone", row.GetProperty("referenceWhat").GetString());
                Assert.True(row.GetProperty("reference").GetDouble() > 0, $"{mode}: {row}");
            }
            Assert.True(p95.GetProperty("value").GetDouble() >= p50.GetProperty("value").GetDouble());
            // every change reached its figures on a real circuit: nothing failed, no page message instead of figures
            var note = p50.GetProperty("note").GetString()!;
            Assert.StartsWith("real Blazor circuits; 2 changes (1 per user)", note);
            Assert.DoesNotContain("never", note);
            Assert.DoesNotContain("page message", note);
        }
        Assert.Contains("| users | 2 users, distinct filter state: filter change to updated figures, p95 |", output);
    }

    [Fact]
    public void Filter_states_are_distinct_and_none_is_the_default_page()
    {
        var states = UsersBench.FilterStates(new DateOnly(2026, 11, 30));
        Assert.True(states.Count >= 300);
        Assert.Equal(states.Count, states.Distinct().Count());
        Assert.DoesNotContain("/?", states);
        Assert.Equal("/?period=month", states[0]); // the shared change: one click on the period
        Assert.Contains("/?asof=2026-10&period=quarter&dept=BD1", states);
    }

    [Fact]
    public void The_warm_up_changes_to_states_no_measured_user_asks_for()
    {
        var states = UsersBench.FilterStates(new DateOnly(2026, 11, 30));
        var warm = UsersBench.WarmStates(states, 40, measured: 300).ToList();
        Assert.Equal(40, warm.Count);
        Assert.Empty(warm.Intersect(states.Take(300)));
        Assert.Equal(states[^1], warm[^1]);
        // more warm-up changes than states left beside the measured ones: only those left
        Assert.Equal(states.Count - 300, UsersBench.WarmStates(states, 10_000, measured: 300).Count());
        Assert.Empty(UsersBench.WarmStates(states, 0, measured: 300));
    }

    [Fact]
    public void The_figures_are_recognised_by_a_drill_down_link_with_the_new_state()
    {
        var shown = CircuitClient.Shown("/?period=month", "2026-11");
        Assert.Matches(shown, "\u0020/drill/balance?asof=2026-11&period=month\u0001");
        Assert.DoesNotMatch(shown, "/drill/balance?asof=2026-11&period=month&dept=BD1"); // another state
        Assert.DoesNotMatch(shown, "/business?asof=2026-11&period=month"); // the menu, not the page's figures
        Assert.Matches(CircuitClient.Shown("/?asof=2026-09&dept=BD2", "2026-11"), "/drill/new_amount?asof=2026-09&dept=BD2");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
