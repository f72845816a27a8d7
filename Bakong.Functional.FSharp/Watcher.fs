/// The payment watcher from F#: many open payments checked together, each ending with one PaymentOutcome.
[<RequireQualifiedAccess>]
module Bakong.Functional.FSharp.Watcher

open System
open System.Collections.Generic
open System.Threading
open System.Threading.Tasks
open System.Runtime.ExceptionServices
open Bakong.Functional

/// A watcher over <paramref name="client"/> with the given options (null for the defaults) and clock (null for the
/// client's own); bad options are an InvalidInput error. Dispose it (<c>use</c>, or <c>DisposeAsync</c>) to stop every check.
let createWith (options: PaymentWatcherOptions) (timeProvider: TimeProvider) (client: BakongClient) : Result<PaymentWatcher, BakongError> =
    PaymentWatcher.Create(client, options, timeProvider) |> Interop.toResult

/// A watcher over <paramref name="client"/> with the default options: every pending md5 checked every few seconds.
let create (client: BakongClient) : Result<PaymentWatcher, BakongError> = createWith null null client

/// Watches an md5 until it settles or <paramref name="deadline"/> passes. The task never fails: every ending,
/// errors included, is an outcome.
let watch (deadline: DateTimeOffset) (md5: string) (watcher: PaymentWatcher) : Task<PaymentOutcome> =
    watcher.Watch(md5, deadline)

/// Watches a KHQR until its own expiry, and confirms the account, currency and amount it asked for.
let watchQr (qr: QrCode) (watcher: PaymentWatcher) : Task<PaymentOutcome> =
    watcher.Watch(Khqr.Decode(if isNull (box qr) then null else qr.Payload))

/// Every payment's end from now on: the subscription starts at this call, so subscribe before watching. The
/// sequence ends when the watcher stops or <paramref name="cancellationToken"/> fires, and never throws.
let events (cancellationToken: CancellationToken) (watcher: PaymentWatcher) : IAsyncEnumerable<PaymentEvent> =
    watcher.Events cancellationToken

/// Runs <paramref name="handler"/> on each item of <paramref name="source"/> in turn, inside a <c>task</c>, until
/// the sequence ends.
let iterTask (handler: 'T -> Task<unit>) (source: IAsyncEnumerable<'T>) : Task<unit> =
    task {
        let items = source.GetAsyncEnumerator()
        // The enumerator is disposed whatever the handler does; a handler's exception then goes on to the caller.
        let mutable failure = null
        try
            let mutable more = true
            while more do
                let! next = items.MoveNextAsync()
                if next then do! handler items.Current else more <- false
        with e ->
            failure <- ExceptionDispatchInfo.Capture e
        do! items.DisposeAsync()
        if not (isNull failure) then failure.Throw()
    }

/// Runs <paramref name="handler"/> on each item of <paramref name="source"/> in turn until the sequence ends.
let iter (handler: 'T -> unit) (source: IAsyncEnumerable<'T>) : Task<unit> =
    iterTask (fun item -> handler item; Task.FromResult()) source
