using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GroundStation.Iam.Audit;

/// <summary>The hash chain over audit records: each hash covers the previous hash and every field of its record.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public static byte[] Genesis => new byte[SHA256.HashSizeInBytes];

    /// <summary>Chains <paramref name="entry"/> at <paramref name="sequence"/> after <paramref name="previousHash"/>.</summary>
    public static AuditRecord Chain(long sequence, AuditEntry entry, byte[] previousHash)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        return new AuditRecord(sequence, entry, previousHash, Hash(sequence, entry, previousHash));
    }

    /// <summary>The hash a record with these contents must carry.</summary>
    public static byte[] Hash(long sequence, AuditEntry entry, byte[] previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, entry.Time.UtcTicks);
        hash.AppendData(number);
        // Length-prefixed fields, with a distinct marker for null, so that no two field lists hash alike.
        foreach (var field in new[] { entry.Event, entry.Actor, entry.Principal, entry.Tenant, entry.KeyId, entry.Action, entry.Resource, entry.Allowed ? "allow" : "deny", entry.Reason, entry.Source })
        {
            if (field is null)
            {
                BinaryPrimitives.WriteInt32BigEndian(number, -1);
                hash.AppendData(number[..4]);
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
            hash.AppendData(number[..4]);
            hash.AppendData(bytes);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>
    /// Checks records given in sequence order, starting at 1: numbering without gaps, each previous hash equal to the
    /// hash before, each hash recomputed. Returns the first problem found, or success with the count.
    /// </summary>
    public static AuditChainReport Verify(IEnumerable<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var expectedPrevious = Genesis;
        long expectedSequence = 1;
        foreach (var record in records)
        {
            if (record.Sequence != expectedSequence)
            {
                return AuditChainReport.Broken(expectedSequence, $"record {expectedSequence} is missing (found {record.Sequence})");
            }

            if (!CryptographicOperations.FixedTimeEquals(record.PreviousHash, expectedPrevious))
            {
                return AuditChainReport.Broken(record.Sequence, $"record {record.Sequence} does not chain to record {record.Sequence - 1}");
            }

            if (!CryptographicOperations.FixedTimeEquals(record.Hash, Hash(record.Sequence, record.Entry, record.PreviousHash)))
            {
                return AuditChainReport.Broken(record.Sequence, $"record {record.Sequence} was altered (its hash does not match its contents)");
            }

            expectedPrevious = record.Hash;
            expectedSequence++;
        }

        return new AuditChainReport(true, expectedSequence - 1, null, null);
    }
}

/// <summary>The result of checking the chain.</summary>
/// <param name="Intact">True when every record checks out.</param>
/// <param name="Checked">Records checked (all of them when intact).</param>
/// <param name="FirstBadSequence">The first record that fails, when one does.</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record AuditChainReport(bool Intact, long Checked, long? FirstBadSequence, string? Problem)
{
    /// <summary>A failed check.</summary>
    public static AuditChainReport Broken(long sequence, string problem) => new(false, sequence - 1, sequence, problem);
}
