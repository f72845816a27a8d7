using Bakong.Functional.Endpoints;
using LanguageExt;

namespace Bakong.Functional;

/// <summary>The times a valid request resolves to, in epoch milliseconds as tag 99 writes them.</summary>
/// <param name="CreatedAt">The creation time.</param>
/// <param name="ExpiresAt">The expiration time, or null for a QR that never expires.</param>
/// <param name="Written">Whether tag 99 is written: always on a dynamic QR, on a static one only when a time was asked for.</param>
internal readonly record struct KhqrTimes(long CreatedAt, long? ExpiresAt, bool Written = true);

/// <summary>Every rule of khqr.md that a <see cref="KhqrRequest"/> must keep, checked all at once.</summary>
internal static class KhqrRules
{
    /// <summary>Every broken rule, each naming its field, and the resolved times (meaningful only when there are none).</summary>
    internal static (Seq<FieldError> Errors, KhqrTimes Times) Check(KhqrRequest? request, DateTimeOffset now)
    {
        var found = new Validator();
        if (request is null)
        {
            found.Fail("request", "is required");
            return (found.Errors, default);
        }
        CheckAccount(found, request.Account);
        if (!MoneyRules.IsKnown(request.Currency))
            found.Fail("currency", "must be USD or KHR");
        if (request.Amount.TrySome(out var amount))
            found.AddAll(MoneyRules.Check("amount", amount, request.Currency));
        if (request.MerchantCategoryCode is not { Length: 4 } mcc || !KhqrText.IsDigits(mcc))
            found.Fail("merchantCategoryCode", "must be 4 digits");
        if (request.UnionPayMerchantAccount.TrySome(out var unionPay))
        {
            Optional(found, "unionPayMerchantAccount", unionPay, 99);
            if (request.Currency == Currency.USD)
                found.Fail("unionPayMerchantAccount", "is not allowed on a USD QR");
        }
        Required(found, "merchantName", request.MerchantName, 25);
        Required(found, "merchantCity", request.MerchantCity, 15);
        CheckAdditionalData(found, request.AdditionalData);
        if (request.AlternateLanguage.TrySome(out var alternate))
            CheckAlternateLanguage(found, alternate);
        var times = CheckTimes(found, request, now);
        // A static QR carries tag 99 only by choice: the NBC SDK writes none, so the same inputs give the same string and md5.
        return (found.Errors, times with { Written = request.Amount.IsSome || request.CreatedAt.IsSome || request.ExpiresAt.IsSome });
    }

    private static void CheckAccount(Validator found, KhqrAccount? account)
    {
        switch (account)
        {
            case null:
                found.Fail("account", "is required: an individual (tag 29) or a merchant (tag 30)");
                return;
            case KhqrAccount.Individual individual:
                CheckAccountId(found, individual.AccountId);
                Optional(found, "account.accountInformation", individual.AccountInformation, 32);
                Optional(found, "account.acquiringBank", individual.AcquiringBank, 32);
                Fits(found, "account", KhqrTags.Individual,
                    Part(individual.AccountId) + Part(individual.AccountInformation) + Part(individual.AcquiringBank));
                return;
            case KhqrAccount.Merchant merchant:
                CheckAccountId(found, merchant.AccountId);
                Required(found, "account.merchantId", merchant.MerchantId, 32);
                Required(found, "account.acquiringBank", merchant.AcquiringBank, 32);
                Fits(found, "account", KhqrTags.Merchant,
                    Part(merchant.AccountId) + Part(merchant.MerchantId) + Part(merchant.AcquiringBank));
                return;
            default:
                // A record can be derived through its copy constructor; only the two known cases can be written.
                found.Fail("account", "must be an individual (tag 29) or a merchant (tag 30)");
                return;
        }
    }

    private static void CheckAccountId(Validator found, string? accountId)
    {
        if (Required(found, "account.accountId", accountId, 32) && !KhqrText.IsAccountId(accountId!))
            found.Fail("account.accountId", "must have the form name@bank");
    }

    private static void CheckAdditionalData(Validator found, KhqrAdditionalData? data)
    {
        // A null record is read as "no additional data", like the default.
        if (data is null)
            return;
        Optional(found, "additionalData.billNumber", data.BillNumber, 25);
        Optional(found, "additionalData.mobileNumber", data.MobileNumber, 25);
        Optional(found, "additionalData.storeLabel", data.StoreLabel, 25);
        Optional(found, "additionalData.terminalLabel", data.TerminalLabel, 25);
        Optional(found, "additionalData.purposeOfTransaction", data.PurposeOfTransaction, 25);
        Fits(found, "additionalData", KhqrTags.AdditionalData,
            Part(data.BillNumber) + Part(data.MobileNumber) + Part(data.StoreLabel) + Part(data.TerminalLabel) + Part(data.PurposeOfTransaction));
    }

    /// <summary>
    /// Each part may keep its own limit and the template still overflow: three 32-character parts of tag 30 take 108
    /// characters with their headers, and a length has only two digits.
    /// </summary>
    private static void Fits(Validator found, string field, string tag, int length)
    {
        if (length > 99)
            found.Fail(field, $"must fit in the 99 characters of tag {tag}: its parts take {length} with their sub-tags and lengths");
    }

    /// <summary>What a part adds to its template: 4 characters of sub-tag and length, then its value.</summary>
    private static int Part(string? value) => string.IsNullOrEmpty(value) ? 0 : 4 + value.Length;

    private static int Part(Option<string> value) => value.Case is string s ? Part(s) : 0;

    private static void CheckAlternateLanguage(Validator found, KhqrAlternateLanguage alternate)
    {
        if (string.IsNullOrEmpty(alternate.LanguagePreference))
            found.Fail("alternateLanguage.languagePreference", "is required");
        else if (alternate.LanguagePreference.Length != 2 || !KhqrText.IsWellFormed(alternate.LanguagePreference))
            found.Fail("alternateLanguage.languagePreference", "must be exactly 2 characters, such as km");
        Required(found, "alternateLanguage.merchantName", alternate.MerchantName, 25);
        Optional(found, "alternateLanguage.merchantCity", alternate.MerchantCity, 15);
    }

    private static KhqrTimes CheckTimes(Validator found, KhqrRequest request, DateTimeOffset now)
    {
        var created = KhqrTimestamp.Milliseconds(request.CreatedAt.TrySome(out var c) ? c : now);
        var createdFits = KhqrTimestamp.Fits(created);
        if (!createdFits)
            found.Fail("createdAt", "must be " + KhqrTimestamp.Range);

        long? expires = null;
        if (request.ExpiresAt.TrySome(out var e))
        {
            expires = KhqrTimestamp.Milliseconds(e);
            if (!KhqrTimestamp.Fits(expires.Value))
            {
                found.Fail("expiresAt", "must be " + KhqrTimestamp.Range);
                return new KhqrTimes(created, null);
            }
        }
        else if (request.Amount.IsSome)
        {
            // A dynamic QR must expire (KHQR SDK 1.0.18 and later), so it gets one from the validity.
            var validity = (long)request.Validity.TotalMilliseconds;
            if (validity < 1)
            {
                found.Fail("validity", "must be at least 1 millisecond");
                return new KhqrTimes(created, null);
            }
            if (!createdFits)
                return new KhqrTimes(created, null);
            if (validity > KhqrTimestamp.MaxMilliseconds - created)
            {
                found.Fail("validity", "must end " + KhqrTimestamp.Range);
                return new KhqrTimes(created, null);
            }
            expires = created + validity;
        }

        if (expires is { } end)
        {
            if (createdFits && end <= created)
                found.Fail("expiresAt", "must be after createdAt");
            if (end <= KhqrTimestamp.Milliseconds(now))
                found.Fail("expiresAt", request.ExpiresAt.IsSome ? "must not be in the past" : "must not be in the past (it is createdAt + validity)");
        }
        return new KhqrTimes(created, expires);
    }

    /// <summary>Checks a text the QR must carry; returns whether it is present, so shape checks can follow.</summary>
    private static bool Required(Validator found, string field, string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            found.Fail(field, "is required");
            return false;
        }
        Limits(found, field, value, max);
        return true;
    }

    /// <summary>Checks a text the QR may leave out: None is fine, an empty Some is not (it would write an empty field).</summary>
    private static void Optional(Validator found, string field, Option<string> value, int max)
    {
        if (value.IsNone)
            return;
        if (!value.TrySome(out var text) || text.Length == 0)
            found.Fail(field, "must not be empty when given (None leaves it out)");
        else
            Limits(found, field, text, max);
    }

    private static void Optional(Validator found, string field, string value, int max)
    {
        if (value.Length == 0)
            found.Fail(field, "must not be empty when given (None leaves it out)");
        else
            Limits(found, field, value, max);
    }

    private static void Limits(Validator found, string field, string value, int max)
    {
        // KHQR counts UTF-16 code units, what string.Length counts.
        if (value.Length > max)
            found.Fail(field, $"must be at most {max} characters, found {value.Length}");
        if (!KhqrText.IsWellFormed(value))
            found.Fail(field, "must be well-formed text (it has a lone surrogate character)");
    }
}
