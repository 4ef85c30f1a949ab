namespace GroundStation.Testing;

/// <summary>A broker the fault tests can crash, stop and restart on the same port and data.</summary>
public interface IRestartableBroker : IAsyncDisposable
{
    /// <summary>The loopback address the broker listens on.</summary>
    string Host { get; }

    /// <summary>The TCP port the broker listens on; kept across restarts.</summary>
    int Port { get; }

    /// <summary>Ends the broker as a crash would (SIGKILL for a process): nothing is flushed or closed cleanly.</summary>
    Task KillAsync();

    /// <summary>Stops the broker cleanly (SIGTERM for a process).</summary>
    Task StopAsync();

    /// <summary>Starts it again on the same port with the same data.</summary>
    Task RestartAsync();
}
