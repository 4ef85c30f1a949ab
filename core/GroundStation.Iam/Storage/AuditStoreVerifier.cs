using GroundStation.Iam.Audit;

namespace GroundStation.Iam.Storage;

/// <summary>Checks the whole audit chain of a store, page by page.</summary>
public static class AuditStoreVerifier
{
    /// <summary>Reads every record in order and verifies the chain.</summary>
    public static async Task<AuditChainReport> VerifyAsync(IIamStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var all = new List<AuditRecord>();
        while (true)
        {
            var page = await store.ReadAuditAsync(all.Count == 0 ? 0 : all[^1].Sequence, 5000, cancellationToken);
            if (page.Count == 0)
            {
                return AuditChain.Verify(all);
            }

            all.AddRange(page);
        }
    }
}
