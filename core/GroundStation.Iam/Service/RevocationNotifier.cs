using GroundStation.Iam.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GroundStation.Iam.Service;

/// <summary>
/// Knows the latest revocation-feed sequence in the shared store and wakes long-polls when it moves. Revocations made
/// by this instance wake it at once; those made by other instances are seen within one poll interval.
/// </summary>
public sealed partial class RevocationNotifier : BackgroundService
{
    private readonly IIamStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger<RevocationNotifier> _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource _wake = NewSignal();
    private long _latest = -1;

    /// <summary>Creates the notifier; it starts polling when the host starts it.</summary>
    public RevocationNotifier(IIamStore store, TimeProvider time, IamServiceOptions options, ILogger<RevocationNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _pollInterval = options.RevocationPollInterval;
    }

    /// <summary>Raised (on the poll loop) whenever the feed moves: some key was revoked or disabled.</summary>
    public event Action? Changed;

    /// <summary>Asks for an immediate look at the store (after a local revocation).</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>The latest sequence, read from the store if the poll loop has not run yet.</summary>
    public async Task<long> LatestAsync(CancellationToken cancellationToken)
    {
        var latest = Interlocked.Read(ref _latest);
        return latest >= 0 ? latest : await _store.LatestRevocationAsync(cancellationToken);
    }

    /// <summary>Waits until the feed moves past <paramref name="after"/> or <paramref name="timeout"/> passes.</summary>
    public async Task WaitBeyondAsync(long after, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (await LatestAsync(cancellationToken) > after)
            {
                return;
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await changed.WaitAsync(remaining, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Task wake;
            lock (_gate)
            {
                wake = _wake.Task;
            }

            try
            {
                var latest = await _store.LatestRevocationAsync(stoppingToken);
                if (latest != Interlocked.Exchange(ref _latest, latest))
                {
                    lock (_gate)
                    {
                        _changed.TrySetResult();
                        _changed = NewSignal();
                    }

                    Changed?.Invoke();
                }

                await Task.WhenAny(wake, Task.Delay(_pollInterval, _time, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The poll loop must survive a busy or briefly unavailable store; each failure is logged.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogPollFailed(exception);
                await Task.WhenAny(Task.Delay(_pollInterval, _time, stoppingToken));
            }

            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = NewSignal();
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the revocation feed; retrying")]
    private partial void LogPollFailed(Exception exception);
}
