using GroundStation.Messaging.Contracts;

namespace GroundStation.Messaging.Tests.Contracts;

public sealed class CoreSigningKeyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gs-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_created_key_is_reloaded_with_the_same_id_and_still_signs()
    {
        var path = Path.Combine(_directory, "keys", "core-signing.pem");
        string firstId;
        using (var created = CoreSigningKey.LoadOrCreate(path))
        {
            firstId = created.KeyId;
        }

        using var reloaded = CoreSigningKey.LoadOrCreate(path);
        Assert.Equal(firstId, reloaded.KeyId);
        Assert.Matches("^core-[0-9a-f]{8}$", reloaded.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_station_with_the_public_half_opens_what_the_core_signed()
    {
        using var core = CoreSigningKey.Generate();
        using var station = CoreSigningKey.FromPublicPem(core.ExportPublicPem(), "station.pem");
        var plan = new PassPlan(1, StationId.Parse("gs-1"), 7, DateTimeOffset.UnixEpoch, []);

        var opened = core.Sign(plan).Open<PassPlan>(station.Resolve);

        Assert.Equal(core.KeyId, station.KeyId);
        Assert.Equal(7, opened.PlanVersion);
        Assert.False(station.HasPrivateKey);
        Assert.Throws<InvalidOperationException>(() => station.Sign(plan));
    }

    [Fact]
    public void A_file_without_a_key_is_named_in_the_error()
    {
        var path = Path.Combine(_directory, "broken.pem");
        File.WriteAllText(path, "not a key");

        var error = Assert.Throws<InvalidDataException>(() => CoreSigningKey.LoadOrCreate(path));
        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }
}
