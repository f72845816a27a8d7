namespace Bakong.Functional.FSharp

open System
open Bakong.Functional

/// A Bakong transaction with F# options for its optional fields: the F# view of Bakong.Functional.Transaction.
type Transaction =
    { /// The transaction hash (64 hex characters).
      Hash: string
      /// The first 8 characters of the hash, as check_transaction_by_short_hash takes it.
      ShortHash: string
      /// The paying account, for example <c>customer@bank</c>.
      FromAccountId: string
      /// The receiving account, for example <c>shop@bank</c>.
      ToAccountId: string
      /// The currency paid in.
      Currency: Currency
      /// The amount paid, exact.
      Amount: decimal
      /// The payer's description, if any.
      Description: string option
      /// Whether the description arrived with broken encoding and was repaired.
      DescriptionRepaired: bool
      /// When the transaction was created.
      CreatedAt: DateTimeOffset option
      /// When Bakong acknowledged it.
      AcknowledgedAt: DateTimeOffset option
      /// Bakong's tracking status, if sent.
      TrackingStatus: string option
      /// The receiving bank, if sent.
      ReceiverBank: string option
      /// The account at the receiving bank, if sent.
      ReceiverBankAccount: string option
      /// The instruction reference, if any.
      InstructionRef: string option
      /// The external reference, if any.
      ExternalRef: string option }

/// Conversions of Transaction.
[<RequireQualifiedAccess>]
module Transaction =
    /// The F# view of a library transaction.
    let ofBakong (t: Bakong.Functional.Transaction) : Transaction =
        { Hash = t.Hash
          ShortHash = t.ShortHash
          FromAccountId = t.FromAccountId
          ToAccountId = t.ToAccountId
          Currency = t.Currency
          Amount = t.Amount
          Description = Interop.toOption t.Description
          DescriptionRepaired = t.DescriptionRepaired
          CreatedAt = Interop.toOption t.CreatedAt
          AcknowledgedAt = Interop.toOption t.AcknowledgedAt
          TrackingStatus = Interop.toOption t.TrackingStatus
          ReceiverBank = Interop.toOption t.ReceiverBank
          ReceiverBankAccount = Interop.toOption t.ReceiverBankAccount
          InstructionRef = Interop.toOption t.InstructionRef
          ExternalRef = Interop.toOption t.ExternalRef }

/// The merchant's name and city in a second language (KHQR tag 64).
type AlternateLanguage =
    { /// The language code, for example <c>km</c>.
      Language: string
      /// The merchant name in that language.
      MerchantName: string
      /// The city in that language, if given.
      MerchantCity: string option }

/// What a KHQR should say. Make one with <c>Qr.request</c>, then change fields with <c>{ request with … }</c>.
/// With an <c>Amount</c> the QR is dynamic (one payment, expiring); without, static.
type QrRequest =
    { /// Who receives the money: <c>Qr.individual</c> or <c>Qr.merchant</c>.
      Account: KhqrAccount
      /// The name the payer sees, at most 25 characters.
      MerchantName: string
      /// The currency.
      Currency: Currency
      /// The amount: Some makes a dynamic QR. KHR in whole riel, USD with at most 2 decimals.
      Amount: decimal option
      /// The city, at most 15 characters.
      MerchantCity: string
      /// The merchant category code, 4 digits.
      MerchantCategoryCode: string
      /// The bill number (tag 62.01).
      BillNumber: string option
      /// The mobile number (tag 62.02).
      MobileNumber: string option
      /// The store label (tag 62.03).
      StoreLabel: string option
      /// The terminal label (tag 62.07).
      TerminalLabel: string option
      /// The purpose of the transaction (tag 62.08).
      PurposeOfTransaction: string option
      /// The name and city in a second language (tag 64).
      AlternateLanguage: AlternateLanguage option
      /// A UnionPay merchant account (tag 15); not allowed with USD.
      UnionPayMerchantAccount: string option
      /// The creation time; None means the clock's now.
      CreatedAt: DateTimeOffset option
      /// The expiry; None means <c>Validity</c> after creation for a dynamic QR, never for a static one.
      ExpiresAt: DateTimeOffset option
      /// How long a dynamic QR stays payable when <c>ExpiresAt</c> is None.
      Validity: TimeSpan }

/// A KHQR made by <c>Qr.encode</c>: the text to show, the md5 Bakong files its payment under, and its expiry.
type QrCode =
    { /// The KHQR text to draw as a QR.
      Payload: string
      /// The md5 of the payload: the key to check the payment by.
      Md5: string
      /// When the QR stops being payable, if it expires.
      ExpiresAt: DateTimeOffset option }

/// A KHQR read by <c>Qr.decode</c>, with every optional field an F# option. Nothing is thrown for bad input:
/// <c>IsValid</c> is false and <c>Problems</c> says why.
type DecodedQr =
    { /// The text as given.
      Payload: string
      /// The md5 of the text as given.
      Md5: string
      /// Whether the payload is a complete, correct KHQR.
      IsValid: bool
      /// Whether the CRC (tag 63) matches the text.
      CrcHolds: bool
      /// Each problem found, with its tag path; empty when valid.
      Problems: KhqrProblem list
      /// Static (11) or dynamic (12).
      Initiation: KhqrInitiation option
      /// Who receives the money.
      Account: KhqrAccount option
      /// The merchant category code (tag 52).
      MerchantCategoryCode: string option
      /// The currency (tag 53).
      Currency: Currency option
      /// The amount (tag 54), on a dynamic QR.
      Amount: decimal option
      /// The country code (tag 58).
      CountryCode: string option
      /// The merchant name (tag 59).
      MerchantName: string option
      /// The merchant city (tag 60).
      MerchantCity: string option
      /// The bill number (tag 62.01).
      BillNumber: string option
      /// The mobile number (tag 62.02).
      MobileNumber: string option
      /// The store label (tag 62.03).
      StoreLabel: string option
      /// The terminal label (tag 62.07).
      TerminalLabel: string option
      /// The purpose of the transaction (tag 62.08).
      PurposeOfTransaction: string option
      /// The name and city in a second language (tag 64).
      AlternateLanguage: AlternateLanguage option
      /// A UnionPay merchant account (tag 15).
      UnionPayMerchantAccount: string option
      /// The creation time (tag 99.00).
      CreatedAt: DateTimeOffset option
      /// The expiry (tag 99.01).
      ExpiresAt: DateTimeOffset option
      /// The CRC as written (tag 63).
      Crc: string option
      /// Every field read, in order, with its tag path.
      Fields: KhqrField list }
