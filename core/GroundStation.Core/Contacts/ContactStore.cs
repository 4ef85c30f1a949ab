using GroundStation.Messaging.Contracts;
using GroundStation.Storage;
using Microsoft.Data.Sqlite;

namespace GroundStation.Core.Contacts;

/// <summary>What a contact query filters on; null fields do not filter.</summary>
/// <param name="Station">Only this station's contacts.</param>
/// <param name="Norad">Only this satellite's contacts.</param>
/// <param name="State">Only contacts in this state.</param>
/// <param name="From">Only contacts whose LOS is at or after this instant.</param>
/// <param name="To">Only contacts whose AOS is before this instant.</param>
/// <param name="Limit">At most this many, ordered by AOS.</param>
public sealed record ContactQuery(
    StationId? Station = null, int? Norad = null, ContactState? State = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 100);

/// <summary>
/// Contacts and their transition history in SQLite (WAL). Every transition is written with the contact's new state in
/// one transaction, so a restarted core finds each contact where it last was and how it got there.
/// </summary>
public sealed class ContactStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private ContactStore(SqliteConnection connection) => _connection = connection;

    /// <summary>The database file.</summary>
    public string Path => _connection.DataSource;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public static ContactStore Open(string path)
    {
        var connection = SqliteDatabase.OpenDedicated(path, """
            CREATE TABLE IF NOT EXISTS contacts (
                pass_id TEXT PRIMARY KEY, station TEXT NOT NULL, norad INTEGER NOT NULL, name TEXT NOT NULL,
                aos INTEGER NOT NULL, tca INTEGER NOT NULL, los INTEGER NOT NULL, max_el REAL NOT NULL,
                setup_start INTEGER NOT NULL, teardown_end INTEGER NOT NULL,
                state TEXT NOT NULL, cause TEXT NOT NULL, updated_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS contacts_aos ON contacts (aos);
            CREATE INDEX IF NOT EXISTS contacts_state ON contacts (state);
            CREATE TABLE IF NOT EXISTS contact_transitions (
                id INTEGER PRIMARY KEY AUTOINCREMENT, pass_id TEXT NOT NULL, from_state TEXT, to_state TEXT NOT NULL,
                at INTEGER NOT NULL, cause TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS contact_transitions_pass ON contact_transitions (pass_id, id);
            """);
        return new ContactStore(connection);
    }

    /// <summary>Writes <paramref name="contact"/> and, when given, the transition that led to it, atomically.</summary>
    public void Save(Contact contact, ContactTransition? transition)
    {
        ArgumentNullException.ThrowIfNull(contact);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using (var upsert = _connection.CreateCommand())
            {
                upsert.Transaction = tx;
                upsert.CommandText = """
                    INSERT INTO contacts (pass_id, station, norad, name, aos, tca, los, max_el, setup_start, teardown_end, state, cause, updated_at)
                    VALUES ($id, $station, $norad, $name, $aos, $tca, $los, $maxEl, $setup, $teardown, $state, $cause, $updated)
                    ON CONFLICT (pass_id) DO UPDATE SET station = $station, norad = $norad, name = $name, aos = $aos, tca = $tca,
                        los = $los, max_el = $maxEl, setup_start = $setup, teardown_end = $teardown, state = $state,
                        cause = $cause, updated_at = $updated
                    """;
                upsert.Parameters.AddWithValue("$id", contact.PassId.Value);
                upsert.Parameters.AddWithValue("$station", contact.Station.Value);
                upsert.Parameters.AddWithValue("$norad", contact.Norad);
                upsert.Parameters.AddWithValue("$name", contact.SatelliteName);
                upsert.Parameters.AddWithValue("$aos", contact.Aos.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$tca", contact.Tca.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$los", contact.Los.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$maxEl", contact.MaxElevationDeg);
                upsert.Parameters.AddWithValue("$setup", contact.SetupStart.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$teardown", contact.TeardownEnd.ToUnixTimeMilliseconds());
                upsert.Parameters.AddWithValue("$state", contact.State.ToString());
                upsert.Parameters.AddWithValue("$cause", contact.Cause);
                upsert.Parameters.AddWithValue("$updated", contact.UpdatedAt.ToUnixTimeMilliseconds());
                upsert.ExecuteNonQuery();
            }

            if (transition is not null)
            {
                using var insert = _connection.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO contact_transitions (pass_id, from_state, to_state, at, cause) VALUES ($id, $from, $to, $at, $cause)";
                insert.Parameters.AddWithValue("$id", contact.PassId.Value);
                insert.Parameters.AddWithValue("$from", (object?)transition.From?.ToString() ?? DBNull.Value);
                insert.Parameters.AddWithValue("$to", transition.To.ToString());
                insert.Parameters.AddWithValue("$at", transition.At.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$cause", transition.Cause);
                insert.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    /// <summary>The contact with its full transition history, or null.</summary>
    public Contact? Find(PassId passId)
    {
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = $"SELECT {Columns} FROM contacts WHERE pass_id = $id";
            select.Parameters.AddWithValue("$id", passId.Value);
            Contact? contact;
            using (var reader = select.ExecuteReader())
            {
                contact = reader.Read() ? Read(reader) : null;
            }

            return contact is null ? null : contact with { Transitions = TransitionsOf(passId) };
        }
    }

    /// <summary>Contacts matching <paramref name="query"/>, by AOS, without their transitions.</summary>
    public IReadOnlyList<Contact> Query(ContactQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            var where = new List<string>();
            if (query.Station is { } station)
            {
                where.Add("station = $station");
                select.Parameters.AddWithValue("$station", station.Value);
            }

            if (query.Norad is { } norad)
            {
                where.Add("norad = $norad");
                select.Parameters.AddWithValue("$norad", norad);
            }

            if (query.State is { } state)
            {
                where.Add("state = $state");
                select.Parameters.AddWithValue("$state", state.ToString());
            }

            if (query.From is { } from)
            {
                where.Add("los >= $from");
                select.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            }

            if (query.To is { } to)
            {
                where.Add("aos < $to");
                select.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            }

            select.CommandText = $"SELECT {Columns} FROM contacts {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY aos, pass_id LIMIT $limit";
            select.Parameters.AddWithValue("$limit", query.Limit);
            var contacts = new List<Contact>();
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                contacts.Add(Read(reader));
            }

            return contacts;
        }
    }

    /// <summary>Every contact not yet in a terminal state, with its history: what a restarted core resumes.</summary>
    public IReadOnlyList<Contact> LoadOpen()
    {
        List<PassId> ids = [];
        lock (_gate)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT pass_id FROM contacts WHERE state NOT IN ('Completed', 'Failed', 'Cancelled') ORDER BY aos";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(PassId.Parse(reader.GetString(0)));
            }
        }

        return [.. ids.Select(Find).OfType<Contact>()];
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private const string Columns = "pass_id, station, norad, name, aos, tca, los, max_el, setup_start, teardown_end, state, cause, updated_at";

    private List<ContactTransition> TransitionsOf(PassId passId)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT from_state, to_state, at, cause FROM contact_transitions WHERE pass_id = $id ORDER BY id";
        select.Parameters.AddWithValue("$id", passId.Value);
        var transitions = new List<ContactTransition>();
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            transitions.Add(new ContactTransition(
                reader.IsDBNull(0) ? null : Enum.Parse<ContactState>(reader.GetString(0)),
                Enum.Parse<ContactState>(reader.GetString(1)),
                Time(reader.GetInt64(2)),
                reader.GetString(3)));
        }

        return transitions;
    }

    private static Contact Read(SqliteDataReader reader) => new(
        PassId.Parse(reader.GetString(0)),
        StationId.Parse(reader.GetString(1)),
        reader.GetInt32(2),
        reader.GetString(3),
        Time(reader.GetInt64(4)),
        Time(reader.GetInt64(5)),
        Time(reader.GetInt64(6)),
        reader.GetDouble(7),
        Time(reader.GetInt64(8)),
        Time(reader.GetInt64(9)),
        Enum.Parse<ContactState>(reader.GetString(10)),
        reader.GetString(11),
        Time(reader.GetInt64(12)),
        []);

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
