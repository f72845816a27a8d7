using Bakong.Functional.KhqrFormat;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>A request the encoder must accept, and the clock reading it is encoded at.</summary>
public sealed record ValidKhqr(KhqrRequest Request, DateTimeOffset Now);

/// <summary>A request with rules broken on purpose, and the fields that must be named.</summary>
public sealed record InvalidKhqr(KhqrRequest Request, DateTimeOffset Now, string[] Fields);

/// <summary>CsCheck generators: valid requests, requests broken on purpose, and strings of every kind.</summary>
public static class KhqrGenerators
{
    private const long Day = 86_400_000;

    /// <summary>One UTF-16 unit from the scripts a KHQR meets: mostly ASCII, some Latin-1, much Khmer.</summary>
    private static readonly Gen<char> TextChar = Gen.Frequency(
        (6, Gen.Char[' ', '~']),
        (1, Gen.Char['\u00A0', '\u00FF']),
        (3, Gen.Char['\u1780', '\u17FF']));

    /// <summary>Text of <paramref name="min"/> to <paramref name="max"/> UTF-16 units, sometimes with an emoji (two units).</summary>
    public static Gen<string> Text(int min, int max) =>
        from s in Gen.String[TextChar, min, max]
        from emoji in Gen.Int[0, 4]
        from at in Gen.Int[0, 1000]
        select emoji == 0 && s.Length >= 2 ? WithEmoji(s, at % (s.Length - 1)) : s;

    private static string WithEmoji(string s, int at) => string.Concat(s.AsSpan(0, at), "😀", s.AsSpan(at + 2));

    public static Gen<Option<T>> OptionOf<T>(Gen<T> gen) =>
        Gen.Frequency((1, Gen.Const(Option<T>.None)), (1, gen.Select(x => Option<T>.Some(x))));

    public static readonly Gen<string> AccountId =
        from name in Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_.-"], 1, 20]
        from bank in Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 1, 11]
        select name + "@" + bank;

    /// <summary>Accounts whose template fits its 99 characters: the last part gets what the others leave.</summary>
    public static readonly Gen<KhqrAccount> Account = Gen.OneOf<KhqrAccount>(
        from id in AccountId
        from information in OptionOf(Text(1, 32))
        from bank in OptionOf(Text(1, Math.Min(32, 99 - 12 - id.Length - information.Map(i => i.Length).IfNone(0))))
        select (KhqrAccount)new KhqrAccount.Individual(id, information, bank),
        from id in AccountId
        from merchantId in Text(1, 32)
        from bank in Text(1, Math.Min(32, 99 - 12 - id.Length - merchantId.Length))
        select (KhqrAccount)new KhqrAccount.Merchant(id, merchantId, bank));

    /// <summary>An amount valid in <paramref name="currency"/>, in varied scales (1.5, 1.50, 1.500).</summary>
    public static Gen<decimal> Amount(Currency currency) =>
        from units in currency == Currency.KHR
            ? Gen.Frequency((3, Gen.Long[1, 1_000_000]), (1, Gen.Long[1, 9_999_999_999_999]))
            : Gen.Frequency((3, Gen.Long[1, 100_000]), (1, Gen.Long[1, 999_999_999_999]))
        from scale in Gen.OneOf(1m, 1.0m, 1.000m)
        select (currency == Currency.KHR ? units : units / 100m) * scale;

    public static readonly Gen<KhqrAdditionalData> AdditionalData =
        from bill in OptionOf(Text(1, 25))
        from mobile in OptionOf(Gen.String[Gen.Char['0', '9'], 1, 25])
        from store in OptionOf(Text(1, 25))
        from terminal in OptionOf(Text(1, 25))
        from purpose in OptionOf(Text(1, 25))
        let kept = FitIn99(bill, mobile, store, terminal, purpose)
        select new KhqrAdditionalData
        {
            BillNumber = kept[0], MobileNumber = kept[1], StoreLabel = kept[2], TerminalLabel = kept[3], PurposeOfTransaction = kept[4],
        };

    /// <summary>The parts in order, dropping any that would take tag 62 past 99 characters.</summary>
    private static Option<string>[] FitIn99(params Option<string>[] parts)
    {
        var used = 0;
        return parts.Select(p =>
        {
            var size = p.Map(v => 4 + v.Length).IfNone(0);
            if (used + size > 99)
                return Option<string>.None;
            used += size;
            return p;
        }).ToArray();
    }

    public static readonly Gen<KhqrAlternateLanguage> AlternateLanguage =
        from language in Gen.OneOf("km", "en", "zh", "fr")
        from name in Text(1, 25)
        from city in OptionOf(Text(1, 15))
        select new KhqrAlternateLanguage(language, name, city);

    /// <summary>A clock reading with sub-millisecond ticks, far enough inside the 13-digit range for the times below.</summary>
    public static readonly Gen<DateTimeOffset> Now =
        from ms in Gen.Frequency((3, Gen.Long[1_700_000_000_000, 1_900_000_000_000]), (1, Gen.Long[1_100_000_000_000, 9_000_000_000_000]))
        from ticks in Gen.Int[0, 9_999]
        select DateTimeOffset.FromUnixTimeMilliseconds(ms).AddTicks(ticks);

    /// <summary>Requests the encoder must accept, with the clock reading to encode them at.</summary>
    public static readonly Gen<ValidKhqr> Valid =
        from now in Now
        from account in Account
        from currency in Gen.OneOf(Currency.KHR, Currency.USD)
        from amount in OptionOf(Amount(currency))
        from name in Text(1, 25)
        from city in Text(1, 15)
        from mcc in Gen.Frequency((3, Gen.Const("5999")), (1, Gen.String[Gen.Char['0', '9'], 4, 4]))
        from unionPay in currency == Currency.KHR ? OptionOf(Text(1, 99)) : Gen.Const(Option<string>.None)
        from data in Gen.Frequency((1, Gen.Const(KhqrAdditionalData.Empty)), (2, AdditionalData))
        from alternate in OptionOf(AlternateLanguage)
        from createdOffset in OptionOf(Gen.Long[-365 * Day, Day])
        from ticks in Gen.Int[0, 9_999]
        from expiry in Gen.Int[0, 2]
        from extra in Gen.Long[1, 30 * Day]
        let nowMs = now.ToUnixTimeMilliseconds()
        let created = createdOffset.Map(o => DateTimeOffset.FromUnixTimeMilliseconds(nowMs + o).AddTicks(ticks))
        let createdMs = nowMs + createdOffset.IfNone(0)
        // An expiry must be after both the creation time and now; a validity must reach past now from the creation time.
        let floor = Math.Max(createdMs, nowMs)
        select new ValidKhqr(
            new KhqrRequest(account, name, currency)
            {
                MerchantCity = city,
                Amount = amount,
                MerchantCategoryCode = mcc,
                UnionPayMerchantAccount = unionPay,
                AdditionalData = data,
                AlternateLanguage = alternate,
                CreatedAt = created,
                ExpiresAt = expiry == 0 ? DateTimeOffset.FromUnixTimeMilliseconds(floor + extra).AddTicks(ticks) : Option<DateTimeOffset>.None,
                Validity = expiry == 1
                    ? TimeSpan.FromMilliseconds(floor - createdMs + extra) + TimeSpan.FromTicks(ticks)
                    : KhqrRequest.DefaultValidity + TimeSpan.FromMilliseconds(floor - createdMs),
            },
            now);

    /// <summary>A required text that breaks a rule: missing, empty, too long, or with a lone surrogate.</summary>
    private static Gen<string> BadRequired(int max) => Gen.OneOf(
        Gen.Const((string)null!),
        Gen.Const(""),
        Text(max + 1, max + 30),
        LoneSurrogate(max));

    /// <summary>An optional text that breaks a rule: Some but empty, too long, or with a lone surrogate.</summary>
    private static Gen<Option<string>> BadOptional(int max) =>
        Gen.OneOf(Gen.Const(""), Text(max + 1, max + 30), LoneSurrogate(max)).Select(Option<string>.Some);

    /// <summary>Text that fits but ends in a lone high surrogate.</summary>
    private static Gen<string> LoneSurrogate(int max) =>
        Gen.String[TextChar, 1, max].Select(s => s[..^1] + "\uD800");

    private static readonly Gen<string> BadAccountId = Gen.OneOf(
        Gen.Const((string)null!), Gen.Const(""), Gen.Const("nobank"), Gen.Const("@bank"), Gen.Const("name@"), Gen.Const("a@b@c"),
        AccountId.Select(id => new string('x', 33 - id.Length) + id),
        AccountId.Select(id => "\uDC00" + id));

    private static Gen<decimal> BadAmount(Currency currency) => Gen.OneOf(
        Gen.Long[-1_000_000, 0].Select(x => (decimal)x),
        Gen.Long[1, 1_000_000].Select(x => x + 0.005m),
        currency == Currency.KHR ? Gen.Long[1, 1_000_000].Select(x => x + 0.5m) : Gen.Long[1, 1_000_000].Select(x => x + 0.125m),
        Gen.Long[10_000_000_000_000, long.MaxValue / 2].Select(x => (decimal)x));

    private static readonly Gen<string> BadCategoryCode =
        Gen.OneOf(Gen.Const((string)null!), Gen.Const(""), Gen.Const("599"), Gen.Const("59999"), Gen.Const("59a9"), Gen.Const("٥٩٩٩"), Gen.Const(" 599"));

    private static KhqrAlternateLanguage AlternateOf(KhqrRequest r) =>
        r.AlternateLanguage.IfNone(new KhqrAlternateLanguage("km", "ឈ្មោះ"));

    /// <summary>One way to break a request: the field it breaks, a group (at most one break per group at once), and the break.</summary>
    private sealed record Break(string Field, string Group, Func<KhqrRequest, DateTimeOffset, Gen<KhqrRequest>> Apply);

    private static Gen<KhqrRequest> With<T>(Gen<T> gen, Func<T, KhqrRequest> f) => gen.Select(f);

    /// <summary>Every way to break a request, in the order the breaks compose: a currency change comes before the amount that depends on it.</summary>
    private static readonly Break[] Breaks =
    [
        new("account", "account", (r, _) => Gen.Const(r with { Account = null! })),
        new("account.accountId", "account", (r, _) => With(BadAccountId, id => r with { Account = r.Account with { AccountId = id } })),
        new("account.merchantId", "account", (r, _) => With(BadRequired(32), m => r with { Account = new KhqrAccount.Merchant(r.Account.AccountId, m, "Dev Bank") })),
        new("account.acquiringBank", "account", (r, _) => Gen.OneOf(
            With(BadRequired(32), b => r with { Account = new KhqrAccount.Merchant(r.Account.AccountId, "123456", b) }),
            With(BadOptional(32), b => r with { Account = new KhqrAccount.Individual(r.Account.AccountId, acquiringBank: b) }))),
        new("account", "account", (r, _) => Gen.Const(r with { Account = new KhqrAccount.Merchant(new string('a', 27) + "@bank", new string('1', 32), new string('B', 32)) })),
        new("account.accountInformation", "account", (r, _) => With(BadOptional(32), i => r with { Account = new KhqrAccount.Individual(r.Account.AccountId, i) })),
        new("currency", "currency", (r, _) => With(Gen.OneOf(Gen.Int[2, 1000], Gen.Int[int.MinValue, -1]), c => r with { Currency = (Currency)c })),
        new("unionPayMerchantAccount", "currency", (r, _) => Gen.Const(r with { Currency = Currency.USD, UnionPayMerchantAccount = "6211234567890123" })),
        new("unionPayMerchantAccount", "unionPay", (r, _) => With(BadOptional(99), u => r with { UnionPayMerchantAccount = u })),
        new("amount", "amount", (r, _) => With(BadAmount(r.Currency), a => r with { Amount = a })),
        new("merchantCategoryCode", "merchantCategoryCode", (r, _) => With(BadCategoryCode, c => r with { MerchantCategoryCode = c })),
        new("merchantName", "merchantName", (r, _) => With(BadRequired(25), n => r with { MerchantName = n })),
        new("merchantCity", "merchantCity", (r, _) => With(BadRequired(15), c => r with { MerchantCity = c })),
        new("additionalData.billNumber", "additionalData", (r, _) => With(BadOptional(25), v => r with { AdditionalData = (r.AdditionalData ?? KhqrAdditionalData.Empty) with { BillNumber = v } })),
        new("additionalData.mobileNumber", "additionalData", (r, _) => With(BadOptional(25), v => r with { AdditionalData = (r.AdditionalData ?? KhqrAdditionalData.Empty) with { MobileNumber = v } })),
        new("additionalData.storeLabel", "additionalData", (r, _) => With(BadOptional(25), v => r with { AdditionalData = (r.AdditionalData ?? KhqrAdditionalData.Empty) with { StoreLabel = v } })),
        new("additionalData.terminalLabel", "additionalData", (r, _) => With(BadOptional(25), v => r with { AdditionalData = (r.AdditionalData ?? KhqrAdditionalData.Empty) with { TerminalLabel = v } })),
        new("additionalData.purposeOfTransaction", "additionalData", (r, _) => With(BadOptional(25), v => r with { AdditionalData = (r.AdditionalData ?? KhqrAdditionalData.Empty) with { PurposeOfTransaction = v } })),
        new("additionalData", "additionalData", (r, _) => With(Text(25, 25), t => r with
        {
            AdditionalData = new KhqrAdditionalData { BillNumber = t, MobileNumber = t, StoreLabel = t, TerminalLabel = t },
        })),
        new("alternateLanguage.languagePreference", "languagePreference", (r, _) => With(
            Gen.OneOf(Gen.Const((string)null!), Gen.Const(""), Gen.Const("k"), Gen.Const("khm"), Gen.Const("k\uD800")),
            l => r with { AlternateLanguage = AlternateOf(r) with { LanguagePreference = l } })),
        new("alternateLanguage.merchantName", "alternateName", (r, _) => With(BadRequired(25), n => r with { AlternateLanguage = AlternateOf(r) with { MerchantName = n } })),
        new("alternateLanguage.merchantCity", "alternateCity", (r, _) => With(BadOptional(15), c => r with { AlternateLanguage = AlternateOf(r) with { MerchantCity = c } })),
        new("createdAt", "time", (r, _) => With(
            Gen.OneOf(Gen.Long[-62_135_596_800_000, KhqrTimestamp.MinMilliseconds - 1], Gen.Long[KhqrTimestamp.MaxMilliseconds + 1, 253_402_300_799_999]),
            ms => r with { CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(ms) })),
        new("expiresAt", "time", (r, now) =>
        {
            var created = r.CreatedAt.IfNone(now).ToUnixTimeMilliseconds();
            var nowMs = now.ToUnixTimeMilliseconds();
            return With(
                Gen.OneOf(Gen.Long[created - (30 * Day), created], Gen.Long[nowMs - (30 * Day), nowMs], Gen.Long[-62_135_596_800_000, KhqrTimestamp.MinMilliseconds - 1]),
                ms => r with { ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ms) });
        }),
        new("validity", "time", (r, _) => With(
            Gen.OneOf(Gen.Long[-1_000_000, 0].Select(TimeSpan.FromMilliseconds), Gen.Const(TimeSpan.FromTicks(9_999)), Gen.Const(TimeSpan.MinValue), Gen.Const(TimeSpan.MaxValue)),
            v => r with { Amount = r.Amount.IsSome ? r.Amount : 100m, ExpiresAt = Option<DateTimeOffset>.None, Validity = v })),
    ];

    /// <summary>A valid request with exactly one rule broken.</summary>
    public static readonly Gen<InvalidKhqr> OneBroken =
        from valid in Valid
        from index in Gen.Int[0, Breaks.Length - 1]
        from request in Breaks[index].Apply(valid.Request, valid.Now)
        select new InvalidKhqr(request, valid.Now, [Breaks[index].Field]);

    /// <summary>A valid request with several rules broken at once, at most one per group.</summary>
    public static readonly Gen<InvalidKhqr> SeveralBroken =
        from valid in Valid
        from picks in Gen.Int[0, Breaks.Length - 1].Array[2, 8]
        let chosen = picks.Order().Distinct().Select(i => Breaks[i]).DistinctBy(b => b.Group).ToArray()
        from request in ApplyAll(valid.Request, valid.Now, chosen)
        select new InvalidKhqr(request, valid.Now, chosen.Select(b => b.Field).Distinct().ToArray());

    private static Gen<KhqrRequest> ApplyAll(KhqrRequest request, DateTimeOffset now, Break[] breaks) =>
        breaks.Aggregate(Gen.Const(request), (gen, b) => gen.SelectMany(r => b.Apply(r, now)));

    /// <summary>Any string at all: any UTF-16 unit, lone surrogates included.</summary>
    public static readonly Gen<string> AnyString = Gen.String[Gen.Char['\0', '\uFFFF'], 0, 300];

    /// <summary>Strings that look like KHQR: runs of two-digit tags and lengths with values of roughly that length, sometimes a CRC.</summary>
    public static readonly Gen<string> TlvLike =
        from fields in (
            from tag in Gen.OneOf(Gen.OneOf("00", "01", "15", "29", "30", "52", "53", "54", "58", "59", "60", "62", "63", "64", "99"), Gen.Int[0, 99].Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)))
            from length in Gen.Int[0, 99]
            from slack in Gen.Int[-3, 3]
            from value in Gen.String[Gen.Frequency((5, Gen.Char['0', '9']), (3, TextChar), (1, Gen.Char['\uD800', '\uDFFF'])), Math.Max(0, length + slack), Math.Max(0, length + slack)]
            select tag + length.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + value).Array[0, 15]
        from crc in Gen.OneOf(Gen.Const(""), Gen.String[Gen.Char["0123456789ABCDEFabcdef"], 4, 4].Select(h => "6304" + h))
        select string.Concat(fields) + crc;

    /// <summary>Valid payloads cut, spliced, or with junk inserted.</summary>
    public static readonly Gen<string> Damaged =
        from valid in Valid
        let payload = Khqr.Encode(valid.Request, new FakeTimeProvider(valid.Now)).Match(c => c.Payload, _ => "")
        from start in Gen.Int[0, 1000]
        from length in Gen.Int[0, 20]
        from junk in Gen.OneOf(Gen.Const(""), AnyString, Gen.String[Gen.Char['0', '9'], 1, 6])
        let at = payload.Length == 0 ? 0 : start % payload.Length
        let cut = Math.Min(length, payload.Length - at)
        select string.Concat(payload.AsSpan(0, at), junk, payload.AsSpan(at + cut));
}
