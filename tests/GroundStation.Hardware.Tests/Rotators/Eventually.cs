namespace GroundStation.Hardware.Tests.Rotators;

/// <summary>Waits for a condition on a real peer, re-checking it until a generous deadline.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        using var cancellation = new CancellationTokenSource(deadline);
        var last = default(T);
        while (!cancellation.IsCancellationRequested)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"{what} did not happen within {deadline}; last observed: {last}");
    }
}
