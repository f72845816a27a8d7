using LanguageExt;

namespace Bakong.Functional;

/// <summary>
/// The token a client is configured with: none, a token, or text that is not a token. <see cref="BakongClientOptions.Token"/>
/// takes any of <c>AccessToken.From(text)</c>, an <see cref="AccessToken"/> or an <c>Option&lt;AccessToken&gt;</c>.
/// A text that is not a token never throws: every call of a client built with it answers
/// <see cref="BakongError.InvalidInput"/> naming <c>Token</c>, instead of silently sending no token.
/// </summary>
/// <example><code>var options = new BakongClientOptions { Token = AccessToken.From(storedText) };</code></example>
public readonly struct ConfiguredToken
{
    private readonly AccessToken? token;
    private readonly string? problem;

    private ConfiguredToken(AccessToken? token, string? problem) => (this.token, this.problem) = (token, problem);

    /// <summary>No token.</summary>
    public static ConfiguredToken None => default;

    /// <summary>Whether a valid token is set.</summary>
    public bool IsSome => token is not null;

    /// <summary>Whether nothing is set (neither a token nor a text that failed to be one).</summary>
    public bool IsNone => token is null && problem is null;

    /// <summary>The token, if a valid one is set.</summary>
    public Option<AccessToken> ToOption() => token is null ? Option<AccessToken>.None : token;

    /// <summary>Why the text given is not a token, as the field error every call reports.</summary>
    internal Option<FieldError> Problem => problem is null ? Option<FieldError>.None : new FieldError(nameof(BakongClientOptions.Token), problem);

    /// <summary>The result of <see cref="AccessToken.From"/>: a failure is kept and reported by every call.</summary>
    public static implicit operator ConfiguredToken(Fin<AccessToken> token) =>
        token.Match(
            Succ: t => new ConfiguredToken(t, null),
            Fail: e => new ConfiguredToken(null, BakongError.From(e) is BakongError.InvalidInput input && !input.Errors.IsEmpty
                ? input.Errors.Head.Reason
                : BakongError.From(e).Summary));

    /// <summary>A token.</summary>
    public static implicit operator ConfiguredToken(AccessToken? token) => new(token, null);

    /// <summary>A token or none.</summary>
    public static implicit operator ConfiguredToken(Option<AccessToken> token) =>
        token.Match(Some: t => new ConfiguredToken(t, null), None: () => default);

    /// <summary>Never shows the token.</summary>
    public override string ToString() => token is not null ? token.ToString() : problem is not null ? "ConfiguredToken(invalid)" : "ConfiguredToken(none)";
}
