namespace Bakong.Functional.Testing;

// Payments filed by every key a lookup can use, so a lookup costs the same with 1 or 100,000 payments seeded.
public sealed partial class BakongEmulator
{
    // Later payments win, as a newest-first search would: each map holds the last payment added under its key.
    private readonly Dictionary<string, PaymentState> byMd5 = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PaymentState> byHash = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PaymentState> byInstructionRef = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PaymentState> byExternalRef = new(StringComparer.OrdinalIgnoreCase);
    // A short hash is shared by design (8 of 64 hex digits), so each keeps every payment under it, oldest first.
    private readonly Dictionary<string, List<PaymentState>> byShortHash = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Files a new payment under each of its keys. Call under the gate.</summary>
    private void Index(PaymentState p)
    {
        byMd5[p.Md5] = p;
        if (p.Hash.Length > 0)
        {
            byHash[p.Hash] = p;
            var prefix = p.Hash.Length >= 8 ? p.Hash[..8] : p.Hash;
            if (!byShortHash.TryGetValue(prefix, out var list))
                byShortHash[prefix] = list = [];
            list.Add(p);
        }
        if (p.Seed.InstructionRef is { } instruction)
            byInstructionRef[instruction] = p;
        if (p.Seed.ExternalRef is { } external)
            byExternalRef[external] = p;
    }

    private PaymentState? FindByMd5(string? md5) => md5 is not null && byMd5.TryGetValue(md5, out var p) ? p : null;

    private PaymentState? FindByHash(string? hash) => hash is not null && byHash.TryGetValue(hash, out var p) ? p : null;

    private PaymentState? FindByInstructionRef(string? reference) =>
        reference is not null && byInstructionRef.TryGetValue(reference, out var p) ? p : null;

    private PaymentState? FindByExternalRef(string? reference) =>
        reference is not null && byExternalRef.TryGetValue(reference, out var p) ? p : null;

    /// <summary>The newest payment whose hash starts with these 8 characters and whose amount and currency match.</summary>
    private PaymentState? FindByShortHash(string? shortHash, decimal amount, string? currency)
    {
        if (shortHash is not { Length: 8 } || !byShortHash.TryGetValue(shortHash, out var list))
            return null;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var p = list[i];
            if (p.Seed.Amount == amount && string.Equals(CurrencyText(p.Seed.Currency), currency, StringComparison.OrdinalIgnoreCase))
                return p;
        }
        return null;
    }
}
