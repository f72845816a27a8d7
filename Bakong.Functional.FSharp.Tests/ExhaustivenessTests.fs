/// A match that misses a case of any of the package's active patterns is warned about by the F# compiler (FS0025),
/// which this test project turns into an error. Shown by compiling a file of incomplete matches with the SDK's own
/// F# compiler.
module Bakong.Functional.FSharp.Tests.ExhaustivenessTests

open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions
open Xunit

/// The SDK's F# compiler: the newest sdk/*/FSharp/fsc.dll beside the dotnet that runs the tests.
let private compiler () =
    let root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof<obj>.Assembly.Location))))
    Directory.GetFiles(Path.Combine(root, "sdk"), "fsc.dll", SearchOption.AllDirectories)
    |> Array.filter (fun p -> Path.GetFileName(Path.GetDirectoryName p) = "FSharp")
    |> Array.sortDescending
    |> Array.head

let private run (arguments: string list) =
    let start = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false)
    arguments |> List.iter start.ArgumentList.Add
    use p = Process.Start start
    let output = p.StandardOutput.ReadToEndAsync()
    let errors = p.StandardError.ReadToEnd()
    p.WaitForExit()
    p.ExitCode, output.Result + errors

[<Fact>]
let ``a match that misses a case of any pattern is warned with FS0025, on that match`` () =
    let here = AppContext.BaseDirectory
    let source = Path.Combine(here, "Fixtures", "IncompleteMatches.fs")
    let output = Path.Combine(Path.GetTempPath(), $"bakong-fsharp-{Guid.NewGuid():N}.dll")
    let runtime = Path.GetDirectoryName(typeof<obj>.Assembly.Location)
    let references =
        [ yield! Directory.GetFiles(runtime, "*.dll") |> Array.filter (fun p -> not (Path.GetFileName(p).StartsWith "Microsoft.VisualBasic"))
          for name in [ "FSharp.Core"; "LanguageExt.Core"; "Bakong.Functional"; "Bakong.Functional.FSharp" ] do
              Path.Combine(here, name + ".dll") ]
    let code, text =
        run ([ compiler (); "--noframework"; "--target:library"; "--nologo"; $"--out:{output}" ]
             @ (references |> List.map (fun r -> $"-r:{r}"))
             @ [ source ])
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
