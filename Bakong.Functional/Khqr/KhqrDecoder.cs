using System.Globalization;
using Bakong.Functional.Requests;
using LanguageExt;

namespace Bakong.Functional.KhqrFormat;

/// <summary>Reads any string as a KHQR: total, it never throws, and it reports every problem with its tag path.</summary>
internal static class KhqrDecoder
{
    /// <summary>One <c>TT LL VALUE</c> field as read, with where it starts.</summary>
    private readonly record struct Tlv(string Tag, string Value, int Offset);

    internal static KhqrDecoded Decode(string? text)
    {
        var payload = text ?? "";
        var problems = new Problems();
        var top = Read(payload, "", problems);

        var fields = Seq<KhqrField>.Empty;
        var first = new Dictionary<string, Tlv>(StringComparer.Ordinal);
        var subs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var field in top)
        {
            fields = fields.Add(new KhqrField(field.Tag, field.Value));
            var isFirst = first.TryAdd(field.Tag, field);
            if (!isFirst && KhqrTags.IsKnown(field.Tag))
                problems.Add(field.Tag, $"tag {field.Tag} only once");
            if (!KhqrTags.IsTemplate(field.Tag))
            {
                WellFormed(problems, field.Tag, field.Value);
                continue;
            }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var sub in Read(field.Value, field.Tag, problems))
            {
                var path = field.Tag + "." + sub.Tag;
                fields = fields.Add(new KhqrField(path, sub.Value));
                WellFormed(problems, path, sub.Value);
                if (!values.TryAdd(sub.Tag, sub.Value) && KhqrTags.IsKnown(path))
                    problems.Add(path, $"sub-tag {sub.Tag} only once");
            }
            if (isFirst)
                subs[field.Tag] = values;
        }

        var r = new Reader(first, subs, problems);
        if (top.Count > 0 && !string.Equals(top[0].Tag, KhqrTags.PayloadFormat, StringComparison.Ordinal))
            problems.Add(KhqrTags.PayloadFormat, "the payload format indicator as the first field");
        if (r.Required(KhqrTags.PayloadFormat) is { } format && !string.Equals(format, "01", StringComparison.Ordinal))
            problems.Add(KhqrTags.PayloadFormat, $"01, found {Quote(format)}");

        var initiation = Option<KhqrInitiation>.None;
        if (r.Optional(KhqrTags.Initiation) is { } init)
        {
            if (init is "11" or "12")
                initiation = init == "11" ? KhqrInitiation.Static : KhqrInitiation.Dynamic;
            else
                problems.Add(KhqrTags.Initiation, $"11 (static) or 12 (dynamic), found {Quote(init)}");
        }

        // Read now, reported in tag order below: tag 15 and the amount depend on it.
        var currencyText = r.Optional(KhqrTags.Currency);
        var currency = currencyText switch
        {
            KhqrTags.Khr => Bakong.Functional.Currency.KHR,
            KhqrTags.Usd => Bakong.Functional.Currency.USD,
            _ => Option<Currency>.None,
        };

        var unionPay = r.Text(KhqrTags.UnionPay, 99, required: false);
        if (unionPay is not null && currencyText is KhqrTags.Usd)
            problems.Add(KhqrTags.UnionPay, "no UnionPay account on a USD QR (53 is 840)");

        var account = ReadAccount(r, problems);

        var categoryCode = r.Required(KhqrTags.CategoryCode);
        if (categoryCode is not null && (categoryCode.Length != 4 || !KhqrText.IsDigits(categoryCode)))
            problems.Add(KhqrTags.CategoryCode, $"4 digits, found {Quote(categoryCode)}");

        if (r.Required(KhqrTags.Currency) is { } code && currency.IsNone)
            problems.Add(KhqrTags.Currency, $"116 (KHR) or 840 (USD), found {Quote(code)}");

        var amount = ReadAmount(r, problems, initiation, currency);

        var country = r.Required(KhqrTags.Country);
        if (country is not null && !string.Equals(country, "KH", StringComparison.Ordinal))
            problems.Add(KhqrTags.Country, $"KH, found {Quote(country)}");

        var name = r.Text(KhqrTags.MerchantName, 25, required: true);
        var city = r.Text(KhqrTags.MerchantCity, 15, required: true);

        var additional = KhqrAdditionalData.Empty;
        if (r.Has(KhqrTags.AdditionalData))
        {
            additional = new KhqrAdditionalData
            {
                BillNumber = r.SubText(KhqrTags.AdditionalData, "01", 25),
                MobileNumber = r.SubText(KhqrTags.AdditionalData, "02", 25),
                StoreLabel = r.SubText(KhqrTags.AdditionalData, "03", 25),
                TerminalLabel = r.SubText(KhqrTags.AdditionalData, "07", 25),
                PurposeOfTransaction = r.SubText(KhqrTags.AdditionalData, "08", 25),
            };
        }

        var alternate = Option<KhqrAlternateLanguage>.None;
        if (r.Has(KhqrTags.AlternateLanguage))
        {
            var language = r.SubText(KhqrTags.AlternateLanguage, "00", 2, required: true, min: 2);
            var altName = r.SubText(KhqrTags.AlternateLanguage, "01", 25, required: true);
            var altCity = r.SubText(KhqrTags.AlternateLanguage, "02", 15);
            if (language.Case is string l && altName.Case is string n)
                alternate = new KhqrAlternateLanguage(l, n, altCity);
        }

        var (created, expires) = ReadTimestamps(r, problems);
        var (crc, crcHolds) = CheckCrc(payload, top, problems);

        return new KhqrDecoded(payload)
        {
            Fields = fields,
            Problems = problems.All,
            CrcHolds = crcHolds,
            Crc = crc,
            Initiation = initiation,
            UnionPayMerchantAccount = Prelude.Optional(unionPay),
            Account = account,
            MerchantCategoryCode = Prelude.Optional(categoryCode),
            Currency = currency,
            Amount = amount,
            CountryCode = Prelude.Optional(country),
            MerchantName = Prelude.Optional(name),
            MerchantCity = Prelude.Optional(city),
            AdditionalData = additional,
            AlternateLanguage = alternate,
            CreatedAt = created,
            ExpiresAt = expires,
        };
    }

    /// <summary>Reads <c>TT LL VALUE</c> fields until the text ends or stops making sense; the first break is reported and ends reading.</summary>
    private static List<Tlv> Read(string text, string parent, Problems problems)
    {
        var list = new List<Tlv>();
        var pos = 0;
        while (pos < text.Length)
        {
            if (text.Length - pos < 4)
            {
                problems.Add(parent, $"a two-digit tag and a two-digit length {Where(parent, pos)}, found only {Characters(text.Length - pos)}");
                break;
            }
            if (!KhqrText.IsDigits(text.AsSpan(pos, 2)))
            {
                problems.Add(parent, $"a two-digit tag {Where(parent, pos)}");
                break;
            }
            var tag = text.Substring(pos, 2);
            if (!KhqrText.IsDigits(text.AsSpan(pos + 2, 2)))
            {
                problems.Add(Path(parent, tag), "a two-digit length");
                break;
            }
            var length = ((text[pos + 2] - '0') * 10) + (text[pos + 3] - '0');
            var start = pos + 4;
            if (length > text.Length - start)
            {
                problems.Add(Path(parent, tag), $"a value of {length} characters, found {text.Length - start}");
                break;
            }
            // Lengths count UTF-16 code units; one that cuts a character in two was counted some other way, so stop rather than guess.
            if (length > 0 && start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]) && char.IsLowSurrogate(text[start + length]))
            {
                problems.Add(Path(parent, tag), "a length that does not cut a character in two");
                break;
            }
            list.Add(new Tlv(tag, text.Substring(start, length), pos));
            pos = start + length;
        }
        return list;
    }

    // Built only when reporting: a valid payload should not pay for problem text.
    private static string Where(string parent, int pos) => parent.Length == 0 ? $"at character {pos}" : $"at character {pos} of its value";

    private static string Path(string parent, string tag) => parent.Length == 0 ? tag : parent + "." + tag;

    private static void WellFormed(Problems problems, string path, string value)
    {
        if (!KhqrText.IsWellFormed(value))
            problems.Add(path, "well-formed text, found a lone surrogate character");
    }

    private static Option<KhqrAccount> ReadAccount(Reader r, Problems problems)
    {
        var individual = r.Has(KhqrTags.Individual);
        var merchant = r.Has(KhqrTags.Merchant);
        if (!individual && !merchant)
        {
            problems.Add(KhqrTags.Individual, "an individual (29) or merchant (30) account, which is required");
            return Option<KhqrAccount>.None;
        }
        if (individual && merchant)
            problems.Add(KhqrTags.Merchant, "only one of tag 29 (individual) and tag 30 (merchant)");
        var tag = individual ? KhqrTags.Individual : KhqrTags.Merchant;
        var id = r.SubText(tag, "00", 32, required: true);
        if (id.Case is string accountId && accountId.Length > 0 && !KhqrText.IsAccountId(accountId))
            problems.Add(tag + ".00", $"a Bakong account id of the form name@bank, found {Quote(accountId)}");
        if (individual)
        {
            var information = r.SubText(tag, "01", 32);
            var bank = r.SubText(tag, "02", 32);
            return id.Map(i => (KhqrAccount)new KhqrAccount.Individual(i, information, bank));
        }
        var merchantId = r.SubText(tag, "01", 32, required: true);
        var acquirer = r.SubText(tag, "02", 32, required: true);
        return id.Case is string mi && merchantId.Case is string mm && acquirer.Case is string mb
            ? new KhqrAccount.Merchant(mi, mm, mb)
            : Option<KhqrAccount>.None;
    }

    private static Option<decimal> ReadAmount(Reader r, Problems problems, Option<KhqrInitiation> initiation, Option<Currency> currency)
    {
        var text = r.Optional(KhqrTags.Amount);
        // A static QR may carry a fixed amount (EMVCo allows it: a fixed-price sticker); it is read and reported.
        var isDynamic = initiation.Case is KhqrInitiation j && j == KhqrInitiation.Dynamic;
        if (text is null)
        {
            if (isDynamic)
                problems.Add(KhqrTags.Amount, "an amount on a dynamic QR (01 is 12)");
            return Option<decimal>.None;
        }
        if (text.Length > MoneyRules.MaxKhqrLength)
            problems.Add(KhqrTags.Amount, $"at most {MoneyRules.MaxKhqrLength} characters, found {text.Length}");
        if (!IsAmountText(text))
        {
            problems.Add(KhqrTags.Amount, $"digits with an optional decimal point, such as 500 or 1.50, found {Quote(text)}");
            return Option<decimal>.None;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return Option<decimal>.None;
        if (amount <= 0)
            problems.Add(KhqrTags.Amount, "an amount above zero");
        if (currency.Case is Currency c && !MoneyRules.HasAllowedDecimals(amount, c))
        {
            problems.Add(KhqrTags.Amount, c == Bakong.Functional.Currency.KHR
                ? "a whole number of riel (KHR has no minor unit)"
                : "at most 2 decimal places (USD)");
        }
        return amount;
    }

    /// <summary>Digits, optionally with one decimal point between digits; what TryParse alone would also let through (signs, spaces) is refused.</summary>
    private static bool IsAmountText(string text)
    {
        var point = text.IndexOf('.', StringComparison.Ordinal);
        return point < 0
            ? KhqrText.IsDigits(text)
            : KhqrText.IsDigits(text.AsSpan(0, point)) && KhqrText.IsDigits(text.AsSpan(point + 1));
    }

    private static (Option<DateTimeOffset> Created, Option<DateTimeOffset> Expires) ReadTimestamps(Reader r, Problems problems)
    {
        if (!r.Has(KhqrTags.Timestamps))
            return (Option<DateTimeOffset>.None, Option<DateTimeOffset>.None);
        var created = Timestamp(r, problems, "00");
        var expires = Timestamp(r, problems, "01");
        if (created.Case is DateTimeOffset c && expires.Case is DateTimeOffset e && e <= c)
            problems.Add(KhqrTags.Timestamps + ".01", "an expiration after the creation time (99.00)");
        return (created, expires);
    }

    private static Option<DateTimeOffset> Timestamp(Reader r, Problems problems, string sub)
    {
        if (r.Sub(KhqrTags.Timestamps, sub) is not { } text)
            return Option<DateTimeOffset>.None;
        var time = KhqrTimestamp.Parse(text);
        if (time.IsNone)
            problems.Add(KhqrTags.Timestamps + "." + sub, $"13 digits (epoch milliseconds), found {Quote(text)}");
        return time;
    }

    private static (Option<string> Crc, bool Holds) CheckCrc(string payload, List<Tlv> top, Problems problems)
    {
        var index = top.FindIndex(f => string.Equals(f.Tag, KhqrTags.Crc, StringComparison.Ordinal));
        if (index < 0)
        {
            problems.Add(KhqrTags.Crc, "a CRC as the last field");
            return (Option<string>.None, false);
        }
        var field = top[index];
        if (index != top.Count - 1)
            problems.Add(KhqrTags.Crc, $"the last field, but tag {top[index + 1].Tag} follows it");
        if (field.Value.Length != 4 || !KhqrText.IsUpperHex(field.Value))
        {
            problems.Add(KhqrTags.Crc, $"4 uppercase hexadecimal digits, found {Quote(field.Value)}");
            return (field.Value, false);
        }
        // The CRC covers everything up to and including the literal "6304".
        var computed = Crc16.Hex(Crc16.Compute(payload.AsSpan(0, field.Offset + 4)));
        var holds = string.Equals(computed, field.Value, StringComparison.Ordinal);
        if (!holds)
            problems.Add(KhqrTags.Crc, $"{computed} (the CRC of the payload up to 6304), found {Quote(field.Value)}");
        return (field.Value, holds);
    }

    private static string Characters(int n) => n == 1 ? "1 character" : $"{n} characters";

    /// <summary>A value quoted for a problem's text.</summary>
    private static string Quote(string value) => "\"" + value + "\"";

    /// <summary>Looks fields up by tag and checks the common text rules, reporting under each field's path.</summary>
    private sealed class Reader(
        Dictionary<string, Tlv> first,
        Dictionary<string, Dictionary<string, string>> subs,
        Problems problems)
    {
        internal bool Has(string tag) => first.ContainsKey(tag);

        internal string? Optional(string tag) => first.TryGetValue(tag, out var f) ? f.Value : null;

        internal string? Required(string tag)
        {
            var value = Optional(tag);
            if (value is null)
                problems.Add(tag, $"{KhqrTags.Name(tag)}, which is required");
            return value;
        }

        internal string? Sub(string tag, string sub) =>
            subs.TryGetValue(tag, out var values) && values.TryGetValue(sub, out var v) ? v : null;

        /// <summary>A top-level text of 1 to <paramref name="max"/> characters.</summary>
        internal string? Text(string tag, int max, bool required)
        {
            var value = required ? Required(tag) : Optional(tag);
            if (value is not null)
                Length(tag, value, 1, max);
            return value;
        }

        /// <summary>A sub-field text of <paramref name="min"/> to <paramref name="max"/> characters.</summary>
        internal Option<string> SubText(string tag, string sub, int max, bool required = false, int min = 1)
        {
            var path = tag + "." + sub;
            var value = Sub(tag, sub);
            if (value is null)
            {
                if (required)
                    problems.Add(path, $"{KhqrTags.Name(path)}, which is required");
                return Option<string>.None;
            }
            Length(path, value, min, max);
            return value;
        }

        private void Length(string path, string value, int min, int max)
        {
            if (value.Length < min || value.Length > max)
                problems.Add(path, min == max ? $"exactly {max} characters, found {value.Length}" : $"{min} to {max} characters, found {value.Length}");
        }
    }

    /// <summary>The problems found so far, in order.</summary>
    private sealed class Problems
    {
        internal Seq<KhqrProblem> All { get; private set; } = Seq<KhqrProblem>.Empty;

        internal void Add(string path, string expected) => All = All.Add(new KhqrProblem(path, expected));
    }
}
