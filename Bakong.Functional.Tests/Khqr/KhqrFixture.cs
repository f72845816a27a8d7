using System.Text.Json;

namespace Bakong.Functional.Tests.KhqrCodec;

/// <summary>A valid payload kept under Fixtures/Khqr, with what decoding it must give.</summary>
public sealed record KhqrVector(
    string File, string Source, string Payload, string Md5, string Crc, DateTimeOffset? ExpiresAt, string[] Fields, string[] Unknown);

/// <summary>A broken payload kept in Fixtures/Khqr/broken-payloads.json, with the problems the decoder must report, in order.</summary>
public sealed record BrokenPayload(string Name, string Payload, string[] Problems)
{
    public override string ToString() => Name;
}

/// <summary>Reads the KHQR fixture files.</summary>
public static class KhqrFixture
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Khqr");

    public const string BrokenFile = "broken-payloads.json";

    /// <summary>Every valid-vector fixture file name.</summary>
    public static IEnumerable<string> VectorFiles =>
        Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).OfType<string>()
            .Where(f => f != BrokenFile).Order(StringComparer.Ordinal);

    public static KhqrVector Vector(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        var root = doc.RootElement;
        var expires = root.GetProperty("expiresAt");
        return new KhqrVector(
            file,
            root.GetProperty("source").GetString()!,
            root.GetProperty("payload").GetString()!,
            root.GetProperty("md5").GetString()!,
            root.GetProperty("crc").GetString()!,
            expires.ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(expires.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            Strings(root.GetProperty("fields")),
            Strings(root.GetProperty("unknown")));
    }

    public static IReadOnlyList<BrokenPayload> Broken()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, BrokenFile)));
        return doc.RootElement.EnumerateArray()
            .Select(e => new BrokenPayload(e.GetProperty("name").GetString()!, e.GetProperty("payload").GetString()!, Strings(e.GetProperty("problems"))))
            .ToList();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
