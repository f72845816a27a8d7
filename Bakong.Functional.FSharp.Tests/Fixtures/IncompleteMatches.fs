// Compiled by ExhaustivenessTests with the F# compiler: every match below misses one case, and each must be warned
// about with FS0025 on the line marked with its name.
module IncompleteMatches

open Bakong.Functional
open Bakong.Functional.FSharp

let errorKinds (e: BakongError) =
    match e with // kind
    | Api _ -> 1
    | Http _ -> 2
    | Network _ -> 3
    | Response _ -> 4

let errorCases (e: BakongError) =
    match e with // case
    | Network (Transport _) | Network (TimedOut _) -> 1
    | Api _ | Http _ | Response _ | InvalidInput _ -> 2

let httpCases (e: BakongError) =
    match e with // http
    | Http (Unauthorized _ | Forbidden _ | Blocked _ | EndpointNotFound _ | RateLimited _ | ClientError _ | ServerError _) -> 1
    | Api _ | Network _ | Response _ | InvalidInput _ -> 2

let outcomes (o: PaymentOutcome) =
    match o with // outcome
    | Paid _ -> 1
    | Mismatch _ -> 2
    | Failed _ -> 3
    | StaticQr -> 4
    | Expired _ -> 5

let rows (r: BatchRow) =
    match r with // row
    | BatchRows.Found _ -> 1
    | BatchRows.NotFound _ -> 2
    | BatchRows.Failed _ -> 3
    | BatchRows.StaticQr _ -> 4
    | BatchRows.OtherStatus _ -> 5

let accounts (a: KhqrAccount) =
    match a with // account
    | Individual _ -> 1

let differences (d: PaymentDifference) =
    match d with // difference
    | AccountDiffers _ -> 1
    | CurrencyDiffers _ -> 2
