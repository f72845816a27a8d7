/// The F# guide (docs/fsharp.md) and the README's F# program: every block is compiled here, character for character,
/// and run against the emulator.
module Bakong.Functional.FSharp.Tests.ReadmeTests

open System
open System.IO
open System.Text.RegularExpressions
open Xunit
open Bakong.Functional
open Bakong.Functional.FSharp
open Bakong.Functional.Testing
open Bakong.Functional.FSharp.Tests.Support
open Bakong.Functional.FSharp.Tests.Readme

let private text (relative: string) = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relative)).ReplaceLineEndings("\n")

let private blocks (document: string) =
    Regex.Matches(text document, "```fsharp\n(.*?)```", RegexOptions.Singleline) |> Seq.map (fun m -> m.Groups[1].Value) |> List.ofSeq

[<Fact>]
let ``every F# block of the guide is compiled by these tests, character for character`` () =
    match blocks "Docs/fsharp.md" with
    | program :: examples ->
        Assert.Equal(text "Readme/Program.fs", program)
        Assert.Equal(3, examples.Length)
        Assert.All(examples, fun block -> Assert.Contains(block, text "Readme/Examples.fs.txt"))
    | [] -> failwith "the F# guide has no F# block"

[<Fact>]
let ``the README's only F# block is the guide's program`` () =
    Assert.Equal<string list>([ text "Readme/Program.fs" ], blocks "Docs/README.md")

[<Fact>]
let ``the package's own readme shows the same program`` () =
    let blocks = Regex.Matches(text "Docs/PackageReadme.md", "```fsharp\n(.*?)```", RegexOptions.Singleline) |> Seq.map (fun m -> m.Groups[1].Value)
    Assert.Equal<string list>([ text "Readme/Program.fs" ], List.ofSeq blocks)

[<Fact>]
let ``the README's program is at most 10 lines, without a type annotation`` () =
    let program = text "Readme/Program.fs"
    Assert.True(program.TrimEnd('\n').Split('\n').Length <= 10, program)
    Assert.DoesNotMatch(@"\(\w+\s*:\s*\w", program)

[<Fact>]
let ``the README's program, compiled as written, checks payments against the emulator on loopback`` () =
    task {
        let here = AppContext.BaseDirectory
        let folder = Directory.CreateTempSubdirectory("bakong-readme-").FullName
        try
            let libraries = [ "FSharp.Core"; "LanguageExt.Core"; "Bakong.Functional"; "Bakong.Functional.FSharp" ]
            // The program runs beside every assembly the library needs, as an app's build output would have them.
            for dll in Directory.GetFiles(here, "*.dll") do
                File.Copy(dll, Path.Combine(folder, Path.GetFileName dll))
            let program = Path.Combine(folder, "Program.dll")
            let code, output =
                runDotnet ([ fsharpCompiler (); "--noframework"; "--target:exe"; "--nologo"; $"--out:{program}"; "--warnaserror+" ]
                           @ runtimeReferences ()
                           @ (libraries |> List.map (fun name -> "-r:" + Path.Combine(folder, name + ".dll")))
                           @ [ Path.Combine(here, "Readme", "Program.fs") ])
            Assert.True((code = 0), output)
            let version = Environment.Version
            File.WriteAllText(Path.Combine(folder, "Program.runtimeconfig.json"),
                // ASP.NET Core's shared framework brings Microsoft.Extensions.Logging.Abstractions, as it does for these tests.
                sprintf """{"runtimeOptions":{"tfm":"net%d.0","frameworks":[{"name":"Microsoft.NETCore.App","version":"%d.%d.0"},{"name":"Microsoft.AspNetCore.App","version":"%d.%d.0"}]}}"""
                    version.Major version.Major version.Minor version.Major version.Minor)
            let emulator = BakongEmulator()
            emulator.AddPayment(md5Of 1, 1.50m, Currency.USD) |> ignore
            let! server = emulator.StartServerAsync()
            try
                let url = server.BaseUrl.ToString()
                let token = emulator.IssueToken().Reveal()
                Assert.Equal((0, "paid 1.50 USD"), runDotnet [ program; url; token; md5Of 1 ])
                Assert.Equal((0, "not paid yet"), runDotnet [ program; url; token; md5Of 2 ])
                Assert.Equal((0, "HTTP 401: the access token is missing, expired or rejected"), runDotnet [ program; url; "revoked"; md5Of 1 ])
                Assert.StartsWith("invalid input: token", snd (runDotnet [ program; url; "not a token"; md5Of 1 ]))
            finally
                server.DisposeAsync().AsTask().Wait()
        finally
            Directory.Delete(folder, true)
    }

[<Fact>]
let ``the README's explain names each kind of error`` () =
    let some x = LanguageExt.Option<_>.Some x
    let info = ResponseInfo(200, "")
    Assert.Equal("payment failed", Examples.explain (BakongError.ApiFailure(ApiErrorCode.TransactionFailed, "", info)))
    Assert.Equal("Bakong said NotRegistered: no", Examples.explain (BakongError.ApiFailure(ApiErrorCode.NotRegistered, "no", info)))
    Assert.Equal("Bakong said Some(99): new", Examples.explain (BakongError.UnknownApiFailure(some 99, "new", info)))
    Assert.Equal("token expired or rejected", Examples.explain (BakongError.Unauthorized(info)))
    Assert.Equal("slow down for 00:00:03", Examples.explain (BakongError.RateLimited(some (TimeSpan.FromSeconds 3.0), info)))
    Assert.StartsWith("HTTP error: RateLimited", Examples.explain (BakongError.RateLimited(LanguageExt.Option<TimeSpan>.None, info)))
    Assert.Equal("blocked: production answers only from Cambodia", Examples.explain (BakongError.Blocked(info)))
    Assert.Equal("cancelled", Examples.explain (BakongError.Cancelled()))
    Assert.Equal("no answer within 00:00:30", Examples.explain (BakongError.Timeout(TimeSpan.FromSeconds 30.0)))
    Assert.Equal("network: reset", Examples.explain (BakongError.Transport("reset")))
    Assert.Equal("unexpected response at $.data", Examples.explain (BakongError.Decode(DecodeError("$.data", "an object"), info)))
    Assert.Equal("response over 9 bytes", Examples.explain (BakongError.ResponseTooLarge(9L, info)))
    Assert.Equal("md5, amount", Examples.explain (BakongError.InvalidInput(Interop.ofList [ FieldError("md5", "x"); FieldError("amount", "y") ])))

[<Fact>]
let ``the README's sale makes its QR, and is paid when the customer pays it`` () =
    task {
        let emulator = BakongEmulator()
        let options = BakongClientOptions(BaseUrl = Uri "http://127.0.0.1/")
        let client = BakongClient(new System.Net.Http.HttpClient(emulator.CreateHandler()), options) |> Bakong.withAccessToken (emulator.IssueToken())
        let selling = Examples.sell client
        // The customer pays the QR the sale is checking, once the sale has asked about it.
        let asked () = emulator.Requests |> Seq.tryPick (fun r -> if r.Path = CheckTransactionByMd5.Path then Some(Regex.Match(r.Body, "[0-9a-f]{32}").Value) else None)
        while (asked ()).IsNone do
            do! System.Threading.Tasks.Task.Delay 10
        emulator.AddPayment(PaymentSeed(Md5 = (asked ()).Value, Amount = 1.50m, Currency = Currency.USD, ToAccountId = "shop@devb")) |> ignore
        let! sold = selling
        Assert.Equal("paid 1.50 USD", sold)
    }

[<Fact>]
let ``the README's watcher reads every payment's end from its events`` () =
    task {
        let emulator = BakongEmulator()
        for n in 1..2 do
            emulator.AddPayment(md5Of n, 1m) |> ignore
        let printed = new StringWriter()
        let console = Console.Out
        Console.SetOut printed
        try
            do! Examples.watchAll (authorized emulator) [ md5Of 1; md5Of 2; md5Of 3 ] (DateTimeOffset.UtcNow.AddSeconds 1.0)
        finally
            Console.SetOut console
        let lines = printed.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')
        Assert.Equal("2 paid", Array.last lines)
        Assert.Equal<string list>([ md5Of 1; md5Of 2; md5Of 3 ], lines |> Array.filter (fun l -> l.Contains " ended at ") |> Array.map (fun l -> l.Split(' ').[0]) |> Array.sort |> List.ofArray)
    }
