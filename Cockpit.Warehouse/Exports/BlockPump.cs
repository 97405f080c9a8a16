using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Cockpit.Warehouse.Exports;

/// <summary>
/// Writes byte blocks to a stream on a thread of its own, so that compressing a sheet (the zip entry's deflate, about
/// a third of the writer's time) runs beside the building of the next rows. At most <see cref="Capacity"/> blocks
/// wait, so the memory stays bounded whatever the row count. A failure of the stream is thrown to the writer at its
/// next block or at <see cref="Complete"/>.
/// </summary>
internal sealed class BlockPump : IDisposable
{
    private const int Capacity = 4;

    private readonly Stream _target;
    private readonly BlockingCollection<(byte[] Block, int Count)> _full = new(Capacity);
    private readonly ConcurrentBag<byte[]> _free = [];
    private readonly Task _task;
    private ExceptionDispatchInfo? _failure;

    public BlockPump(Stream target)
    {
        _target = target;
        _task = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>A block of at least <paramref name="size"/> bytes to fill (one the stream is done with, when big enough).</summary>
    public byte[] Rent(int size)
    {
        ThrowIfFailed();
        return _free.TryTake(out var block) && block.Length >= size ? block : new byte[size];
    }

    /// <summary>Queues the block's first <paramref name="count"/> bytes; waits while <see cref="Capacity"/> blocks are queued.</summary>
    public void Write(byte[] block, int count)
    {
        ThrowIfFailed();
        _full.Add((block, count));
    }

    /// <summary>Waits until every queued block is written.</summary>
    public void Complete()
    {
        _full.CompleteAdding();
        _task.Wait();
        ThrowIfFailed();
    }

    public void Dispose()
    {
        if (!_full.IsAddingCompleted)
        {
            _full.CompleteAdding();
            _task.Wait();
        }
        _full.Dispose();
    }

    private void Run()
    {
        foreach (var (block, count) in _full.GetConsumingEnumerable())
        {
            if (Volatile.Read(ref _failure) is null)
            {
                try
                {
                    _target.Write(block, 0, count);
                }
                catch (Exception e)
                {
                    // kept for the writer's thread; the queue is still drained so the writer never waits forever
                    Volatile.Write(ref _failure, ExceptionDispatchInfo.Capture(e));
                }
            }
            _free.Add(block);
        }
    }

    private void ThrowIfFailed() => Volatile.Read(ref _failure)?.Throw();
}
