using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// Who receives the payment: an individual (tag 29) or a merchant (tag 30). A QR is one or the other, never both,
/// so the type has exactly these two cases; use <see cref="Match{R}"/> to branch on them.
/// </summary>
/// <example>
/// <code>
/// KhqrAccount alice = new KhqrAccount.Individual("alice@devb");
/// KhqrAccount shop = new KhqrAccount.Merchant("shop@devb", merchantId: "123456", acquiringBank: "Dev Bank");
/// </code>
/// </example>
[System.Text.Json.Serialization.JsonConverter(typeof(KhqrAccountJsonConverter))]
public abstract record KhqrAccount
{
    private KhqrAccount(string accountId) => AccountId = accountId;

    // Abstract and private protected: only this assembly can implement it, so no other assembly can add a case and
    // every Match below stays complete.
    private protected abstract void ClosedCase();

    /// <summary>The Bakong account id that receives the money, such as <c>alice@devb</c> (sub-tag 00, at most 32 characters).</summary>
    public string AccountId { get; init; }

    /// <summary>An individual's account (tag 29).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(KhqrAccountJsonConverter))]
    public sealed record Individual : KhqrAccount
    {
        private protected override void ClosedCase() { }

        /// <summary>An individual's account; the optional parts are left out of the QR when None.</summary>
        /// <param name="accountId">The Bakong account id, such as <c>alice@devb</c>.</param>
        /// <param name="accountInformation">Sub-tag 01, at most 32 characters.</param>
        /// <param name="acquiringBank">Sub-tag 02, at most 32 characters.</param>
        public Individual(string accountId, Option<string> accountInformation = default, Option<string> acquiringBank = default)
            : base(accountId)
        {
            AccountInformation = accountInformation;
            AcquiringBank = acquiringBank;
        }

        /// <summary>Account information (sub-tag 01), such as an account number, at most 32 characters.</summary>
        public Option<string> AccountInformation { get; init; }

        /// <summary>The acquiring bank (sub-tag 02), at most 32 characters.</summary>
        public Option<string> AcquiringBank { get; init; }
    }

    /// <summary>A merchant's account (tag 30): the merchant id and acquiring bank are required.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(KhqrAccountJsonConverter))]
    public sealed record Merchant : KhqrAccount
    {
        private protected override void ClosedCase() { }

        /// <summary>A merchant's account.</summary>
        /// <param name="accountId">The Bakong account id, such as <c>shop@devb</c>.</param>
        /// <param name="merchantId">Sub-tag 01, at most 32 characters.</param>
        /// <param name="acquiringBank">Sub-tag 02, at most 32 characters.</param>
        public Merchant(string accountId, string merchantId, string acquiringBank)
            : base(accountId)
        {
            MerchantId = merchantId;
            AcquiringBank = acquiringBank;
        }

        /// <summary>The merchant id (sub-tag 01), at most 32 characters.</summary>
        public string MerchantId { get; init; }

        /// <summary>The acquiring bank (sub-tag 02), at most 32 characters.</summary>
        public string AcquiringBank { get; init; }
    }

    /// <summary>One function per case: the compiler checks that both are handled.</summary>
    public R Match<R>(Func<Individual, R> individual, Func<Merchant, R> merchant) =>
        this switch
        {
            Individual i => individual(i),
            Merchant m => merchant(m),
            // Unreachable: ClosedCase keeps every other assembly from adding a case.
            _ => throw new InvalidOperationException("unreachable"),
        };

    /// <summary>The tag this account is written under: <c>29</c> for an individual, <c>30</c> for a merchant.</summary>
    public string Tag => this is Merchant ? KhqrTags.Merchant : KhqrTags.Individual;
}
