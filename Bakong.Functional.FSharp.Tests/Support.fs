/// The emulator from Bakong.Functional.Testing, driven from F#.
module Bakong.Functional.FSharp.Tests.Support

open System
open System.Diagnostics
open System.IO
open System.Net.Http
open Bakong.Functional
open Bakong.Functional.FSharp
open Bakong.Functional.Testing

/// A client of <paramref name="emulator"/> without a token, with retries off so each fault is seen once.
let clientOf (emulator: BakongEmulator) =
    BakongClient(new HttpClient(emulator.CreateHandler()), BakongClientOptions(BaseUrl = Uri "http://127.0.0.1/", Retry = RetryPolicy.None))

/// A client of <paramref name="emulator"/> with a token it issued.
let authorized (emulator: BakongEmulator) = clientOf emulator |> Bakong.withAccessToken (emulator.IssueToken())

/// The value of an Ok, or the test fails with the error's summary.
let ok (result: Result<'T, BakongError>) =
    match result with
    | Ok value -> value
    | Error e -> failwithf "expected Ok, got %s" e.Summary

/// The error of an Error, or the test fails with the value.
let err (result: Result<'T, BakongError>) =
    match result with
    | Error e -> e
    | Ok value -> failwithf "expected an error, got %A" value

/// The md5 of test payment number <paramref name="n"/>.
let md5Of (n: int) = sprintf "%032x" n

/// The names of the bad fields of an InvalidInput error.
let badFields (error: BakongError) =
    match error with
    | InvalidInput fields -> fields |> List.map (fun f -> f.Field)
    | other -> failwithf "expected InvalidInput, got %s" other.Summary

/// The API error code of an ApiFailure.
let apiCode (error: BakongError) =
    match error with
    | Api (ApiFailure (code, _, _)) -> code
    | other -> failwithf "expected an API failure, got %s" other.Summary

/// A KHQR for 1.50 USD to shop@devb, payable for ten minutes from the system clock.
let dynamicQr () =
    { Qr.request (Qr.individual "shop@devb") "Shop" Currency.USD with Amount = Some 1.50m } |> Qr.encode |> ok

/// The SDK's F# compiler: the newest sdk/*/FSharp/fsc.dll beside the dotnet that runs the tests.
let fsharpCompiler () =
    let root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof<obj>.Assembly.Location))))
    Directory.GetFiles(Path.Combine(root, "sdk"), "fsc.dll", SearchOption.AllDirectories)
    |> Array.filter (fun p -> Path.GetFileName(Path.GetDirectoryName p) = "FSharp")
    |> Array.sortDescending
    |> Array.head

/// The runtime's own assemblies, as references for the F# compiler.
let runtimeReferences () =
    Directory.GetFiles(Path.GetDirectoryName(typeof<obj>.Assembly.Location), "*.dll")
    |> Array.filter (fun p -> not (Path.GetFileName(p).StartsWith "Microsoft.VisualBasic"))
    |> Array.map (fun r -> "-r:" + r)
    |> List.ofArray

/// Runs <c>dotnet</c> with <paramref name="arguments"/>: its exit code and its output and errors, trimmed.
let runDotnet (arguments: string list) =
    let start = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false)
    arguments |> List.iter start.ArgumentList.Add
    use p = Process.Start start
    let output = p.StandardOutput.ReadToEndAsync()
    let errors = p.StandardError.ReadToEnd()
    p.WaitForExit()
    p.ExitCode, (output.Result + errors).Trim()
