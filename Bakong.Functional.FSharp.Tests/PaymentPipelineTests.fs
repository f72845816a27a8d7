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

/// Either to an F# Result, the shape F# code composes.
let private toResult (e: LanguageExt.Either<BakongError, 'a>) : Result<'a, BakongError> =
    e.Match(Func<'a, Result<'a, BakongError>>(Ok), Func<BakongError, Result<'a, BakongError>>(Error))

let private describe (error: BakongError) =
    error.Match(
        (fun e -> sprintf "api %A" e.Code), (fun _ -> "unknown api"), (fun _ -> "unauthorized"), (fun _ -> "forbidden"),
        (fun _ -> "blocked"), (fun _ -> "no endpoint"), (fun _ -> "rate limited"), (fun _ -> "client error"),
        (fun _ -> "server error"), (fun _ -> "unexpected status"), (fun _ -> "transport"), (fun _ -> "timeout"),
        (fun _ -> "cancelled"), (fun _ -> "too large"), (fun e -> sprintf "decode %O" e.Error),
        (fun e -> e.Errors |> Seq.map (fun f -> f.Field) |> String.concat ","))

/// Renew a token, then check one md5: Some amount when paid, None when not yet.
let private checkPayment (client: BakongClient) (md5: string) =
    task {
        let! token = client.SendAsync(RenewToken.Create "dev@shop.kh", CancellationToken.None)
        match toResult token with
        | Error e -> return Error e
        | Ok token ->
            let! found = client.WithToken(token).SendAsync(CheckTransactionByMd5.Create(md5).OrNone(), CancellationToken.None)
            return found |> toResult |> Result.map (fun o -> if o.IsSome then o |> Seq.tryHead |> Option.map (fun t -> t.Amount, t.Currency) else None)
    }

let private client () =
    BakongClient(new HttpClient(new FakeBakong()), BakongClientOptions(BaseUrl = Uri "https://bakong.test"))

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
            Assert.Equal(ApiErrorCode.TransactionFailed, e.Code)
            Assert.Equal("api TransactionFailed", describe e)
        | other -> failwithf "expected TransactionFailed, got %A" other
    }

/// The README's F# example, compiled as written.
module ReadmeExample =
    let client = BakongClient(new HttpClient(), BakongClientOptions.ForSit())

    let checkPayment (token: AccessToken) (md5: string) = task {
        let! result = client.WithToken(token).SendAsync(CheckTransactionByMd5.Create(md5).OrNone())
        return result.Match(
            Func<LanguageExt.Option<Transaction>, _>(fun paid -> if paid.IsSome then "paid" else "not yet"),
            Func<BakongError, _>(fun error -> error.Summary))
    }
