using System.Globalization;
using Cockpit.Etl.Source.Model;
using static Cockpit.Etl.Demo.DemoCatalog;

namespace Cockpit.Etl.Demo;

public sealed partial class DemoGenerator
{
    private static readonly string[] SurveyColumns = ["response_id", "credit_code", "surveyed_on", "channel", "nps_score", "csat", "comment"];
    private static readonly string[] ComplaintColumns = ["complaint_id", "credit_code", "received_at", "responded_at", "resolved_at", "category", "department_code"];
    private static readonly string[] TargetColumns = ["year", "quarter", "department_code", "kpi_code", "target"];
    private static readonly string[] FinanceColumns = ["month", "net_assets", "revenue", "net_profit", "reserves"];

    private Contract[] _contractsByStart = [];
    private int[] _startDays = [];
    private Dictionary<int, Customer> _customersById = [];

    private void BuildInbox()
    {
        _contractsByStart = _plans.Select(p => p.Contract).OrderBy(c => c.StartOn).ThenBy(c => c.Id).ToArray();
        _startDays = _contractsByStart.Select(c => c.StartOn.DayNumber).ToArray();
        _customersById = _company.Customers.ToDictionary(c => c.Id);
        var monthly = MonthlyFigures();
        BuildSurveys();
        BuildComplaints();
        BuildTargets(monthly);
        BuildFinance(monthly);
    }

    /// <summary>A contract in force or recently ended around a date, to pick the customer of a survey or complaint.</summary>
    private Contract RecentContract(DateOnly on)
    {
        var hi = Array.BinarySearch(_startDays, on.DayNumber + 1);
        hi = hi < 0 ? ~hi : hi;
        var lo = Array.BinarySearch(_startDays, on.DayNumber - 400);
        lo = lo < 0 ? ~lo : lo;
        if (hi <= lo) return _contractsByStart[Math.Max(0, Math.Min(hi, _contractsByStart.Length - 1))];
        return _contractsByStart[_rng.Int(lo, hi)];
    }

    private string DepartmentCode(int departmentId) => _company.Departments.First(d => d.Id == departmentId).Code;

    private IEnumerable<(int Year, DateOnly From, DateOnly To)> HistoryYears()
    {
        for (var y = _historyStart.Year; y <= _asOf.Year; y++)
        {
            var to = new DateOnly(y, 12, 31);
            yield return (y, new DateOnly(y, 1, 1), to > _asOf ? _asOf : to);
        }
    }

    // ---------------------------------------------------------------- surveys (NPS)

    private void BuildSurveys()
    {
        var rowsByYear = new List<List<object?[]>>();
        var perYear = 1500 * _scale;
        foreach (var (year, from, to) in HistoryYears())
        {
            var rows = new List<object?[]>();
            var n = (int)Math.Round(perYear * (to.DayNumber - from.DayNumber + 1) / 365.0);
            var responses = new List<(DateOnly On, object?[] Row)>();
            for (var i = 0; i < n; i++)
            {
                var on = _rng.Date(from, to);
                var contract = RecentContract(on);
                var dept = DemoCatalog.Departments.First(d => d.Code == DepartmentCode(contract.DepartmentId));
                // NPS improves a little every year, drops in the bad year, and differs by department.
                var nps = (dept.Nps + (year - _historyStart.Year) * 2.5 - (year == _badYear ? 9 : 0) + _rng.Normal() * 3) / 100.0;
                var promoters = Math.Clamp((0.70 + nps) / 2, 0.05, 0.9);
                var detractors = Math.Clamp((0.70 - nps) / 2, 0.02, 0.9);
                var u = _rng.Next();
                int score;
                int? csat;
                string comment;
                if (u < promoters)
                {
                    score = _rng.Chance(0.55) ? 9 : 10;
                    csat = _rng.Chance(0.7) ? 5 : 4;
                    comment = _rng.Chance(0.3) ? _rng.Pick(PromoterComments) : "";
                }
                else if (u < promoters + detractors)
                {
                    score = _rng.Pick((6, 35.0), (5, 30.0), (4, 12.0), (3, 10.0), (2, 6.0), (1, 4.0), (0, 3.0));
                    csat = _rng.Pick((1, 15.0), (2, 40.0), (3, 45.0));
                    comment = _rng.Chance(0.5) ? _rng.Pick(DetractorComments) : "";
                }
                else
                {
                    score = _rng.Chance(0.5) ? 7 : 8;
                    csat = _rng.Pick((3, 50.0), (4, 50.0));
                    comment = _rng.Chance(0.2) ? _rng.Pick(PassiveComments) : "";
                }
                if (_rng.Chance(0.1)) csat = null;
                responses.Add((on, [null, _customersById[contract.CustomerId].CreditCode, on, _rng.Pick(SurveyChannels), score, csat, comment]));
            }
            var seq = 1;
            foreach (var (_, row) in responses.OrderBy(r => r.On))
            {
                row[0] = $"NPS{year}{seq++:D5}";
                rows.Add(row);
            }
            rowsByYear.Add(rows);
        }

        var years = HistoryYears().ToList();
        for (var i = 0; i < years.Count; i++)
        {
            var (year, _, to) = years[i];
            var rows = rowsByYear[i];
            var current = i == years.Count - 1;
            var format = current ? InboxFormat.CsvUtf8 : (i % 3) switch
            {
                0 => InboxFormat.CsvGb18030,
                1 => InboxFormat.CsvUtf8Bom,
                _ => InboxFormat.Xlsx,
            };
            var name = $"surveys_{to:yyyy-MM-dd}.{(format == InboxFormat.Xlsx ? "xlsx" : "csv")}";
            if (current)
            {
                // The current export comes from a new survey tool: other column order and an extra column.
                var header = new object?[] { "surveyed_on", "response_id", "credit_code", "nps_score", "csat", "channel", "comment", "survey_tool" };
                var table = new List<IReadOnlyList<object?>> { header };
                foreach (var r in rows)
                {
                    table.Add([Text(r[2]), r[0], r[1], Text(r[4]), Text(r[5]), r[3], r[6], "问卷星"]);
                }
                PlantSurveyFaults(name, table);
                _company.InboxFiles.Add(new InboxFile(name, format, table));
                _company.DirtyRecords.Add(new DirtyRecord(DirtyKinds.UnknownColumn, name, "", "survey_tool", "", "extra column 'survey_tool' is not in the documented layout; ignored with a warning"));
            }
            else
            {
                _company.InboxFiles.Add(new InboxFile(name, format, Table(SurveyColumns, rows, format)));
            }
        }

        // Corrections: three responses of an earlier year re-sent with the right score (the later file wins),
        // and the same corrections uploaded twice (skipped: same content).
        var earlier = rowsByYear[Math.Min(1, rowsByYear.Count - 1)];
        if (earlier.Count >= 3)
        {
            var corrections = new List<object?[]>();
            for (var k = 0; k < 3; k++)
            {
                var original = earlier[(k + 1) * earlier.Count / 4];
                var fixedScore = (int)original[4]! >= 9 ? 6 : 10;
                corrections.Add([original[0], original[1], original[2], original[3], fixedScore, original[5], "（更正）录入时评分有误"]);
            }
            var name = $"surveys_{_asOf:yyyy-MM-dd}_corrections.csv";
            _company.InboxFiles.Add(new InboxFile(name, InboxFormat.CsvUtf8Bom, Table(SurveyColumns, corrections, InboxFormat.CsvUtf8Bom)));
            var copy = $"surveys_{_asOf:yyyy-MM-dd}_corrections_resent.csv";
            _company.InboxFiles.Add(new InboxFile(copy, InboxFormat.CsvUtf8Bom, []) { CopyOf = name });
            _company.DirtyRecords.Add(new DirtyRecord(DirtyKinds.DuplicateFile, copy, "", "", name, $"same content as {name}; skipped as a duplicate"));
        }
    }

    private void PlantSurveyFaults(string file, List<IReadOnlyList<object?>> table)
    {
        var template = table[Math.Min(5, table.Count - 1)];
        var unknownCode = ChineseIds.CreditCode("91", "369199", 12_345_678);
        var faults = new (string Kind, string Column, string Value, string Description)[]
        {
            (DirtyKinds.BadValue, "nps_score", "11", "nps_score 11 is outside 0–10"),
            (DirtyKinds.NotANumber, "nps_score", "九", "nps_score is not an integer"),
            (DirtyKinds.OrphanKey, "credit_code", unknownCode, "credit_code matches no customer"),
            (DirtyKinds.ImpossibleDate, "surveyed_on", $"{_asOf.Year}-02-30", "surveyed_on is not a real date"),
            (DirtyKinds.BadValue, "csat", "6", "csat 6 is outside 1–5"),
            (DirtyKinds.MissingValue, "response_id", "", "response_id is empty"),
        };
        var header = table[0].ToArray();
        var planted = new List<(object?[] Row, DirtyRecord Record)>();
        var at = 3;
        var seq = 1;
        foreach (var (kind, column, value, description) in faults)
        {
            var row = template.ToArray();
            row[Array.IndexOf(header, "response_id")] = $"NPS{_asOf.Year}9{seq++:D4}";
            row[Array.IndexOf(header, column)] = value;
            at = Math.Min(at + 7, table.Count);
            table.Insert(at, row);
            planted.Add((row, new DirtyRecord(kind, file, "", column, value, description)));
        }
        AddPlanted(table, planted);
    }

    /// <summary>Records planted rows with their spreadsheet row numbers (header = row 1), known once all are in.</summary>
    private void AddPlanted(List<IReadOnlyList<object?>> table, List<(object?[] Row, DirtyRecord Record)> planted)
    {
        foreach (var (row, record) in planted)
        {
            var index = table.FindIndex(r => ReferenceEquals(r, row));
            _company.DirtyRecords.Add(record with { Key = (index + 1).ToString(CultureInfo.InvariantCulture) });
        }
    }

    // ---------------------------------------------------------------- complaints

    private void BuildComplaints()
    {
        var years = HistoryYears().ToList();
        var perYear = Math.Max(8, 100 * _scale);
        for (var i = 0; i < years.Count; i++)
        {
            var (year, from, to) = years[i];
            var current = i == years.Count - 1;
            var n = (int)Math.Round(perYear * (to.DayNumber - from.DayNumber + 1) / 365.0 * (year == _badYear ? 1.3 : 1.0));
            var items = new List<(DateTime Received, object?[] Row)>();
            for (var k = 0; k < n; k++)
            {
                var day = _rng.Date(from, to);
                var received = At(day, _rng.Pick((9, 20.0), (10, 20.0), (11, 15.0), (14, 15.0), (15, 15.0), (16, 10.0), (20, 5.0)), _rng.Int(0, 60));
                var contract = RecentContract(day);
                var hours = _rng.Chance(0.06) ? _rng.Uniform(25, 72) : Math.Min(23.5, _rng.LogNormal(2.5, 1.1));
                DateTime? responded = received.AddMinutes(Math.Round(hours * 60));
                var resolveDays = _rng.Chance(0.1) ? _rng.Uniform(7.5, 20) : _rng.LogNormal(2.5, 0.6);
                DateTime? resolved = received.AddHours(Math.Max(hours + 1, Math.Round(resolveDays * 24)));
                var asOfEnd = _asOf.ToDateTime(new TimeOnly(23, 59));
                if (responded > asOfEnd) responded = null;
                if (resolved > asOfEnd || (current && k == n / 2)) resolved = null; // one stays open past its deadline
                var department = _rng.Chance(0.3) ? "CS" : DepartmentCode(contract.DepartmentId);
                items.Add((received, [null, _customersById[contract.CustomerId].CreditCode, received, responded, resolved,
                    _rng.Pick(ComplaintCategories), department]));
            }
            var seq = 1;
            var rows = items.OrderBy(x => x.Received).Select(x => { x.Row[0] = $"TS{year}{seq++:D4}"; return x.Row; }).ToList();
            var format = current ? InboxFormat.Xlsx : (i % 3) switch
            {
                0 => InboxFormat.CsvUtf8Bom,
                1 => InboxFormat.CsvGb18030,
                _ => InboxFormat.CsvUtf8,
            };
            var timestampFormat = (i % 3) switch { 0 => "yyyy-MM-dd HH:mm", 1 => "yyyy-MM-dd HH:mm:ss", _ => "yyyy-MM-dd'T'HH:mm:ss" };
            var name = $"complaints_{to:yyyy-MM-dd}.{(format == InboxFormat.Xlsx ? "xlsx" : "csv")}";
            var table = Table(ComplaintColumns, rows, format, timestampFormat);
            if (current) PlantComplaintFaults(name, table);
            _company.InboxFiles.Add(new InboxFile(name, format, table));
        }

        // An old export from the previous complaint system, without department_code: rejected whole.
        var legacy = new List<IReadOnlyList<object?>> { new object?[] { "complaint_id", "credit_code", "received_at", "responded_at", "resolved_at", "category" } };
        for (var k = 0; k < 4; k++)
        {
            var day = _historyStart.AddDays(20 + k * 9);
            var contract = RecentContract(day);
            var received = At(day, 10, 5 * k);
            legacy.Add([$"OLD{k + 1:D4}", _customersById[contract.CustomerId].CreditCode, Stamp(received, "yyyy/MM/dd HH:mm"),
                Stamp(received.AddHours(3), "yyyy/MM/dd HH:mm"), Stamp(received.AddDays(2), "yyyy/MM/dd HH:mm"), "其他"]);
        }
        const string legacyName = "complaints_legacy_export.csv";
        _company.InboxFiles.Add(new InboxFile(legacyName, InboxFormat.CsvGb18030, legacy));
        _company.DirtyRecords.Add(new DirtyRecord(DirtyKinds.MissingColumn, legacyName, "", "department_code", "",
            "required column department_code is missing; the whole file is rejected"));
    }

    private void PlantComplaintFaults(string file, List<IReadOnlyList<object?>> table)
    {
        var template = table[Math.Min(3, table.Count - 1)];
        var received = (DateTime)template[2]!;
        var faults = new (string Kind, string Column, object Value, string Text, string Description)[]
        {
            (DirtyKinds.InvertedDates, "responded_at", received.AddHours(-5), Stamp(received.AddHours(-5), "yyyy-MM-dd HH:mm:ss"),
                "responded_at is before received_at"),
            (DirtyKinds.OrphanKey, "department_code", "MKT", "MKT", "department_code MKT matches no department"),
            (DirtyKinds.NotADate, "received_at", "昨天下午", "昨天下午", "received_at is not a date and time"),
        };
        var planted = new List<(object?[] Row, DirtyRecord Record)>();
        var at = 2;
        var seq = 1;
        foreach (var (kind, column, value, text, description) in faults)
        {
            var row = template.ToArray();
            row[0] = $"TS{_asOf.Year}9{seq++:D3}";
            row[Array.IndexOf(ComplaintColumns, column)] = value;
            at = Math.Min(at + 5, table.Count);
            table.Insert(at, row);
            planted.Add((row, new DirtyRecord(kind, file, "", column, text, description)));
        }
        AddPlanted(table, planted);
    }

    // ---------------------------------------------------------------- formatting

    private static string Stamp(DateTime t, string format) => t.ToString(format, CultureInfo.InvariantCulture);

    private static object? Text(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Header plus rows; for CSV every value becomes text in the file's style, for XLSX cells keep types.</summary>
    private static List<IReadOnlyList<object?>> Table(string[] columns, IEnumerable<object?[]> rows, InboxFormat format, string timestampFormat = "yyyy-MM-dd HH:mm:ss")
    {
        var table = new List<IReadOnlyList<object?>> { columns };
        foreach (var row in rows)
        {
            table.Add(format == InboxFormat.Xlsx
                ? row
                : row.Select(v => v is DateTime t ? Stamp(t, timestampFormat) : Text(v)).ToArray());
        }
        return table;
    }
}
