using Cockpit.Etl.Source;
using Cockpit.Etl.Source.Model;
using Microsoft.EntityFrameworkCore;

namespace Cockpit.Tests.Etl;

/// <summary>The clean part of the demo company obeys the rules of a real core system.</summary>
[Collection(DemoCompanyCollection.Name)]
public sealed class DemoInvariantTests(DemoCompanyFixture demo)
{
    private readonly DateOnly _asOf = DemoCompanyFixture.AsOf;

    private HashSet<string> Dirty(string table) =>
        demo.Company.DirtyRecords.Where(d => d.Source == table).Select(d => d.Key).ToHashSet();

    private CoreSystemContext Open() => SourceProviders.Open(demo.SourceOptions);

    private static bool IsMonthEnd(DateOnly d) => d.AddDays(1).Day == 1;

    [Fact]
    public void SnapshotsCoverExactlyTheMonthEndsOfEachContractsLife()
    {
        using var db = Open();
        var dirtySnapshots = Dirty("balance_snapshots");
        var dirtyContracts = Dirty("contracts");
        var contracts = db.Contracts.AsNoTracking().ToList().Where(c => !dirtyContracts.Contains(c.Id.ToString())).ToDictionary(c => c.Id);
        var snapshots = db.BalanceSnapshots.AsNoTracking().ToList()
            .Where(s => !dirtySnapshots.Contains($"{s.ContractId}|{s.AsOf:yyyy-MM-dd}")).ToList();
        Assert.True(snapshots.Count > 1000);

        foreach (var s in snapshots)
        {
            var c = contracts[s.ContractId];
            Assert.True(IsMonthEnd(s.AsOf) && s.AsOf <= _asOf, $"snapshot {s.ContractId}/{s.AsOf} is not a month end up to as-of");
            Assert.True(c.StartOn <= s.AsOf, $"snapshot {s.ContractId}/{s.AsOf} before start {c.StartOn}");
            Assert.True(c.ReleasedOn is null || s.AsOf < c.ReleasedOn, $"snapshot {s.ContractId}/{s.AsOf} after release {c.ReleasedOn}");
            Assert.True(s.Outstanding > 0 && s.Outstanding <= c.Amount, $"outstanding {s.Outstanding} of {c.ContractNo} not in (0, {c.Amount}]");
            Assert.True(s.OverdueDays >= 0);
        }

        // every in-force month end has its snapshot
        var byContract = snapshots.GroupBy(s => s.ContractId).ToDictionary(g => g.Key, g => g.Select(s => s.AsOf).ToHashSet());
        foreach (var c in contracts.Values)
        {
            var expected = new HashSet<DateOnly>();
            for (var m = new DateOnly(c.StartOn.Year, c.StartOn.Month, 1).AddMonths(1).AddDays(-1); m <= _asOf; m = m.AddDays(1).AddMonths(1).AddDays(-1))
            {
                if (c.ReleasedOn is { } r && m >= r) break;
                expected.Add(m);
            }
            Assert.Equal(expected, byContract.GetValueOrDefault(c.Id) ?? []);
        }
    }

    [Fact]
    public void ContractsHaveValidTermsAmountsAndStatuses()
    {
        using var db = Open();
        var dirty = Dirty("contracts");
        var contracts = db.Contracts.AsNoTracking().ToList().Where(c => !dirty.Contains(c.Id.ToString())).ToList();
        Assert.Equal(contracts.Count, contracts.Select(c => c.ContractNo).Distinct().Count());
        foreach (var c in contracts)
        {
            Assert.InRange(c.Amount, 200_000m, 50_000_000m);
            Assert.InRange(c.FeeRate, 0.008m, 0.025m);
            Assert.InRange(c.BankRiskShare, 0m, 0.5m);
            Assert.True(c.MaturityOn > c.StartOn);
            Assert.True(c.StartOn <= _asOf);
            Assert.Contains(c.CounterGuarantee, new[] { "mortgage", "pledge", "guarantor", "credit" });
            Assert.Contains(c.Status, new[] { "in_force", "released", "compensated" });
            Assert.Equal(c.Status != "in_force", c.ReleasedOn is not null);
            if (c.ReleasedOn is { } r) Assert.True(r <= _asOf && r > c.StartOn);
        }
    }

    [Fact]
    public void CompensationsComeOnlyOnCompensatedContractsAfterAnOverdueSnapshot()
    {
        using var db = Open();
        var dirty = Dirty("compensations");
        var compensations = db.Compensations.AsNoTracking().ToList().Where(c => !dirty.Contains(c.Id.ToString())).ToList();
        var contracts = db.Contracts.AsNoTracking().ToDictionary(c => c.Id);
        var snapshots = db.BalanceSnapshots.AsNoTracking().ToList().ToLookup(s => s.ContractId);
        Assert.NotEmpty(compensations);

        foreach (var comp in compensations)
        {
            var c = contracts[comp.ContractId];
            Assert.Equal("compensated", c.Status);
            Assert.Equal(c.ReleasedOn, comp.PaidOn);
            Assert.True(comp.Amount > 0 && comp.PaidOn <= _asOf);
            var before = snapshots[c.Id].Where(s => s.AsOf < comp.PaidOn).OrderBy(s => s.AsOf).ToList();
            Assert.Contains(before, s => s.OverdueDays > 0);
            Assert.NotEqual("normal", before[^1].FiveLevelClass);
        }
        // one compensation per compensated contract
        var compensated = contracts.Values.Where(c => c.Status == "compensated").Select(c => c.Id).Order();
        Assert.Equal(compensated, compensations.Select(c => c.ContractId).Order());
    }

    [Fact]
    public void RecoveriesAndWriteOffsFollowTheirCompensationAndNeverExceedIt()
    {
        using var db = Open();
        var dirty = Dirty("recoveries");
        var compensations = db.Compensations.AsNoTracking().ToList().Where(c => c.Amount > 0).ToDictionary(c => c.Id);
        var recoveries = db.Recoveries.AsNoTracking().ToList().Where(r => !dirty.Contains(r.Id.ToString())).ToList();
        var writeOffs = db.WriteOffs.AsNoTracking().ToList();
        Assert.NotEmpty(recoveries);
        foreach (var r in recoveries)
        {
            var comp = compensations[r.CompensationId];
            Assert.True(r.ReceivedOn > comp.PaidOn && r.ReceivedOn <= _asOf);
            Assert.True(r.Amount > 0);
            Assert.Contains(r.Method, new[] { "negotiation", "litigation", "collateral", "transfer" });
        }
        foreach (var w in writeOffs)
        {
            Assert.True(w.WrittenOffOn > compensations[w.CompensationId].PaidOn && w.Amount > 0);
        }
        foreach (var comp in compensations.Values)
        {
            var recovered = recoveries.Where(r => r.CompensationId == comp.Id).Sum(r => r.Amount);
            var written = writeOffs.Where(w => w.CompensationId == comp.Id).Sum(w => w.Amount);
            Assert.True(recovered <= comp.Amount * 0.6m + 0.01m, $"compensation {comp.Id}: recovered {recovered} of {comp.Amount}");
            Assert.True(recovered + written <= comp.Amount, $"compensation {comp.Id}: {recovered} + {written} > {comp.Amount}");
        }
    }

    [Fact]
    public void FunnelDatesAreInOrderAndSignedContractsFollowAnApproval()
    {
        using var db = Open();
        var dirty = Dirty("applications");
        var apps = db.Applications.AsNoTracking().ToList().Where(a => !dirty.Contains(a.Id.ToString())).ToDictionary(a => a.Id);
        foreach (var a in apps.Values)
        {
            Assert.True(a.DueDiligenceOn is null || a.DueDiligenceOn >= a.ReceivedOn);
            Assert.True(a.ReviewOn is null || (a.DueDiligenceOn is not null && a.ReviewOn >= a.DueDiligenceOn));
            Assert.Equal(a.Decision is null, a.DecidedOn is null);
            Assert.True(a.DecidedOn is null || a.DecidedOn >= (a.ReviewOn ?? a.DueDiligenceOn ?? a.ReceivedOn));
            Assert.Contains(a.Channel, new[] { "bank_referral", "government", "park", "self", "customer_referral" });
            Assert.True(a.ReceivedOn <= _asOf && (a.DecidedOn is null || a.DecidedOn <= _asOf));
            if (a.Decision == "approved") Assert.NotNull(a.ReviewOn);
        }
        var dirtyContracts = Dirty("contracts");
        var signed = db.Contracts.AsNoTracking().ToList().Where(c => c.ApplicationId is not null && !dirtyContracts.Contains(c.Id.ToString())).ToList();
        Assert.NotEmpty(signed);
        foreach (var c in signed)
        {
            var a = apps[c.ApplicationId!.Value];
            Assert.Equal("approved", a.Decision);
            Assert.Equal(c.CustomerId, a.CustomerId);
            Assert.True(a.DecidedOn <= c.StartOn);
            Assert.InRange(a.DecidedOn!.Value.DayNumber - a.ReceivedOn.DayNumber, 10, 40);
        }
    }

    [Fact]
    public void FeesArePaidWithinTheContractsLifeUpToAsOf()
    {
        using var db = Open();
        var dirty = Dirty("fee_payments");
        var contracts = db.Contracts.AsNoTracking().ToDictionary(c => c.Id);
        var fees = db.FeePayments.AsNoTracking().ToList().Where(f => !dirty.Contains(f.Id.ToString())).ToList();
        Assert.NotEmpty(fees);
        foreach (var f in fees)
        {
            var c = contracts[f.ContractId];
            Assert.True(f.Amount > 0 && f.PaidOn >= c.StartOn && f.PaidOn <= _asOf);
            Assert.True(f.Amount <= c.Amount * c.FeeRate * 3 + 0.01m); // at most the fee of a 36-month term
        }
    }

    [Fact]
    public void ReferenceAndCustomerRowsUseOnlyDocumentedValues()
    {
        using var db = Open();
        var dirtyCustomers = Dirty("customers");
        var industries = db.Industries.AsNoTracking().Select(i => i.Code).ToHashSet();
        var regions = db.Regions.AsNoTracking().Select(r => r.Code).ToHashSet();
        var staff = db.Staff.AsNoTracking().Select(s => s.Id).ToHashSet();
        var groups = db.CustomerGroups.AsNoTracking().Select(g => g.Id).ToHashSet();
        var customers = db.Customers.AsNoTracking().ToList().Where(c => !dirtyCustomers.Contains(c.Id.ToString())).ToList();
        Assert.Equal(customers.Count, customers.Select(c => c.CreditCode).Distinct().Count());
        foreach (var c in customers)
        {
            Assert.Equal(18, c.CreditCode.Length);
            Assert.Contains(c.Kind, new[] { "enterprise", "individual", "farmer" });
            Assert.Equal(c.Kind == "enterprise", c.Size is not null);
            if (c.Size is not null) Assert.Contains(c.Size, new[] { "large", "medium", "small", "micro" });
            Assert.Contains(c.CreditRating, new[] { "AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C" });
            Assert.Contains(c.RiskLevel, new[] { "low", "medium", "high" });
            Assert.Contains(c.Tier, new[] { "strategic", "core", "potential", "ordinary" });
            Assert.Contains(c.IndustryCode, industries);
            Assert.Contains(c.RegionCode, regions);
            Assert.Contains(c.ManagerId, staff);
            if (c.GroupId is { } g) Assert.Contains(g, groups);
            Assert.True(c.UpdatedAt >= c.CreatedAt);
        }
        foreach (var d in db.Departments.AsNoTracking().ToList())
        {
            Assert.Contains(d.Kind, new[] { "business", "risk", "asset_preservation", "customer_service", "other" });
        }
        foreach (var p in db.Products.AsNoTracking().ToList())
        {
            Assert.Contains(p.Category, new[] { "loan", "bond", "other_financing", "non_financing" });
        }
        var dirtySignals = Dirty("risk_signals");
        foreach (var s in db.RiskSignals.AsNoTracking().ToList().Where(s => !dirtySignals.Contains(s.Id.ToString())))
        {
            Assert.Contains(s.Kind, new[] { "litigation", "registration_change", "public_opinion", "financial_deterioration", "overdue", "credit_report" });
            Assert.Contains(s.Severity, new[] { "red", "orange", "yellow" });
            Assert.Equal(s.Status == "closed", s.ClosedOn is not null);
            Assert.True(s.DetectedOn <= _asOf && (s.ClosedOn is null || (s.ClosedOn >= s.DetectedOn && s.ClosedOn <= _asOf)));
        }
    }

    [Fact]
    public void SurveyScoresAndComplaintTimesInTheInboxAreValidOutsideThePlantedRows()
    {
        var planted = demo.Company.DirtyRecords.Select(d => (d.Source, d.Key)).ToHashSet();
        var surveys = 0;
        foreach (var file in Directory.GetFiles(demo.InboxPath, "surveys*"))
        {
            var name = Path.GetFileName(file);
            var rows = InboxTestReader.Read(file);
            var header = rows[0].Select(h => h.ToLowerInvariant()).ToList();
            for (var r = 1; r < rows.Count; r++)
            {
                if (planted.Contains((name, (r + 1).ToString()))) continue;
                var nps = int.Parse(rows[r][header.IndexOf("nps_score")]);
                Assert.InRange(nps, 0, 10);
                var csat = rows[r][header.IndexOf("csat")];
                if (csat != "") Assert.InRange(int.Parse(csat), 1, 5);
                Assert.True(DateOnly.Parse(rows[r][header.IndexOf("surveyed_on")]) <= _asOf);
                surveys++;
            }
        }
        Assert.True(surveys > 300, $"only {surveys} survey responses");

        foreach (var file in Directory.GetFiles(demo.InboxPath, "complaints_2*"))
        {
            var name = Path.GetFileName(file);
            var rows = InboxTestReader.Read(file);
            var header = rows[0].ToList();
            for (var r = 1; r < rows.Count; r++)
            {
                if (planted.Contains((name, (r + 1).ToString()))) continue;
                var received = DateTime.Parse(rows[r][header.IndexOf("received_at")], System.Globalization.CultureInfo.InvariantCulture);
                foreach (var column in new[] { "responded_at", "resolved_at" })
                {
                    var value = rows[r][header.IndexOf(column)];
                    if (value != "") Assert.True(DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture) >= received);
                }
            }
        }
    }
}
