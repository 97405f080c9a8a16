using System.Globalization;

namespace Cockpit.Etl.Cli;

/// <summary>Parses <c>command --option value --flag</c> command lines; unknown options are an error.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private Arguments(string command) => Command = command;

    public string Command { get; }

    public static Arguments Parse(string[] args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flags)
    {
        var parsed = new Arguments(args.Length > 0 ? args[0] : "help");
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            if (flags.Contains(name))
            {
                parsed._options[name] = null;
            }
            else if (valueOptions.Contains(name))
            {
                if (i + 1 >= args.Length) throw new UsageException($"{name} needs a value.");
                parsed._options[name] = args[++i];
            }
            else
            {
                throw new UsageException($"unknown option '{name}'.");
            }
        }
        return parsed;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.GetValueOrDefault(name);

    public int? Int(string name)
    {
        var v = Value(name);
        if (v is null) return null;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n : throw new UsageException($"{name} must be a whole number, not '{v}'.");
    }

    public DateOnly? Date(string name)
    {
        var v = Value(name);
        if (v is null) return null;
        return DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new UsageException($"{name} must be a date yyyy-MM-dd, not '{v}'.");
    }
}

/// <summary>A command line that cannot be run as given; the message says why.</summary>
internal sealed class UsageException(string message) : Exception(message);
