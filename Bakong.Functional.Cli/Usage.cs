using System.CommandLine;
using System.CommandLine.Parsing;

namespace Bakong.Functional.Cli;

/// <summary>Command lines that do not parse, as field errors named by what the user typed.</summary>
internal static class Usage
{
    /// <summary>The value token an option's or argument's parser was given.</summary>
    public static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";

    /// <summary>
    /// A parser for an enum-like option: the value's name, in any case; anything else is refused with the accepted values,
    /// e.g. <c>'EUR' is not a currency; use USD or KHR</c>.
    /// </summary>
    public static Func<ArgumentResult, T> OneOf<T>(string noun, params T[] values)
        where T : struct, Enum =>
        result =>
        {
            var text = Token(result);
            foreach (var value in values)
                if (string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase))
                    return value;
            result.AddError($"'{text}' is not {noun}; use {Alternatives(values.Select(v => v.ToString()).ToList())}");
            return default;
        };

    /// <summary><c>A</c>, <c>A or B</c>, <c>A, B or C</c>.</summary>
    public static string Alternatives(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";

    /// <summary>Whether <c>--json</c> was asked for, even on a command line that did not parse as a whole.</summary>
    public static bool WantsJson(ParseResult parsed, Option<bool> json) =>
        (parsed.GetResult(json) is { } given && !given.Errors.Any() && parsed.GetValue(json))
        || parsed.UnmatchedTokens.Contains(json.Name, StringComparer.Ordinal);

    /// <summary>The command as typed, without <c>bakong</c>: <c>transaction md5</c>; null for the root.</summary>
    public static string? CommandName(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult { Command: not RootCommand } c; at = c.Parent)
            names.Insert(0, c.Command.Name);
        return names.Count == 0 ? null : string.Join(' ', names);
    }

    /// <summary>
    /// Every parse error as a field error, in the order found: named by its option (<c>--timeout</c>) or argument
    /// (<c>md5</c>), by the token nobody expected (<c>--bogus</c>), or <c>command</c> when a group needs one.
    /// </summary>
    public static List<FieldError> Problems(ParseResult parsed)
    {
        var problems = new List<FieldError>();
        var unmatched = new Queue<string>(parsed.UnmatchedTokens);
        foreach (var error in parsed.Errors)
            problems.Add(error.SymbolResult switch
            {
                // An option given no value at all is one that is required and missing.
                OptionResult { IdentifierToken: null } o => new FieldError(o.Option.Name, "is required"),
                OptionResult o => new FieldError(o.Option.Name, error.Message),
                ArgumentResult { Parent: OptionResult o } => new FieldError(o.Option.Name, error.Message),
                ArgumentResult a when a.Tokens.Count == 0 => new FieldError(a.Argument.Name, "is required"),
                ArgumentResult a => new FieldError(a.Argument.Name, error.Message),
                // The parser reports each token it could not place, in order, with the token in its message.
                CommandResult c when unmatched.TryPeek(out var token) && error.Message.Contains(token, StringComparison.Ordinal) =>
                    new FieldError(unmatched.Dequeue(), $"is not a command, option or argument of '{Path(c)}'"),
                CommandResult { Command: { Action: null, Subcommands.Count: > 0 } command } =>
                    new FieldError("command", $"is required; use {Alternatives(command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name).ToList())}"),
                CommandResult c => new FieldError(Path(c), error.Message),
                _ => new FieldError("bakong", error.Message),
            });
        return problems;
    }

    private static string Path(CommandResult c) => CommandName(c) is { } name ? $"bakong {name}" : "bakong";
}
