namespace Bakong.Functional.FSharp

open System
open System.Net.Http
open System.Threading
open System.Threading.Tasks
open Bakong.Functional
open LanguageExt
// This package's F# Transaction, not the library's.
open Bakong.Functional.FSharp

/// A Bakong call, not yet sent: build one with a <c>Bakong</c> function (<c>Bakong.checkMd5 md5</c>), then send it with
/// <c>Bakong.send client</c>, <c>Bakong.sendWith client cancellationToken</c> or <c>Bakong.sendAsync client</c>.
/// Nothing is sent until then, and each send sends again.
[<Sealed>]
type BakongCall<'T> internal (run: BakongClient -> CancellationToken -> Task<Result<'T, BakongError>>) =
    member internal _.Run(client: BakongClient, cancellationToken: CancellationToken) = run client cancellationToken

/// Access tokens from F#.
[<RequireQualifiedAccess>]
module Token =
    /// A bearer token from its text, or InvalidInput naming <c>token</c>.
    let parse (text: string) : Result<AccessToken, BakongError> = AccessToken.From text |> Interop.toResult

    /// The token's expiry (its JWT <c>exp</c>), when it is a readable JWT.
    let expiresAt (token: AccessToken) : DateTimeOffset option = Interop.toOption token.ExpiresAt

    /// When the token was issued (its JWT <c>iat</c>), when it is a readable JWT.
    let issuedAt (token: AccessToken) : DateTimeOffset option = Interop.toOption token.IssuedAt

/// A token source that answers one error: a token that failed to parse stays a value until a call needs it.
type private RefusingTokenSource(error: BakongError) =
    interface IAccessTokenSource with
        member _.GetTokenAsync(_) = ValueTask<Fin<AccessToken>>(Fin<AccessToken>.Fail error)
        member _.RenewAsync(_, _) = ValueTask<Fin<AccessToken>>(Fin<AccessToken>.Fail error)

/// Every Bakong endpoint and workflow as a <c>BakongCall</c>, and the functions that send one. Results are
/// <c>Task&lt;Result&lt;'T, BakongError&gt;&gt;</c> (or <c>Async</c>), so they compose with <c>task { }</c> and
/// FsToolkit.ErrorHandling's <c>asyncResult { }</c> as they are. Nothing here throws.
/// <example><code>
/// let client = Bakong.client "https://api-bakong.nbc.gov.kh" |> Bakong.withToken token
/// let! paid = md5 |> Bakong.checkMd5 |> Bakong.send client
/// </code></example>
[<RequireQualifiedAccess>]
module Bakong =

    // One HttpClient for every client made here, as .NET advises; connections are renewed so DNS changes are seen.
    let private http =
        lazy (new HttpClient(new SocketsHttpHandler(PooledConnectionLifetime = TimeSpan.FromMinutes 5.0)))

    let private invalid field reason : Result<'T, BakongError> =
        Error(BakongError.InvalidInput.Of(field, reason) :> BakongError)

    /// A client for the Bakong host at <paramref name="options"/>' BaseUrl, over one shared HttpClient. Settings that
    /// fail validation are answered by every call as InvalidInput.
    let clientWith (options: BakongClientOptions) : BakongClient = BakongClient(http.Value, options)

    /// A client for the Bakong host at <paramref name="baseUrl"/>, for example <c>https://sit-api-bakong.nbc.gov.kh</c>.
    /// A URL that is not absolute, or plain http off loopback, is answered by every call as InvalidInput naming BaseUrl.
    let client (baseUrl: string) : BakongClient =
        let options = BakongClientOptions()
        options.BaseUrl <-
            match Uri.TryCreate(baseUrl, UriKind.Absolute) with
            | true, uri -> uri
            | _ -> null
        clientWith options

    /// The same client with a fixed access token.
    let withAccessToken (token: AccessToken) (client: BakongClient) : BakongClient =
        if isNull client then null else client.WithToken token

    /// The same client with the token in <paramref name="token"/>. A text that is not a bearer token is answered as
    /// InvalidInput naming <c>token</c> by every call that needs one.
    let withToken (token: string) (client: BakongClient) : BakongClient =
        if isNull client then null
        else
            match Token.parse token with
            | Ok parsed -> client.WithToken parsed
            | Error e -> client.WithTokenSource(RefusingTokenSource e)

    /// Sends <paramref name="call"/> with <paramref name="client"/>, cancelled by <paramref name="cancellationToken"/>
    /// (the result is then <c>Network Cancelled</c>).
    let sendWith (client: BakongClient) (cancellationToken: CancellationToken) (call: BakongCall<'T>) : Task<Result<'T, BakongError>> =
        if isNull client then Task.FromResult(invalid "client" "is required")
        elif isNull (box call) then Task.FromResult(invalid "call" "is required")
        else call.Run(client, cancellationToken)

    /// Sends <paramref name="call"/> with <paramref name="client"/>.
    let send (client: BakongClient) (call: BakongCall<'T>) : Task<Result<'T, BakongError>> =
        sendWith client CancellationToken.None call

    /// Sends <paramref name="call"/> as an Async, cancelled with the Async's own cancellation token.
    let sendAsync (client: BakongClient) (call: BakongCall<'T>) : Async<Result<'T, BakongError>> =
        async {
            let! cancellationToken = Async.CancellationToken
            return! sendWith client cancellationToken call |> Async.AwaitTask
        }

    let private ofTask (run: BakongClient -> CancellationToken -> Task<Fin<'A>>) (convert: 'A -> 'T) =
        BakongCall<'T>(fun client cancellationToken ->
            task {
                let! result = (run client cancellationToken).ConfigureAwait false
                return result |> Interop.toResult |> Result.map convert
            })

    let private ofEndpoint (convert: 'A -> 'T) (endpoint: Fin<Endpoint<'A>>) =
        ofTask (fun client cancellationToken -> client.SendAsync(endpoint, cancellationToken)) convert

    let private lookup (endpoint: Fin<Endpoint<Bakong.Functional.Transaction>>) =
        endpoint.OrNone() |> ofEndpoint (Interop.toOption >> Option.map Transaction.ofBakong)

    /// request_token: asks Bakong to e-mail a verification code to a registered address.
    let requestToken (email: string) (organization: string) (project: string) : BakongCall<unit> =
        RequestToken.Create(email, organization, project) |> ofEndpoint ignore

    /// verify: exchanges the e-mailed code for an access token.
    let verifyToken (code: string) : BakongCall<AccessToken> = VerifyToken.Create code |> ofEndpoint id

    /// renew_token: a fresh access token for a registered e-mail address.
    let renewToken (email: string) : BakongCall<AccessToken> = RenewToken.Create email |> ofEndpoint id

    /// generate_deeplink_by_qr: a link that opens the payer's bank app on this KHQR.
    let deeplink (payload: string) : BakongCall<Uri> = GenerateDeeplink.Create(payload: string) |> ofEndpoint id

    /// generate_deeplink_by_qr with the app's name, icon and callback.
    let deeplinkWith (source: SourceInfo) (payload: string) : BakongCall<Uri> =
        GenerateDeeplink.Create(payload, source) |> ofEndpoint id

    /// check_transaction_by_md5: the payment for a KHQR's md5; None while it is not paid (errorCode 1).
    let checkMd5 (md5: string) : BakongCall<Transaction option> = CheckTransactionByMd5.Create md5 |> lookup

    /// check_transaction_by_hash: a transaction by its full hash; None when not found.
    let checkHash (hash: string) : BakongCall<Transaction option> = CheckTransactionByHash.Create hash |> lookup

    /// check_transaction_by_short_hash: a transaction by the first 8 characters of its hash, its amount and currency.
    let checkShortHash (amount: decimal) (currency: Currency) (shortHash: string) : BakongCall<Transaction option> =
        CheckTransactionByShortHash.Create(shortHash, amount, currency) |> lookup

    /// check_transaction_by_instruction_ref: a transaction by its instruction reference; None when not found.
    let checkInstructionRef (instructionRef: string) : BakongCall<Transaction option> =
        CheckTransactionByInstructionRef.Create instructionRef |> lookup

    /// check_transaction_by_external_ref: a transaction by its external reference; None when not found.
    let checkExternalRef (externalRef: string) : BakongCall<Transaction option> =
        CheckTransactionByExternalRef.Create externalRef |> lookup

    /// check_transaction_by_md5_list: up to 50 md5s in one request, one row per md5, in order.
    let checkMd5List (md5s: string seq) : BakongCall<BatchRow list> =
        CheckTransactionsByMd5List.Create md5s |> ofEndpoint Interop.toList

    /// check_transaction_by_hash_list: up to 50 hashes in one request, one row per hash, in order.
    let checkHashList (hashes: string seq) : BakongCall<BatchRow list> =
        CheckTransactionsByHashList.Create hashes |> ofEndpoint Interop.toList

    /// check_bakong_account: whether the account exists (errorCode 11 is false).
    let checkAccount (accountId: string) : BakongCall<bool> = CheckBakongAccount.Create accountId |> ofEndpoint id

    let private items (items: Seq<BatchItem>) =
        items |> Seq.map (fun item -> item.Key, Interop.toResult item.Result) |> List.ofSeq

    /// Any number of md5s, in requests of 50, several at a time: each key once, in order, with its own row or error.
    let checkManyMd5 (md5s: string seq) : BakongCall<(string * Result<BatchRow, BakongError>) list> =
        ofTask (fun client cancellationToken -> client.CheckManyByMd5Async(md5s, null, cancellationToken)) items

    /// Any number of hashes, in requests of 50, several at a time: each key once, in order, with its own row or error.
    let checkManyHash (hashes: string seq) : BakongCall<(string * Result<BatchRow, BakongError>) list> =
        ofTask (fun client cancellationToken -> client.CheckManyByHashAsync(hashes, null, cancellationToken)) items

    /// Checks an md5 with backoff until it is paid (Some) or <paramref name="deadline"/> passes (None).
    let waitForPayment (deadline: DateTimeOffset) (md5: string) : BakongCall<Transaction option> =
        ofTask
            (fun client cancellationToken -> client.WaitForPaymentAsync(md5, deadline, cancellationToken = cancellationToken))
            (Interop.toOption >> Option.map Transaction.ofBakong)

    /// Waits for a KHQR until its own expiry, and confirms that what arrived is what it asked for (account,
    /// currency, amount): match the outcome with <c>Paid</c>, <c>Mismatch</c>, <c>Failed</c>, <c>StaticQr</c>,
    /// <c>Expired</c> and <c>Errored</c>.
    let waitForQr (qr: QrCode) : BakongCall<PaymentOutcome> =
        ofTask
            (fun client cancellationToken ->
                let decoded = Khqr.Decode(if isNull (box qr) then null else qr.Payload)
                client.WaitForPaymentAsync(decoded, cancellationToken = cancellationToken))
            id
