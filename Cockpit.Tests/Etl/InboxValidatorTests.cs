using System.Text;
using Cockpit.Etl.Pipeline;
using Cockpit.Etl.Pipeline.Inbox;
using Cockpit.Etl.Source;
using Cockpit.Tests.Warehouse;
using Cockpit.Warehouse;

namespace Cockpit.Tests.Etl;

/// <summary>
/// <see cref="InboxValidator.Check"/> judges one file exactly as a run does: the same rows refused with the same
/// row, column, value and reason, the same file rejected for the same reason (it is the run's own code).
/// </summary>
public sealed class InboxValidatorTests : IDisposable
{
    private readonly HandMadeCompany _company = new();

    public void Dispose() => _company.Dispose();

    private string Inbox => Path.Combine(_company.Folder, "inbox");

    private RunLog Run() => EtlRunner.Run(new EtlRunRequest(
        new SourceOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(_company.Folder, "source.db")}" },
        Inbox, _company.Warehouse) { Time = HandMadeCompany.RunTime, BuildCube = false });

    /// <summary>The keys a run checks against: the departments and customers it loaded (here: the published build's).</summary>
    private InboxKeys Keys()
    {
        using var connection = WarehouseConnection.OpenCurrent(new WarehouseLayout(_company.Warehouse))!;
        Dictionary<string, int> Read(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            while (reader.Read()) map[reader.GetString(0)] = reader.GetInt32(1);
            return map;
        }
        return new InboxKeys(Cockpit.Etl.ChinaTime.Today(HandMadeCompany.RunTime),
            Read("select code, department_id from dim_department"), Read("select credit_code, customer_id from dim_customer"));
    }

    [Fact]
    public void ACheckRefusesTheRowsARunQuarantinesWithTheSameRowColumnValueAndReason()
    {
        const string name = "targets_2026-06-01.csv";
        var csv = string.Join("\r\n",
            "year,quarter,department_code,kpi_code,target,note",
            "2026,2,BD1,new_amount,9000000,ok",
            "2026,2,BD1,no_such_kpi,1,kpi",
            "2026,5,BD2,new_amount,1,quarter",
            "2026,,BD9,new_amount,1,department",
            "2026,,ALL,nps,很多,number",
            "2026,,ALL,nps,0.1234567,precision",
            "1999,,ALL,nps,10,year",
            "2026,,ALL,nps,10,extra,field",
            ",,ALL,nps,10,missing year",
            "2026,1,all,nps,10,lower-case all") + "\r\n";
        var bytes = Encoding.UTF8.GetBytes(csv);
        var check = InboxValidator.Check(name, bytes, Keys());

        File.WriteAllBytes(Path.Combine(Inbox, name), bytes);
        var log = Run();
        Assert.Equal(RunStatus.Succeeded, log.Status);
        var quarantined = RunLogStore.ReadQuarantine(new WarehouseLayout(_company.Warehouse), log.RunId).Where(q => q.Source == name).ToList();

        Assert.Null(check.Rejected);
        Assert.Equal("targets", check.Kind);
        Assert.Equal(9, check.Errors.Count);
        Assert.Equal(quarantined, check.Errors);
        Assert.Equal([2], check.Rows.Select(r => r.RowNumber));
        Assert.Equal("BD1", check.Rows[0].Values["department_code"]);
        Assert.Equal(9_000_000m, check.Rows[0].Values["target"]);
        Assert.Contains(check.Warnings, w => w.Contains("note", StringComparison.Ordinal));
        Assert.Equal(log.Sources.Single(s => s.Name == name).Loaded, check.Rows.Count);
        Assert.Equal(log.SourceFiles.Single(f => f.File == name).Sha256, check.Sha256);
    }

    [Theory]
    [InlineData("targets_x.csv", "year;quarter;department_code;kpi_code;target\n2026;;ALL;nps;10\n", ReasonKeys.WrongDelimiter)]
    [InlineData("targets_x.csv", "response_id,credit_code,surveyed_on,channel,nps_score\nR1,X,2026-01-01,web,9\n", ReasonKeys.MissingColumn)]
    [InlineData("targets_x.csv", "year,quarter,department_code,kpi_code,target,Year\n2026,,ALL,nps,10,2026\n", ReasonKeys.DuplicateColumn)]
    [InlineData("targets_x.xlsx", "year,quarter,department_code,kpi_code,target\n", ReasonKeys.NotAWorkbook)]
    [InlineData("targets_x.txt", "year,quarter,department_code,kpi_code,target\n", ReasonKeys.UnsupportedFile)]
    [InlineData("targets_x.csv", "", ReasonKeys.EmptyFile)]
    public void ACheckRejectsAWholeFileForTheReasonARunGives(string name, string content, string reasonKey)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var check = InboxValidator.Check(name, bytes, Keys());
        Assert.Equal(reasonKey, check.Rejected?.ReasonKey);
        Assert.False(check.Clean);

        File.WriteAllBytes(Path.Combine(Inbox, name), bytes);
        var log = Run();
        var rejected = Assert.Single(log.RejectedFiles, r => r.File == name);
        Assert.Equal(reasonKey, rejected.ReasonKey);
        Assert.Equal(check.Rejected!.Reason, rejected.Reason);
    }

    [Fact]
    public void ACheckRefusesAFileOverTheLimitFromItsSize()
    {
        var check = InboxValidator.Check("targets_x.csv", new byte[2048], Keys(), maxBytes: 1024);
        Assert.Equal(ReasonKeys.FileTooLarge, check.Rejected?.ReasonKey);
    }
}
