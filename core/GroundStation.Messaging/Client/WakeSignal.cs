namespace GroundStation.Messaging.Client;

/// <summary>
/// Wakes the single writer loop when there may be work. A signal given while nobody waits is remembered, so a wake-up
/// between the writer's last check and its wait is never lost; repeated signals collapse into one.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _waiter;
    private bool _pending;

    /// <summary>Signals the writer.</summary>
    public void Set()
    {
        // Fast path for a busy writer: a wake-up is already pending, so this one adds nothing (publishers call Set per message).
        if (Volatile.Read(ref _pending))
        {
            return;
        }

        TaskCompletionSource? waiter;
        lock (_gate)
        {
            waiter = _waiter;
            _waiter = null;
            if (waiter is null)
            {
                Volatile.Write(ref _pending, true);
                return;
            }
        }

        waiter.TrySetResult();
    }

    /// <summary>Completes at the next signal, or at once if one arrived since the last wait.</summary>
    public Task WaitAsync()
    {
        lock (_gate)
        {
            if (_pending)
            {
                Volatile.Write(ref _pending, false);
                return Task.CompletedTask;
            }

            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }
}
