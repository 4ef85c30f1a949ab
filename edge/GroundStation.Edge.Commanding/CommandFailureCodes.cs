namespace GroundStation.Edge.Commanding;

/// <summary>
/// Why the gate refused or failed a telecommand: the exact <c>CommandAck.Reason</c> text and
/// <see cref="CommandGateResult.Code"/> (docs/EDGE-COMMANDS.md).
/// </summary>
public static class CommandFailureCodes
{
    /// <summary>The payload is not a readable envelope or telecommand, or a field is invalid.</summary>
    public const string Malformed = "malformed";

    /// <summary>A telecommand that did not come in a signed envelope, or an envelope without a signature.</summary>
    public const string NotSigned = "unsigned";

    /// <summary>Signed with a key id the station does not trust.</summary>
    public const string UnknownKey = "unknown-key";

    /// <summary>The signature does not verify with the trusted key of that id.</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>A signed envelope of another kind (e.g. a pass plan) on the command topic.</summary>
    public const string WrongKind = "wrong-kind";

    /// <summary>The telecommand is addressed to another station.</summary>
    public const string WrongStation = "wrong-station";

    /// <summary>The command's expiry is past (on arrival, or before its window opened).</summary>
    public const string Expired = "expired";

    /// <summary>Issued later than the station's clock plus the allowed skew.</summary>
    public const string IssuedInFuture = "issued-in-future";

    /// <summary>Its nonce or command id was seen before.</summary>
    public const string Replayed = "replayed";

    /// <summary>Its pass's uplink window has closed (LOS past): it is never sent later.</summary>
    public const string WindowPassed = "window-passed";

    /// <summary>Its pass is not in the station's current plan.</summary>
    public const string UnknownPass = "unknown-pass";

    /// <summary>Released to the uplink before a restart without a record that it was sent: not resent (at most once).</summary>
    public const string UncertainAfterRestart = "uncertain-after-restart";

    /// <summary>The gate could not record the command (disk full, I/O error): refused, since its nonce could not be kept.</summary>
    public const string StorageError = "storage-error";

    /// <summary>The uplink (TNC) reported an error while sending; not resent, since part of it may have gone out.</summary>
    public const string UplinkFailed = "uplink-failed";
}
