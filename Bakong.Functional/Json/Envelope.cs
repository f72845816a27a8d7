using System.Text.Json;
using LanguageExt;

namespace Bakong.Functional.Json;

/// <summary>
/// The Bakong envelope as read: <c>{responseCode, responseMessage, errorCode, data}</c>. Any field may be missing;
/// interpreting them is the endpoint's business. Each of the four may appear once: parsers disagree on which of two
/// <c>responseCode</c>s wins, so a repeated one is a <see cref="DecodeError"/> at that field. Other keys are skipped,
/// however often they repeat.
/// </summary>
internal struct Envelope<A>
{
    public Option<int> ResponseCode;
    public Option<int> ErrorCode;
    public Option<string> Message;
    /// <summary>Whether <c>data</c> was present and not null.</summary>
    public bool HasData;
    public A Data;
    /// <summary>Why <c>data</c> did not decode; kept rather than failing, because a failure envelope's data does not matter.</summary>
    public DecodeError? DataError;
    /// <summary>Which of the four fields have been read, one bit each, to refuse a repeated one.</summary>
    private int seen;

    /// <summary>Reads an envelope, decoding <c>data</c> with <paramref name="readData"/> wherever it appears among the fields.</summary>
    internal static bool TryRead(ReadOnlySpan<byte> body, JsonReader<A> readData, out Envelope<A> envelope, out DecodeError? error)
    {
        var state = new State(readData);
        var ok = JsonRead.TryDocument(body, ref state, ReadObject, out error);
        envelope = state.Envelope;
        return ok;
    }

    private struct State(JsonReader<A> readData)
    {
        public Envelope<A> Envelope = new() { Data = default! };
        public readonly JsonReader<A> ReadData = readData;
    }

    private static bool ReadObject(ref Utf8JsonReader r, ref State s, out DecodeError? error) =>
        JsonRead.TryObject(ref r, ref s, ReadProperty, out error);

    /// <summary>Marks field <paramref name="bit"/> read; false, with the error, if it was read before.</summary>
    private static bool Once(ref State s, int bit, string path, out DecodeError? error)
    {
        error = (s.Envelope.seen & bit) == 0 ? null : JsonRead.Repeated(path);
        s.Envelope.seen |= bit;
        return error is null;
    }

    private static bool ReadProperty(ref Utf8JsonReader r, ref State s, out bool known, out DecodeError? error)
    {
        known = true;
        error = null;
        if (r.ValueTextEquals("responseCode"u8))
        {
            if (!Once(ref s, 1, ".responseCode", out error)) return false;
            r.Read();
            if (!JsonRead.TryOptionalInt(ref r, out s.Envelope.ResponseCode, out error)) { error = error!.At(".responseCode"); return false; }
        }
        else if (r.ValueTextEquals("errorCode"u8))
        {
            if (!Once(ref s, 2, ".errorCode", out error)) return false;
            r.Read();
            if (!JsonRead.TryOptionalInt(ref r, out s.Envelope.ErrorCode, out error)) { error = error!.At(".errorCode"); return false; }
        }
        else if (r.ValueTextEquals("responseMessage"u8))
        {
            if (!Once(ref s, 4, ".responseMessage", out error)) return false;
            r.Read();
            // After responseCode 0 the message is never shown, so it is checked but not copied. A message is only
            // shown, so malformed text in it is repaired rather than failing the answer.
            var ok = s.Envelope.ResponseCode.Exists(c => c == 0)
                ? JsonRead.IsOptionalString(ref r, out error)
                : JsonRead.TryOptionalText(ref r, out s.Envelope.Message, out _, out error);
            if (!ok) { error = error!.At(".responseMessage"); return false; }
        }
        else if (r.ValueTextEquals("data"u8))
        {
            if (!Once(ref s, 8, ".data", out error)) return false;
            r.Read();
            s.Envelope.HasData = r.TokenType != JsonTokenType.Null;
            s.Envelope.DataError = null;
            if (s.Envelope.HasData)
            {
                // A checkpoint, so a bad data value can be skipped and the rest of the envelope still read.
                var checkpoint = r;
                if (!s.ReadData(ref r, out s.Envelope.Data, out var dataError))
                {
                    s.Envelope.DataError = dataError!.At(".data");
                    r = checkpoint;
                    r.Skip();
                }
            }
        }
        else
        {
            known = false;
        }
        return true;
    }
}
