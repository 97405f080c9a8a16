using Cockpit.Etl;
using Cockpit.Etl.Demo;

namespace Cockpit.Tests.Etl;

/// <summary>The command line as documented: <c>demo --out &lt;dir&gt; [--seed N] [--contracts N] [--as-of yyyy-MM-dd]</c>.</summary>
[Collection("console")]
public sealed class EtlCommandLineTests
{
    [Fact]
    public void DemoCommandWritesTheSourceAndInboxWithTheGivenOptions()
    {
        var folder = TempFolder.Create("cli");
        try
        {
            var (code, output, _) = Run(["demo", "--out", folder, "--seed", "5", "--contracts", "150", "--as-of", "2025-12-31"]);
            Assert.Equal(0, code);
            Assert.True(File.Exists(Path.Combine(folder, "source.db")));
            Assert.Contains("as-of 2025-12-31", output);
            Assert.Contains("contracts", output);
            var expected = DemoGenerator.Generate(new DemoOptions(5, 150, new DateOnly(2025, 12, 31)), new DateOnly(2026, 1, 5));
            Assert.Equal(expected.InboxFiles.Select(f => f.Name).Order(), Directory.GetFiles(Path.Combine(folder, "inbox")).Select(Path.GetFileName).Order());
            Assert.Contains($"{expected.Contracts.Count,9:N0}", output);
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    [Theory]
    [InlineData("demo --contracts many", "--contracts must be a whole number")]
    [InlineData("demo --as-of 2025-12-15", "must be a month end")]
    [InlineData("demo --colour red", "unknown option '--colour'")]
    [InlineData("build", "unknown command 'build'")]
    [InlineData("run --max-file-mb 0", "--max-file-mb must be at least 1")]
    [InlineData("run --max-file-mb lots", "--max-file-mb must be a whole number")]
    public void BadArgumentsExitWithTwoAndSayWhy(string args, string message)
    {
        var (code, _, error) = Run(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }

    private static (int Code, string Output, string Error) Run(string[] args) => Cli.Run(args);
}
