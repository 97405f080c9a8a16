namespace Cockpit.Warehouse.Pages;

/// <summary>
/// Results of warehouse queries, shared by every page: a query asked twice at once runs once. Bounded: at most
/// <see cref="Capacity"/> entries, the least recently used one dropped first. A query that fails or is cancelled is
/// dropped as soon as it ends, so the next request runs it again instead of getting the same failure until the next
/// build.
/// </summary>
public sealed class QueryCache<T>(int capacity)
{
    /// <summary>The default bound: about 60 queries make a leadership page, so a few hundred filter states fit.</summary>
    public const int DefaultCapacity = 20_000;

    private sealed class Entry(string key, Lazy<Task<T>> value)
    {
        public string Key { get; } = key;
        public Lazy<Task<T>> Value { get; } = value;
    }

    private readonly Dictionary<string, LinkedListNode<Entry>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new(); // most recently used first
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count
    {
        get
        {
            lock (_gate) return _index.Count;
        }
    }

    /// <summary>The cached result for <paramref name="key"/>, or the result of <paramref name="run"/> (started once).</summary>
    public Task<T> GetOrRun(string key, Func<Task<T>> run)
    {
        Lazy<Task<T>> lazy;
        var added = false;
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                lazy = node.Value.Value;
            }
            else
            {
                lazy = new Lazy<Task<T>>(run);
                _index[key] = _order.AddFirst(new Entry(key, lazy));
                added = true;
                while (_index.Count > Capacity && _order.Last is { } last)
                {
                    _order.RemoveLast();
                    _index.Remove(last.Value.Key);
                }
            }
        }
        var task = lazy.Value;
        if (added)
        {
            // a failure is not remembered: drop the entry (if it is still this one) when the query fails
            task.ContinueWith(_ => Remove(key, lazy), CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return task;
    }

    private void Remove(string key, Lazy<Task<T>> lazy)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(key, out var node) && ReferenceEquals(node.Value.Value, lazy))
            {
                _order.Remove(node);
                _index.Remove(key);
            }
        }
    }

    /// <summary>Drops every entry whose key starts with <paramref name="prefix"/> (a superseded build's).</summary>
    public void RemovePrefix(string prefix)
    {
        lock (_gate)
        {
            foreach (var key in _index.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _order.Remove(_index[key]);
                _index.Remove(key);
            }
        }
    }
}
