using System.Globalization;

namespace Cockpit.Etl.Cli.Bench;

/// <summary>
/// The users section of <c>bench</c> (issue 18): N simultaneous signed-in users (each N of <see cref="BenchContext.Users"/>)
/// on the real web app (<see cref="CircuitServer"/>), each a real Blazor Server circuit (<see cref="CircuitClient"/>),
/// open the leadership page and change a filter at the same moment — all to the same filter state (shared: one
/// computation, the rest from the cache or waiting on it) or each to its own (distinct: N computations at once). It
/// reports p50 and p95 of the time from the URL change to the figures on the page, and the server's resident memory
/// per user with the circuits open, each against the same for one user alone. Every round runs on a freshly started
/// server, so that rounds do not share caches or memory, warmed as a server that has run for a while is: one user
/// opens the page and changes the filter <see cref="BenchContext.WarmChanges"/> times to states no measured user asks for.
/// </summary>
internal static class UsersBench
{
    public const string User = "ceo";
    public const string Password = "Cockpit@2026";

    private static readonly TimeSpan OpenTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan WarmPause = TimeSpan.FromSeconds(2);

    /// <summary>The filter changes one user makes on each round's fresh server before the round is measured.</summary>
    public const int DefaultWarmChanges = 40;

    public static IEnumerable<BenchRow> Run(BenchContext context) => RunAsync(context).GetAwaiter().GetResult();

    public static async Task<List<BenchRow>> RunAsync(BenchContext context)
    {
        CircuitServer.WebDll(); // a clear message now when the web app is not built
        var alone = await RoundAsync(context, 1, distinct: true);
        var rows = new List<BenchRow>();
        foreach (var n in context.Users)
        {
            foreach (var distinct in new[] { false, true })
            {
                var round = await RoundAsync(context, n, distinct);
                var label = $"{n} users, {(distinct ? "distinct" : "shared")} filter state";
                const string reference = "1 user alone";
                rows.Add(new BenchRow("users", $"{label}: filter change to updated figures, p50", round.ChangeP50, "ms", reference, alone.ChangeP50,
                    $"real Blazor circuits; {round.Changes.Count} changes ({context.Repeat} per user); open (GET + circuit to figures) p50 {Ms(round.OpenP50)} / p95 {Ms(round.OpenP95)} ms{round.Problems}"));
                rows.Add(new BenchRow("users", $"{label}: filter change to updated figures, p95", round.ChangeP95, "ms", reference, alone.ChangeP95,
                    round.ChangeP95 is null ? "more than 5 % of the changes never reached their figures" : null));
                rows.Add(new BenchRow("users", $"{label}: server memory per user", round.MbPerUser, "MB", reference, alone.MbPerUser,
                    $"resident memory {Ms(round.MbBefore)} MB warmed, {Ms(round.MbOpen)} MB with the circuits open, {Ms(round.MbAfter)} MB after the changes (not collected garbage included)"));
            }
        }
        return rows;
    }

    /// <summary>One round: a fresh server, <paramref name="n"/> users signed in, the page opened, the filter changed.</summary>
    private static async Task<Round> RoundAsync(BenchContext context, int n, bool distinct)
    {
        BenchContext.Say($"bench users: {n} user(s), {(distinct ? "distinct" : "shared")} filter state");
        await using var server = await CircuitServer.StartAsync(context, Path.Combine(context.Folder, "web"));
        // warm up, as a server that has run for a while is: one user opens the page (code loaded, the default state
        // cached), changes the filter through states no measured user asks for (the code of a change compiled and
        // optimised), and leaves
        string lastMonth;
        List<string> states;
        await using (var warm = await CircuitClient.SignInAsync(server.Url, User, Password))
        {
            await warm.OpenAsync("/", OpenTimeout);
            lastMonth = warm.LastMonth ?? DateTime.Today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            states = FilterStates(DateOnly.ParseExact(lastMonth, "yyyy-MM", CultureInfo.InvariantCulture));
            foreach (var state in WarmStates(states, context.WarmChanges, n * context.Repeat))
            {
                await warm.NavigateAsync(state, ChangeTimeout);
            }
        }
        if (context.WarmChanges > 0) await Task.Delay(WarmPause); // the runtime's optimising compiler works in the background
        var clients = new List<CircuitClient>();
        var problems = new List<string>();
        try
        {
            using (var gate = new SemaphoreSlim(4))
            {
                clients.AddRange(await Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        return await CircuitClient.SignInAsync(server.Url, User, Password);
                    }
                    finally
                    {
                        gate.Release();
                    }
                })));
            }
            await Task.Delay(500); // the sign-ins' garbage is not the circuits' memory
            var before = server.MemoryMb;
            var opens = await AllAsync(clients.Select(c => c.OpenAsync("/", OpenTimeout)), "open", problems, server);
            var open = server.MemoryMb;
            var changes = new List<double>();
            for (var r = 0; r < context.Repeat; r++)
            {
                var round = r;
                // a circuit lost for good (counted where it failed) changes no filter any more
                var live = clients.Select((c, i) => (Client: c, Index: i)).Where(c => c.Client.Connected).ToList();
                changes.AddRange(await AllAsync(live.Select(c => c.Client.NavigateAsync(states[distinct ? round * n + c.Index : round], ChangeTimeout)),
                    "filter change", problems, server));
                changes.AddRange(Enumerable.Repeat(double.PositiveInfinity, n - live.Count));
            }
            var after = server.MemoryMb;
            var reconnects = clients.Sum(c => c.Reconnects);
            if (reconnects > 0) problems.Add($"the server closed {reconnects} connections and the clients reconnected to their circuits, as a browser does (the time includes it)");
            var messages = clients.Sum(c => c.PageMessages);
            if (messages > 0) problems.Add($"{messages} waits ended on a page message (no data for the month?) instead of figures");
            if (changes.All(double.IsInfinity)) throw new InvalidOperationException($"bench users: no filter change reached its figures 没有一次筛选得到数据: {string.Join("; ", problems)}");
            return new Round(opens, changes, before, open, after, Math.Round(Math.Max(0, (open - before) / n), 2),
                problems.Count == 0 ? "" : "; " + string.Join("; ", problems));
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs every user's step at once; the times in ms, a step that failed as never (infinite: it counts in the
    /// percentiles as the slowest), the failures described once.
    /// </summary>
    private static async Task<List<double>> AllAsync(IEnumerable<Task<TimeSpan>> steps, string what, List<string> problems, CircuitServer server)
    {
        var tasks = steps.ToList();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception)
        {
            // counted below, with the first message
        }
        var failed = tasks.Where(t => !t.IsCompletedSuccessfully).ToList();
        if (failed.Count > 0)
        {
            var first = failed[0].Exception?.GetBaseException().Message ?? "cancelled";
            problems.Add($"{failed.Count} of {tasks.Count} {what}s never reached their figures: {first}");
            BenchContext.Say($"bench users: {failed.Count} of {tasks.Count} {what}s failed: {first} (server: {server.LastLines()})");
        }
        return tasks.Select(t => t.IsCompletedSuccessfully ? t.Result.TotalMilliseconds : double.PositiveInfinity).ToList();
    }

    /// <summary>
    /// The states the warm-up user changes to: the last of <paramref name="states"/>, none of the first
    /// <paramref name="measured"/> (the ones the measured users ask for, which must stay uncached).
    /// </summary>
    internal static IEnumerable<string> WarmStates(IReadOnlyList<string> states, int count, int measured) =>
        states.Skip(Math.Max(measured, states.Count - count));

    /// <summary>
    /// Filter states of the leadership page, each different from the default (latest month, year to date, whole
    /// company) and from each other: period first, then department, then earlier months.
    /// </summary>
    internal static List<string> FilterStates(DateOnly lastMonth)
    {
        string?[] departments = [null, "BD1", "BD2", "TECH", "INCL"];
        string[] periods = ["month", "quarter", "ttm", "ytd"];
        var list = new List<string>();
        for (var back = 0; back < 36; back++)
        {
            foreach (var department in departments)
            {
                foreach (var period in periods)
                {
                    if (back == 0 && department is null && period == "ytd") continue;
                    var query = new List<string>();
                    if (back > 0) query.Add("asof=" + lastMonth.AddMonths(-back).ToString("yyyy-MM", CultureInfo.InvariantCulture));
                    if (period != "ytd") query.Add("period=" + period);
                    if (department is not null) query.Add("dept=" + department);
                    list.Add("/?" + string.Join('&', query));
                }
            }
        }
        return list;
    }

    /// <summary>The nearest-rank percentile.</summary>
    internal static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(double value) => double.IsInfinity(value) ? "never" : value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed record Round(List<double> Opens, List<double> Changes, double MbBefore, double MbOpen, double MbAfter, double MbPerUser, string Problems)
    {
        public double? ChangeP50 => Finite(Percentile(Changes, 50));
        public double? ChangeP95 => Finite(Percentile(Changes, 95));
        public double OpenP50 => Percentile(Opens, 50);
        public double OpenP95 => Percentile(Opens, 95);

        /// <summary>A percentile that falls on a change that never reached its figures has no value.</summary>
        private static double? Finite(double value) => double.IsInfinity(value) ? null : Math.Round(value, 1);
    }
}
