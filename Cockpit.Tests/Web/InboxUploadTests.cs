using System.Text;
using Cockpit.Etl.Pipeline;
using Cockpit.Tests.Warehouse;
using Cockpit.Web.Security;
using Cockpit.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Cockpit.Tests.Web;

/// <summary>
/// Issue 16, item 3: a file of any inbox kind uploaded on /admin/inbox is checked with the ETL's own rules before
/// anything is stored; a good one is loaded by the next run, a bad one is refused with its reasons and nothing is
/// stored, the same content is recognised by its hash; every upload is audited. Runs on its own copy of the hand-made
/// company (<see cref="UploadCompany"/>).
/// </summary>
public sealed class InboxUploadTests(UploadCompany company) : IClassFixture<UploadCompany>
{
    private const string SurveyHeader = "response_id,credit_code,surveyed_on,channel,nps_score,csat,comment";

    /// <summary>Customer C1's credit code, as the hand-made company writes it into the core system.</summary>
    private static readonly string C1 = HandMadeCompany.Build().Customers[0].CreditCode;

    private async Task<InboxUploadResult> UploadAsync(string kind, string fileName, string text, string user = "admin") =>
        await UploadAsync(kind, fileName, Encoding.UTF8.GetBytes(text), user);

    private async Task<InboxUploadResult> UploadAsync(string kind, string fileName, byte[] bytes, string user = "admin")
    {
        var principal = await company.UserAsync(user);
        await using var scope = company.App.Services.CreateAsyncScope();
        using var stream = new MemoryStream(bytes);
        return await scope.ServiceProvider.GetRequiredService<InboxUploads>().UploadAsync(principal, kind, fileName, stream, bytes.Length);
    }

    private IReadOnlyList<InboxFileRow> List()
    {
        using var scope = company.App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<InboxUploads>().List();
    }

    [Fact]
    public async Task AGoodSurveysFileIsAcceptedAndLoadedByTheNextRun()
    {
        await company.WaitIdleAsync();
        var before = company.InboxFiles();
        // one new response from C1: nps 9, csat 4
        var result = await UploadAsync("surveys", "满意度调查.csv", $"{SurveyHeader}\nR8,{C1},2026-06-25,phone,9,4,新增\n");

        Assert.True(result.Accepted, string.Join("; ", result.Errors.Select(e => e.Reason)));
        Assert.Equal(1, result.Rows);
        Assert.Matches(@"^surveys_upload_\d{8}-\d{6}\.csv$", result.StoredAs);
        Assert.Equal(before.Length + 1, company.InboxFiles().Length);
        // listed, waiting for a run
        var waiting = List().Single(f => f.File == result.StoredAs);
        Assert.Equal("surveys", waiting.Kind);
        Assert.Equal(result.Sha256, waiting.Sha256);
        Assert.Null(waiting.RunId);

        // the next run loads its one row, quarantines none
        var log = company.App.Services.GetRequiredService<EtlJob>().Run();
        Assert.NotNull(log);
        Assert.Equal(RunStatus.Succeeded, log.Status);
        var counts = log.Sources.Single(s => s.Name == result.StoredAs);
        Assert.Equal((1L, 1L, 0L), (counts.Read, counts.Loaded, counts.Quarantined));
        Assert.Contains(log.SourceFiles, f => f.File == result.StoredAs && f.Sha256 == result.Sha256);

        var loaded = List().Single(f => f.File == result.StoredAs);
        Assert.Equal(log.RunId, loaded.RunId);
        Assert.Equal(1, loaded.Loaded);
        Assert.Equal(0, loaded.Quarantined);
        Assert.NotNull(loaded.LoadedAt);
        Assert.Null(loaded.Rejected);

        var audit = await company.AuditAsync(AuditActions.InboxUpload);
        Assert.Contains(audit, e => e.Succeeded && e.UserName == "admin" && e.Detail!.Contains(result.StoredAs!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadFilesAreRefusedWithTheReasonsAndNothingIsStored()
    {
        var before = company.InboxFiles();

        // a row error: nps_score 11 on row 3 (header = row 1), the score runs 0..10
        var rowError = await UploadAsync("surveys", "surveys_new.csv", $"{SurveyHeader}\nR9,{C1},2026-06-25,phone,9,4,\nR10,{C1},2026-06-26,phone,11,4,\n");
        Assert.False(rowError.Accepted);
        var error = Assert.Single(rowError.Errors);
        Assert.Equal((3, "nps_score", "11"), (error.Row, error.Column, error.Value));

        // a missing column: no nps_score
        var missing = await UploadAsync("surveys", "surveys_new.csv", $"response_id,credit_code,surveyed_on,channel\nR9,{C1},2026-06-25,phone\n");
        Assert.False(missing.Accepted);
        Assert.Contains("nps_score", Assert.Single(missing.Errors).MessageEn, StringComparison.Ordinal);

        // the wrong kind: a complaints file offered as surveys
        var wrongKind = await UploadAsync("surveys", "complaints_2026-07.csv", "complaint_id,credit_code,received_at,category,department_code\n");
        Assert.False(wrongKind.Accepted);
        Assert.Equal("wrong_kind", Assert.Single(wrongKind.Errors).ReasonKey);

        // an unreadable file: not a workbook under an .xlsx name
        var unreadable = await UploadAsync("finance", "finance.xlsx", "this is not a workbook");
        Assert.False(unreadable.Accepted);
        Assert.Equal(ReasonKeys.NotAWorkbook, Assert.Single(unreadable.Errors).ReasonKey);

        // a user who is not an admin
        var forbidden = await UploadAsync("surveys", "surveys_new.csv", $"{SurveyHeader}\nR9,{C1},2026-06-25,phone,9,4,\n", "risk");
        Assert.False(forbidden.Accepted);

        Assert.Equal(before, company.InboxFiles());
        Assert.DoesNotContain(Directory.GetFiles(company.Inbox, ".*"), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        var refused = (await company.AuditAsync(AuditActions.InboxUpload)).Where(e => !e.Succeeded).ToList();
        Assert.True(refused.Count >= 5);
    }

    [Fact]
    public async Task TheSameContentIsRecognisedAsADuplicate()
    {
        var before = company.InboxFiles();
        var existing = await File.ReadAllBytesAsync(Path.Combine(company.Inbox, "surveys_2025-12-31.csv"));

        var result = await UploadAsync("surveys", "surveys_again.csv", existing);

        Assert.False(result.Accepted);
        Assert.True(result.Duplicate);
        Assert.Equal("surveys_2025-12-31.csv", result.DuplicateOf);
        Assert.Equal(ReasonKeys.DuplicateFile, Assert.Single(result.Errors).ReasonKey);
        Assert.Equal(before, company.InboxFiles());
        Assert.Contains(await company.AuditAsync(AuditActions.InboxUpload), e => !e.Succeeded && e.Detail!.StartsWith("duplicate surveys_again.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheListShowsEachFileWithWhatTheRunMadeOfIt()
    {
        await company.WaitIdleAsync();
        var files = List();
        // the hand-made company's finance file: two months loaded by the fixture's run
        var finance = files.Single(f => f.File == "finance_2026.xlsx");
        Assert.Equal("finance", finance.Kind);
        Assert.Equal(64, finance.Sha256.Length);
        Assert.Equal(2, finance.Loaded);
        Assert.Equal(0, finance.Quarantined);
        Assert.False(finance.Duplicate);
        Assert.Null(finance.Rejected);
    }
}
