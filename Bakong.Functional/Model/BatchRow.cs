namespace Bakong.Functional;

/// <summary>
/// The answer for one key of a batch check (md5 list or hash list). Rows are matched to the requested keys by the
/// key the server echoes, never by position, and every requested key gets exactly one row.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(BatchRowJsonConverter))]
public abstract record BatchRow
{
    private BatchRow(string key) => Key = key;

    // Abstract and private protected: only this assembly can implement it, so no other assembly can add a case and
    // every Match below stays complete.
    private protected abstract void ClosedCase();

    /// <summary>The md5 or hash as requested.</summary>
    public string Key { get; }

    /// <summary>Status <c>SUCCESS</c>: the transaction exists.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BatchRowJsonConverter))]
    public sealed record Found(string Key, Transaction Transaction) : BatchRow(Key)
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Status <c>NOT_FOUND</c>: no such transaction (yet).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BatchRowJsonConverter))]
    public sealed record NotFound(string Key, string Message) : BatchRow(Key)
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Status <c>FAILED</c>: the transaction failed.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BatchRowJsonConverter))]
    public sealed record Failed(string Key, string Message) : BatchRow(Key)
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Status <c>STATIC_QR</c>: static QR codes cannot be checked.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BatchRowJsonConverter))]
    public sealed record StaticQr(string Key, string Message) : BatchRow(Key)
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>Any other status (for example <c>SERVICE_FAILED</c>), kept verbatim.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BatchRowJsonConverter))]
    public sealed record OtherStatus(string Key, string Status, string Message) : BatchRow(Key)
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>The answer had no row for this key.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(BatchRowJsonConverter))]
    public sealed record Missing(string Key) : BatchRow(Key)
    {
        private protected override void ClosedCase() { }
    }
    /// <summary>One function per case: the compiler checks that every case is handled.</summary>
    public R Match<R>(
        Func<Found, R> found,
        Func<NotFound, R> notFound,
        Func<Failed, R> failed,
        Func<StaticQr, R> staticQr,
        Func<OtherStatus, R> otherStatus,
        Func<Missing, R> missing) =>
        this switch
        {
            Found r => found(r),
            NotFound r => notFound(r),
            Failed r => failed(r),
            StaticQr r => staticQr(r),
            OtherStatus r => otherStatus(r),
            Missing r => missing(r),
            // Unreachable: ClosedCase keeps every other assembly from adding a case.
            _ => throw new InvalidOperationException("unreachable"),
        };
}
