/// A match that misses a case of any of the package's active patterns is warned about by the F# compiler (FS0025),
/// which this test project turns into an error. Shown by compiling a file of incomplete matches with the SDK's own
/// F# compiler.
module Bakong.Functional.FSharp.Tests.ExhaustivenessTests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit
open Bakong.Functional.FSharp.Tests.Support

[<Fact>]
let ``a match that misses a case of any pattern is warned with FS0025, on that match`` () =
    let here = AppContext.BaseDirectory
    let source = Path.Combine(here, "Fixtures", "IncompleteMatches.fs")
    let output = Path.Combine(Path.GetTempPath(), $"bakong-fsharp-{Guid.NewGuid():N}.dll")
    let libraries = [ "FSharp.Core"; "LanguageExt.Core"; "Bakong.Functional"; "Bakong.Functional.FSharp" ] |> List.map (fun name -> "-r:" + Path.Combine(here, name + ".dll"))
    let code, text =
        runDotnet ([ fsharpCompiler (); "--noframework"; "--target:library"; "--nologo"; $"--out:{output}" ] @ runtimeReferences () @ libraries @ [ source ])
    try
        Assert.True((code = 0), text)
        let lines = File.ReadAllLines source
        let lineOf (marker: string) = 1 + Array.findIndex (fun (l: string) -> l.EndsWith("// " + marker)) lines
        let warned =
            Regex.Matches(text, @"IncompleteMatches\.fs\((\d+),\d+\): warning FS0025")
            |> Seq.map (fun m -> int m.Groups[1].Value)
            |> Set.ofSeq
        let expected = [ "kind"; "case"; "http"; "outcome"; "row"; "account"; "difference" ] |> List.map lineOf |> Set.ofList
        Assert.True((expected = warned), sprintf "expected FS0025 on lines %A, got:\n%s" expected text)
    finally
        File.Delete output
