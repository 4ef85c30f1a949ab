namespace GroundStation.Messaging.Broker;

/// <summary>Why a client connection ended; decides whether its last will is published.</summary>
internal enum CloseReason
{
    /// <summary>Still open.</summary>
    None,

    /// <summary>The client sent DISCONNECT: the will is discarded.</summary>
    ClientDisconnected,

    /// <summary>The client closed the socket, or it broke, without DISCONNECT.</summary>
    NetworkError,

    /// <summary>The client broke the protocol.</summary>
    ProtocolError,

    /// <summary>The client stayed silent past 1.5 times its keep-alive.</summary>
    KeepAliveTimeout,

    /// <summary>Another connection took over the client id: its session continues there, so no will.</summary>
    TakenOver,

    /// <summary>The CONNECT was refused (CONNACK with a non-zero code, or none before CONNACK).</summary>
    Refused,

    /// <summary>The durable store could not keep what the client sent; it must resend after reconnecting.</summary>
    StoreFailure,

    /// <summary>The broker is shutting down.</summary>
    BrokerStopping,

    /// <summary>A fault of the broker itself.</summary>
    InternalError,
}
