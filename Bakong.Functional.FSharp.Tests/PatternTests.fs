/// Every case of every active pattern is reached: by values made directly, and by the emulator where it can make them.
module Bakong.Functional.FSharp.Tests.PatternTests

open System
open System.Net.Http
open Xunit
open Bakong.Functional
open Bakong.Functional.FSharp
open Bakong.Functional.Testing
open Bakong.Functional.FSharp.Tests.Support

let private some (x: 'T) = LanguageExt.Option<'T>.Some x
let private info status = ResponseInfo(status, "body")

/// Every kind, then every case of it, with no wildcard: a case added to the library breaks this build.
let describe (error: BakongError) =
    match error with
    | Api (ApiFailure (code, message, _)) -> sprintf "api %O %s" code message
    | Api (UnknownApiFailure (code, message, _)) -> sprintf "unknown api %A %s" code message
    | Http (Unauthorized r) -> sprintf "unauthorized %d" r.Status
    | Http (Forbidden (code, message, _)) -> sprintf "forbidden %A %s" code message
    | Http (Blocked _) -> "blocked"
    | Http (EndpointNotFound _) -> "endpoint not found"
    | Http (RateLimited (wait, _)) -> sprintf "rate limited %A" wait
    | Http (ClientError r) -> sprintf "client error %d" r.Status
    | Http (ServerError (wait, r)) -> sprintf "server error %d %A" r.Status wait
    | Http (UnexpectedStatus r) -> sprintf "unexpected %d" r.Status
    | Network (Transport reason) -> sprintf "transport %s" reason
    | Network (TimedOut after) -> sprintf "timed out %O" after
    | Network Cancelled -> "cancelled"
    | Response (TooLarge (limit, _)) -> sprintf "too large %d" limit
    | Response (Decode (problem, _)) -> sprintf "decode %s" problem.Path
    | InvalidInput fields -> fields |> List.map (fun f -> f.Field) |> String.concat ","

[<Fact>]
let ``the error pattern reaches every kind and every case, with F# options for optional fields`` () =
    let errors: BakongError list =
        [ BakongError.ApiFailure(ApiErrorCode.TransactionFailed, "Transaction failed.", info 200)
          BakongError.UnknownApiFailure(some 99, "new", info 200)
          BakongError.UnknownApiFailure(LanguageExt.Option<int>.None, "none", info 200)
          BakongError.Unauthorized(info 401)
          BakongError.Forbidden(some 7, "no", info 403)
          BakongError.Blocked(info 403)
          BakongError.EndpointNotFound(info 404)
          BakongError.RateLimited(some (TimeSpan.FromSeconds 3.0), info 429)
          BakongError.ClientError(info 400)
          BakongError.ServerError(LanguageExt.Option<TimeSpan>.None, info 503)
          BakongError.UnexpectedStatus(info 302)
          BakongError.Transport("reset")
          BakongError.Timeout(TimeSpan.FromSeconds 30.0)
          BakongError.Cancelled()
          BakongError.ResponseTooLarge(1024L, info 200)
          BakongError.Decode(DecodeError("$.data.amount", "a number"), info 200)
          BakongError.InvalidInput(Interop.ofList [ FieldError("md5", "bad"); FieldError("amount", "bad") ]) ]
    Assert.Equal<string list>(
        [ "api TransactionFailed Transaction failed."
          "unknown api Some 99 new"
          "unknown api None none"
          "unauthorized 401"
          "forbidden Some 7 no"
          "blocked"
          "endpoint not found"
          "rate limited Some 00:00:03"
          "client error 400"
          "server error 503 None"
          "unexpected 302"
          "transport reset"
          "timed out 00:00:30"
          "cancelled"
          "too large 1024"
          "decode $.data.amount"
          "md5,amount" ],
        errors |> List.map describe)

let private checkWith (configure: BakongEmulator -> unit) (options: BakongClientOptions -> unit) =
    let emulator = BakongEmulator()
    configure emulator
    let settings = BakongClientOptions(BaseUrl = Uri "http://127.0.0.1/", Retry = RetryPolicy.None)
    options settings
    let client = BakongClient(new HttpClient(emulator.CreateHandler()), settings) |> Bakong.withAccessToken (emulator.IssueToken())
    (md5Of 1 |> Bakong.checkMd5 |> Bakong.send client).Result |> err |> describe

let private inject fault (emulator: BakongEmulator) = emulator.Inject(CheckTransactionByMd5.Path, fault)

[<Fact>]
let ``the emulator's HTTP faults reach their HTTP cases`` () =
    Assert.Equal("blocked", checkWith (inject (Fault.GeoBlocked())) ignore)
    Assert.Equal("rate limited Some 00:00:07", checkWith (inject (Fault.RateLimited(TimeSpan.FromSeconds 7.0))) ignore)
    Assert.Equal("server error 502 None", checkWith (inject (Fault.ServerError 502)) ignore)
    Assert.Equal("server error 503 Some 00:00:02", checkWith (inject (Fault.Unavailable(TimeSpan.FromSeconds 2.0))) ignore)

[<Fact>]
let ``a revoked token reaches Unauthorized`` () =
    let emulator = BakongEmulator()
    let token = emulator.IssueToken()
    emulator.RevokeToken token
    let result = (md5Of 1 |> Bakong.checkMd5 |> Bakong.send (clientOf emulator |> Bakong.withAccessToken token)).Result
    Assert.Equal("unauthorized 401", err result |> describe)

[<Fact>]
let ``the emulator's network and response faults reach their cases`` () =
    Assert.StartsWith("transport", checkWith (inject (Fault.ConnectionReset())) ignore)
    Assert.Equal("timed out 00:00:00.2000000", checkWith (inject (Fault.NeverAnswer())) (fun o -> o.Timeout <- TimeSpan.FromMilliseconds 200.0))
    Assert.Equal("too large 16", checkWith ignore (fun o -> o.MaxResponseBytes <- 16L))
    Assert.Equal("decode .responseCode", checkWith (inject (Fault.Rewrite(fun _ -> """{"responseMessage":"?"}"""))) ignore)

[<Fact>]
let ``the emulator's API answers reach the API cases`` () =
    let unknown = """{"responseCode":1,"responseMessage":"new rule","errorCode":99,"data":null}"""
    Assert.Equal("unknown api Some 99 new rule", checkWith (inject (Fault.Rewrite(fun _ -> unknown))) ignore)
    let emulator = BakongEmulator()
    let renewed = ("nobody@example.com" |> Bakong.renewToken |> Bakong.send (clientOf emulator)).Result
    Assert.Equal("api NotRegistered " + (match renewed with Error (Api (ApiFailure (_, m, _))) -> m | _ -> ""), err renewed |> describe)

let private transaction amount =
    Transaction("h" + String('0', 63), "customer@emul", "shop@devb", Currency.USD, amount,
                some "coffee", LanguageExt.Option<DateTimeOffset>.None, LanguageExt.Option<DateTimeOffset>.None,
                LanguageExt.Option<string>.None, LanguageExt.Option<string>.None, LanguageExt.Option<string>.None,
                LanguageExt.Option<string>.None, some "EXT")

let private outcome (o: PaymentOutcome) =
    match o with
    | Paid t -> sprintf "paid %M %A %A" t.Amount t.Description t.CreatedAt
    | Mismatch (t, differences) ->
        let shown =
            differences
            |> List.map (fun d ->
                match d with
                | AccountDiffers (expected, actual) -> sprintf "account %s/%s" expected actual
                | CurrencyDiffers (expected, actual) -> sprintf "currency %O/%O" expected actual
                | AmountDiffers (expected, actual) -> sprintf "amount %M/%M" expected actual)
        sprintf "mismatch %M [%s]" t.Amount (String.concat "; " shown)
    | Failed reason -> sprintf "failed %s" reason
    | StaticQr -> "static"
    | Expired deadline -> sprintf "expired %d" deadline.Year
    | Unconfirmed (why, deadline, last, untrusted) -> sprintf "unconfirmed %O %d %s %d" why deadline.Year (last |> Option.map describe |> Option.defaultValue "-") untrusted
    | Errored e -> sprintf "error %s" (describe e)

[<Fact>]
let ``the outcome pattern reaches every case`` () =
    let differences: PaymentDifference list =
        [ PaymentDifference.Account("shop@devb", "other@devb")
          PaymentDifference.CurrencyDiffers(Currency.USD, Currency.KHR)
          PaymentDifference.AmountDiffers(2m, 1m) ]
    let outcomes: PaymentOutcome list =
        [ PaymentOutcome.Paid(transaction 2m)
          PaymentOutcome.Mismatch(transaction 1m, Interop.ofList differences)
          PaymentOutcome.Failed("Transaction failed.")
          PaymentOutcome.StaticQr()
          PaymentOutcome.Expired(DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
          PaymentOutcome.Unconfirmed(UnconfirmedReason.NotHeard, DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), LanguageExt.Option<BakongError>.None, 0)
          PaymentOutcome.Unconfirmed(UnconfirmedReason.Ambiguous, DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero), some (BakongError.Transport("reset") :> BakongError), 3)
          PaymentOutcome.Error(BakongError.Cancelled()) ]
    Assert.Equal<string list>(
        [ "paid 2 Some \"coffee\" None"
          "mismatch 1 [account shop@devb/other@devb; currency USD/KHR; amount 2/1]"
          "failed Transaction failed."
          "static"
          "expired 2030"
          "unconfirmed NotHeard 2031 - 0"
          "unconfirmed Ambiguous 2031 transport reset 3"
          "error cancelled" ],
        outcomes |> List.map outcome)

[<Fact>]
let ``the outcome pattern reads what a QR ending in the emulator gives`` () =
    let emulator = BakongEmulator()
    let qr = dynamicQr ()
    emulator.ShowQr qr.Payload |> ignore
    emulator.Pay(qr.Md5, some 2.00m) |> ignore
    let result = (qr |> Bakong.waitForQr |> Bakong.send (authorized emulator)).Result
    Assert.Equal("mismatch 2.00 [amount 1.50/2.00]", ok result |> outcome)

let private row (r: BatchRow) =
    match r with
    | BatchRows.Found (key, t) -> sprintf "found %s %M" key t.Amount
    | BatchRows.NotFound (key, message) -> sprintf "not found %s %s" key message
    | BatchRows.Failed (key, message) -> sprintf "failed %s %s" key message
    | BatchRows.StaticQr (key, message) -> sprintf "static %s %s" key message
    | BatchRows.OtherStatus (key, status, message) -> sprintf "other %s %s %s" key status message
    | BatchRows.Missing key -> sprintf "missing %s" key

[<Fact>]
let ``the batch row pattern reaches every case`` () =
    let rows: BatchRow list =
        [ BatchRow.Found("a", transaction 3m)
          BatchRow.NotFound("b", "not found")
          BatchRow.Failed("c", "failed")
          BatchRow.StaticQr("d", "static")
          BatchRow.OtherStatus("e", "PENDING", "later")
          BatchRow.Missing("f") ]
    Assert.Equal<string list>(
        [ "found a 3"; "not found b not found"; "failed c failed"; "static d static"; "other e PENDING later"; "missing f" ],
        rows |> List.map row)

[<Fact>]
let ``the batch row pattern reads another status and a missing row from the emulator`` () =
    let emulator = BakongEmulator()
    let failed = emulator.AddPayment(PaymentSeed(Qr = "failed qr", Outcome = SeedOutcome.Failed))
    // A status this library does not know, and an answer that leaves the second md5 out.
    emulator.Inject(CheckTransactionsByMd5List.Path, Fault.Rewrite(fun body -> body.Replace("\"FAILED\"", "\"PENDING\"")))
    let rows = ([ failed.Md5; md5Of 2 ] |> Bakong.checkMd5List |> Bakong.send (authorized emulator)).Result |> ok
    Assert.Equal<string list>([ "other"; "not" ], rows |> List.map (row >> fun s -> s.Split(' ').[0]))
    emulator.Inject(CheckTransactionsByMd5List.Path, Fault.Rewrite(fun _ -> """{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":[]}"""))
    let missing = ([ md5Of 3 ] |> Bakong.checkMd5List |> Bakong.send (authorized emulator)).Result |> ok
    Assert.Equal<string list>([ $"missing {md5Of 3}" ], missing |> List.map row)

let private account (a: KhqrAccount) =
    match a with
    | Individual (id, information, bank) -> sprintf "individual %s %A %A" id information bank
    | Merchant (id, merchantId, bank) -> sprintf "merchant %s %s %s" id merchantId bank

[<Fact>]
let ``the KHQR account pattern reaches both cases, from values and from decoded QRs`` () =
    Assert.Equal("individual alice@devb None None", account (Qr.individual "alice@devb"))
    Assert.Equal("individual alice@devb Some \"85512345678\" Some \"Dev Bank\"", account (Qr.individualWith (Some "85512345678") (Some "Dev Bank") "alice@devb"))
    Assert.Equal("merchant shop@devb M-1 Dev Bank", account (Qr.merchant "shop@devb" "M-1" "Dev Bank"))
    let decoded = Qr.request (Qr.merchant "shop@devb" "M-1" "Dev Bank") "Shop" Currency.KHR |> Qr.encode |> ok |> fun q -> Qr.decode q.Payload
    Assert.Equal(Some "merchant shop@devb M-1 Dev Bank", decoded.Account |> Option.map account)
