using System.Text.Json;
using System.Text.Json.Serialization;
using GroundStation.Core.Api;
using GroundStation.Core.Contacts;
using GroundStation.Core.Stations;

namespace GroundStation.Core;

/// <summary>Source-generated JSON (camelCase, enums as strings) of the core's API and events.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Contact))]
[JsonSerializable(typeof(IReadOnlyList<Contact>))]
[JsonSerializable(typeof(StationView))]
[JsonSerializable(typeof(CancelContactRequest))]
public sealed partial class CoreJsonContext : JsonSerializerContext;

/// <summary>Serialization helpers over <see cref="CoreJsonContext"/>.</summary>
public static class CoreJson
{
    /// <summary>One line of JSON for <paramref name="contact"/>.</summary>
    public static string Serialize(Contact contact) => JsonSerializer.Serialize(contact, CoreJsonContext.Default.Contact);

    /// <summary>One line of JSON for <paramref name="station"/>.</summary>
    public static string Serialize(StationView station) => JsonSerializer.Serialize(station, CoreJsonContext.Default.StationView);
}
