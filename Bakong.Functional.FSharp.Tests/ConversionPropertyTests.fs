/// CsCheck properties for the conversions at the package's edge: each is total, round-trips, and lets no null into F#.
module Bakong.Functional.FSharp.Tests.ConversionPropertyTests

open System
open Xunit
open CsCheck
open Bakong.Functional
open Bakong.Functional.FSharp

type private LxOption<'T> = LanguageExt.Option<'T>
type private Fin<'T> = LanguageExt.Fin<'T>

let private cases = 1000L

/// Some or None, half and half.
let private lxOption (gen: Gen<'T>) =
    Gen.Select(Gen.Bool, gen, fun some value -> if some then LanguageExt.Prelude.Optional value else LxOption<'T>.None)

/// Text that is sometimes null, as C# callers may hand over.
let private nullableText = Gen.Select(Gen.Int[0, 4], Gen.String, fun pick text -> if pick = 0 then null else text)

/// An error of every kind the library makes, or any other LanguageExt error.
let private anyError: Gen<LanguageExt.Common.Error> =
    Gen.Select(Gen.Int[0, 5], Gen.String, Gen.Int, fun pick text code ->
        match pick with
        | 0 -> BakongError.InvalidInput.Of("field", text) :> LanguageExt.Common.Error
        | 1 -> BakongError.Transport(text)
        | 2 -> BakongError.ClientError(ResponseInfo(400 + abs (code % 100), text))
        | 3 -> BakongError.Cancelled()
        | 4 -> LanguageExt.Common.Error.New(code, text)
        | _ -> LanguageExt.Common.Error.New(InvalidOperationException text))

let private fin (gen: Gen<'T>) =
    Gen.Select(Gen.Bool, gen, anyError, fun ok value error -> if ok then Fin<'T>.Succ value else Fin<'T>.Fail error)

[<Fact>]
let ``Option to option round-trips, for values and for None`` () =
    // Compared by case, not with LanguageExt's own equality, whose first use scans every loaded assembly.
    (lxOption Gen.Int).Sample((fun (o: LxOption<int>) -> Object.Equals((Interop.ofOption (Interop.toOption o)).Case, o.Case)), iter = cases)

[<Fact>]
let ``option to Option round-trips for every non-null value`` () =
    Gen.Select(Gen.Bool, Gen.String, fun some text -> if some then Some text else None)
        .Sample((fun (o: string option) -> Interop.toOption (Interop.ofOption o) = o), iter = cases)

[<Fact>]
let ``no null reaches F# through an option, and Some null becomes None`` () =
    nullableText.Sample((fun (text: string) ->
        let there = Interop.ofOption (Some text)
        let back = Interop.toOption there
        match back with
        | Some value -> not (isNull value) && value = text
        | None -> isNull text), iter = cases)
    Assert.Equal(None, Interop.toOption Unchecked.defaultof<LxOption<string>>)

[<Fact>]
let ``Fin to Result is total and its error is always a BakongError that is not null`` () =
    (fin Gen.Int).Sample((fun (f: Fin<int>) ->
        match Interop.toResult f with
        | Ok value -> f.IsSucc && f.Match((fun v -> v = value), (fun _ -> false))
        | Error e -> f.IsFail && not (isNull e)), iter = cases)
    Assert.Equal<string list>([ "result" ], Support.badFields (Support.err (Interop.toResult Unchecked.defaultof<Fin<string>>)))

[<Fact>]
let ``a BakongError survives Fin to Result and back unchanged`` () =
    (fin Gen.Int).Sample((fun (f: Fin<int>) ->
        let once = Interop.toResult f
        Interop.toResult (Interop.ofResult once) = once), iter = cases)

[<Fact>]
let ``Result to Fin round-trips, and an Ok null is an error rather than a null`` () =
    Gen.Select(Gen.Bool, Gen.String, fun ok text -> if ok then Ok text else Error(BakongError.Transport text :> BakongError))
        .Sample((fun (r: Result<string, BakongError>) -> Interop.toResult (Interop.ofResult r) = r), iter = cases)
    Assert.Equal<string list>([ "result" ], Support.badFields (Support.err (Interop.toResult (Interop.ofResult (Ok(null: string))))))
    Assert.IsType<BakongError.Transport>(Support.err (Interop.toResult (Interop.ofResult (Error(null: BakongError): Result<int, BakongError>)))) |> ignore

[<Fact>]
let ``Seq to list keeps every item in order, both ways`` () =
    // CsCheck's Array is a C# extension property, which F# calls by its accessor.
    (GenExtensions.get_Array Gen.Int).Sample((fun (items: int[]) ->
        let list = Interop.toList (LanguageExt.Prelude.toSeq items)
        list = List.ofArray items && Interop.toList (Interop.ofList list) = list), iter = cases)
    Assert.Equal<int list>([], Interop.toList Unchecked.defaultof<LanguageExt.Seq<int>>)

[<Fact>]
let ``a transaction's optional fields arrive as options, never as null`` () =
    Gen.Select(nullableText, nullableText, Gen.Decimal, fun description reference amount ->
        Bakong.Functional.Transaction("h", "from", "to", Currency.KHR, amount, LanguageExt.Prelude.Optional description,
                    LanguageExt.Option<DateTimeOffset>.None, LanguageExt.Prelude.Optional DateTimeOffset.UnixEpoch,
                    LanguageExt.Prelude.Optional reference, LxOption<string>.None, LxOption<string>.None,
                    LanguageExt.Prelude.Optional reference, LanguageExt.Prelude.Optional description))
        .Sample((fun (t: Bakong.Functional.Transaction) ->
            let f = Bakong.Functional.FSharp.Transaction.ofBakong t
            let noNull = [ f.Description; f.TrackingStatus; f.ReceiverBank; f.InstructionRef; f.ExternalRef ] |> List.forall (Option.forall (isNull >> not))
            noNull && f.Description = Interop.toOption t.Description && f.ExternalRef = Interop.toOption t.ExternalRef
            && f.AcknowledgedAt = Some DateTimeOffset.UnixEpoch && f.CreatedAt = None && f.Amount = t.Amount), iter = cases)
