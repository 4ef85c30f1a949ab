using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using GroundStation.Messaging.Broker.Subscriptions;
using GroundStation.Messaging.Protocol;
using Microsoft.Extensions.Logging;

namespace GroundStation.Messaging.Broker;

/// <summary>
/// One client's network connection: a read loop that decodes and handles packets, and a write loop that drains the
/// outbound queue into the socket in batches (one flush per burst, not per packet). Everything that can go wrong with
/// the client ends here, as a close with a <see cref="CloseReason"/>; nothing escapes to other connections.
/// </summary>
internal sealed partial class ClientConnection : IDisposable
{
    private const int FlushThreshold = 64 * 1024;

    // The reader pauses while this many non-QoS-0 packets (mostly its own acknowledgements) wait to be written or
    // made durable: a client that floods without reading its socket stalls itself, not the broker.
    private const int ReaderPauseThreshold = 4096;

    private readonly BrokerCore _core;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly bool _isTls;
    private readonly IPEndPoint _remote;
    private readonly CancellationTokenSource _closing = new();
    private readonly Channel<Outbound> _outbound =
        Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly Lock _ackGate = new();
    private readonly Queue<(Outbound Ack, Action? After)> _ackBacklog = new();
    private readonly Action<bool> _onDurable;
    private readonly PublishContext _publishing = new();
    private Stream? _stream;
    private PipeReader? _input;
    private PipeWriter? _output;
    private MqttDecoder? _decoder;
    private BrokerSession? _session;
    private TaskCompletionSource? _drainWaiter;
    private MqttWill? _will;
    private BrokerClientIdentity? _identity;
    private ITimer? _keepAliveTimer;
    private TimeSpan _keepAliveLimit;
    private long _lastActivity;
    private int _qos0Queued;
    private int _otherQueued;
    private int _pausedForSubscribers;
    private int _closeReason;

    /// <summary>Wraps an accepted socket.</summary>
    public ClientConnection(BrokerCore core, Socket socket, bool isTls)
    {
        _core = core;
        _logger = core.Logger;
        _socket = socket;
        _isTls = isTls;
        _remote = socket.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        _onDurable = OnDurable;
    }

    /// <summary>The client id once CONNECT was accepted.</summary>
    public string? ClientId => _session?.ClientId;

    private CloseReason Reason => (CloseReason)Volatile.Read(ref _closeReason);

    /// <summary>Ends the connection for <paramref name="reason"/> (the first reason given wins).</summary>
    public void Abort(CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, (int)reason, (int)CloseReason.None) == (int)CloseReason.None)
        {
            _closing.Cancel();
        }
    }

    /// <summary>Queues a QoS 1/2 publication, a PUBREL or a control packet (never dropped: each is bounded elsewhere).</summary>
    public void Enqueue(Outbound item)
    {
        Interlocked.Increment(ref _otherQueued);
        if (!_outbound.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref _otherQueued);
        }
    }

    /// <summary>True while more than half of <see cref="BrokerOptions.MaxQueuedQos0PerConnection"/> QoS 0 messages wait.</summary>
    public bool IsQos0Congested => Volatile.Read(ref _qos0Queued) > _core.Options.MaxQueuedQos0PerConnection / 2;

    /// <summary>True while at most a quarter of <see cref="BrokerOptions.MaxQueuedQos0PerConnection"/> QoS 0 messages wait.</summary>
    public bool HasQos0Room => Volatile.Read(ref _qos0Queued) <= _core.Options.MaxQueuedQos0PerConnection / 4;

    /// <summary>
    /// Queues a QoS 0 publication, or drops and counts it when this connection's QoS 0 queue is full.
    /// Returns true when the queue is past its high-water mark (half full), so the publisher should wait for room.
    /// </summary>
    public bool EnqueueQos0(BrokerMessage message, bool retain)
    {
        var limit = _core.Options.MaxQueuedQos0PerConnection;
        var queued = Interlocked.Increment(ref _qos0Queued);
        if (queued > limit)
        {
            Interlocked.Decrement(ref _qos0Queued);
            _core.Metrics.Qos0Dropped();
            return true;
        }

        if (!_outbound.Writer.TryWrite(Outbound.Publish(message, MqttQualityOfService.AtMostOnce, retain, duplicate: false, 0)))
        {
            Interlocked.Decrement(ref _qos0Queued);
            return false;
        }

        return queued > limit / 2;
    }

    /// <summary>Runs the connection until it closes. Never throws.</summary>
    public async Task RunAsync()
    {
        Task? writer = null;
        try
        {
            await OpenStreamsAsync();
            var connect = await ReadConnectAsync();
            if (connect is null)
            {
                return;
            }

            if (!await AcceptConnectAsync(connect))
            {
                return;
            }

            writer = Task.Run(WriteLoopAsync);
            await ReadLoopAsync();
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closed by Abort (takeover, keep-alive, shutdown) or the connect timeout: the reason is already recorded.
            Abort(CloseReason.NetworkError);
        }
#pragma warning disable CA1031 // The connection loop is a fault boundary: whatever happened closes this connection only.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fault(exception);
        }
        finally
        {
            await CloseAsync(writer);
        }
    }

    // Sorts what ended a loop: the client's fault (protocol), the network's, or the broker's own (counted as internal).
    private void Fault(Exception exception)
    {
        switch (exception)
        {
            case MqttProtocolException protocol:
                _core.Metrics.ProtocolError();
                LogProtocolError(_remote, ClientId, protocol.Violation, protocol.Message);
                Abort(CloseReason.ProtocolError);
                break;
            case IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException:
                LogNetworkError(_remote, ClientId, exception.Message);
                Abort(CloseReason.NetworkError);
                break;
            default:
                _core.Metrics.InternalError();
                LogInternalError(exception, _remote, ClientId);
                Abort(CloseReason.InternalError);
                break;
        }
    }

    private async Task OpenStreamsAsync()
    {
        Stream stream = new NetworkStream(_socket, ownsSocket: false);
        if (_isTls)
        {
            using var handshake = NewConnectDeadline();
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = tls;
            _stream = stream;
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _core.Options.TlsCertificate,
                ClientCertificateRequired = false,
            }, handshake.Token);
        }

        _stream = stream;
        // Zero-byte reads keep an idle connection from pinning a receive buffer: 1,000 idle clients cost little.
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096,
            leaveOpen: true, useZeroByteReads: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    private ConnectDeadline NewConnectDeadline() => new(_core.Options.ConnectTimeout, _core.Time, _closing.Token);

    // The first packet must be CONNECT (MQTT 3.1.1, 3.1.0-1), within the connect timeout.
    private async Task<ConnectPacket?> ReadConnectAsync()
    {
        var decoder = new MqttDecoder(_core.Options.MaxPacketSize);
        using var deadline = NewConnectDeadline();
        var input = _input!;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
            {
                LogConnectTimeout(_remote);
                Abort(CloseReason.Refused);
                return null;
            }

            var buffer = result.Buffer;
            MqttPacket? packet = null;
            try
            {
                if (!decoder.TryDecode(ref buffer, out packet))
                {
                    packet = null;
                }
            }
            catch (MqttProtocolException exception) when (exception.Violation == MqttProtocolViolation.UnsupportedProtocolLevel)
            {
                _core.Metrics.ProtocolError();
                LogProtocolError(_remote, null, exception.Violation, exception.Message);
                await RefuseAsync(MqttConnectReturnCode.UnacceptableProtocolVersion);
                return null;
            }
            finally
            {
                // Bytes after CONNECT (a pipelined SUBSCRIBE, say) stay unexamined, so the read loop sees them at once.
                if (packet is null)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
                else
                {
                    input.AdvanceTo(buffer.Start);
                }
            }

            if (packet is ConnectPacket connect)
            {
                _decoder = decoder;
                return connect;
            }

            if (packet is not null)
            {
                throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                    $"{packet.Type} arrived before CONNECT; the first packet must be CONNECT.");
            }

            if (result.IsCompleted)
            {
                Abort(CloseReason.NetworkError);
                return null;
            }
        }
    }

    private async Task<bool> AcceptConnectAsync(ConnectPacket connect)
    {
        var clientId = connect.ClientId;
        if (clientId.Length == 0)
        {
            if (!connect.CleanSession)
            {
                // A persistent session needs a name to come back to (MQTT 3.1.1, 3.1.3-8).
                LogRefused(_remote, clientId, MqttConnectReturnCode.IdentifierRejected);
                await RefuseAsync(MqttConnectReturnCode.IdentifierRejected);
                return false;
            }

            clientId = "gs-auto-" + Guid.NewGuid().ToString("N");
        }

        var request = new BrokerConnectRequest(clientId, connect.UserName, connect.Password, _remote, _isTls);
        BrokerAuthenticationResult verdict;
        try
        {
            verdict = await _core.Authenticator.AuthenticateAsync(request, _closing.Token);
            if (verdict.Identity is { } identity && connect.Will is { } will &&
                !await _core.Authorizer.MayPublishAsync(identity, will.Topic.Value, _closing.Token))
            {
                verdict = BrokerAuthenticationResult.Refuse(BrokerRefusal.NotAuthorized);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The authenticator failed (IAM unreachable, say): the client may try again later.
            _core.Metrics.InternalError();
            LogAuthenticatorFailed(exception, _remote, clientId);
            await RefuseAsync(MqttConnectReturnCode.ServerUnavailable);
            return false;
        }

        if (verdict.Identity is null)
        {
            var code = verdict.Refusal == BrokerRefusal.NotAuthorized
                ? MqttConnectReturnCode.NotAuthorized
                : MqttConnectReturnCode.BadUserNameOrPassword;
            LogRefused(_remote, clientId, code);
            await RefuseAsync(code);
            return false;
        }

        _identity = verdict.Identity;
        _will = connect.Will;
        var (session, present) = _core.OpenSession(this, clientId, connect.CleanSession);
        _session = session;
        StartKeepAlive(connect.KeepAliveSeconds);
        SendAck(Outbound.Of(new ConnAckPacket(present, MqttConnectReturnCode.Accepted)), session.IsPersistent,
            () => session.Attach(this));
        LogConnected(_remote, clientId, connect.CleanSession, present);
        return true;
    }

    private async Task RefuseAsync(MqttConnectReturnCode code)
    {
        Abort(CloseReason.Refused);
        var output = _output!;
        MqttEncoder.WriteConnAck(output, sessionPresent: false, code);
        using var deadline = new CancellationTokenSource(_core.Options.ConnectTimeout, _core.Time);
        await output.FlushAsync(deadline.Token);
    }

    private void StartKeepAlive(ushort keepAliveSeconds)
    {
        Volatile.Write(ref _lastActivity, _core.Time.GetTimestamp());
        if (keepAliveSeconds == 0)
        {
            return;
        }

        _keepAliveLimit = TimeSpan.FromSeconds(keepAliveSeconds * _core.Options.KeepAliveFactor);
        _keepAliveTimer = _core.Time.CreateTimer(static state => ((ClientConnection)state!).CheckKeepAlive(), this,
            _keepAliveLimit, Timeout.InfiniteTimeSpan);
    }

    private void CheckKeepAlive()
    {
        if (Volatile.Read(ref _pausedForSubscribers) != 0)
        {
            // The broker itself stopped reading this publisher; its pings wait unread in the socket, it is not silent.
            Volatile.Write(ref _lastActivity, _core.Time.GetTimestamp());
        }

        var silent = _core.Time.GetElapsedTime(Volatile.Read(ref _lastActivity));
        if (silent >= _keepAliveLimit)
        {
            _core.Metrics.KeepAliveTimeout();
            LogKeepAliveTimeout(_remote, ClientId, silent);
            Abort(CloseReason.KeepAliveTimeout);
            return;
        }

        try
        {
            _keepAliveTimer?.Change(_keepAliveLimit - silent, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection closed while the timer fired; there is nothing left to watch.
            return;
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _input!;
        var decoder = _decoder!;
        var token = _closing.Token;
        while (true)
        {
            var result = await input.ReadAsync(token);
            Volatile.Write(ref _lastActivity, _core.Time.GetTimestamp());
            var buffer = result.Buffer;
            try
            {
                while (decoder.TryDecode(ref buffer, out var packet))
                {
                    if (!await HandleAsync(packet, token))
                    {
                        Abort(CloseReason.ClientDisconnected);
                        return;
                    }

                    if (_publishing.Congested.Count > 0)
                    {
                        // Checked after every packet, not every read: one read holds hundreds of small PUBLISHes, and
                        // routing them all before pausing is what overflowed a subscriber's queue.
                        await WaitForSubscribersAsync(token);
                    }
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                // The client closed its socket without DISCONNECT (with or without a truncated packet pending).
                LogClosedWithoutDisconnect(_remote, ClientId, buffer.Length);
                Abort(CloseReason.NetworkError);
                return;
            }

            while (IsBackedUp)
            {
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _drainWaiter, waiter);
                if (IsBackedUp)
                {
                    await waiter.Task.WaitAsync(token);
                }
            }
        }
    }

    // A subscriber fell behind this publisher: let it catch up before handling more (a stalled one holds it only
    // until the stall timeout). The publisher's acknowledgements wait with its unread packets: TCP back-pressure.
    private async Task WaitForSubscribersAsync(CancellationToken token)
    {
        Volatile.Write(ref _pausedForSubscribers, 1);
        try
        {
            foreach (var congested in _publishing.Congested)
            {
                await congested.WaitForRoomAsync(token);
            }
        }
        finally
        {
            _publishing.Congested.Clear();
            Volatile.Write(ref _lastActivity, _core.Time.GetTimestamp());
            Volatile.Write(ref _pausedForSubscribers, 0);
        }
    }

    private bool IsBackedUp
    {
        get
        {
            int backlog;
            lock (_ackGate)
            {
                backlog = _ackBacklog.Count;
            }

            return Volatile.Read(ref _otherQueued) + backlog > ReaderPauseThreshold;
        }
    }

    private void WakeReader() => Interlocked.Exchange(ref _drainWaiter, null)?.TrySetResult();

    // Returns false on DISCONNECT.
    private async ValueTask<bool> HandleAsync(MqttPacket packet, CancellationToken token)
    {
        var session = _session!;
        switch (packet)
        {
            case PublishPacket publish:
                await HandlePublishAsync(session, publish, token);
                return true;
            case PubAckPacket ack:
                session.Complete(ack.PacketId, MqttQualityOfService.AtLeastOnce);
                return true;
            case PubRecPacket received:
                session.Received(received.PacketId);
                return true;
            case PubRelPacket release:
                session.EndInboundQos2(release.PacketId);
                SendAck(Outbound.Ack(MqttPacketType.PubComp, release.PacketId), session.IsPersistent);
                return true;
            case PubCompPacket complete:
                session.Complete(complete.PacketId, MqttQualityOfService.ExactlyOnce);
                return true;
            case SubscribePacket subscribe:
                await HandleSubscribeAsync(session, subscribe, token);
                return true;
            case UnsubscribePacket unsubscribe:
                foreach (var filter in unsubscribe.Filters)
                {
                    _core.Unsubscribe(session, filter);
                }

                SendAck(Outbound.Ack(MqttPacketType.UnsubAck, unsubscribe.PacketId), session.IsPersistent);
                return true;
            case PingReqPacket:
                Enqueue(Outbound.Of(PingRespPacket.Instance));
                return true;
            case DisconnectPacket:
                return false;
            case ConnectPacket:
                throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                    "A second CONNECT on one connection is a protocol violation (MQTT 3.1.1, 3.1.0-2).");
            default:
                throw new MqttProtocolException(MqttProtocolViolation.MalformedPacket,
                    $"{packet.Type} is sent by servers, not clients.");
        }
    }

    private async ValueTask HandlePublishAsync(BrokerSession session, PublishPacket publish, CancellationToken token)
    {
        var permission = _core.Authorizer.MayPublishAsync(_identity!, publish.Topic.Value, token);
        var allowed = permission.IsCompletedSuccessfully ? permission.Result : await permission;
        var message = new BrokerMessage(publish.Topic, publish.Payload, publish.Qos, publish.Retain);
        switch (publish.Qos)
        {
            case MqttQualityOfService.AtMostOnce:
                if (allowed)
                {
                    _core.Publish(message, _publishing);
                }
                else
                {
                    Denied(publish);
                }

                break;
            case MqttQualityOfService.AtLeastOnce:
                var stored = allowed ? _core.Publish(message, _publishing) : Denied(publish);
                SendAck(Outbound.Ack(MqttPacketType.PubAck, publish.PacketId), stored);
                break;
            default:
                var wrote = false;
                if (session.BeginInboundQos2(publish.PacketId))
                {
                    // Routed on first receipt ("method A"); a re-sent duplicate is only acknowledged again.
                    wrote = allowed ? _core.Publish(message, _publishing) : Denied(publish);
                }

                SendAck(Outbound.Ack(MqttPacketType.PubRec, publish.PacketId), wrote || session.IsPersistent);
                break;
        }
    }

    // MQTT 3.1.1 has no negative PUBACK: a refused message is acknowledged (so the client does not resend it forever),
    // dropped, logged and counted, as mosquitto does.
    private bool Denied(PublishPacket publish)
    {
        _core.Metrics.PublishDenied();
        LogPublishDenied(ClientId, _identity!.Principal, publish.Topic.Value);
        return false;
    }

    private async ValueTask HandleSubscribeAsync(BrokerSession session, SubscribePacket subscribe, CancellationToken token)
    {
        var codes = new MqttSubscribeReturnCode[subscribe.Subscriptions.Count];
        List<(BrokerMessage Message, MqttQualityOfService Qos)>? retained = null;
        for (var i = 0; i < codes.Length; i++)
        {
            var subscription = subscribe.Subscriptions[i];
            if (!await _core.Authorizer.MaySubscribeAsync(_identity!, subscription.Filter.Value, token))
            {
                LogSubscribeDenied(ClientId, _identity!.Principal, subscription.Filter.Value);
                codes[i] = MqttSubscribeReturnCode.Failure;
                continue;
            }

            _core.Subscribe(session, subscription);
            codes[i] = (MqttSubscribeReturnCode)subscription.MaximumQos;

            // Retained messages go to a new subscription, but not through a share group (as mosquitto does).
            if (!subscription.Filter.IsShared)
            {
                foreach (var message in _core.Retained.Matching(subscription.Filter))
                {
                    (retained ??= []).Add((message, subscription.MaximumQos));
                }
            }
        }

        Action? afterSubAck = retained is null
            ? null
            : () =>
            {
                foreach (var (message, qos) in retained)
                {
                    session.Deliver(message, qos, retain: true);
                }
            };
        SendAck(Outbound.Of(new SubAckPacket(subscribe.PacketId, codes)), session.IsPersistent, afterSubAck);
    }

    /// <summary>
    /// Sends an acknowledgement in order with the others. One that vouches for stored state (<paramref name="durable"/>)
    /// waits for the store's next commit; any later one waits behind it, since MQTT wants acknowledgements in order.
    /// <paramref name="after"/> runs right after the acknowledgement is queued.
    /// </summary>
    private void SendAck(Outbound ack, bool durable, Action? after = null)
    {
        lock (_ackGate)
        {
            if (!_core.IsDurable || (!durable && _ackBacklog.Count == 0))
            {
                Enqueue(ack);
                after?.Invoke();
                return;
            }

            _ackBacklog.Enqueue((ack, after));
        }

        _core.Store.WhenDurable(_onDurable);
    }

    private void OnDurable(bool stored)
    {
        lock (_ackGate)
        {
            var (ack, after) = _ackBacklog.Dequeue();
            if (stored)
            {
                Enqueue(ack);
                after?.Invoke();
            }
        }

        WakeReader();
        if (!stored)
        {
            LogStoreFailed(_remote, ClientId);
            Abort(CloseReason.StoreFailure);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        var output = _output!;
        var token = _closing.Token;
        try
        {
            while (await reader.WaitToReadAsync(token))
            {
                var written = 0L;
                while (reader.TryRead(out var item))
                {
                    written += Write(output, item);
                    if (output.UnflushedBytes >= FlushThreshold)
                    {
                        await output.FlushAsync(token);
                    }
                }

                await output.FlushAsync(token);
                if (written > 0)
                {
                    _core.Metrics.MessagesDeliveredAdd(written);
                }

                WakeReader();
                _session?.OnSocketDrained();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The connection is closing; whatever is still queued has nowhere to go.
            return;
        }
#pragma warning disable CA1031 // The write loop is a fault boundary: whatever happened closes this connection only.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Fault(exception);
        }
    }

    private int Write(PipeWriter output, in Outbound item)
    {
        switch (item.Kind)
        {
            case OutboundKind.Publish:
                var message = item.Message!;
                MqttEncoder.WritePublish(output, message.Topic, message.Payload.Span, item.Qos, item.Retain, item.Duplicate,
                    item.PacketId);
                if (item.Qos == MqttQualityOfService.AtMostOnce)
                {
                    Interlocked.Decrement(ref _qos0Queued);
                }
                else
                {
                    Interlocked.Decrement(ref _otherQueued);
                }

                return 1;
            case OutboundKind.PacketId:
                MqttEncoder.WritePacketIdOnly(output, item.AckType, item.PacketId);
                Interlocked.Decrement(ref _otherQueued);
                return 0;
            default:
                MqttEncoder.Write(output, item.Packet!);
                Interlocked.Decrement(ref _otherQueued);
                return 0;
        }
    }

    private async Task CloseAsync(Task? writer)
    {
        Abort(CloseReason.NetworkError);
        _outbound.Writer.TryComplete();
        if (_keepAliveTimer is not null)
        {
            await _keepAliveTimer.DisposeAsync();
        }

        if (writer is not null)
        {
            try
            {
                await writer;
            }
#pragma warning disable CA1031 // The writer already logged and counted its own fault; closing must go on.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _core.Metrics.InternalError();
                LogInternalError(exception, _remote, ClientId);
            }
        }

        var reason = Reason;
        if (_session is { } session)
        {
            _core.CloseSession(this, session);
            if (_will is { } will && reason is CloseReason.NetworkError or CloseReason.ProtocolError or
                    CloseReason.KeepAliveTimeout or CloseReason.StoreFailure or CloseReason.InternalError)
            {
                PublishWill(will);
            }

            LogDisconnected(_remote, session.ClientId, reason);
        }

        await DisposeStreamsAsync();
    }

    private void PublishWill(MqttWill will)
    {
        try
        {
            _core.Publish(new BrokerMessage(will.Topic, will.Payload, will.Qos, will.Retain), new PublishContext());
        }
#pragma warning disable CA1031 // A failed will must not stop the connection's cleanup; it is logged and counted.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _core.Metrics.InternalError();
            LogInternalError(exception, _remote, ClientId);
        }
    }

    private async Task DisposeStreamsAsync()
    {
        try
        {
            if (_input is not null)
            {
                await _input.CompleteAsync();
            }

            if (_output is not null)
            {
                await _output.CompleteAsync();
            }

            if (_stream is not null)
            {
                await _stream.DisposeAsync();
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or
                                              OperationCanceledException)
        {
            LogNetworkError(_remote, ClientId, exception.Message);
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Releases the socket; <see cref="RunAsync"/> does this itself when the connection ends.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        _closing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} connected from {Remote} (clean session {Clean}, session present {Present})")]
    private partial void LogConnected(IPEndPoint remote, string clientId, bool clean, bool present);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} from {Remote} disconnected: {Reason}")]
    private partial void LogDisconnected(IPEndPoint remote, string clientId, CloseReason reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection from {Remote} refused for client id '{ClientId}': CONNACK {Code}")]
    private partial void LogRefused(IPEndPoint remote, string clientId, MqttConnectReturnCode code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection from {Remote} sent no CONNECT in time")]
    private partial void LogConnectTimeout(IPEndPoint remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT protocol error from {Remote} (client {ClientId}): {Violation}: {Detail}; connection closed")]
    private partial void LogProtocolError(IPEndPoint remote, string? clientId, MqttProtocolViolation violation, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT connection from {Remote} (client {ClientId}) failed: {Detail}")]
    private partial void LogNetworkError(IPEndPoint remote, string? clientId, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} from {Remote} closed its socket without DISCONNECT ({Pending} bytes of an unfinished packet)")]
    private partial void LogClosedWithoutDisconnect(IPEndPoint remote, string? clientId, long pending);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT broker fault on the connection from {Remote} (client {ClientId}); connection closed")]
    private partial void LogInternalError(Exception exception, IPEndPoint remote, string? clientId);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT authenticator failed for client {ClientId} from {Remote}; answered CONNACK 3")]
    private partial void LogAuthenticatorFailed(Exception exception, IPEndPoint remote, string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} from {Remote} silent for {Silent}, past 1.5 times its keep-alive; connection closed")]
    private partial void LogKeepAliveTimeout(IPEndPoint remote, string? clientId, TimeSpan silent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} ({Principal}) may not publish to '{Topic}'; message dropped")]
    private partial void LogPublishDenied(string? clientId, string principal, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} ({Principal}) may not subscribe to '{Filter}'; SUBACK 0x80")]
    private partial void LogSubscribeDenied(string? clientId, string principal, string filter);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT broker store failed for client {ClientId} from {Remote}; connection closed so the client resends")]
    private partial void LogStoreFailed(IPEndPoint remote, string? clientId);

    // The connect timeout on the broker's clock, linked to the connection's own closing token.
    private sealed class ConnectDeadline : IDisposable
    {
        private readonly CancellationTokenSource _timeout;
        private readonly CancellationTokenSource _linked;

        public ConnectDeadline(TimeSpan timeout, TimeProvider time, CancellationToken closing)
        {
            _timeout = new CancellationTokenSource(timeout, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(closing, _timeout.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            _timeout.Dispose();
        }
    }
}
