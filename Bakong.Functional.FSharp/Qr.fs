/// KHQR from F#: build a request as a record, encode it, decode any payload into F# options.
[<RequireQualifiedAccess>]
module Bakong.Functional.FSharp.Qr

open System
open Bakong.Functional

/// An individual's Bakong account (tag 29), for example <c>alice@devb</c>.
let individual (accountId: string) : KhqrAccount = KhqrAccount.Individual(accountId)

/// An individual's Bakong account with its optional account information and acquiring bank.
let individualWith (accountInformation: string option) (acquiringBank: string option) (accountId: string) : KhqrAccount =
    KhqrAccount.Individual(accountId, Interop.ofOption accountInformation, Interop.ofOption acquiringBank)

/// A merchant's Bakong account (tag 30): the account, the merchant id and the acquiring bank.
let merchant (accountId: string) (merchantId: string) (acquiringBank: string) : KhqrAccount =
    KhqrAccount.Merchant(accountId, merchantId, acquiringBank)

/// A static QR request for <paramref name="account"/> with the library's defaults (Phnom Penh, category 5999, ten
/// minutes' validity once it has an amount). Set the rest with <c>{ request with Amount = Some 2.50m }</c>.
let request (account: KhqrAccount) (merchantName: string) (currency: Currency) : QrRequest =
    let defaults = KhqrRequest(account, merchantName, currency)
    { Account = account
      MerchantName = merchantName
      Currency = currency
      Amount = None
      MerchantCity = defaults.MerchantCity
      MerchantCategoryCode = defaults.MerchantCategoryCode
      BillNumber = None
      MobileNumber = None
      StoreLabel = None
      TerminalLabel = None
      PurposeOfTransaction = None
      AlternateLanguage = None
      UnionPayMerchantAccount = None
      CreatedAt = None
      ExpiresAt = None
      Validity = KhqrRequest.DefaultValidity }

let private toBakong (r: QrRequest) =
    KhqrRequest(
        r.Account,
        r.MerchantName,
        r.Currency,
        MerchantCity = r.MerchantCity,
        MerchantCategoryCode = r.MerchantCategoryCode,
        Amount = Interop.ofOption r.Amount,
        UnionPayMerchantAccount = Interop.ofOption r.UnionPayMerchantAccount,
        AdditionalData =
            KhqrAdditionalData(
                BillNumber = Interop.ofOption r.BillNumber,
                MobileNumber = Interop.ofOption r.MobileNumber,
                StoreLabel = Interop.ofOption r.StoreLabel,
                TerminalLabel = Interop.ofOption r.TerminalLabel,
                PurposeOfTransaction = Interop.ofOption r.PurposeOfTransaction),
        AlternateLanguage =
            Interop.ofOption (
                r.AlternateLanguage
                |> Option.map (fun a -> KhqrAlternateLanguage(a.Language, a.MerchantName, Interop.ofOption a.MerchantCity))),
        CreatedAt = Interop.ofOption r.CreatedAt,
        ExpiresAt = Interop.ofOption r.ExpiresAt,
        Validity = r.Validity)

let private ofCode (code: KhqrCode) : QrCode =
    { Payload = code.Payload; Md5 = code.Md5; ExpiresAt = Interop.toOption code.ExpiresAt }

/// The KHQR for <paramref name="request"/>, with times from <paramref name="clock"/>; every broken rule is listed in
/// one InvalidInput error.
let encodeAt (clock: TimeProvider) (request: QrRequest) : Result<QrCode, BakongError> =
    if isNull (box request) then Error(BakongError.InvalidInput.Of("request", "is required") :> BakongError)
    elif isNull (box request.Account) then Error(BakongError.InvalidInput.Of("account", "is required") :> BakongError)
    else Khqr.Encode(toBakong request, clock) |> Interop.toResult |> Result.map ofCode

/// The KHQR for <paramref name="request"/>, with times from the system clock.
let encode (request: QrRequest) : Result<QrCode, BakongError> = encodeAt TimeProvider.System request

/// The md5 Bakong files a payment under: of the text exactly as given.
let md5 (payload: string) : string = Khqr.Md5 payload

let private alternate (a: KhqrAlternateLanguage) =
    { Language = a.LanguagePreference; MerchantName = a.MerchantName; MerchantCity = Interop.toOption a.MerchantCity }

let private ofDecoded (d: KhqrDecoded) : DecodedQr =
    let extra = d.AdditionalData
    { Payload = d.Payload
      Md5 = d.Md5
      IsValid = d.IsValid
      CrcHolds = d.CrcHolds
      Problems = Interop.toList d.Problems
      Initiation = Interop.toOption d.Initiation
      Account = Interop.toOption d.Account
      MerchantCategoryCode = Interop.toOption d.MerchantCategoryCode
      Currency = Interop.toOption d.Currency
      Amount = Interop.toOption d.Amount
      CountryCode = Interop.toOption d.CountryCode
      MerchantName = Interop.toOption d.MerchantName
      MerchantCity = Interop.toOption d.MerchantCity
      BillNumber = Interop.toOption extra.BillNumber
      MobileNumber = Interop.toOption extra.MobileNumber
      StoreLabel = Interop.toOption extra.StoreLabel
      TerminalLabel = Interop.toOption extra.TerminalLabel
      PurposeOfTransaction = Interop.toOption extra.PurposeOfTransaction
      AlternateLanguage = Interop.toOption d.AlternateLanguage |> Option.map alternate
      UnionPayMerchantAccount = Interop.toOption d.UnionPayMerchantAccount
      CreatedAt = Interop.toOption d.CreatedAt
      ExpiresAt = Interop.toOption d.ExpiresAt
      Crc = Interop.toOption d.Crc
      Fields = Interop.toList d.Fields }

/// Any text read as a KHQR: never throws; <c>IsValid</c> and <c>Problems</c> say whether it can be paid.
let decode (payload: string) : DecodedQr = Khqr.Decode payload |> ofDecoded

/// The payload read as a KHQR when it is valid; otherwise InvalidInput with one field per problem (<c>khqr.54</c>, …).
let decodeValid (payload: string) : Result<DecodedQr, BakongError> =
    Khqr.Decode(payload).ToFin() |> Interop.toResult |> Result.map ofDecoded

/// A valid decoded QR as one to wait for or watch: its md5 and expiry.
let toCode (decoded: DecodedQr) : QrCode =
    Khqr.Decode(decoded.Payload).ToCode() |> ofCode
