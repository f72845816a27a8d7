namespace Bakong.Functional.FSharp

open System
open Bakong.Functional

/// The cases of an API error: Bakong understood the call and refused it (responseCode 1).
type ApiCase =
    /// A known errorCode, such as TransactionNotFound or TransactionFailed.
    | ApiFailure of code: ApiErrorCode * message: string * response: ResponseInfo
    /// An errorCode this library does not know, or none.
    | UnknownApiFailure of code: int option * message: string * response: ResponseInfo

/// The cases of an HTTP error: the status was not 2xx.
type HttpCase =
    /// 401: the token is missing, expired or rejected.
    | Unauthorized of response: ResponseInfo
    /// 403 with a JSON envelope: the API refused the call.
    | Forbidden of code: int option * message: string * response: ResponseInfo
    /// 403 without JSON: a gateway page, typically production's block of callers outside Cambodia.
    | Blocked of response: ResponseInfo
    /// 404: no such endpoint on this host (a wrong base URL, usually).
    | EndpointNotFound of response: ResponseInfo
    /// 429: too many requests, with how long the server asked to wait.
    | RateLimited of retryAfter: TimeSpan option * response: ResponseInfo
    /// Any other 4xx.
    | ClientError of response: ResponseInfo
    /// 5xx, with how long the server asked to wait, if it said.
    | ServerError of retryAfter: TimeSpan option * response: ResponseInfo
    /// Any other status, such as a redirect that was not followed.
    | UnexpectedStatus of response: ResponseInfo

/// The cases of a network error: no complete answer.
type NetworkCase =
    /// The connection failed or broke.
    | Transport of reason: string
    /// No complete answer within the per-call timeout.
    | TimedOut of after: TimeSpan
    /// The caller cancelled.
    | Cancelled

/// The cases of a response error: a 2xx answer the endpoint cannot accept.
type ResponseCase =
    /// The body was over the configured limit.
    | TooLarge of limitBytes: int64 * response: ResponseInfo
    /// The body was not what the endpoint promises, with the JSON path and what was expected there.
    | Decode of problem: DecodeError * response: ResponseInfo

/// Complete active patterns over the library's closed types. Each is built on the type's own <c>Match</c>, with one
/// function per case, so a case added to the library breaks this package's build instead of falling through; and a
/// <c>match</c> of yours that misses a case is warned about (FS0025).
[<AutoOpen>]
module Patterns =

    let private apiCase (e: BakongError.ApiError) =
        e.Match(
            (fun f -> ApiFailure(f.ErrorCode, f.ResponseMessage, f.Response)),
            (fun u -> UnknownApiFailure(Interop.toOption u.ErrorCode, u.ResponseMessage, u.Response)))

    let private httpCase (e: BakongError.HttpError) =
        e.Match(
            (fun u -> Unauthorized u.Response),
            (fun f -> Forbidden(Interop.toOption f.ErrorCode, f.ResponseMessage, f.Response)),
            (fun b -> Blocked b.Response),
            (fun n -> EndpointNotFound n.Response),
            (fun r -> RateLimited(Interop.toOption r.RetryAfter, r.Response)),
            (fun c -> ClientError c.Response),
            (fun s -> ServerError(Interop.toOption s.RetryAfter, s.Response)),
            (fun u -> UnexpectedStatus u.Response))

    let private networkCase (e: BakongError.NetworkError) =
        e.Match((fun t -> Transport t.Reason), (fun t -> TimedOut t.After), (fun _ -> Cancelled))

    let private responseCase (e: BakongError.ResponseError) =
        e.Match((fun t -> TooLarge(t.LimitBytes, t.Response)), (fun d -> Decode(d.Problem, d.Response)))

    /// A BakongError by kind, each with its case: <c>| Api (ApiFailure (code, _, _)) -> …</c>,
    /// <c>| Http (RateLimited (wait, _)) -> …</c>, <c>| Network Cancelled -> …</c>, <c>| InvalidInput fields -> …</c>.
    let (|Api|Http|Network|Response|InvalidInput|) (error: BakongError) =
        error.Match(
            (fun a -> Choice1Of5(apiCase a)),
            (fun h -> Choice2Of5(httpCase h)),
            (fun n -> Choice3Of5(networkCase n)),
            (fun r -> Choice4Of5(responseCase r)),
            (fun i -> Choice5Of5(Interop.toList i.Errors)))

    /// How a payment ended. Only <c>Paid</c> means the money asked for arrived; <c>Mismatch</c> is never a success, and
    /// <c>Unconfirmed</c> (why, deadline, last error, untrusted answers) may have been paid: reconcile it by hand.
    /// <c>Errored</c> is the library's <c>PaymentOutcome.Error</c>: checking stopped on an error waiting cannot fix.
    let (|Paid|Mismatch|Failed|StaticQr|Expired|Unconfirmed|Errored|) (outcome: PaymentOutcome) =
        outcome.Match(
            (fun p -> Choice1Of7(Transaction.ofBakong p.Transaction)),
            (fun m -> Choice2Of7(Transaction.ofBakong m.Transaction, Interop.toList m.Differences)),
            (fun f -> Choice3Of7 f.Reason),
            (fun _ -> Choice4Of7()),
            (fun e -> Choice5Of7 e.Deadline),
            (fun u -> Choice6Of7(u.Why, u.Deadline, Interop.toOption u.LastError, u.UntrustedAnswers)),
            (fun e -> Choice7Of7 e.Reason))

    /// Each way a transaction differs from what its QR asked for, as (expected, actual).
    let (|AccountDiffers|CurrencyDiffers|AmountDiffers|) (difference: PaymentDifference) =
        difference.Match(
            (fun a -> Choice1Of3(a.Expected, a.Actual)),
            (fun c -> Choice2Of3(c.Expected, c.Actual)),
            (fun a -> Choice3Of3(a.Expected, a.Actual)))

    /// Who a KHQR pays: an individual (tag 29) as (account, account information, acquiring bank), or a merchant
    /// (tag 30) as (account, merchant id, acquiring bank).
    let (|Individual|Merchant|) (account: KhqrAccount) =
        account.Match(
            (fun i -> Choice1Of2(i.AccountId, Interop.toOption i.AccountInformation, Interop.toOption i.AcquiringBank)),
            (fun m -> Choice2Of2(m.AccountId, m.MerchantId, m.AcquiringBank)))

/// The complete active pattern over one row of a batch lookup. Its cases share names with the payment outcome's,
/// so use them qualified: <c>| BatchRows.Found (key, t) -> …</c>.
[<RequireQualifiedAccess>]
module BatchRows =
    /// One row: found with its transaction, not found, failed, a static QR, another status, or missing from the answer.
    let (|Found|NotFound|Failed|StaticQr|OtherStatus|Missing|) (row: BatchRow) =
        row.Match(
            (fun f -> Choice1Of6(f.Key, Transaction.ofBakong f.Transaction)),
            (fun n -> Choice2Of6(n.Key, n.Message)),
            (fun f -> Choice3Of6(f.Key, f.Message)),
            (fun s -> Choice4Of6(s.Key, s.Message)),
            (fun o -> Choice5Of6(o.Key, o.Status, o.Message)),
            (fun m -> Choice6Of6 m.Key))
