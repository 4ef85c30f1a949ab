using GroundStation.Edge.Storage;
using GroundStation.Messaging.Client;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Edge.Messaging;

/// <summary>
/// Sends the outbox (pass events, command acknowledgements) to the broker in order at QoS 1 and deletes each message
/// only after its PUBACK: while the broker is unreachable messages simply wait, in the database, across restarts.
/// Delivery is at least once; a resend after a crash between PUBACK and delete is a duplicate the core tolerates.
/// </summary>
public sealed partial class OutboxForwarder(EdgeStore store, MqttClient client, ILogger<OutboxForwarder> logger) : IDisposable
{
    private const int BatchSize = 64;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Asks the forwarder to look at the outbox now.</summary>
    public void Wake() => _wake.Release();

    /// <inheritdoc />
    public void Dispose() => _wake.Dispose();

    /// <summary>Forwards until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = store.PeekOutbox(BatchSize);
                if (batch.Count == 0)
                {
                    await _wake.WaitAsync(cancellationToken);
                    continue;
                }

                // All of a batch go out together (the client pipelines them); each is deleted after its own PUBACK.
                var sends = batch.Select(entry => SendAsync(entry, cancellationToken)).ToArray();
                await Task.WhenAll(sends);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or IOException)
            {
                LogFailed(error.Message);
                await _wake.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private async Task SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        await client.PublishAcknowledgedAsync(
            new MqttApplicationMessage(TopicName.Parse(entry.Topic), entry.Payload, MqttQualityOfService.AtLeastOnce), cancellationToken);
        store.RemoveFromOutbox(entry.Id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "outbox: forwarding failed, retrying: {Reason}")]
    private partial void LogFailed(string reason);
}
