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
        var v = new Validator();
        if (request is null)
        {
            v.Fail("request", "is required");
            return (v.Errors, default);
        }
        CheckAccount(v, request.Account);
        if (!MoneyRules.IsKnown(request.Currency))
            v.Fail("currency", "must be USD or KHR");
        if (request.Amount.TrySome(out var amount))
            v.Money("amount", amount, request.Currency);
        if (request.MerchantCategoryCode is not { Length: 4 } mcc || !KhqrText.IsDigits(mcc))
            v.Fail("merchantCategoryCode", "must be 4 digits");
        if (request.UnionPayMerchantAccount.TrySome(out var unionPay))
        {
            Optional(v, "unionPayMerchantAccount", unionPay, 99);
            if (request.Currency == Currency.USD)
                v.Fail("unionPayMerchantAccount", "is not allowed on a USD QR");
        }
        Required(v, "merchantName", request.MerchantName, 25);
        Required(v, "merchantCity", request.MerchantCity, 15);
        CheckAdditionalData(v, request.AdditionalData);
        if (request.AlternateLanguage.TrySome(out var alternate))
            CheckAlternateLanguage(v, alternate);
        var times = CheckTimes(v, request, now);
        // A static QR carries tag 99 only by choice: the NBC SDK writes none, so the same inputs give the same string and md5.
        return (v.Errors, times with { Written = request.Amount.IsSome || request.CreatedAt.IsSome || request.ExpiresAt.IsSome });
    }

    private static void CheckAccount(Validator v, KhqrAccount? account)
    {
        switch (account)
        {
            case null:
                v.Fail("account", "is required: an individual (tag 29) or a merchant (tag 30)");
                return;
            case KhqrAccount.Individual individual:
                CheckAccountId(v, individual.AccountId);
                Optional(v, "account.accountInformation", individual.AccountInformation, 32);
                Optional(v, "account.acquiringBank", individual.AcquiringBank, 32);
                Fits(v, "account", KhqrTags.Individual,
                    Part(individual.AccountId) + Part(individual.AccountInformation) + Part(individual.AcquiringBank));
                return;
            case KhqrAccount.Merchant merchant:
                CheckAccountId(v, merchant.AccountId);
                Required(v, "account.merchantId", merchant.MerchantId, 32);
                Required(v, "account.acquiringBank", merchant.AcquiringBank, 32);
                Fits(v, "account", KhqrTags.Merchant,
                    Part(merchant.AccountId) + Part(merchant.MerchantId) + Part(merchant.AcquiringBank));
                return;
            default:
                // A record can be derived through its copy constructor; only the two known cases can be written.
                v.Fail("account", "must be an individual (tag 29) or a merchant (tag 30)");
                return;
        }
    }

    private static void CheckAccountId(Validator v, string? accountId)
    {
        if (Required(v, "account.accountId", accountId, 32) && !KhqrText.IsAccountId(accountId!))
            v.Fail("account.accountId", "must have the form name@bank");
    }

    private static void CheckAdditionalData(Validator v, KhqrAdditionalData? data)
    {
        // A null record is read as "no additional data", like the default.
        if (data is null)
            return;
        Optional(v, "additionalData.billNumber", data.BillNumber, 25);
        Optional(v, "additionalData.mobileNumber", data.MobileNumber, 25);
        Optional(v, "additionalData.storeLabel", data.StoreLabel, 25);
        Optional(v, "additionalData.terminalLabel", data.TerminalLabel, 25);
        Optional(v, "additionalData.purposeOfTransaction", data.PurposeOfTransaction, 25);
        Fits(v, "additionalData", KhqrTags.AdditionalData,
            Part(data.BillNumber) + Part(data.MobileNumber) + Part(data.StoreLabel) + Part(data.TerminalLabel) + Part(data.PurposeOfTransaction));
    }

    /// <summary>
    /// Each part may keep its own limit and the template still overflow: three 32-character parts of tag 30 take 108
    /// characters with their headers, and a length has only two digits.
    /// </summary>
    private static void Fits(Validator v, string field, string tag, int length)
    {
        if (length > 99)
            v.Fail(field, $"must fit in the 99 characters of tag {tag}: its parts take {length} with their sub-tags and lengths");
    }

    /// <summary>What a part adds to its template: 4 characters of sub-tag and length, then its value.</summary>
    private static int Part(string? value) => string.IsNullOrEmpty(value) ? 0 : 4 + value.Length;

    private static int Part(Option<string> value) => value.Case is string s ? Part(s) : 0;

    private static void CheckAlternateLanguage(Validator v, KhqrAlternateLanguage alternate)
    {
        if (string.IsNullOrEmpty(alternate.LanguagePreference))
            v.Fail("alternateLanguage.languagePreference", "is required");
        else if (alternate.LanguagePreference.Length != 2 || !KhqrText.IsWellFormed(alternate.LanguagePreference))
            v.Fail("alternateLanguage.languagePreference", "must be exactly 2 characters, such as km");
        Required(v, "alternateLanguage.merchantName", alternate.MerchantName, 25);
        Optional(v, "alternateLanguage.merchantCity", alternate.MerchantCity, 15);
    }

    private static KhqrTimes CheckTimes(Validator v, KhqrRequest request, DateTimeOffset now)
    {
        var created = KhqrTimestamp.Milliseconds(request.CreatedAt.TrySome(out var c) ? c : now);
        var createdFits = KhqrTimestamp.Fits(created);
        if (!createdFits)
            v.Fail("createdAt", "must be " + KhqrTimestamp.Range);

        long? expires = null;
        if (request.ExpiresAt.TrySome(out var e))
        {
            expires = KhqrTimestamp.Milliseconds(e);
            if (!KhqrTimestamp.Fits(expires.Value))
            {
                v.Fail("expiresAt", "must be " + KhqrTimestamp.Range);
                return new KhqrTimes(created, null);
            }
        }
        else if (request.Amount.IsSome)
        {
            // A dynamic QR must expire (KHQR SDK 1.0.18 and later), so it gets one from the validity.
            var validity = (long)request.Validity.TotalMilliseconds;
            if (validity < 1)
            {
                v.Fail("validity", "must be at least 1 millisecond");
                return new KhqrTimes(created, null);
            }
            if (!createdFits)
                return new KhqrTimes(created, null);
            if (validity > KhqrTimestamp.MaxMilliseconds - created)
            {
                v.Fail("validity", "must end " + KhqrTimestamp.Range);
                return new KhqrTimes(created, null);
            }
            expires = created + validity;
        }

        if (expires is { } end)
        {
            if (createdFits && end <= created)
                v.Fail("expiresAt", "must be after createdAt");
            if (end <= KhqrTimestamp.Milliseconds(now))
                v.Fail("expiresAt", request.ExpiresAt.IsSome ? "must not be in the past" : "must not be in the past (it is createdAt + validity)");
        }
        return new KhqrTimes(created, expires);
    }

    /// <summary>Checks a text the QR must carry; returns whether it is present, so shape checks can follow.</summary>
    private static bool Required(Validator v, string field, string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            v.Fail(field, "is required");
            return false;
        }
        Limits(v, field, value, max);
        return true;
    }

    /// <summary>Checks a text the QR may leave out: None is fine, an empty Some is not (it would write an empty field).</summary>
    private static void Optional(Validator v, string field, Option<string> value, int max)
    {
        if (value.IsNone)
            return;
        if (!value.TrySome(out var text) || text.Length == 0)
            v.Fail(field, "must not be empty when given (None leaves it out)");
        else
            Limits(v, field, text, max);
    }

    private static void Optional(Validator v, string field, string value, int max)
    {
        if (value.Length == 0)
            v.Fail(field, "must not be empty when given (None leaves it out)");
        else
            Limits(v, field, value, max);
    }

    private static void Limits(Validator v, string field, string value, int max)
    {
        // KHQR counts UTF-16 code units, what string.Length counts.
        if (value.Length > max)
            v.Fail(field, $"must be at most {max} characters, found {value.Length}");
        if (!KhqrText.IsWellFormed(value))
            v.Fail(field, "must be well-formed text (it has a lone surrogate character)");
    }
}
