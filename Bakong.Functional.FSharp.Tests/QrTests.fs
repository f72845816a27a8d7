/// KHQR from F#: a record to encode, and decoding into F# options.
module Bakong.Functional.FSharp.Tests.QrTests

open System
open System.IO
open System.Text.Json
open Xunit
open CsCheck
open Microsoft.Extensions.Time.Testing
open Bakong.Functional
open Bakong.Functional.FSharp
open Bakong.Functional.FSharp.Tests.Support

/// The library's golden vector with every tag a KHR QR can carry, and the request that makes it.
let private fixture = lazy (JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "merchant-dynamic-khr-every-tag.json"))).RootElement)
let private now = DateTimeOffset(2026, 3, 1, 9, 30, 15, 250, TimeSpan.Zero)

let private everyTag =
    { Qr.request (Qr.merchant "coffee_shop@aclb" "M-000123" "ACLEDA Bank") "Riverside Coffee" Currency.KHR with
        Amount = Some 25000m
        MerchantCategoryCode = "5812"
        UnionPayMerchantAccount = Some "6211234567890123"
        BillNumber = Some "INV-2026-0301"
        MobileNumber = Some "85512345678"
        StoreLabel = Some "Riverside"
        TerminalLabel = Some "Till 2"
        PurposeOfTransaction = Some "Coffee and cake"
        AlternateLanguage = Some { Language = "km"; MerchantName = "កាហ្វេមាត់ទន្លេ"; MerchantCity = Some "ភ្នំពេញ" } }

[<Fact>]
let ``a request record encodes to the library's golden payload, byte for byte`` () =
    let qr = everyTag |> Qr.encodeAt (FakeTimeProvider now) |> ok
    Assert.Equal(fixture.Value.GetProperty("payload").GetString(), qr.Payload)
    Assert.Equal(fixture.Value.GetProperty("md5").GetString(), qr.Md5)
    Assert.Equal(Some(now.AddMinutes 10.0), qr.ExpiresAt)

[<Fact>]
let ``decode gives every field of the golden payload as an F# option`` () =
    let d = Qr.decode (fixture.Value.GetProperty("payload").GetString())
    Assert.True(d.IsValid && d.CrcHolds)
    Assert.Empty(d.Problems)
    Assert.Equal(Some KhqrInitiation.Dynamic, d.Initiation)
    Assert.Equal((Some 25000m, Some Currency.KHR, Some "5812", Some "KH"), (d.Amount, d.Currency, d.MerchantCategoryCode, d.CountryCode))
    Assert.Equal((Some "Riverside Coffee", Some "Phnom Penh"), (d.MerchantName, d.MerchantCity))
    Assert.Equal((Some "INV-2026-0301", Some "85512345678", Some "Riverside", Some "Till 2", Some "Coffee and cake"),
                 (d.BillNumber, d.MobileNumber, d.StoreLabel, d.TerminalLabel, d.PurposeOfTransaction))
    Assert.Equal(Some { Language = "km"; MerchantName = "កាហ្វេមាត់ទន្លេ"; MerchantCity = Some "ភ្នំពេញ" }, d.AlternateLanguage)
    Assert.Equal((Some now, Some(now.AddMinutes 10.0)), (d.CreatedAt, d.ExpiresAt))
    Assert.Equal((Some "6211234567890123", Some "EA3D"), (d.UnionPayMerchantAccount, d.Crc))
    Assert.Equal("54", d.Fields |> List.find (fun f -> f.Value = "25000") |> fun f -> f.Path)

[<Fact>]
let ``a static request has no amount and no expiry, and decodes as static`` () =
    let qr = Qr.request (Qr.individual "alice@devb") "Alice" Currency.USD |> Qr.encodeAt (FakeTimeProvider now) |> ok
    let d = Qr.decode qr.Payload
    Assert.Equal((None, None, Some KhqrInitiation.Static), (qr.ExpiresAt, d.Amount, d.Initiation))
    Assert.Equal(Some "individual", d.Account |> Option.map (fun a -> match a with Individual _ -> "individual" | Merchant _ -> "merchant"))
    Assert.Equal((None, None), (d.BillNumber, d.AlternateLanguage))

[<Fact>]
let ``encode lists every broken rule in one InvalidInput`` () =
    let broken = { Qr.request (Qr.individual "alice@devb") (String('n', 26)) Currency.USD with Amount = Some 1.234m }
    let fields = broken |> Qr.encode |> err |> badFields
    Assert.True(fields.Length >= 2, sprintf "%A" fields)

[<Fact>]
let ``encode refuses a request without an account instead of throwing`` () =
    Assert.Equal<string list>([ "account" ], { Qr.request null "Shop" Currency.USD with Amount = Some 1m } |> Qr.encode |> err |> badFields)

[<Fact>]
let ``decode never throws: null, empty and garbage are invalid with their problems`` () =
    for payload in [ null; ""; "hello"; "000201010212" ] do
        let d = Qr.decode payload
        Assert.False(d.IsValid)
        Assert.NotEmpty(d.Problems)

[<Fact>]
let ``decodeValid is Ok for a valid payload and InvalidInput naming khqr fields otherwise`` () =
    let valid = Qr.decodeValid (fixture.Value.GetProperty("payload").GetString())
    Assert.Equal(Some 25000m, (ok valid).Amount)
    let broken = (fixture.Value.GetProperty("payload").GetString()).Replace("6304EA3D", "6304FFFF")
    Assert.All(Qr.decodeValid broken |> err |> badFields, fun field -> Assert.StartsWith("khqr", field))

[<Fact>]
let ``md5 and toCode agree with what encode gives`` () =
    let qr = dynamicQr ()
    Assert.Equal(qr.Md5, Qr.md5 qr.Payload)
    Assert.Equal(qr, Qr.decode qr.Payload |> Qr.toCode)

[<Fact>]
let ``amount, bill number and name survive encode then decode`` () =
    Gen.Select(Gen.Int[1, 9_999_999], Gen.Int[0, 99], Gen.String[Gen.Char["ABCDEFGHIJ0123456789-"], 1, 25], fun whole cents bill -> decimal whole + decimal cents / 100m, bill)
        .Sample((fun (amount: decimal, bill: string) ->
            let request = { Qr.request (Qr.individual "alice@devb") "Alice" Currency.USD with Amount = Some amount; BillNumber = Some bill }
            match Qr.encode request with
            | Ok qr ->
                let d = Qr.decode qr.Payload
                d.IsValid && d.Amount = Some amount && d.BillNumber = Some bill && d.MerchantName = Some "Alice"
            | Error _ -> false), iter = 500L)
