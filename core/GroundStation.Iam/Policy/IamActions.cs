namespace GroundStation.Iam.Policy;

/// <summary>The actions the ground-station network knows. Patterns over them use <c>*</c> per segment, e.g. <c>pass:*</c>.</summary>
public static class IamActions
{
    /// <summary>Read telemetry.</summary>
    public const string TelemetryRead = "telemetry:read";

    /// <summary>Read pass predictions and the schedule.</summary>
    public const string PassRead = "pass:read";

    /// <summary>Schedule a pass.</summary>
    public const string PassSchedule = "pass:schedule";

    /// <summary>Cancel a scheduled pass.</summary>
    public const string PassCancel = "pass:cancel";

    /// <summary>Send a routine telecommand.</summary>
    public const string CommandSend = "command:send";

    /// <summary>Send a critical telecommand; carries the two-person obligation.</summary>
    public const string CommandSendCritical = "command:send-critical";

    /// <summary>Approve someone else's critical telecommand.</summary>
    public const string CommandApprove = "command:approve";

    /// <summary>Acknowledge a telemetry limit alarm.</summary>
    public const string AlarmAcknowledge = "alarm:acknowledge";

    /// <summary>Register a satellite, change its priority or frequencies, or load its element sets.</summary>
    public const string SatelliteManage = "satellite:manage";

    /// <summary>Register a station or change its location, limits or availability.</summary>
    public const string StationManage = "station:manage";

    /// <summary>Move antennas and radios of a station.</summary>
    public const string StationControl = "station:control";

    /// <summary>What an edge agent does for its own station (publish its telemetry, receive its plan and commands).</summary>
    public const string StationEdge = "station:edge";

    /// <summary>Create or rotate keys.</summary>
    public const string KeyCreate = "key:create";

    /// <summary>Revoke, disable or enable keys.</summary>
    public const string KeyRevoke = "key:revoke";

    /// <summary>List keys (no secrets).</summary>
    public const string KeyRead = "key:read";

    /// <summary>Read the audit log.</summary>
    public const string AuditRead = "audit:read";
}

/// <summary>Duties a decision hands to the caller, who must enforce them.</summary>
public static class Obligations
{
    /// <summary>Two distinct principals, a sender and an approver, must take part.</summary>
    public const string TwoPersonApproval = "two-person-approval";

    /// <summary>The obligations attached to an allowed <paramref name="action"/>.</summary>
    public static IReadOnlyList<string> For(string action) =>
        string.Equals(action, IamActions.CommandSendCritical, StringComparison.Ordinal) ? [TwoPersonApproval] : [];
}
