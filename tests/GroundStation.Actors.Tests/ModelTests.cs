using GroundStation.Actors;
using GroundStation.Testing.Actors;
using Microsoft.Extensions.Logging.Abstractions;

namespace GroundStation.Actors.Tests;

public sealed class ModelTests
{
    [Fact]
    public void Restart_backoff_doubles_from_the_minimum_up_to_the_cap()
    {
        var policy = new RestartPolicy(10, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(1, 6).Select(policy.BackoffBefore).ToArray();

        Assert.Equal([100, 200, 400, 800, 1000, 1000], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromSeconds(1), policy.BackoffBefore(int.MaxValue));
    }

    [Fact]
    public void A_restart_policy_rejects_inconsistent_limits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RestartPolicy(-1, TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RestartPolicy(1, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RestartPolicy(1, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Paths_compare_by_value_and_name_their_ancestry()
    {
        var contact = ActorPath.Root("user").Child("scheduler").Child("contact-42");

        Assert.Equal("/user/scheduler/contact-42", contact.ToString());
        Assert.Equal(ActorPath.Root("user").Child("scheduler").Child("contact-42"), contact);
        Assert.Equal("contact-42", contact.Name);
        Assert.Equal("/user/scheduler", contact.Parent!.ToString());
        var error = Assert.Throws<ArgumentException>(() => contact.Child("a b"));
        Assert.Contains("'a b' holds ' '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_make_no_sense_are_refused_when_the_system_is_created()
    {
        var clock = new GroundStation.Testing.ManualTimeProvider();
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ActorSystem("bad", clock, NullLoggerFactory.Instance, new ActorSystemOptions { DefaultMailboxCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ActorSystem("bad", clock, NullLoggerFactory.Instance, new ActorSystemOptions { Throughput = 0 }));
        Assert.Throws<ArgumentException>(() => new ActorSystem("bad name", clock, NullLoggerFactory.Instance));
        Assert.Throws<ArgumentOutOfRangeException>(() => Props.Create(() => new SilentActor()).WithMailboxCapacity(0));
    }

    [Fact]
    public async Task A_factory_that_returns_a_shared_instance_is_still_called_per_start_and_a_failing_factory_is_supervised()
    {
        await using var kit = new ActorTestKit(new ActorSystemOptions
        {
            GuardianStrategy = SupervisorStrategy.OneForOne(_ => SupervisorDirective.Restart, SupervisionTests.AtOnce(1)),
        });
        var watcher = kit.CreateProbe();
        var calls = 0;
        var broken = kit.System.ActorOf(Props.Create<SilentActor>(() =>
        {
            calls++;
            throw new InvalidOperationException("cannot build");
        }));
        await watcher.WatchAsync(broken);

        await watcher.ExpectTerminatedAsync(broken);
        Assert.Equal(2, calls);
    }
}
