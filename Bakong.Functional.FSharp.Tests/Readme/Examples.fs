/// The README's F# blocks after the first, character for character (ReadmeTests checks that they are), run by ReadmeTests.
module Bakong.Functional.FSharp.Tests.Readme.Examples

open Bakong.Functional
open Bakong.Functional.FSharp

let explain error =
    match error with
    | Api (ApiFailure (ApiErrorCode.TransactionFailed, _, _)) -> "payment failed"
    | Api (ApiFailure (code, message, _)) -> $"Bakong said {code}: {message}"
    | Api (UnknownApiFailure (code, message, _)) -> $"Bakong said {code}: {message}"
    | Http (Unauthorized _) -> "token expired or rejected"
    | Http (RateLimited (Some wait, _)) -> $"slow down for {wait}"
    | Http (Blocked _) -> "blocked: production answers only from Cambodia"
    | Http other -> $"HTTP error: {other}"
    | Network Cancelled -> "cancelled"
    | Network (TimedOut after) -> $"no answer within {after}"
    | Network (Transport reason) -> $"network: {reason}"
    | Response (Decode (problem, _)) -> $"unexpected response at {problem.Path}"
    | Response (TooLarge (limit, _)) -> $"response over {limit} bytes"
    | InvalidInput fields -> fields |> List.map (fun f -> f.Field) |> String.concat ", "

open Bakong.Functional
open Bakong.Functional.FSharp

let sell client = task {
    match { Qr.request (Qr.individual "shop@devb") "Shop" Currency.USD with Amount = Some 1.50m } |> Qr.encode with
    | Error e -> return e.Summary
    | Ok qr ->
        // Show qr.Payload as a QR code, then wait until it expires.
        match! qr |> Bakong.waitForQr |> Bakong.send client with
        | Error e -> return e.Summary
        | Ok (Paid t) -> return $"paid {t.Amount} {t.Currency}"
        | Ok (Mismatch (t, differences)) -> return $"got {t.Amount}, not what was asked: {differences.Length} differences"
        | Ok (Failed reason) -> return $"failed: {reason}"
        | Ok StaticQr -> return "a static QR cannot be checked"
        | Ok (Expired deadline) -> return $"not paid by {deadline}"
        | Ok (Unconfirmed (why, _, _, _)) -> return $"could not be confirmed ({why}): reconcile it by hand"
        | Ok (Errored e) -> return e.Summary }

open System.Threading
open Bakong.Functional.FSharp

let watchAll client md5s deadline = task {
    match Watcher.create client with
    | Error e -> printfn "%s" e.Summary
    | Ok watcher ->
        let printing = watcher |> Watcher.events CancellationToken.None |> Watcher.iter (fun e -> printfn "%s ended at %O" e.Md5 e.At)
        let! outcomes = md5s |> List.map (fun md5 -> watcher |> Watcher.watch deadline md5) |> System.Threading.Tasks.Task.WhenAll
        do! watcher.DisposeAsync()
        do! printing
        printfn "%d paid" (outcomes |> Array.filter (fun o -> o.IsPaid) |> Array.length) }
