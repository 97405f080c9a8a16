using System.Diagnostics;
using System.Text;
using Cockpit.Tests.Etl;
using Cockpit.Warehouse.Exports;
using Xunit.Abstractions;

namespace Cockpit.Tests.Exports;

/// <summary>
/// A workbook from <see cref="XlsxStreamWriter"/> opens in LibreOffice Calc: converted to CSV headless (cells as
/// shown), the numbers, Chinese text, dates and percentages read back as written. Without LibreOffice (Debian's
/// libreoffice-calc-nogui) the test returns early with a message, except in CI (the variable CI set), where it fails.
/// </summary>
public sealed class LibreOfficeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task LibreOfficeReadsTheWorkbooksNumbersTextDatesAndPercentages()
    {
        var soffice = FindSoffice();
        if (soffice is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("CI") is null,
                "CI: LibreOffice (soffice) is missing: apt-get install libreoffice-calc-nogui");
            output.WriteLine("LibreOffice 测试未运行 LibreOffice test not run: no soffice on the PATH (apt-get install libreoffice-calc-nogui)");
            return;
        }

        var folder = TempFolder.Create("libreoffice");
        try
        {
            var file = Path.Combine(folder, "export.xlsx");
            await using (var stream = File.Create(file))
            using (var writer = new XlsxStreamWriter(stream))
            {
                var sheet = writer.AddSheet("明细", [
                    new("名称", CellKind.Text), new("在保余额", CellKind.Money), new("代偿率", CellKind.Percent),
                    new("到期日", CellKind.Date), new("笔数", CellKind.Integer), new("编号", CellKind.Text),
                    new("系数", CellKind.Number), new("是否逾期", CellKind.Flag),
                ]);
                sheet.WriteRow(["担保公司甲", 1_234_567.89m, 0.1234m, new DateOnly(2026, 11, 30), 42, "000123", 1.5, true]);
                sheet.WriteRow(["=1+2", -100m, 0.05, new DateOnly(2026, 1, 2), 1_234_567L, "33010219900101001X", 2.25m, false]);
                sheet.WriteRow(["合计", 1_234_467.89m], bold: true);
            }

            var csv = await ConvertToCsvAsync(soffice, file, folder);

            // as Calc shows the cells: money #,##0.00 (quoted, it holds commas), rates 0.00%, dates yyyy-mm-dd,
            // whole numbers #,##0, identifiers and the formula-looking text as written, flags 是/否
            Assert.Equal(
                [
                    "名称,在保余额,代偿率,到期日,笔数,编号,系数,是否逾期",
                    "担保公司甲,\"1,234,567.89\",12.34%,2026-11-30,42,000123,1.5,是",
                    "=1+2,-100.00,5.00%,2026-01-02,\"1,234,567\",33010219900101001X,2.25,否",
                    "合计,\"1,234,467.89\",,,,,,",
                ],
                csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }

    internal static string? FindSoffice()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "soffice");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>soffice --headless --convert-to csv with its own profile (no clash with a running LibreOffice), UTF-8, commas, double quotes.</summary>
    internal static async Task<string> ConvertToCsvAsync(string soffice, string file, string folder)
    {
        var outDir = Path.Combine(folder, "out");
        Directory.CreateDirectory(outDir);
        var profile = new Uri(Path.Combine(folder, "profile")).AbsoluteUri;
        var start = new ProcessStartInfo(soffice,
        [
            $"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", outDir, file,
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // the formats as an English Calc shows them, whatever the machine's language
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["HOME"] = folder;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("soffice did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"soffice did not finish within {Timeout.TotalSeconds} s");
        }
        var csv = Path.Combine(outDir, Path.GetFileNameWithoutExtension(file) + ".csv");
        Assert.True(File.Exists(csv), $"soffice wrote no CSV (exit {process.ExitCode}): {await stdout} {await stderr}");
        return await File.ReadAllTextAsync(csv, Encoding.UTF8);
    }
}
