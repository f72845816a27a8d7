using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bakong.Functional.Benchmarks;

// Baseline (a): what a hand-rolled client would write, deserialized by System.Text.Json source generation.
public sealed class EnvelopeDto<T>
{
    public int ResponseCode { get; set; }
    public string? ResponseMessage { get; set; }
    public int? ErrorCode { get; set; }
    public T? Data { get; set; }
}

public sealed class TransactionDto
{
    public string? Hash { get; set; }
    public string? FromAccountId { get; set; }
    public string? ToAccountId { get; set; }
    public string? Currency { get; set; }
    public decimal Amount { get; set; }
    public string? Description { get; set; }
    public double? CreatedDateMs { get; set; }
    public double? AcknowledgedDateMs { get; set; }
    public string? TrackingStatus { get; set; }
    public string? ReceiverBank { get; set; }
    public string? ReceiverBankAccount { get; set; }
    public string? InstructionRef { get; set; }
    public string? ExternalRef { get; set; }
}

public sealed class BatchRowDto
{
    public string? Md5 { get; set; }
    public string? Status { get; set; }
    public string? Message { get; set; }
    public TransactionDto? Data { get; set; }
}

public sealed class Md5RequestDto
{
    public string? Md5 { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(EnvelopeDto<TransactionDto>))]
[JsonSerializable(typeof(EnvelopeDto<List<BatchRowDto>>))]
[JsonSerializable(typeof(Md5RequestDto))]
public sealed partial class BaselineJson : JsonSerializerContext;

/// <summary>Baseline (b), the floor: one <see cref="Utf8JsonReader"/> pass that reads every token and builds nothing.</summary>
public static class ReaderFloor
{
    public static int CountTokens(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var count = 0;
        while (reader.Read())
            count++;
        return count;
    }
}
