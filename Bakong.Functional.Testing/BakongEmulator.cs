using System.Security.Cryptography;
using System.Text;

namespace Bakong.Functional.Testing;

/// <summary>
/// A stateful, in-memory Bakong Open API for tests: all twelve endpoints, with the envelope and error codes of the
/// spec. One state, two faces: <see cref="CreateHandler"/> for in-process tests and <see cref="StartServerAsync"/> for
/// real HTTP on 127.0.0.1. Thread-safe. A request never throws: whatever a client sends gets an HTTP answer. A seeding
/// call with a bad argument (a null, a negative lifetime or count) throws <see cref="ArgumentException"/> at once, so a
/// mistake in a test shows where it was made instead of as a silent default.
/// </summary>
/// <example>
/// <code>
/// var emulator = new BakongEmulator();
/// var md5 = emulator.AddPayment(qr, 1.5m, Currency.USD).Md5;
/// var client = new BakongClient(new HttpClient(emulator.CreateHandler()),
///     new BakongClientOptions { BaseUrl = new Uri("http://127.0.0.1/"), Token = emulator.IssueToken() });
/// var paid = await client.SendAsync(CheckTransactionByMd5.Create(md5));
/// </code>
/// </example>
public sealed partial class BakongEmulator
{
    // One lock over all state: requests are tiny, and a single gate makes poll counting and faults exact.
    private readonly object gate = new();
    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<string, Registration> registrations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedToken> tokens = new(StringComparer.Ordinal);
    private readonly System.Collections.Generic.HashSet<string> accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PaymentState> payments = [];
    private readonly List<RequestLogEntry> log = [];
    private readonly Dictionary<string, List<FaultRule>> faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Handler> handlers;
    private int sequence;

    /// <summary>An emulator with the default options and the system clock.</summary>
    public BakongEmulator() : this(null, null) { }

    /// <summary>An emulator speaking <paramref name="options"/> on <paramref name="timeProvider"/>'s clock (token expiry, timed payments, latency).</summary>
    /// <param name="options">The live forms to speak; null means the defaults.</param>
    /// <param name="timeProvider">The clock; null means the system clock.</param>
    public BakongEmulator(EmulatorOptions? options, TimeProvider? timeProvider = null)
    {
        Options = options ?? new EmulatorOptions();
        Time = timeProvider ?? TimeProvider.System;
        handlers = Handlers();
    }

    /// <summary>The forms this emulator speaks.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The emulator's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The path that <see cref="Inject"/> treats as every path.</summary>
    public const string AnyPath = "*";

    // ---------------------------------------------------------------- registrations and tokens

    /// <summary>Registers <paramref name="email"/> as if request_token had been called, and returns its 20-character verification code.</summary>
    /// <exception cref="ArgumentException">When an argument is null or blank.</exception>
    public string RegisterEmail(string email, string organization = "Emulated", string project = "Tests")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        lock (gate)
            return Register(email, organization, project).Code;
    }

    /// <summary>Whether <paramref name="email"/> is registered.</summary>
    public bool IsRegistered(string? email)
    {
        lock (gate)
            return email is not null && registrations.ContainsKey(email);
    }

    /// <summary>The verification code request_token "e-mailed" to <paramref name="email"/>, or null if it is not registered.</summary>
    public string? VerificationCodeFor(string? email)
    {
        lock (gate)
            return email is not null && registrations.TryGetValue(email, out var r) ? r.Code : null;
    }

    /// <summary>
    /// Issues a JWT-shaped token the emulator accepts until it expires. Defaults: issued now, living
    /// <see cref="EmulatorOptions.TokenLifetime"/>. For an expired one, pass an <paramref name="issuedAt"/> far enough back.
    /// </summary>
    /// <param name="lifetime">exp − iat; null means the default lifetime. Zero gives a token that is already expired.</param>
    /// <param name="issuedAt">The iat claim; null means now.</param>
    /// <param name="email">The subject, if any.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="lifetime"/> is negative.</exception>
    public AccessToken IssueToken(TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null, string? email = null)
    {
        if (lifetime is { } l && l < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(lifetime), l, "A token's lifetime cannot be negative: for an expired token, pass an issuedAt in the past.");
        lock (gate)
            return Issue(email, issuedAt ?? Time.GetUtcNow(), lifetime ?? Options.TokenLifetime);
    }

    /// <summary>Makes <paramref name="token"/> unknown to the emulator, so it gets HTTP 401 from now on. Unknown tokens are ignored.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="token"/> is null.</exception>
    public void RevokeToken(AccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        lock (gate)
            tokens.Remove(token.Reveal());
    }

    // ---------------------------------------------------------------- accounts

    /// <summary>Adds a Bakong account, such as <c>merchant@bank</c>, so check_bakong_account finds it.</summary>
    /// <exception cref="ArgumentException">When <paramref name="accountId"/> is null or blank.</exception>
    public void AddAccount(string accountId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        lock (gate)
            accounts.Add(accountId);
    }

    // ---------------------------------------------------------------- payments

    /// <summary>
    /// Seeds a paid transaction for a KHQR string or its md5: 32 hexadecimal characters are taken as the md5 itself,
    /// anything else as the QR string to hash.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="qrOrMd5"/> is null or empty, or <paramref name="amount"/> is negative.</exception>
    public EmulatedPayment AddPayment(string qrOrMd5, decimal amount, Currency currency = Currency.USD)
    {
        ArgumentException.ThrowIfNullOrEmpty(qrOrMd5);
        return AddPayment(IsMd5(qrOrMd5)
            ? new PaymentSeed { Md5 = qrOrMd5, Amount = amount, Currency = currency }
            : new PaymentSeed { Qr = qrOrMd5, Amount = amount, Currency = currency });
    }

    /// <summary>Seeds a payment from a full description: outcome, references, and when it becomes visible.</summary>
    /// <exception cref="ArgumentException">When <paramref name="seed"/> is null, or its amount or <see cref="PaymentSeed.VisibleAfterPolls"/> is negative.</exception>
    public EmulatedPayment AddPayment(PaymentSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentOutOfRangeException.ThrowIfNegative(seed.Amount, $"{nameof(seed)}.{nameof(PaymentSeed.Amount)}");
        ArgumentOutOfRangeException.ThrowIfNegative(seed.VisibleAfterPolls, $"{nameof(seed)}.{nameof(PaymentSeed.VisibleAfterPolls)}");
        lock (gate)
        {
            var n = ++sequence;
            var md5 = (seed.Md5 ?? (seed.Qr is not null ? Khqr.Md5(seed.Qr) : Khqr.Md5($"emulated-{n}-{Guid.NewGuid()}"))).ToLowerInvariant();
            var hash = seed.Outcome == SeedOutcome.StaticQr
                ? ""
                : (seed.Hash ?? Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{md5}:{n}")))).ToLowerInvariant();
            var state = new PaymentState(seed, md5, hash);
            payments.Add(state);
            Index(state);
            RefreshVisibility(state);
            return Snapshot(state);
        }
    }

    /// <summary>The payment filed under <paramref name="md5"/>, or null.</summary>
    public EmulatedPayment? Payment(string? md5)
    {
        lock (gate)
            return FindByMd5(md5) is { } p ? Snapshot(p) : null;
    }

    /// <summary>Every seeded payment, in the order added.</summary>
    public IReadOnlyList<EmulatedPayment> Payments
    {
        get
        {
            lock (gate)
                return payments.Select(Snapshot).ToList();
        }
    }

    // ---------------------------------------------------------------- faults

    /// <summary>
    /// Puts <paramref name="fault"/> on the next <paramref name="times"/> requests to <paramref name="path"/>
    /// (<see cref="AnyPath"/>, or a null or empty path, for every path). Faults on a path apply in the order injected.
    /// </summary>
    /// <example><code>emulator.Inject(CheckTransactionByMd5.Path, new Fault.RateLimited(TimeSpan.FromSeconds(3)));</code></example>
    /// <exception cref="ArgumentNullException">When <paramref name="fault"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="times"/> is below 1.</exception>
    public void Inject(string? path, Fault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        AddFault(path, new FaultRule(fault, times));
    }

    /// <summary>Puts <paramref name="fault"/> on every request to <paramref name="path"/> until <see cref="ClearFaults"/>; counted faults go first.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="fault"/> is null.</exception>
    public void InjectAlways(string? path, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        AddFault(path, new FaultRule(fault, null));
    }

    /// <summary>Removes every injected fault.</summary>
    public void ClearFaults()
    {
        lock (gate)
            faults.Clear();
    }

    // ---------------------------------------------------------------- log

    /// <summary>Every request received so far, oldest first. Tokens are never in it.</summary>
    public IReadOnlyList<RequestLogEntry> Requests
    {
        get
        {
            lock (gate)
                return log.ToList();
        }
    }

    /// <summary>Empties the request log.</summary>
    public void ClearRequests()
    {
        lock (gate)
            log.Clear();
    }

    // ---------------------------------------------------------------- faces

    /// <summary>An in-process face: <c>new HttpClient(emulator.CreateHandler())</c> with any base address, such as <c>http://127.0.0.1/</c>.</summary>
    public HttpMessageHandler CreateHandler() => new EmulatorHandler(this);

    /// <summary>
    /// The real-socket face: Kestrel on 127.0.0.1, on <paramref name="port"/> (0 picks a free one). Dispose the server
    /// to stop it.
    /// </summary>
    /// <example><code>await using var server = await emulator.StartServerAsync(); // server.BaseUrl is http://127.0.0.1:PORT/</code></example>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="port"/> is outside 0–65535.</exception>
    public Task<EmulatorServer> StartServerAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return EmulatorServer.StartAsync(this, port, cancellationToken);
    }

    // ---------------------------------------------------------------- internals

    private sealed record Registration(string Email, string Organization, string Project, string Code);

    private sealed record IssuedToken(string? Email, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    private sealed class FaultRule(Fault fault, int? remaining)
    {
        public Fault Fault { get; } = fault;
        public int? Remaining { get; set; } = remaining;
    }

    private sealed class PaymentState(PaymentSeed seed, string md5, string hash)
    {
        public PaymentSeed Seed { get; } = seed;
        public string Md5 { get; } = md5;
        public string Hash { get; } = hash;
        public int Polls { get; set; }
        public DateTimeOffset? VisibleSince { get; set; }
    }

    private void AddFault(string? path, FaultRule rule)
    {
        lock (gate)
        {
            var key = string.IsNullOrEmpty(path) ? AnyPath : path;
            if (!faults.TryGetValue(key, out var rules))
                faults[key] = rules = [];
            // Counted rules go before standing ones, so "always slow, but fail twice first" reads naturally.
            if (rule.Remaining is null)
                rules.Add(rule);
            else
                rules.Insert(rules.FindIndex(r => r.Remaining is null) is var i and >= 0 ? i : rules.Count, rule);
        }
    }

    /// <summary>The fault for this request, consuming one use of it: the path's own rules first, then <see cref="AnyPath"/>'s.</summary>
    private Fault? TakeFault(string path)
    {
        foreach (var key in new[] { path, AnyPath })
        {
            if (!faults.TryGetValue(key, out var rules) || rules.Count == 0)
                continue;
            var rule = rules[0];
            if (rule.Remaining is { } left)
            {
                rule.Remaining = left - 1;
                if (left - 1 <= 0)
                    rules.RemoveAt(0);
            }
            return rule.Fault;
        }
        return null;
    }

    private Registration Register(string email, string organization, string project)
    {
        if (registrations.TryGetValue(email, out var existing))
            return existing;
        var code = NewCode();
        var registration = new Registration(email, organization, project, code);
        registrations[email] = registration;
        codes[code] = email;
        return registration;
    }

    private static string NewCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    private AccessToken Issue(string? email, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        // Clamped, so an extreme iat or lifetime gives an extreme token rather than an exception.
        var expiresAt = lifetime > DateTimeOffset.MaxValue - issuedAt ? DateTimeOffset.MaxValue
            : lifetime < DateTimeOffset.MinValue - issuedAt ? DateTimeOffset.MinValue
            : issuedAt + lifetime;
        var header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        var payload = Base64Url(Encoding.UTF8.GetBytes(
            $"{{\"sub\":\"{Escape(email ?? "emulator")}\",\"iat\":{issuedAt.ToUnixTimeSeconds()},\"exp\":{expiresAt.ToUnixTimeSeconds()},\"jti\":\"{Guid.NewGuid():N}\"}}"));
        var signature = Base64Url(HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(header + "." + payload)));
        var raw = header + "." + payload + "." + signature;
        tokens[raw] = new IssuedToken(email, issuedAt, expiresAt);
        // Always a Right: the raw value is base64url and dots only.
        return AccessToken.From(raw).Match(t => t, _ => throw new InvalidOperationException("unreachable"));
    }

    private static string Escape(string s) => System.Text.Json.JsonEncodedText.Encode(s).ToString();

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Marks a payment visible once its poll count and time conditions both hold; visibility never reverts.</summary>
    private void RefreshVisibility(PaymentState p)
    {
        if (p.VisibleSince is not null)
            return;
        var now = Time.GetUtcNow();
        if (p.Polls >= Math.Max(0, p.Seed.VisibleAfterPolls) && (p.Seed.VisibleAt is not { } at || now >= at))
            p.VisibleSince = now;
    }

    private EmulatedPayment Snapshot(PaymentState p)
    {
        RefreshVisibility(p);
        return new EmulatedPayment(p.Md5, p.Hash, p.Seed.Amount, p.Seed.Currency, p.Seed.Outcome, p.Polls, p.VisibleSince is not null, p.Seed);
    }
}
