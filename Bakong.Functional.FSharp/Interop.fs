/// Conversions between LanguageExt's Option, Fin and Seq and F#'s option, Result and list. Each is total: a null or a
/// default LanguageExt value gives an F# value too, and no null ever comes out on the F# side.
[<RequireQualifiedAccess>]
module Bakong.Functional.FSharp.Interop

open Bakong.Functional
type private Option<'T> = LanguageExt.Option<'T>
type private Fin<'T> = LanguageExt.Fin<'T>
type private Seq<'T> = LanguageExt.Seq<'T>

/// A LanguageExt Option as an F# option; a null inside is None.
let toOption (value: Option<'T>) : 'T option =
    // Not Match: LanguageExt refuses a null result, and F#'s None is null.
    match value.Case with
    | :? 'T as inner -> Some inner
    | _ -> None

/// An F# option as a LanguageExt Option; Some null is None.
let ofOption (value: 'T option) : Option<'T> =
    match value with
    | Some inner -> LanguageExt.Prelude.Optional inner
    | None -> Option<'T>.None

/// A LanguageExt Fin as an F# Result whose error is always a closed BakongError. A default (bottom) Fin, or a success
/// holding null, is an InvalidInput error rather than an exception or a null.
let toResult (value: Fin<'T>) : Result<'T, BakongError> =
    if value.IsBottom then Error(BakongError.InvalidInput.Of("result", "is missing") :> BakongError)
    else
        value.Match(
            System.Func<'T, Result<'T, BakongError>>(fun inner ->
                if isNull (box inner) then Error(BakongError.InvalidInput.Of("result", "is null") :> BakongError) else Ok inner),
            System.Func<LanguageExt.Common.Error, Result<'T, BakongError>>(fun e -> Error(BakongError.From e)))

/// An F# Result as a LanguageExt Fin; a null error is a Transport error, as BakongError.From makes it.
let ofResult (value: Result<'T, BakongError>) : Fin<'T> =
    match value with
    | Ok inner when not (isNull (box inner)) -> Fin<'T>.Succ inner
    | Ok _ -> Fin<'T>.Fail(BakongError.InvalidInput.Of("result", "is null"))
    | Error e -> Fin<'T>.Fail(BakongError.From e)

/// A LanguageExt Seq as an F# list, in order.
let toList (value: Seq<'T>) : 'T list = List.ofSeq value

/// An F# list as a LanguageExt Seq, in order.
let ofList (value: 'T list) : Seq<'T> = LanguageExt.Prelude.toSeq value
