using System.Text.Json;
using System.Text.Json.Serialization;

namespace Solvers.Cli.Output;

/// <summary>The one JSON style of every verb's --json output: camelCase names, nulls omitted, NaN/Inf allowed.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
