using LanguageExt;

namespace Bakong.Functional;

// One method per endpoint, for LINQ (EitherAsync); each is Send over the endpoint's Create. Use SendAsync for Task.
public sealed partial class BakongClient
{
    /// <summary><c>/v1/request_token</c>: registers your e-mail; Bakong mails you a verification code. Never retried.</summary>
    public EitherAsync<BakongError, Unit> RequestToken(string? email, string? organization, string? project, CancellationToken cancellationToken = default) =>
        Send(Functional.RequestToken.Create(email, organization, project), cancellationToken);

    /// <summary><c>/v1/verify</c>: exchanges the e-mailed code for an access token.</summary>
    public EitherAsync<BakongError, AccessToken> VerifyToken(string? code, CancellationToken cancellationToken = default) =>
        Send(Functional.VerifyToken.Create(code), cancellationToken);

    /// <summary><c>/v1/renew_token</c>: a fresh access token for a registered e-mail.</summary>
    public EitherAsync<BakongError, AccessToken> RenewToken(string? email, CancellationToken cancellationToken = default) =>
        Send(Functional.RenewToken.Create(email), cancellationToken);

    /// <summary><c>/v1/generate_deeplink_by_qr</c>: a wallet deep link for a KHQR.</summary>
    public EitherAsync<BakongError, Uri> GenerateDeeplink(string? qr, CancellationToken cancellationToken = default) =>
        Send(Functional.GenerateDeeplink.Create(qr), cancellationToken);

    /// <summary><c>/v1/generate_deeplink_by_qr</c> with the app the wallet returns to.</summary>
    public EitherAsync<BakongError, Uri> GenerateDeeplink(string? qr, SourceInfo? sourceInfo, CancellationToken cancellationToken = default) =>
        Send(Functional.GenerateDeeplink.Create(qr, sourceInfo), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_md5</c>: not found is a Left; see <see cref="FindTransactionByMd5"/>.</summary>
    public EitherAsync<BakongError, Transaction> CheckTransactionByMd5(string? md5, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionByMd5.Create(md5), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_md5</c> with not found as <c>None</c>: "has this QR been paid yet?"</summary>
    public EitherAsync<BakongError, Option<Transaction>> FindTransactionByMd5(string? md5, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionByMd5.Create(md5).OrNone(), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_hash</c>: not found is a Left.</summary>
    public EitherAsync<BakongError, Transaction> CheckTransactionByHash(string? hash, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionByHash.Create(hash), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_short_hash</c>: not found is a Left.</summary>
    public EitherAsync<BakongError, Transaction> CheckTransactionByShortHash(string? shortHash, decimal amount, Currency currency, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionByShortHash.Create(shortHash, amount, currency), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_instruction_ref</c>: not found is a Left.</summary>
    public EitherAsync<BakongError, Transaction> CheckTransactionByInstructionRef(string? instructionRef, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionByInstructionRef.Create(instructionRef), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_external_ref</c>: not found is a Left.</summary>
    public EitherAsync<BakongError, Transaction> CheckTransactionByExternalRef(string? externalRef, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionByExternalRef.Create(externalRef), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_md5_list</c>: 1 to 50 MD5s, one typed row each, in the order given.</summary>
    public EitherAsync<BakongError, Seq<BatchRow>> CheckTransactionsByMd5List(IEnumerable<string?>? md5s, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionsByMd5List.Create(md5s), cancellationToken);

    /// <summary><c>/v1/check_transaction_by_hash_list</c>: 1 to 50 hashes, one typed row each, in the order given.</summary>
    public EitherAsync<BakongError, Seq<BatchRow>> CheckTransactionsByHashList(IEnumerable<string?>? hashes, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckTransactionsByHashList.Create(hashes), cancellationToken);

    /// <summary><c>/v1/check_bakong_account</c>: whether the account exists.</summary>
    public EitherAsync<BakongError, bool> CheckBakongAccount(string? accountId, CancellationToken cancellationToken = default) =>
        Send(Functional.CheckBakongAccount.Create(accountId), cancellationToken);
}
