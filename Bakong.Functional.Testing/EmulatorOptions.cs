namespace Bakong.Functional.Testing;

/// <summary>Which of the live forms the emulator speaks where the spec records more than one, and a few limits.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The envelope of <c>generate_deeplink_by_qr</c>. Default: the standard envelope.</summary>
    public DeeplinkForm DeeplinkForm { get; init; } = DeeplinkForm.Standard;

    /// <summary>Where a batch row carries its transaction. Default: under <c>data</c>.</summary>
    public BatchRowForm BatchRowForm { get; init; } = BatchRowForm.UnderData;

    /// <summary>How a transaction's <c>amount</c> is written. Default: a JSON number, as the doc's samples send it.</summary>
    public AmountForm AmountForm { get; init; } = AmountForm.Number;

    /// <summary>How long issued tokens live. Default 90 days (exp − iat = 7,776,000 s, as seen live).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Whether <c>check_bakong_account</c> needs a bearer token. Default true, as the doc says; the live service has
    /// been reported to answer without one.
    /// </summary>
    public bool AccountCheckRequiresToken { get; init; } = true;

    /// <summary>The prefix of generated deep links.</summary>
    public Uri ShortLinkBase { get; init; } = new("https://bakong.page.link/");

    /// <summary>
    /// A simulated network round trip added to every request, on the emulator's clock: half before the request reaches the
    /// API, half before the answer leaves. Default zero. Set, for example, 30 ms to see what batching saves over a real
    /// network. Negative counts as zero.
    /// </summary>
    public TimeSpan NetworkDelay { get; init; }
}

/// <summary>The two envelopes seen for <c>generate_deeplink_by_qr</c>.</summary>
public enum DeeplinkForm
{
    /// <summary><c>{"responseCode":0,"responseMessage":…,"errorCode":null,"data":{"shortLink":…}}</c></summary>
    Standard,
    /// <summary>The doc's sample: the codes sit inside <c>data</c> next to <c>shortLink</c>, with none at the top.</summary>
    NestedInData,
}

/// <summary>The three batch row shapes seen: where the transaction of a <c>SUCCESS</c> row sits.</summary>
public enum BatchRowForm
{
    /// <summary><c>{"md5":…,"status":"SUCCESS","message":…,"data":{…transaction…}}</c></summary>
    UnderData,
    /// <summary><c>{"md5":…,"status":"SUCCESS","message":…,"transaction":{…}}</c></summary>
    UnderTransaction,
    /// <summary>The transaction's fields inline in the row, next to <c>status</c>.</summary>
    Inline,
}

/// <summary>The two forms of a transaction's <c>amount</c>.</summary>
public enum AmountForm
{
    /// <summary>A JSON number, such as <c>1.5</c>.</summary>
    Number,
    /// <summary>A JSON string, such as <c>"1.5"</c>, as the doc's field table says.</summary>
    String,
}
