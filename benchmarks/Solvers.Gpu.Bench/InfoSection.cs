using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Solvers.Gpu.Devices;

namespace Solvers.Gpu.Bench;

/// <summary>Which devices exist, which one was opened (and how long that took), and the machine.</summary>
internal static class InfoSection
{
    public static (GpuDevice? Device, JsonObject Json) Open(DeviceChoice choice)
    {
        var messages = new List<string>();
        var cuda = DeviceSelector.ListCudaDevices(messages);
        var clock = Stopwatch.StartNew();
        var selection = DeviceSelector.Open(choice);
        double openSeconds = clock.Elapsed.TotalSeconds;
        var d = selection.Device;
        var json = new JsonObject
        {
            ["dateUtc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["requested"] = choice.ToOptionString(),
            ["cudaDevices"] = new JsonArray(cuda.Select(c => (JsonNode?)c).ToArray()),
            ["enumerationMessages"] = new JsonArray(messages.Select(m => (JsonNode?)m).ToArray()),
            ["selectionMessages"] = new JsonArray(selection.Messages.Select(m => (JsonNode?)m).ToArray()),
            ["fallbackReason"] = selection.FallbackReason,
            ["device"] = d?.Name,
            ["kind"] = d?.Kind.ToString(),
            ["memoryGiB"] = d is null || d.Kind != GpuDeviceKind.Cuda ? null : d.MemoryBytes / (1024.0 * 1024 * 1024),
            ["multiprocessors"] = d?.MultiprocessorCount,
            ["warpSize"] = d?.WarpSize,
            ["architecture"] = d?.Architecture,
            ["instructionSet"] = d?.InstructionSet,
            ["driverVersion"] = d?.DriverVersion,
            ["openSeconds"] = openSeconds,
            ["kernelLoadSeconds"] = d?.KernelLoadSeconds,
            ["hostCpus"] = Environment.ProcessorCount,
            ["os"] = RuntimeInformation.OSDescription,
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
        };
        return (d, json);
    }
}
