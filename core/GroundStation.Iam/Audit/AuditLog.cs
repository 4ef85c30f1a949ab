using System.Threading.Channels;
using GroundStation.Iam.Storage;
using Microsoft.Extensions.Logging;

namespace GroundStation.Iam.Audit;

/// <summary>
/// Writes audit entries to the store in batches from one background loop, so that verification on the hot path only
/// enqueues. Key changes wait for their entry to be durable (<see cref="RecordDurablyAsync"/>); verification decisions
/// do not (<see cref="RecordAsync"/>). A full queue pushes back on callers rather than dropping entries.
/// </summary>
public sealed partial class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly IIamStore _store;
    private readonly ILogger<AuditLog> _logger;
    private readonly Channel<(AuditEntry? Entry, TaskCompletionSource? Done)> _queue =
        Channel.CreateBounded<(AuditEntry?, TaskCompletionSource?)>(new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _writer;
    private long _failed;

    /// <summary>Starts the background writer.</summary>
    public AuditLog(IIamStore store, ILogger<AuditLog> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Entries that could not be written (each also logged as an error).</summary>
    public long FailedEntries => Interlocked.Read(ref _failed);

    /// <summary>
    /// Queues an entry without waiting for it to reach the store; completes at once unless the queue is full, in which
    /// case the caller waits for room (back-pressure rather than loss).
    /// </summary>
    public ValueTask RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _queue.Writer.TryWrite((entry, null)) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync((entry, null), cancellationToken);
    }

    /// <summary>Queues an entry and completes once it is in the store (or throws when it could not be written).</summary>
    public async Task RecordDurablyAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((entry, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Waits until everything queued so far is in the store.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // A marker without an entry: it completes when the batch holding it, and so everything before it, is written.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((null, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting entries and writes what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(AuditEntry? Entry, TaskCompletionSource? Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            var entries = batch.Where(b => b.Entry is not null).Select(b => b.Entry!).ToList();
            try
            {
                await _store.AppendAuditAsync(entries, CancellationToken.None);
                foreach (var (_, done) in batch)
                {
                    done?.TrySetResult();
                }
            }
#pragma warning disable CA1031 // The writer loop must outlive any one failed batch; the failure is counted, logged and handed to waiters.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Interlocked.Add(ref _failed, entries.Count);
                LogWriteFailed(exception, entries.Count);
                foreach (var (_, done) in batch)
                {
                    done?.TrySetException(exception);
                }
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} audit entries")]
    private partial void LogWriteFailed(Exception exception, int count);
}
