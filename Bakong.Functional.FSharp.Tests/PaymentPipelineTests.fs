module Bakong.Functional.FSharp.Tests.PaymentPipelineTests

open System
open System.Net
open System.Net.Http
open System.Text
open System.Threading
open System.Threading.Tasks
open Xunit
open Bakong.Functional

let private hash = "8465d722d7d5065f2886f0a474a4d34dc6a7855355b611836f7b6111228893e9"
let private paidMd5 = "d60f3db96913029a2af979a1662c1e72"
let private unpaidMd5 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/// A canned Bakong: renew_token issues a token, one md5 is paid, every other md5 is not found.
type private FakeBakong() =
    inherit HttpMessageHandler()
    override _.SendAsync(request, _) =
        let body =
            let sent = request.Content.ReadAsStringAsync().Result
            match request.RequestUri.AbsolutePath with
            | "/v1/renew_token" -> """{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":{"token":"fsharp-token"}}"""
            | "/v1/check_transaction_by_md5" when sent.Contains paidMd5 ->
                sprintf """{"responseCode":0,"responseMessage":"ok","errorCode":null,"data":{"hash":"%s","fromAccountId":"a@b","toAccountId":"c@d","currency":"KHR","amount":4000}}""" hash
            | "/v1/check_transaction_by_md5" -> """{"responseCode":1,"responseMessage":"Transaction could not be found.","errorCode":1,"data":null}"""
            | _ -> """{"responseCode":1,"responseMessage":"Transaction failed.","errorCode":3,"data":null}"""
        let response = new HttpResponseMessage(HttpStatusCode.OK)
        response.Content <- new StringContent(body, Encoding.UTF8, "application/json")
        Task.FromResult response

/// A Fin to an F# Result, the shape F# code composes; the failure is always a BakongError.
let private toResult (fin: LanguageExt.Fin<'a>) : Result<'a, BakongError> =
    fin.Match(Func<'a, Result<'a, BakongError>>(Ok), Func<LanguageExt.Common.Error, Result<'a, BakongError>>(fun e -> Error(BakongError.From e)))

/// Every kind, then every case of it: a new kind or case breaks this build.
let private describe (error: BakongError) =
    error.Match(
        (fun (api: BakongError.ApiError) ->
            api.Match((fun f -> sprintf "api %A" f.ErrorCode), (fun _ -> "unknown api"))),
        (fun (http: BakongError.HttpError) ->
            http.Match(
                (fun _ -> "unauthorized"), (fun _ -> "forbidden"), (fun _ -> "blocked"), (fun _ -> "no endpoint"),
                (fun _ -> "rate limited"), (fun _ -> "client error"), (fun _ -> "server error"), (fun _ -> "unexpected status"))),
        (fun (network: BakongError.NetworkError) ->
            network.Match((fun _ -> "transport"), (fun _ -> "timeout"), (fun _ -> "cancelled"))),
        (fun (response: BakongError.ResponseError) ->
            response.Match((fun _ -> "too large"), (fun d -> sprintf "decode %O" d.Problem))),
        (fun (bad: BakongError.InvalidInput) -> bad.Errors |> Seq.map (fun f -> f.Field) |> String.concat ","))

/// Renew a token, then check one md5: Some amount when paid, None when not yet.
let private checkPayment (client: BakongClient) (md5: string) : Task<Result<(decimal * Currency) option, BakongError>> =
    task {
        let! token = client.SendAsync(RenewToken.Create "dev@shop.kh", CancellationToken.None)
        match toResult token with
        | Error e -> return Error e
        | Ok token ->
            let! found = client.WithToken(token).SendAsync(CheckTransactionByMd5.Create(md5).OrNone(), CancellationToken.None)
            return found |> toResult |> Result.map (fun o -> o |> Seq.tryHead |> Option.map (fun t -> t.Amount, t.Currency))
    }

let private client () =
    BakongClient(new HttpClient(new FakeBakong()), BakongClientOptions(BaseUrl = Uri "https://bakong.test"))

/// Waits for a payment with the library's own API, as F# code did before Bakong.Functional.FSharp.
let private waitForPayment (bakong: BakongClient) (md5: string) (expiry: DateTimeOffset) = task {
    let! result = bakong.WaitForPaymentAsync(md5, expiry)
    return result.Match(
        (fun (paid: LanguageExt.Option<Transaction>) -> paid.Match((fun (t: Transaction) -> $"paid {t.Amount} {t.Currency}"), (fun () -> "expired unpaid"))),
        (fun (error: LanguageExt.Common.Error) -> (BakongError.From error).Summary))
}

[<Fact>]
let ``a paid md5 gives its amount and currency`` () =
    task {
        let! result = checkPayment (client ()) paidMd5
        Assert.Equal(Ok(Some(4000m, Currency.KHR)), result)
    }

[<Fact>]
let ``an unpaid md5 is None, not an error`` () =
    task {
        let! result = checkPayment (client ()) unpaidMd5
        Assert.Equal(Ok None, result)
    }

[<Fact>]
let ``bad input is matched exhaustively before any request`` () =
    task {
        let! result = checkPayment (client ()) "not-an-md5"
        match result with
        | Error e -> Assert.Equal("md5", describe e)
        | Ok _ -> failwith "expected a validation error"
    }

[<Fact>]
let ``a failed transaction is an api error that F# can match on`` () =
    task {
        let token = match toResult (AccessToken.From "fsharp-token") with Ok t -> t | Error e -> failwithf "%O" e
        let! result = (client ()).WithToken(token).SendAsync(CheckTransactionByHash.Create hash, CancellationToken.None)
        match toResult result with
        | Error (:? BakongError.ApiFailure as e) ->
            Assert.Equal(ApiErrorCode.TransactionFailed, e.ErrorCode)
            Assert.Equal("Transaction failed.", e.ResponseMessage)
            Assert.Equal("api TransactionFailed", describe e)
        | other -> failwithf "expected TransactionFailed, got %A" other
    }

[<Fact>]
let ``a refused token is an http error, matched by kind then case`` () =
    task {
        let token = match toResult (AccessToken.From "revoked") with Ok t -> t | Error e -> failwithf "%O" e
        let handler = { new HttpMessageHandler() with
            override _.SendAsync(_, _) = Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized)) }
        let bakong = BakongClient(new HttpClient(handler), BakongClientOptions(BaseUrl = Uri "https://bakong.test", Token = LanguageExt.Option<AccessToken>.Some token))
        let! result = bakong.SendAsync(CheckTransactionByMd5.Create paidMd5, CancellationToken.None)
        match toResult result with
        | Error e ->
            Assert.Equal("unauthorized", describe e)
            Assert.True(e.IsUnauthorized)
            Assert.Equal(401, e.Code)
        | Ok t -> failwithf "expected Unauthorized, got %O" t
    }

[<Fact>]
let ``the same pipeline composes as an Aff and runs to a Fin`` () =
    task {
        let bakong = client ()
        let query =
            LanguageExt.AffExtensions.Bind(
                bakong.Send(RenewToken.Create "dev@shop.kh", CancellationToken.None),
                fun token -> bakong.WithToken(token).Send(CheckTransactionByMd5.Create(paidMd5).OrNone(), CancellationToken.None))
        let! result = query.Run()
        match toResult result with
        | Ok paid -> Assert.Equal(Some hash, paid |> Seq.tryHead |> Option.map (fun t -> t.Hash))
        | Error e -> failwithf "expected the payment, got %s" (describe e)
    }

[<Fact>]
let ``waiting for a payment that is already paid answers at the first check`` () =
    task {
        let token = match toResult (AccessToken.From "fsharp-token") with Ok t -> t | Error e -> failwithf "%O" e
        let! waited = waitForPayment ((client ()).WithToken token) paidMd5 (DateTimeOffset.UtcNow.AddMinutes 1.0)
        Assert.Equal("paid 4000 KHR", waited)
    }
