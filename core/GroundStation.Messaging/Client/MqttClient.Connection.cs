using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Messaging.Client;

// The connection side of the client: the supervisor that (re)connects, and the read, write and keep-alive loops of
// one connection. Session state lives in MqttClient.cs and survives each connection.
public sealed partial class MqttClient
{
    // Packets are gathered up to this many bytes per socket write: large enough to amortise the system call, small
    // enough that acknowledgements queued behind a batch are not held back noticeably.
    private const int FlushThreshold = 64 * 1024;

    // A compliant broker has at most 65,535 packets awaiting our acknowledgement; more means it floods us.
    private const int MaximumQueuedControlPackets = 70_000;

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(_options.ReconnectMinimumDelay, _options.ReconnectMaximumDelay);
        while (!cancellationToken.IsCancellationRequested && !IsStopping())
        {
            Link? link = null;
            try
            {
                LogConnecting(_options.Host, _options.Port, backoff.Attempt);
                link = await EstablishAsync(cancellationToken);
                var connectedAt = _time.GetTimestamp();
                try
                {
                    await RunLinkAsync(link, cancellationToken);
                }
                finally
                {
                    // Only a connection that lasted starts the back-off afresh: a broker that accepts and at once drops
                    // clients (a failing plugin, a full disk) must not be hammered at the minimum delay forever.
                    if (_time.GetElapsedTime(connectedAt) >= _options.ReconnectMaximumDelay)
                    {
                        backoff.Reset();
                    }
                }

                if (IsStopping())
                {
                    break;
                }

                LogConnectionEnded(_options.Host, _options.Port);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (MqttConnectionRefusedException refused)
            {
                LogRefused(_options.Host, _options.Port, refused.ReturnCode);
                TaskCompletionSource waiting;
                lock (_gate)
                {
                    waiting = _connected;
                    _connected = NewSignal();
                }

                waiting.TrySetException(refused);
            }
#pragma warning disable CA1031 // The supervisor is the network loop's last line: whatever broke the connection is logged and the client reconnects.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogConnectionLost(error, _options.Host, _options.Port);
            }
            finally
            {
                if (link is not null)
                {
                    EndSession(link);
                    await link.DisposeAsync();
                }
            }

            if (cancellationToken.IsCancellationRequested || IsStopping())
            {
                break;
            }

            var delay = backoff.NextDelay();
            LogReconnectDelay(delay.TotalMilliseconds, backoff.Attempt);
            try
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private bool IsStopping()
    {
        lock (_gate)
        {
            return _stopping;
        }
    }

    private async Task<Link> EstablishAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Stream? stream = null;
        try
        {
            stream = await OpenStreamAsync(linked.Token);
            var connect = new ArrayBufferWriter<byte>(256);
            MqttEncoder.Write(connect, new ConnectPacket(_options.ClientId, _options.CleanSession,
                (ushort)_options.KeepAlive.TotalSeconds, _options.Will, _options.UserName, _options.Password));
            await stream.WriteAsync(connect.WrittenMemory, linked.Token);

            var receive = new ReceiveBuffer(_options.MaximumPacketSize);
            var decoder = new MqttDecoder(_options.MaximumPacketSize);
            while (true)
            {
                var data = receive.Data;
                if (decoder.TryDecode(ref data, out var packet))
                {
                    receive.ConsumeTo(data);
                    if (packet is not ConnAckPacket connAck)
                    {
                        throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                            $"The broker sent {packet.Type} before CONNACK.");
                    }

                    if (connAck.ReturnCode != MqttConnectReturnCode.Accepted)
                    {
                        throw new MqttConnectionRefusedException(connAck.ReturnCode);
                    }

                    var link = new Link(stream, receive, decoder, connAck.SessionPresent);
                    stream = null;
                    return link;
                }

                if (!await receive.FillAsync(stream, linked.Token))
                {
                    throw new EndOfStreamException($"{_options.Host}:{_options.Port} closed the connection before CONNACK.");
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Connecting to {_options.Host}:{_options.Port} took longer than {_options.ConnectTimeout} (TCP, TLS and CONNACK).");
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task<Stream> OpenStreamAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_options.Host, _options.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (_options.Tls is not { } tls)
        {
            return stream;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = tls.TargetHost ?? _options.Host,
                ClientCertificates = tls.ClientCertificate is null ? null : new X509CertificateCollection { tls.ClientCertificate },
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    MqttCertificateValidation.Accept(tls, certificate, chain, errors),
            }, cancellationToken);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }

        return ssl;
    }

    private async Task RunLinkAsync(Link link, CancellationToken cancellationToken)
    {
        using var linkLifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var resent = BeginSession(link);
        LogConnected(_options.Host, _options.Port, link.SessionPresent, resent);
        var reader = ReadLoopAsync(link, linkLifetime.Token);
        var writer = WriteLoopAsync(link, linkLifetime.Token);
        var keepAlive = KeepAliveLoopAsync(link, linkLifetime.Token);
        var first = await Task.WhenAny(reader, writer, keepAlive);
        try
        {
            await first;
        }
        finally
        {
            await linkLifetime.CancelAsync();
            await link.DisposeAsync();
            link.FailUnwritten();
            // The other loops now fail only because the connection is being torn down; the cause is the first one's.
            await Task.WhenAll(reader, writer, keepAlive).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // Installs the new connection and queues, in order, what the broker must see first: unacknowledged messages
    // (PUBLISH with DUP, or PUBREL once PUBREC came), unanswered requests, and the subscriptions a lost session forgot.
    private int BeginSession(Link link)
    {
        TaskCompletionSource connected;
        int resent;
        lock (_gate)
        {
            if (!link.SessionPresent)
            {
                _incomingQos2.Clear();
            }

            var unacknowledged = _inFlight.Values.OrderBy(m => m.Sequence).ToList();
            foreach (var message in unacknowledged)
            {
                var m = message.Message;
                link.Enqueue(message.Released
                    ? new ControlItem(MqttPacketType.PubRel, message.PacketId, null, null)
                    : new ControlItem(MqttPacketType.Publish, message.PacketId,
                        new PublishPacket(m.Topic, m.Payload, m.Qos, m.Retain, Duplicate: true, message.PacketId), null));
            }

            // A restore request from an earlier connection that never got its SUBACK is replaced, not repeated; and
            // since the broker may have stored the session without the subscriptions, it is needed even if present.
            var staleRestores = _requests.Values.Where(r => r.Answer is null).Select(r => r.PacketId).ToList();
            foreach (var stale in staleRestores)
            {
                _requests.Remove(stale);
            }

            foreach (var request in _requests.Values)
            {
                link.Enqueue(new ControlItem(request.Packet.Type, request.PacketId, request.Packet, null));
            }

            if ((!link.SessionPresent || staleRestores.Count > 0) && _subscriptions.Count > 0)
            {
                var restore = new PendingRequest(answer: null) { PacketId = NextPacketId() };
                restore.Packet = new SubscribePacket(restore.PacketId, [.. _subscriptions.Values]);
                _requests.Add(restore.PacketId, restore);
                link.Enqueue(new ControlItem(MqttPacketType.Subscribe, restore.PacketId, restore.Packet, null));
            }

            resent = unacknowledged.Count;
            _link = link;
            connected = _connected;
        }

        _writerWake.Set();
        connected.TrySetResult();
        return resent;
    }

    private void EndSession(Link link)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_link, link))
            {
                _link = null;
            }

            if (_connected.Task.IsCompleted)
            {
                _connected = NewSignal();
            }
        }
    }

    private async Task ReadLoopAsync(Link link, CancellationToken cancellationToken)
    {
        while (true)
        {
            var data = link.Receive.Data;
            while (link.Decoder.TryDecode(ref data, out var packet))
            {
                link.Receive.ConsumeTo(data);
                await HandleIncomingAsync(link, packet, cancellationToken);
                data = link.Receive.Data;
            }

            if (!await link.Receive.FillAsync(link.Stream, cancellationToken))
            {
                throw new EndOfStreamException($"{_options.Host}:{_options.Port} closed the connection.");
            }

            link.ReadProgress++;
        }
    }

    private async ValueTask HandleIncomingAsync(Link link, MqttPacket packet, CancellationToken cancellationToken)
    {
        switch (packet)
        {
            case PublishPacket publish:
                await ReceivePublishAsync(link, publish, cancellationToken);
                break;
            case PubRelPacket release:
                lock (_gate)
                {
                    _incomingQos2.Remove(release.PacketId);
                }

                SendControl(link, MqttPacketType.PubComp, release.PacketId);
                break;
            case PubAckPacket ack:
                CompleteOutbound(ack.PacketId, MqttQualityOfService.AtLeastOnce);
                break;
            case PubRecPacket received:
                lock (_gate)
                {
                    if (_inFlight.TryGetValue(received.PacketId, out var message) && message.Message.Qos == MqttQualityOfService.ExactlyOnce)
                    {
                        message.Released = true;
                    }
                }

                SendControl(link, MqttPacketType.PubRel, received.PacketId);
                break;
            case PubCompPacket complete:
                CompleteOutbound(complete.PacketId, MqttQualityOfService.ExactlyOnce);
                break;
            case SubAckPacket or UnsubAckPacket:
                CompleteRequest(packet);
                break;
            case PingRespPacket:
                link.PingResponse?.TrySetResult();
                break;
            default:
                throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                    $"A broker does not send {packet.Type} to a connected client.");
        }
    }

    private async ValueTask ReceivePublishAsync(Link link, PublishPacket publish, CancellationToken cancellationToken)
    {
        var isNew = true;
        if (publish.Qos == MqttQualityOfService.ExactlyOnce)
        {
            lock (_gate)
            {
                // A QoS 2 PUBLISH seen again before PUBREL is a resend: acknowledge it, do not deliver it twice.
                isNew = _incomingQos2.Add(publish.PacketId);
            }
        }

        var manual = _options.ManualAcknowledgement && publish.Qos == MqttQualityOfService.AtLeastOnce;
        if (isNew)
        {
            var message = new MqttApplicationMessage(publish.Topic, publish.Payload, publish.Qos, publish.Retain)
            {
                AcknowledgementLink = manual ? link : null,
                AcknowledgementPacketId = manual ? publish.PacketId : (ushort)0,
            };
            if (!_inbound.Writer.TryWrite(message))
            {
                link.WaitingForApplication = true;
                try
                {
                    await _inbound.Writer.WriteAsync(message, cancellationToken);
                }
                finally
                {
                    link.WaitingForApplication = false;
                }
            }
        }

        // Acknowledged only once the application's channel holds the message (or, with ManualAcknowledgement, once the
        // application says it is safe), so a crash before that makes the broker send it again.
        switch (publish.Qos)
        {
            case MqttQualityOfService.AtLeastOnce when !manual:
                SendControl(link, MqttPacketType.PubAck, publish.PacketId);
                break;
            case MqttQualityOfService.ExactlyOnce:
                SendControl(link, MqttPacketType.PubRec, publish.PacketId);
                break;
        }
    }

    private void CompleteOutbound(ushort packetId, MqttQualityOfService expected)
    {
        OutboundMessage? message;
        bool windowWasFull;
        lock (_gate)
        {
            windowWasFull = _inFlight.Count >= _options.MaximumInFlight;
            if (!_inFlight.TryGetValue(packetId, out message) || message.Message.Qos != expected)
            {
                // An acknowledgement for an identifier already completed (a duplicate after a resend) changes nothing.
                return;
            }

            _inFlight.Remove(packetId);
        }

        message.Completion?.TrySetResult();
        if (windowWasFull)
        {
            _writerWake.Set();
        }
    }

    private void CompleteRequest(MqttPacket answer)
    {
        var packetId = answer is SubAckPacket subAck ? subAck.PacketId : ((UnsubAckPacket)answer).PacketId;
        PendingRequest? request;
        lock (_gate)
        {
            if (!_requests.Remove(packetId, out request))
            {
                return;
            }

            if (request.Packet is SubscribePacket subscribe && answer is SubAckPacket granted)
            {
                for (var i = 0; i < subscribe.Subscriptions.Count && i < granted.ReturnCodes.Count; i++)
                {
                    var subscription = subscribe.Subscriptions[i];
                    if (granted.ReturnCodes[i] == MqttSubscribeReturnCode.Failure)
                    {
                        _subscriptions.Remove(subscription.Filter.Value);
                        LogSubscriptionRefused(subscription.Filter.Value);
                    }
                    else
                    {
                        _subscriptions[subscription.Filter.Value] = subscription;
                    }
                }
            }
        }

        request.Answer?.TrySetResult(answer);
    }

    private void SendControl(Link link, MqttPacketType type, ushort packetId)
    {
        link.Enqueue(new ControlItem(type, packetId, null, null));
        _writerWake.Set();
    }

    private async Task WriteLoopAsync(Link link, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold + 4096);
        var written = new List<TaskCompletionSource>();
        while (true)
        {
            var disconnect = false;
            while (buffer.WrittenCount < FlushThreshold && link.TryDequeue(out var item))
            {
                WriteControl(buffer, item);
                if (item.Written is { } signal)
                {
                    written.Add(signal);
                }

                if (item.Type == MqttPacketType.Disconnect)
                {
                    disconnect = true;
                    break;
                }
            }

            while (!disconnect && buffer.WrittenCount < FlushThreshold && TryTakePublish(out var outbound))
            {
                var m = outbound.Message;
                MqttEncoder.WritePublish(buffer, m.Topic, m.Payload.Span, m.Qos, m.Retain, duplicate: false, outbound.PacketId);
                if (m.Qos == MqttQualityOfService.AtMostOnce && outbound.Completion is { } sent)
                {
                    written.Add(sent);
                }
            }

            if (buffer.WrittenCount > 0)
            {
                try
                {
                    await link.Stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                }
                catch (Exception error)
                {
                    // QoS 0 messages in this batch are lost with the connection (at most once); whoever waits is told.
                    foreach (var signal in written)
                    {
                        signal.TrySetException(new IOException("The connection failed before the packet was written.", error));
                    }

                    throw;
                }

                buffer.ResetWrittenCount();
                foreach (var signal in written)
                {
                    signal.TrySetResult();
                }

                written.Clear();
                if (disconnect)
                {
                    await link.Stream.FlushAsync(cancellationToken);
                    return;
                }

                continue;
            }

            await _writerWake.WaitAsync().WaitAsync(cancellationToken);
        }
    }

    private static void WriteControl(ArrayBufferWriter<byte> buffer, ControlItem item)
    {
        switch (item.Type)
        {
            case MqttPacketType.PingReq:
                MqttEncoder.Write(buffer, PingReqPacket.Instance);
                break;
            case MqttPacketType.Disconnect:
                MqttEncoder.Write(buffer, DisconnectPacket.Instance);
                break;
            case MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel or MqttPacketType.PubComp:
                MqttEncoder.WritePacketIdOnly(buffer, item.Type, item.PacketId);
                break;
            default:
                MqttEncoder.Write(buffer, item.Packet!);
                break;
        }
    }

    // Takes the next queued message if the in-flight window has room; QoS 1/2 messages get their packet identifier
    // here, in send order, so resends after a reconnect keep the original order.
    private bool TryTakePublish([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OutboundMessage? message)
    {
        lock (_gate)
        {
            if (_inFlight.Count >= _options.MaximumInFlight || !_outbound.Reader.TryRead(out message))
            {
                message = null;
                return false;
            }

            if (message.Message.Qos != MqttQualityOfService.AtMostOnce)
            {
                message.PacketId = NextPacketId();
                message.Sequence = ++_sendSequence;
                _inFlight.Add(message.PacketId, message);
            }

            return true;
        }
    }

    private async Task KeepAliveLoopAsync(Link link, CancellationToken cancellationToken)
    {
        if (_options.KeepAlive == TimeSpan.Zero)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
            return;
        }

        var timeout = _options.PingTimeout ?? _options.KeepAlive;
        while (true)
        {
            await Task.Delay(_options.KeepAlive, _time, cancellationToken);
            var response = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            link.PingResponse = response;
            SendControl(link, MqttPacketType.PingReq, 0);
            while (true)
            {
                var progress = link.ReadProgress;
                try
                {
                    await response.Task.WaitAsync(timeout, _time, cancellationToken);
                    break;
                }
                catch (TimeoutException) when (link.WaitingForApplication || link.ReadProgress != progress)
                {
                    // The PINGRESP may be queued behind data the client is still reading, or behind a slow
                    // application: the connection is alive, so keep waiting rather than drop it.
                }
                catch (TimeoutException)
                {
                    LogPingTimeout(_options.Host, _options.Port, timeout.TotalSeconds);
                    throw new TimeoutException(
                        $"No PINGRESP from {_options.Host}:{_options.Port} within {timeout}; the connection is considered dead.");
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connecting to MQTT broker {Host}:{Port} (failed attempts so far: {Attempt})")]
    private partial void LogConnecting(string host, int port, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to MQTT broker {Host}:{Port}; session present: {SessionPresent}; resending {Resent} unacknowledged messages")]
    private partial void LogConnected(string host, int port, bool sessionPresent, int resent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection to {Host}:{Port} lost or failed")]
    private partial void LogConnectionLost(Exception error, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection to {Host}:{Port} ended")]
    private partial void LogConnectionEnded(string host, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT broker {Host}:{Port} refused the connection: {ReturnCode}")]
    private partial void LogRefused(string host, int port, MqttConnectReturnCode returnCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnecting to the MQTT broker in {DelayMs:F0} ms (attempt {Attempt})")]
    private partial void LogReconnectDelay(double delayMs, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No PINGRESP from MQTT broker {Host}:{Port} within {TimeoutSeconds} s; dropping the connection")]
    private partial void LogPingTimeout(string host, int port, double timeoutSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MQTT broker refused the subscription to {Filter}")]
    private partial void LogSubscriptionRefused(string filter);

    [LoggerMessage(Level = LogLevel.Information, Message = "The connection closed before DISCONNECT was written; the broker will publish the will")]
    private partial void LogDisconnectNotWritten();

    /// <summary>One established connection: the stream, what was read and not yet decoded, and packets to send first.</summary>
    private sealed class Link(Stream stream, ReceiveBuffer receive, MqttDecoder decoder, bool sessionPresent) : IAsyncDisposable
    {
        private readonly ConcurrentQueue<ControlItem> _control = new();
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _readProgress;
        private bool _waitingForApplication;

        public Stream Stream { get; } = stream;

        public ReceiveBuffer Receive { get; } = receive;

        public MqttDecoder Decoder { get; } = decoder;

        public bool SessionPresent { get; } = sessionPresent;

        public TaskCompletionSource? PingResponse { get; set; }

        // Read by the keep-alive loop to tell a dead connection from a busy one; written by the read loop only.
        public long ReadProgress
        {
            get => Volatile.Read(ref _readProgress);
            set => Volatile.Write(ref _readProgress, value);
        }

        public bool WaitingForApplication
        {
            get => Volatile.Read(ref _waitingForApplication);
            set => Volatile.Write(ref _waitingForApplication, value);
        }

        // After the connection is gone, anyone waiting for a packet to be written (DISCONNECT) learns it never was.
        public void FailUnwritten()
        {
            _closed.TrySetResult();
            while (_control.TryDequeue(out var item))
            {
                item.Written?.TrySetException(new IOException("The connection closed before the packet was written."));
            }
        }

        public Task Closed => _closed.Task;

        public void Enqueue(ControlItem item)
        {
            if (_control.Count >= MaximumQueuedControlPackets)
            {
                throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                    $"More than {MaximumQueuedControlPackets} packets await acknowledgement: the broker sends faster than it reads.");
            }

            _control.Enqueue(item);
        }

        public bool TryDequeue(out ControlItem item) => _control.TryDequeue(out item);

        public ValueTask DisposeAsync() => Stream.DisposeAsync();
    }
}
