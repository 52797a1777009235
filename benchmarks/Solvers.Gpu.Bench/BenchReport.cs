using System.Text.Json;
using System.Text.Json.Nodes;

namespace Solvers.Gpu.Bench;

/// <summary>The JSON document of one run, rewritten to disk after every section so a cut-off run keeps what it measured.</summary>
internal sealed class BenchReport(string? path)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public JsonObject Root { get; } = new();

    public void Set(string section, JsonNode? value)
    {
        Root[section] = value;
        Save();
    }

    public void Save()
    {
        if (path is null) return;
        File.WriteAllText(path, Root.ToJsonString(Indented));
    }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
