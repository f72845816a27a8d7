/// Every call of the Bakong module against the emulator, and every way to send one.
module Bakong.Functional.FSharp.Tests.CallTests

open System
open System.Threading
open System.Threading.Tasks
open Xunit
open FsToolkit.ErrorHandling
open Bakong.Functional
open Bakong.Functional.FSharp
open Bakong.Functional.Testing
open Bakong.Functional.FSharp.Tests.Support

[<Fact>]
let ``checkMd5 gives the paid transaction with F# options`` () =
    task {
        let emulator = BakongEmulator()
        let seeded = emulator.AddPayment(PaymentSeed(Md5 = md5Of 1, Amount = 2.50m, Currency = Currency.KHR, Description = "coffee", ExternalRef = "EXT-1"))
        let! paid = md5Of 1 |> Bakong.checkMd5 |> Bakong.send (authorized emulator)
        let t = (ok paid).Value
        Assert.Equal((seeded.Hash, 2.50m, Currency.KHR), (t.Hash, t.Amount, t.Currency))
        Assert.Equal(Some "coffee", t.Description)
        Assert.Equal(Some "EXT-1", t.ExternalRef)
        Assert.Equal(None, t.InstructionRef)
        Assert.Equal(seeded.Hash.Substring(0, 8), t.ShortHash)
        Assert.True(t.CreatedAt.IsSome)
    }

[<Fact>]
let ``checkMd5 of an unpaid md5 is None, not an error`` () =
    task {
        let! unpaid = md5Of 2 |> Bakong.checkMd5 |> Bakong.send (authorized (BakongEmulator()))
        Assert.Equal(Ok None, unpaid)
    }

[<Fact>]
let ``checkMd5 refuses a bad md5 before any request`` () =
    task {
        let emulator = BakongEmulator()
        let! result = "not-an-md5" |> Bakong.checkMd5 |> Bakong.send (authorized emulator)
        Assert.Equal<string list>([ "md5" ], badFields (err result))
        Assert.Empty(emulator.Requests)
    }

[<Fact>]
let ``checkHash finds by the full hash, and None for an unknown one`` () =
    task {
        let emulator = BakongEmulator()
        let seeded = emulator.AddPayment(md5Of 3, 1m)
        let client = authorized emulator
        let! found = seeded.Hash |> Bakong.checkHash |> Bakong.send client
        let! missing = String('e', 64) |> Bakong.checkHash |> Bakong.send client
        Assert.Equal(Some seeded.Hash, ok found |> Option.map (fun t -> t.Hash))
        Assert.Equal(Ok None, missing)
    }

[<Fact>]
let ``checkShortHash finds by the first 8 characters, amount and currency`` () =
    task {
        let emulator = BakongEmulator()
        let seeded = emulator.AddPayment(md5Of 4, 7m, Currency.USD)
        let! found = seeded.ShortHash |> Bakong.checkShortHash 7m Currency.USD |> Bakong.send (authorized emulator)
        Assert.Equal(Some seeded.Hash, ok found |> Option.map (fun t -> t.Hash))
    }

[<Fact>]
let ``checkInstructionRef and checkExternalRef find by their references`` () =
    task {
        let emulator = BakongEmulator()
        let seeded = emulator.AddPayment(PaymentSeed(Md5 = md5Of 5, Amount = 3m, InstructionRef = "INS-5", ExternalRef = "EXT-5"))
        let client = authorized emulator
        let! byInstruction = "INS-5" |> Bakong.checkInstructionRef |> Bakong.send client
        let! byExternal = "EXT-5" |> Bakong.checkExternalRef |> Bakong.send client
        let! neither = "EXT-6" |> Bakong.checkExternalRef |> Bakong.send client
        Assert.Equal(Some seeded.Hash, ok byInstruction |> Option.map (fun t -> t.Hash))
        Assert.Equal(Some(Some "INS-5"), ok byExternal |> Option.map (fun t -> t.InstructionRef))
        Assert.Equal(Ok None, neither)
    }

let private rowName (row: BatchRow) =
    match row with
    | BatchRows.Found (key, t) -> sprintf "found %s %M" key t.Amount
    | BatchRows.NotFound (key, _) -> sprintf "not found %s" key
    | BatchRows.Failed (key, _) -> sprintf "failed %s" key
    | BatchRows.StaticQr (key, _) -> sprintf "static %s" key
    | BatchRows.OtherStatus (key, status, _) -> sprintf "%s %s" status key
    | BatchRows.Missing key -> sprintf "missing %s" key

[<Fact>]
let ``checkMd5List gives one row per md5, in order, as an F# list`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddPayment(md5Of 6, 1.25m) |> ignore
        let failed = emulator.AddPayment(PaymentSeed(Qr = "failed qr", Outcome = SeedOutcome.Failed))
        let staticQr = emulator.AddPayment(PaymentSeed(Qr = "static qr", Outcome = SeedOutcome.StaticQr))
        let! rows = [ md5Of 6; md5Of 7; failed.Md5; staticQr.Md5 ] |> Bakong.checkMd5List |> Bakong.send (authorized emulator)
        Assert.Equal<string list>(
            [ $"found {md5Of 6} 1.25"; $"not found {md5Of 7}"; $"failed {failed.Md5}"; $"static {staticQr.Md5}" ],
            ok rows |> List.map rowName)
    }

[<Fact>]
let ``checkHashList gives one row per hash`` () =
    task {
        let emulator = BakongEmulator()
        let seeded = emulator.AddPayment(md5Of 8, 4m)
        let! rows = [ seeded.Hash; String('f', 64) ] |> Bakong.checkHashList |> Bakong.send (authorized emulator)
        Assert.Equal<string list>([ $"found {seeded.Hash} 4"; $"not found {String('f', 64)}" ], ok rows |> List.map rowName)
    }

[<Fact>]
let ``checkMd5List refuses 51 md5s before any request`` () =
    task {
        let emulator = BakongEmulator()
        let! result = [ 1..51 ] |> List.map md5Of |> Bakong.checkMd5List |> Bakong.send (authorized emulator)
        Assert.IsType<BakongError.InvalidInput>(err result) |> ignore
        Assert.Empty(emulator.Requests)
    }

[<Fact>]
let ``checkManyMd5 splits any number into requests of 50 and keeps each key in order`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddPayment(md5Of 60, 6m) |> ignore
        let keys = [ 1..120 ] |> List.map md5Of
        let! items = keys |> Bakong.checkManyMd5 |> Bakong.send (authorized emulator)
        let items = ok items
        Assert.Equal<string list>(keys, items |> List.map fst)
        let found = items |> List.filter (fun (_, row) -> match row with Ok (BatchRows.Found _) -> true | _ -> false)
        Assert.Equal<string list>([ md5Of 60 ], found |> List.map fst)
        Assert.Equal(3, emulator.Requests.Count)
    }

[<Fact>]
let ``checkManyHash checks hashes the same way`` () =
    task {
        let emulator = BakongEmulator()
        let seeded = emulator.AddPayment(md5Of 61, 6m)
        let! items = [ seeded.Hash; String('a', 64) ] |> Bakong.checkManyHash |> Bakong.send (authorized emulator)
        Assert.Equal<string list>([ $"found {seeded.Hash} 6"; $"not found {String('a', 64)}" ], ok items |> List.map (snd >> ok >> rowName))
    }

[<Fact>]
let ``checkAccount is true for a Bakong account and false otherwise`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddAccount "shop@devb"
        let client = authorized emulator
        let! known = "shop@devb" |> Bakong.checkAccount |> Bakong.send client
        let! unknown = "nobody@devb" |> Bakong.checkAccount |> Bakong.send client
        Assert.Equal((Ok true, Ok false), (known, unknown))
    }

[<Fact>]
let ``requestToken, verifyToken and renewToken are the whole token flow`` () =
    task {
        let emulator = BakongEmulator()
        let client = clientOf emulator
        let! requested = Bakong.requestToken "dev@example.com" "Acme" "Shop" |> Bakong.send client
        Assert.Equal(Ok(), requested)
        let! verified = emulator.VerificationCodeFor "dev@example.com" |> Bakong.verifyToken |> Bakong.send client
        let! renewed = "dev@example.com" |> Bakong.renewToken |> Bakong.send client
        let! check = md5Of 9 |> Bakong.checkMd5 |> Bakong.send (client |> Bakong.withAccessToken (ok renewed))
        Assert.Equal(Some(TimeSpan.FromDays 90.0), (Token.expiresAt (ok verified), Token.issuedAt (ok verified)) ||> Option.map2 (-))
        Assert.Equal(Ok None, check)
    }

[<Fact>]
let ``renewToken for an unregistered e-mail is the API's NotRegistered`` () =
    task {
        let! renewed = "nobody@example.com" |> Bakong.renewToken |> Bakong.send (clientOf (BakongEmulator()))
        Assert.Equal(ApiErrorCode.NotRegistered, apiCode (err renewed))
    }

[<Fact>]
let ``deeplink and deeplinkWith give the emulator's short link`` () =
    task {
        let emulator = BakongEmulator()
        let client = authorized emulator
        let qr = dynamicQr ()
        let! link = qr.Payload |> Bakong.deeplink |> Bakong.send client
        let! withApp = qr.Payload |> Bakong.deeplinkWith (SourceInfo("https://shop.example/icon.png", "Shop", "shop://paid")) |> Bakong.send client
        Assert.StartsWith(emulator.Options.ShortLinkBase.ToString(), (ok link).ToString())
        Assert.StartsWith(emulator.Options.ShortLinkBase.ToString(), (ok withApp).ToString())
        Assert.Contains("shop://paid", emulator.Requests[1].Body)
    }

[<Fact>]
let ``waitForPayment answers Some at the first check of a paid md5`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddPayment(md5Of 10, 5m) |> ignore
        let! paid = md5Of 10 |> Bakong.waitForPayment (DateTimeOffset.UtcNow.AddMinutes 1.0) |> Bakong.send (authorized emulator)
        Assert.Equal(Some 5m, ok paid |> Option.map (fun t -> t.Amount))
    }

[<Fact>]
let ``waitForPayment answers None once the deadline has passed`` () =
    task {
        let! expired = md5Of 11 |> Bakong.waitForPayment (DateTimeOffset.UtcNow.AddSeconds -1.0) |> Bakong.send (authorized (BakongEmulator()))
        Assert.Equal(Ok None, expired)
    }

let private outcomeName (outcome: PaymentOutcome) =
    match outcome with
    | Paid t -> sprintf "paid %M" t.Amount
    | Mismatch (t, differences) -> sprintf "mismatch %M %d" t.Amount differences.Length
    | Failed _ -> "failed"
    | StaticQr -> "static"
    | Expired _ -> "expired"
    | Unconfirmed _ -> "unconfirmed"
    | Errored e -> e.Summary

[<Fact>]
let ``waitForQr confirms a paid KHQR`` () =
    task {
        let emulator = BakongEmulator()
        let qr = dynamicQr ()
        emulator.ShowQr qr.Payload |> ignore
        emulator.Pay qr.Md5 |> ignore
        let! outcome = qr |> Bakong.waitForQr |> Bakong.send (authorized emulator)
        Assert.Equal("paid 1.50", ok outcome |> outcomeName)
    }

[<Fact>]
let ``waitForQr reports an underpaid KHQR as a mismatch, never as paid`` () =
    task {
        let emulator = BakongEmulator()
        let qr = dynamicQr ()
        emulator.ShowQr qr.Payload |> ignore
        emulator.Pay(qr.Md5, LanguageExt.Option<decimal>.Some 1.00m) |> ignore
        let! outcome = qr |> Bakong.waitForQr |> Bakong.send (authorized emulator)
        Assert.Equal("mismatch 1.00 1", ok outcome |> outcomeName)
    }

[<Fact>]
let ``waitForQr reports a failed payment`` () =
    task {
        let emulator = BakongEmulator()
        let qr = dynamicQr ()
        emulator.ShowQr qr.Payload |> ignore
        emulator.Fail qr.Md5 |> ignore
        let! outcome = qr |> Bakong.waitForQr |> Bakong.send (authorized emulator)
        Assert.Equal("failed", ok outcome |> outcomeName)
    }

[<Fact>]
let ``sendWith a cancelled token is Network Cancelled`` () =
    task {
        use cancelled = new CancellationTokenSource()
        cancelled.Cancel()
        let! result = md5Of 12 |> Bakong.checkMd5 |> Bakong.sendWith (authorized (BakongEmulator())) cancelled.Token
        match result with
        | Error (Network Cancelled) -> ()
        | other -> failwithf "expected Cancelled, got %A" other
    }

[<Fact>]
let ``sendAsync runs in async`` () =
    let emulator = BakongEmulator()
    emulator.AddPayment(md5Of 13, 8m) |> ignore
    let paid = md5Of 13 |> Bakong.checkMd5 |> Bakong.sendAsync (authorized emulator) |> Async.RunSynchronously
    Assert.Equal(Some 8m, ok paid |> Option.map (fun t -> t.Amount))

[<Fact>]
let ``sendAsync hands the Async's cancellation to the request in flight`` () =
    let emulator = BakongEmulator()
    emulator.Inject(CheckTransactionByMd5.Path, Fault.NeverAnswer())
    use source = new CancellationTokenSource()
    let running = Async.StartAsTask(md5Of 13 |> Bakong.checkMd5 |> Bakong.sendAsync (authorized emulator), cancellationToken = source.Token)
    source.Cancel()
    // The request never answers: only the token can end it.
    Assert.True(running.ContinueWith(fun (_: Task<_>) -> ()).Wait(TimeSpan.FromMinutes 1.0))
    Assert.True(running.IsCanceled || (running.IsCompletedSuccessfully && (match running.Result with Error (Network Cancelled) -> true | _ -> false)))

[<Fact>]
let ``send with no client is InvalidInput naming the client`` () =
    task {
        let! result = md5Of 14 |> Bakong.checkMd5 |> Bakong.send null
        Assert.Equal<string list>([ "client" ], badFields (err result))
    }

[<Fact>]
let ``client refuses a URL that is not absolute, or plain http off loopback, at the first call`` () =
    task {
        let! relative = md5Of 15 |> Bakong.checkMd5 |> Bakong.send (Bakong.client "not a url" |> Bakong.withToken "t0k3n")
        let! plain = md5Of 15 |> Bakong.checkMd5 |> Bakong.send (Bakong.client "http://bakong.example" |> Bakong.withToken "t0k3n")
        Assert.Equal<string list>([ "BaseUrl" ], badFields (err relative))
        Assert.Equal<string list>([ "BaseUrl" ], badFields (err plain))
    }

[<Fact>]
let ``client, clientWith and withToken reach the emulator served on loopback`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddPayment(md5Of 16, 1.50m) |> ignore
        let! server = emulator.StartServerAsync()
        try
            let client = Bakong.client (server.BaseUrl.ToString()) |> Bakong.withToken (emulator.IssueToken().Reveal())
            let! paid = md5Of 16 |> Bakong.checkMd5 |> Bakong.send client
            Assert.Equal(Some 1.50m, ok paid |> Option.map (fun t -> t.Amount))
            let withOptions = Bakong.clientWith (BakongClientOptions(BaseUrl = server.BaseUrl)) |> Bakong.withAccessToken (emulator.IssueToken())
            let! again = md5Of 16 |> Bakong.checkMd5 |> Bakong.send withOptions
            Assert.Equal(ok paid, ok again)
        finally
            server.DisposeAsync().AsTask().Wait()
    }

[<Fact>]
let ``withToken of a text that is not a token is InvalidInput naming the token, and sends nothing`` () =
    task {
        let emulator = BakongEmulator()
        let! result = md5Of 17 |> Bakong.checkMd5 |> Bakong.send (clientOf emulator |> Bakong.withToken "not a token!")
        Assert.Equal<string list>([ "token" ], badFields (err result))
        Assert.Empty(emulator.Requests)
    }

[<Fact>]
let ``clientWith takes the library's options`` () =
    task {
        let! result = md5Of 18 |> Bakong.checkMd5 |> Bakong.send (Bakong.clientWith (BakongClientOptions(Timeout = TimeSpan.Zero)))
        Assert.Equal<string list>([ "Timeout" ], badFields (err result))
    }

[<Fact>]
let ``Token parse, expiresAt and issuedAt give F# values`` () =
    let issued = BakongEmulator().IssueToken(Nullable(TimeSpan.FromHours 1.0))
    let parsed = ok (Token.parse (issued.Reveal()))
    Assert.Equal(Some(TimeSpan.FromHours 1.0), Option.map2 (-) (Token.expiresAt parsed) (Token.issuedAt parsed))
    Assert.Equal(None, Token.expiresAt (ok (Token.parse "opaque-token")))
    Assert.Equal<string list>([ "token" ], badFields (err (Token.parse "")))
    Assert.Equal<string list>([ "token" ], badFields (err (Token.parse null)))

// FsToolkit.ErrorHandling 4.3.0 (the version served) keeps taskResult { } in a separate package that is not served;
// its asyncResult { } binds a Task<Result<_, _>> and an Async<Result<_, _>> as they are, which is what this shows.
[<Fact>]
let ``calls compose in FsToolkit's asyncResult without adapters, from Task and Async alike`` () =
    let emulator = BakongEmulator()
    emulator.RegisterEmail "dev@shop.kh" |> ignore
    emulator.AddPayment(md5Of 19, 9.99m) |> ignore
    let client = clientOf emulator
    let amount =
        asyncResult {
            let! token = "dev@shop.kh" |> Bakong.renewToken |> Bakong.send client
            let! paid = md5Of 19 |> Bakong.checkMd5 |> Bakong.sendAsync (client |> Bakong.withAccessToken token)
            return paid |> Option.map (fun t -> t.Amount)
        }
        |> Async.RunSynchronously
    let stopped =
        asyncResult {
            let! token = "nobody@shop.kh" |> Bakong.renewToken |> Bakong.send client
            return! md5Of 19 |> Bakong.checkMd5 |> Bakong.send (client |> Bakong.withAccessToken token)
        }
        |> Async.RunSynchronously
    Assert.Equal(Ok(Some 9.99m), amount)
    Assert.Equal(ApiErrorCode.NotRegistered, apiCode (err stopped))
    Assert.Equal(3, emulator.Requests.Count)
