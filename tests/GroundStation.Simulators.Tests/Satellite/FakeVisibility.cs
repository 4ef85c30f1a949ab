using GroundStation.Simulators.Satellite;

namespace GroundStation.Simulators.Tests.Satellite;

/// <summary>A spacecraft in view exactly inside [from, to): geometry without an orbit, for link tests.</summary>
internal sealed class WindowVisibility(DateTimeOffset from, DateTimeOffset to) : IVisibility
{
    public VisibilitySample At(DateTimeOffset instant) =>
        instant >= from && instant < to ? new VisibilitySample(true, 30, -1.5) : new VisibilitySample(false, -10, 2);
}

internal sealed class CollectingSink : IDownlinkSink
{
    private readonly Lock _gate = new();
    private readonly List<DownlinkFrame> _frames = [];

    public IReadOnlyList<DownlinkFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    public void Deliver(DownlinkFrame frame)
    {
        lock (_gate)
        {
            _frames.Add(frame);
        }
    }
}
