namespace GroundStation.Scheduling.Planning;

/// <summary>A scheduled contact with what its station's plan needs besides the times: the element set used and the radio.</summary>
/// <param name="Contact">The contact.</param>
/// <param name="Priority">The satellite's priority when planned.</param>
/// <param name="TleLine1">Line 1 of the element set the pass was predicted from.</param>
/// <param name="TleLine2">Line 2.</param>
/// <param name="DownlinkHz">Downlink frequency.</param>
/// <param name="UplinkHz">Uplink frequency, if any.</param>
/// <param name="Mode">Radio mode.</param>
internal sealed record PlannedContact(ScheduledContact Contact, int Priority, string TleLine1, string TleLine2, long DownlinkHz, long? UplinkHz, string Mode);
