namespace GroundStation.Iam.Policy;

/// <summary>The four roles every deployment has.</summary>
public static class BuiltInRoles
{
    /// <summary>Everything within the tenant, on every station.</summary>
    public const string Admin = "admin";

    /// <summary>Flies the tenant's satellites: passes, commands, station control.</summary>
    public const string Operator = "operator";

    /// <summary>Reads telemetry and passes.</summary>
    public const string Viewer = "viewer";

    /// <summary>What the agent of one station does for that station.</summary>
    public const string EdgeAgent = "edge-agent";

    private const string TenantRoot = "tenant/${tenant}";
    private const string TenantSatellites = "tenant/${tenant}/satellite/*";
    private const string AnyStation = "station/*";

    /// <summary>The built-in role catalog.</summary>
    public static RoleCatalog Catalog { get; } = new(
    [
        new Role(Admin,
            [new Statement(Effect.Allow, ["*:*"], [TenantRoot, "tenant/${tenant}/*", "tenant/${tenant}/*/*", AnyStation])],
            [Operator, Viewer, EdgeAgent]),
        new Role(Operator,
            [
                new Statement(Effect.Allow,
                    [IamActions.TelemetryRead, IamActions.PassRead, IamActions.PassSchedule, IamActions.PassCancel,
                     IamActions.CommandSend, IamActions.CommandSendCritical, IamActions.CommandApprove, IamActions.AlarmAcknowledge],
                    [TenantSatellites]),
                new Statement(Effect.Allow, [IamActions.StationControl, IamActions.PassRead, IamActions.TelemetryRead], [AnyStation]),
            ],
            [Viewer]),
        new Role(Viewer,
            [new Statement(Effect.Allow, [IamActions.TelemetryRead, IamActions.PassRead], [TenantSatellites, AnyStation])],
            []),
        new Role(EdgeAgent,
            [
                new Statement(Effect.Allow, [IamActions.StationEdge], ["station/${station}"]),
                // An agent sits on exposed hardware: even a mis-granted extra role must not let it command or mint keys.
                new Statement(Effect.Deny, ["command:*", "key:*"], [TenantSatellites, TenantRoot]),
            ],
            []),
    ]);
}
