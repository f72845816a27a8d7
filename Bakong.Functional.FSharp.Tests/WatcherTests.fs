/// The payment watcher from F#: outcomes through active patterns, events read in a task.
module Bakong.Functional.FSharp.Tests.WatcherTests

open System
open System.Collections.Concurrent
open System.Threading
open System.Threading.Tasks
open Xunit
open Bakong.Functional
open Bakong.Functional.FSharp
open Bakong.Functional.Testing
open Bakong.Functional.FSharp.Tests.Support

let private fast = PaymentWatcherOptions(Interval = TimeSpan.FromMilliseconds 20.0)
let private soon () = DateTimeOffset.UtcNow.AddMinutes 1.0

let private name (outcome: PaymentOutcome) =
    match outcome with
    | Paid t -> sprintf "paid %M" t.Amount
    | Mismatch (t, _) -> sprintf "mismatch %M" t.Amount
    | Failed _ -> "failed"
    | StaticQr -> "static"
    | Expired _ -> "expired"
    | Unconfirmed (why, _, _, _) -> sprintf "unconfirmed %O" why
    | Errored (Http (Unauthorized _)) -> "unauthorized"
    | Errored e -> e.Summary

let private watcherOf (emulator: BakongEmulator) = authorized emulator |> Watcher.createWith fast null |> ok

[<Fact>]
let ``create makes a watcher whose watch ends a paid md5 as Paid`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddPayment(md5Of 1, 3m) |> ignore
        use watcher = authorized emulator |> Watcher.create |> ok
        let! outcome = watcher |> Watcher.watch (soon ()) (md5Of 1)
        Assert.Equal("paid 3", name outcome)
    }

[<Fact>]
let ``createWith refuses bad options, and a missing client, as InvalidInput`` () =
    let emulator = BakongEmulator()
    let bad = authorized emulator |> Watcher.createWith (PaymentWatcherOptions(Interval = TimeSpan.Zero)) null
    Assert.Equal<string list>([ "options.Interval" ], bad |> err |> badFields)
    Assert.IsType<BakongError.InvalidInput>(Watcher.create null |> err) |> ignore

[<Fact>]
let ``watchQr confirms the QR's amount: an underpayment is a Mismatch`` () =
    task {
        let emulator = BakongEmulator()
        let qr = dynamicQr ()
        emulator.ShowQr qr.Payload |> ignore
        emulator.Pay(qr.Md5, LanguageExt.Option<decimal>.Some 1.00m) |> ignore
        use watcher = watcherOf emulator
        let! outcome = watcher |> Watcher.watchQr qr
        Assert.Equal("mismatch 1.00", name outcome)
    }

[<Fact>]
let ``a deadline already past ends as Expired`` () =
    task {
        use watcher = watcherOf (BakongEmulator())
        let! outcome = watcher |> Watcher.watch (DateTimeOffset.UtcNow.AddSeconds -1.0) (md5Of 2)
        Assert.Equal("expired", name outcome)
    }

[<Fact>]
let ``a refused token ends the payment as Errored, with its HTTP case`` () =
    task {
        let emulator = BakongEmulator()
        let token = emulator.IssueToken()
        emulator.RevokeToken token
        use watcher = clientOf emulator |> Bakong.withAccessToken token |> Watcher.createWith fast null |> ok
        let! outcome = watcher |> Watcher.watch (soon ()) (md5Of 3)
        Assert.Equal("unauthorized", name outcome)
    }

[<Fact>]
let ``events are read in a task with iter, one per payment, until cancelled`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddPayment(md5Of 4, 4m) |> ignore
        let failed = emulator.AddPayment(PaymentSeed(Md5 = md5Of 5, Outcome = SeedOutcome.Failed))
        emulator.AddPayment(PaymentSeed(Md5 = md5Of 6, Outcome = SeedOutcome.StaticQr)) |> ignore
        use watcher = watcherOf emulator
        use stop = new CancellationTokenSource()
        let seen = ConcurrentDictionary<string, string>()
        let events = watcher |> Watcher.events stop.Token
        let reading =
            events |> Watcher.iter (fun e ->
                seen[e.Md5] <- name e.Outcome
                if seen.Count = 3 then stop.Cancel())
        for n in 4..6 do
            watcher |> Watcher.watch (soon ()) (md5Of n) |> ignore
        do! reading
        Assert.Equal(failed.Md5, md5Of 5)
        Assert.Equal<string list>([ "paid 4"; "failed"; "static" ], [ 4..6 ] |> List.map (fun n -> seen[md5Of n]))
    }

[<Fact>]
let ``iterTask awaits each handler in turn, and ends when the watcher stops`` () =
    task {
        let emulator = BakongEmulator()
        emulator.AddPayment(md5Of 7, 7m) |> ignore
        let watcher = watcherOf emulator
        let seen = ResizeArray<string>()
        let reading =
            watcher
            |> Watcher.events CancellationToken.None
            |> Watcher.iterTask (fun e -> task {
                do! Task.Yield()
                seen.Add(name e.Outcome) })
        let! outcome = watcher |> Watcher.watch (soon ()) (md5Of 7)
        do! watcher.DisposeAsync()
        do! reading
        Assert.Equal("paid 7", name outcome)
        Assert.Equal<string list>([ "paid 7" ], List.ofSeq seen)
    }

/// An async sequence that records when it is disposed.
type private Recorded(items: int list) =
    member val Disposed = false with get, set
    interface System.Collections.Generic.IAsyncEnumerable<int> with
        member this.GetAsyncEnumerator(_) =
            let mutable rest = items
            let mutable current = 0
            { new System.Collections.Generic.IAsyncEnumerator<int> with
                member _.Current = current
                member _.MoveNextAsync() =
                    match rest with
                    | head :: tail ->
                        current <- head
                        rest <- tail
                        ValueTask<bool>(true)
                    | [] -> ValueTask<bool>(false)
                member _.DisposeAsync() =
                    this.Disposed <- true
                    ValueTask.CompletedTask }

[<Fact>]
let ``iter visits every item in order and disposes the sequence, also when the handler throws`` () =
    task {
        let source = Recorded [ 1; 2; 3 ]
        let seen = ResizeArray<int>()
        do! source |> Watcher.iter seen.Add
        Assert.Equal<int list>([ 1; 2; 3 ], List.ofSeq seen)
        Assert.True(source.Disposed)
        let failing = Recorded [ 1; 2 ]
        let! thrown = Assert.ThrowsAsync<InvalidOperationException>(fun () -> failing |> Watcher.iter (fun _ -> raise (InvalidOperationException "handler")) :> Task)
        Assert.Equal("handler", thrown.Message)
        Assert.True(failing.Disposed)
    }

[<Fact>]
let ``a payment nothing trustworthy is heard about until its deadline ends as Unconfirmed, not Expired`` () =
    task {
        let emulator = BakongEmulator()
        emulator.InjectAlways(BakongEmulator.AnyPath, Fault.ServerError 503)
        use watcher = watcherOf emulator
        let! outcome = watcher |> Watcher.watch (DateTimeOffset.UtcNow.AddMilliseconds 300.0) (md5Of 8)
        Assert.Equal("unconfirmed NotHeard", name outcome)
    }
